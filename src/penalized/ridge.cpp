#include "penalized/ridge.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

namespace linreg::detail {

RidgePath::RidgePath(const PenalizedProblem& problem) : problem_(problem) {
  if (problem.covariance()) {
    const Eigen::SelfAdjointEigenSolver<Matrix> eigen(problem.gram);
    v_ = eigen.eigenvectors();
    d_ = eigen.eigenvalues().cwiseMax(0.0);  // G is semidefinite: rounding below 0 is 0
    return;
  }
  const Eigen::BDCSVD<Matrix> svd(problem.z, Eigen::ComputeThinV);
  v_ = svd.matrixV();
  d_ = svd.singularValues().array().square() / static_cast<double>(problem.z.rows());
}

Vector RidgePath::apply_inverse(const Vector& v, double lambda) const {
  const Vector along = v_.transpose() * v;
  Vector inside = along;
  for (Index k = 0; k < inside.size(); ++k)
    inside[k] = d_[k] + lambda > 0.0 ? along[k] / (d_[k] + lambda) : 0.0;
  Vector out = v_ * inside;
  if (v_.cols() < v_.rows() && lambda > 0.0) out += (v - v_ * along) / lambda;
  return out;
}

Vector RidgePath::residual(const Vector& w, double lambda, double& mse) const {
  if (problem_.covariance()) {
    const Vector gw = problem_.gram * w;
    mse = problem_.yy - 2.0 * problem_.c.dot(w) + w.dot(gw);
    return problem_.c - gw - lambda * w;
  }
  const Vector r = problem_.y - problem_.z * w;
  const double n = static_cast<double>(problem_.z.rows());
  mse = r.squaredNorm() / n;
  return problem_.z.transpose() * r / n - lambda * w;
}

RidgeSolution RidgePath::solve(double lambda) const {
  RidgeSolution out;
  out.w = apply_inverse(problem_.c, lambda);
  double mse = 0.0;
  out.w += apply_inverse(residual(out.w, lambda, mse), lambda);  // one refinement step
  out.violation = residual(out.w, lambda, out.mean_squared_residual).cwiseAbs().maxCoeff();
  return out;
}

}  // namespace linreg::detail
