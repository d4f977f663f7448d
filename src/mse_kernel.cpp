#include "mse_kernel.hpp"

#include <algorithm>

namespace linreg::detail {
namespace {

// Rows per block: the block of X (kBlock × d doubles) stays in L2 between forming the residuals
// and folding them into the gradient, so X is read from memory once per pass.
constexpr Index kBlock = 256;

}  // namespace

double fused_residual_pass(MatrixRef X, const double* y, const double* w, double b,
                           double* gradient_w, double* gradient_b) {
  const Index n = X.rows();
  const Index d = X.cols();
  const double* x = X.data();
  const Index stride = X.outerStride();
  alignas(64) double r[kBlock];
  double sum_sq = 0.0;
  double sum_r = 0.0;
  if (gradient_w != nullptr) std::fill(gradient_w, gradient_w + d, 0.0);

  for (Index start = 0; start < n; start += kBlock) {
    const Index m = std::min(kBlock, n - start);
    if (y != nullptr) {
      const double* yb = y + start;
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] = b - yb[i];
    } else {
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] = b;
    }
    for (Index j = 0; j < d; ++j) {
      const double* xj = x + j * stride + start;
      const double wj = w[j];
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] += wj * xj[i];
    }
    double block_sq = 0.0;
    double block_r = 0.0;
#pragma omp simd reduction(+ : block_sq, block_r)
    for (Index i = 0; i < m; ++i) {
      block_sq += r[i] * r[i];
      block_r += r[i];
    }
    sum_sq += block_sq;
    sum_r += block_r;
    if (gradient_w != nullptr) {
      for (Index j = 0; j < d; ++j) {
        const double* xj = x + j * stride + start;
        double acc = 0.0;
#pragma omp simd reduction(+ : acc)
        for (Index i = 0; i < m; ++i) acc += xj[i] * r[i];
        gradient_w[j] += acc;
      }
    }
  }
  if (gradient_b != nullptr) *gradient_b = sum_r;
  return sum_sq;
}

}  // namespace linreg::detail
