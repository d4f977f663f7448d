#include "linreg/mse_objective.hpp"

#include <stdexcept>

#include "linreg/lipschitz.hpp"
#include "numerics/mse_kernel.hpp"

namespace linreg {

MseObjective::MseObjective(MatrixRef X, VectorRef y, bool fit_intercept, Precision precision)
    : X_(X), y_(y), fit_intercept_(fit_intercept) {
  if (X.rows() != y.size()) throw std::invalid_argument("MseObjective: X and y differ in rows");
  if (X.rows() == 0) throw std::invalid_argument("MseObjective: no rows");
  if (precision == Precision::f32) {
    float32_ = true;
    X32_ = X.cast<float>();
    y32_ = y.cast<float>();
  }
}

// Σr² over the rows; with `gradient`, scale·Xᵀr and (with an intercept) scale·Σr into it.
double MseObjective::pass(const Vector& theta, double* gradient, double scale) const {
  const Index d = X_.cols();
  const double b = fit_intercept_ ? theta[d] : 0.0;
  double* gradient_b = gradient != nullptr && fit_intercept_ ? gradient + d : nullptr;
  if (float32_) {
    return detail::fused_residual_pass(X32_, y32_.data(), theta.data(), b, gradient, gradient_b,
                                       scale);
  }
  return detail::fused_residual_pass(X_, y_.data(), theta.data(), b, gradient, gradient_b, scale);
}

double MseObjective::loss_and_gradient(const Vector& theta, Vector& gradient) const {
  gradient.resize(n_parameters());
  const double n = static_cast<double>(X_.rows());
  return pass(theta, gradient.data(), 2.0 / n) / n;
}

double MseObjective::loss(const Vector& theta) const {
  return pass(theta, nullptr, 1.0) / static_cast<double>(X_.rows());
}

std::optional<MseObjective::Design> MseObjective::float64_design() const {
  if (float32_) return std::nullopt;
  return Design{X_.data(), X_.outerStride(), X_.rows(), X_.cols(), y_.data(), fit_intercept_};
}

double MseObjective::lipschitz_constant() const {
  return 2.0 * largest_eigenvalue_of_mean_gram(X_, fit_intercept_);
}

}  // namespace linreg
