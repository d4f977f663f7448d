#include "linreg/mse_objective.hpp"

#include <stdexcept>

#include "linreg/power_iteration.hpp"
#include "mse_kernel.hpp"

namespace linreg {

MseObjective::MseObjective(MatrixRef X, VectorRef y) : X_(X), y_(y) {
  if (X.rows() != y.size()) throw std::invalid_argument("MseObjective: X and y differ in rows");
  if (X.rows() == 0) throw std::invalid_argument("MseObjective: no rows");
}

double MseObjective::loss_and_gradient(const Vector& theta, Vector& gradient) const {
  const Index d = X_.cols();
  gradient.resize(d + 1);
  const double n = static_cast<double>(X_.rows());
  double* g = gradient.data();
  return detail::fused_residual_pass(X_, y_.data(), theta.data(), theta[d], g, g + d, 2.0 / n) / n;
}

double MseObjective::loss(const Vector& theta) const {
  const Index d = X_.cols();
  return detail::fused_residual_pass(X_, y_.data(), theta.data(), theta[d], nullptr, nullptr) /
         static_cast<double>(X_.rows());
}

double MseObjective::lipschitz_constant() const {
  return 2.0 * largest_eigenvalue_of_mean_gram(X_);
}

}  // namespace linreg
