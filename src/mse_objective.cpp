#include "linreg/mse_objective.hpp"

#include <stdexcept>

#include "linreg/power_iteration.hpp"
#include "mse_kernel.hpp"

namespace linreg {

MseObjective::MseObjective(MatrixRef X, VectorRef y, bool fit_intercept)
    : X_(X), y_(y), fit_intercept_(fit_intercept) {
  if (X.rows() != y.size()) throw std::invalid_argument("MseObjective: X and y differ in rows");
  if (X.rows() == 0) throw std::invalid_argument("MseObjective: no rows");
}

double MseObjective::loss_and_gradient(const Vector& theta, Vector& gradient) const {
  const Index d = X_.cols();
  gradient.resize(n_parameters());
  const double n = static_cast<double>(X_.rows());
  double* g = gradient.data();
  const double b = fit_intercept_ ? theta[d] : 0.0;
  return detail::fused_residual_pass(X_, y_.data(), theta.data(), b, g,
                                     fit_intercept_ ? g + d : nullptr, 2.0 / n) / n;
}

double MseObjective::loss(const Vector& theta) const {
  const Index d = X_.cols();
  return detail::fused_residual_pass(X_, y_.data(), theta.data(), fit_intercept_ ? theta[d] : 0.0,
                                     nullptr, nullptr) /
         static_cast<double>(X_.rows());
}

double MseObjective::lipschitz_constant() const {
  return 2.0 * largest_eigenvalue_of_mean_gram(X_, fit_intercept_);
}

}  // namespace linreg
