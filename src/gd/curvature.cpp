#include "gd/curvature.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

namespace linreg::detail {

Curvature::Curvature(const Matrix& hessian) {
  const Index p = hessian.rows();
  if (p == 0) return;
  const Eigen::SelfAdjointEigenSolver<Matrix> eigen(hessian);
  vectors_ = eigen.eigenvectors();
  values_ = eigen.eigenvalues();  // ascending
  largest_ = std::max(values_[p - 1], 0.0);
  // Eigenvalues of a Hessian formed in double carry an absolute error of about p·ε·λ_max: below
  // a few times that, an eigenvalue cannot be told from 0.
  floor_ = 16.0 * static_cast<double>(p) * std::numeric_limits<double>::epsilon() * largest_;
  for (Index k = 0; k < p; ++k) {
    if (values_[k] > floor_) {
      smallest_ = values_[k];
      break;
    }
    ++flat_;
  }
}

Vector Curvature::pseudo_solve(const Vector& gradient) const {
  Vector coordinates = vectors_.transpose() * gradient;
  for (Index k = 0; k < coordinates.size(); ++k)
    coordinates[k] = values_[k] > floor_ ? coordinates[k] / values_[k] : 0.0;
  return vectors_ * coordinates;
}

Matrix mse_hessian(MatrixRef X, bool fit_intercept) {
  const Index n = X.rows();
  const Index d = X.cols();
  const Index p = d + (fit_intercept ? 1 : 0);
  Matrix h(p, p);
  h.topLeftCorner(d, d).setZero();
  h.topLeftCorner(d, d).selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
  h.topLeftCorner(d, d) = h.topLeftCorner(d, d).selfadjointView<Eigen::Lower>();
  if (fit_intercept) {
    const Vector sums = X.colwise().sum().transpose();
    h.col(d).head(d) = sums;
    h.row(d).head(d) = sums.transpose();
    h(d, d) = static_cast<double>(n);
  }
  return h * (2.0 / static_cast<double>(n));
}

Matrix hessian_from_gradients(const DifferentiableObjective& objective) {
  const Index p = objective.n_parameters();
  Vector theta = Vector::Zero(p);
  Vector at_zero(p), at_step(p);
  objective.loss_and_gradient(theta, at_zero);
  const double largest = at_zero.size() > 0 ? at_zero.cwiseAbs().maxCoeff() : 0.0;
  const double t = std::ldexp(1.0, (largest > 1.0 ? std::ilogb(largest) : 0) + 20);
  Matrix h(p, p);
  for (Index j = 0; j < p; ++j) {
    theta[j] = t;
    objective.loss_and_gradient(theta, at_step);
    h.col(j) = (at_step - at_zero) / t;
    theta[j] = 0.0;
  }
  return (h + h.transpose()) / 2.0;
}

}  // namespace linreg::detail
