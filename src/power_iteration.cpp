#include "linreg/power_iteration.hpp"

#include <cmath>
#include <stdexcept>

#include "linreg/random.hpp"
#include "mse_kernel.hpp"

namespace linreg {

PowerIterationResult largest_eigenvalue(Index dimension,
                                        const std::function<void(const Vector&, Vector&)>& apply,
                                        double relative_tolerance, int max_iterations) {
  PowerIterationResult result;
  if (dimension == 0) {
    result.converged = true;
    return result;
  }
  Rng rng(0x5eed);
  Vector v(dimension);
  for (Index i = 0; i < dimension; ++i) v[i] = rng.normal();
  v.normalize();
  Vector av(dimension);
  double previous = 0.0;
  for (int k = 1; k <= max_iterations; ++k) {
    apply(v, av);
    const double rayleigh = v.dot(av);  // v has unit norm
    const double norm = av.norm();
    result.eigenvalue = rayleigh;
    result.iterations = k;
    if (norm == 0.0 || !std::isfinite(norm)) {
      result.converged = norm == 0.0;
      return result;
    }
    if (k > 1 && std::abs(rayleigh - previous) <= relative_tolerance * std::abs(rayleigh)) {
      result.converged = true;
      return result;
    }
    previous = rayleigh;
    v = av / norm;
  }
  return result;
}

double largest_eigenvalue_of_mean_gram(MatrixRef X, Index gram_limit) {
  const Index n = X.rows();
  const Index d = X.cols();
  if (n == 0) throw std::invalid_argument("largest_eigenvalue_of_mean_gram: no rows");
  const double inv_n = 1.0 / static_cast<double>(n);
  if (d <= gram_limit) {
    Matrix gram(d + 1, d + 1);
    gram.topLeftCorner(d, d).noalias() = X.transpose() * X * inv_n;
    const Vector means = X.colwise().mean().transpose();
    gram.topRightCorner(d, 1) = means;
    gram.bottomLeftCorner(1, d) = means.transpose();
    gram(d, d) = 1.0;
    return largest_eigenvalue(d + 1, [&](const Vector& v, Vector& out) { out.noalias() = gram * v; })
        .eigenvalue;
  }
  // Matrix-free: X̃ᵀ(X̃·v)/n is the MSE gradient pass with y = 0, scaled.
  const auto apply = [&](const Vector& v, Vector& out) {
    out.resize(d + 1);
    detail::fused_residual_pass(X, nullptr, v.data(), v[d], out.data(), out.data() + d);
    out *= inv_n;
  };
  return largest_eigenvalue(d + 1, apply, 1e-6, 300).eigenvalue;
}

}  // namespace linreg
