#include "linreg/lipschitz.hpp"

#include <cmath>
#include <stdexcept>

#include "numerics/mse_kernel.hpp"
#include "numerics/power_iteration.hpp"

namespace linreg {

double largest_eigenvalue_of_mean_gram(MatrixRef X, bool with_intercept, Index gram_limit) {
  const Index n = X.rows();
  const Index d = X.cols();
  if (n == 0) throw std::invalid_argument("largest_eigenvalue_of_mean_gram: no rows");
  const double inv_n = 1.0 / static_cast<double>(n);
  const Index p = d + (with_intercept ? 1 : 0);
  if (d <= gram_limit) {
    Matrix gram(p, p);
    // Narrow designs: entry-by-entry dot products; a blocked GEMM's setup costs more than the
    // product itself there.
    if (d <= 8) {
      gram.topLeftCorner(d, d).noalias() = X.transpose().lazyProduct(X) * inv_n;
    } else {
      gram.topLeftCorner(d, d).noalias() = X.transpose() * X * inv_n;
    }
    if (with_intercept) {
      const Vector means = X.colwise().mean().transpose();
      gram.topRightCorner(d, 1) = means;
      gram.bottomLeftCorner(1, d) = means.transpose();
      gram(d, d) = 1.0;
    }
    return largest_eigenvalue_of_symmetric(gram);
  }
  // Matrix-free: X̃ᵀ(X̃·v)/n is the MSE gradient pass with y = 0, scaled.
  const auto apply = [&](const Vector& v, Vector& out) {
    detail::fused_residual_pass(X, nullptr, v.data(), with_intercept ? v[d] : 0.0, out.data(),
                                with_intercept ? out.data() + d : nullptr, inv_n);
  };
  return largest_eigenvalue(p, apply, 1e-6, 300).eigenvalue;
}

double largest_eigenvalue_of_symmetric(const Matrix& gram) {
  const Index p = gram.rows();
  {
    // Small Gram matrices: iterate on B = (G/tr G)^8 instead of G. Same top eigenvector, but
    // every eigenvalue ratio λ_i/λ_1 is raised to the 8th power, so the iteration needs ~8×
    // fewer steps (standardized features have ratios near 1: ~100 steps become ~13); dividing
    // by the trace keeps B's entries in [0, 1], so the powers cannot overflow.
    constexpr int kSquarings = 3;
    const bool squared = p <= 32 && p > 0;
    const double trace = gram.trace();
    Matrix b = gram;
    if (squared) {
      b /= trace;
      for (int k = 0; k < kSquarings; ++k) b = b.lazyProduct(b).eval();
    }
    const double* g = b.data();
    const auto apply = [&](const Vector& v, Vector& out) {
      for (Index i = 0; i < p; ++i) out[i] = 0.0;
      for (Index j = 0; j < p; ++j) {
        const double vj = v[j];
        for (Index i = 0; i < p; ++i) out[i] += g[j * p + i] * vj;
      }
    };
    const double top = largest_eigenvalue(p, apply, 1e-12).eigenvalue;
    return squared ? trace * std::pow(top, 1.0 / (1 << kSquarings)) : top;
  }
}

}  // namespace linreg
