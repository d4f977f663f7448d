#include "numerics/mse_kernel.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include "core/row_groups.hpp"

namespace linreg::detail {
namespace {

// Rows per block: the block of X (kBlock × d doubles) stays in L2 between forming the residuals
// and folding them into the gradient, so X is read from memory once per pass.
constexpr Index kBlock = 256;
// Below about a million values (8 MB, well under a millisecond) the chunks run on the calling
// thread.
constexpr Index kParallelElements = Index{1} << 20;

// Narrow designs (d ≤ 8): the register kernel of narrow_pass.hpp.
template <int D>
[[gnu::always_inline]] inline double dispatch_y(const double* x, Index stride, Index n,
                                                const double* y, const double* w, double b,
                                                double* gradient_w, double* gradient_b,
                                                double scale) {
  return y != nullptr
             ? fixed_width_pass<D, true>(x, stride, n, y, w, b, gradient_w, gradient_b, scale)
             : fixed_width_pass<D, false>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
}

// A column-major block of rows: x(i, j) = x[j·stride + i].
template <typename T>
struct Rows {
  const T* x;
  Index stride;
  Index n;
  Index d;
  [[nodiscard]] Rows middle(Index start, Index count) const {
    return {x + start, stride, count, d};
  }
};

template <typename T>
double blocked_pass(Rows<T> X, const T* y, const T* w, T b, double* gradient_w, double* gradient_b,
                    double scale);

// One thread, one range of rows.
double single_pass(const Rows<double>& X, const double* y, const double* w, double b,
                   double* gradient_w, double* gradient_b, double scale) {
  const Index n = X.n;
  const Index stride = X.stride;
  const double* x = X.x;
  if (n >= kLanes) {  // fewer rows than lanes: the blocked loop below
    switch (X.d) {
      case 1:
        return dispatch_y<1>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 2:
        return dispatch_y<2>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 3:
        return dispatch_y<3>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 4:
        return dispatch_y<4>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 5:
        return dispatch_y<5>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 6:
        return dispatch_y<6>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 7:
        return dispatch_y<7>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      case 8:
        return dispatch_y<8>(x, stride, n, y, w, b, gradient_w, gradient_b, scale);
      default:
        break;
    }
  }
  return blocked_pass<double>(X, y, w, b, gradient_w, gradient_b, scale);
}

// float32 data: the blocked pass (residuals and per-block sums in float, as float32 tensors
// compute them), each block's sums added up in double.
double single_pass(const Rows<float>& X, const float* y, const float* w, float b,
                   double* gradient_w, double* gradient_b, double scale) {
  return blocked_pass<float>(X, y, w, b, gradient_w, gradient_b, scale);
}

// The pass over more than kChunkRows rows: fixed chunks on all cores. Not inlined, so that the
// short passes' caller keeps a small frame.
template <typename T>
[[gnu::noinline]] double chunked_pass(const Rows<T>& X, const T* y, const T* w, T b,
                                      double* gradient_w, double* gradient_b, double scale) {
  const Index n = X.n;
  const Index d = X.d;

  // Fixed chunks of rows, each summed on its own and then combined in chunk order: the result
  // depends on n only, not on how many threads ran or which chunk each took.
  const Index chunks = (n + kChunkRows - 1) / kChunkRows;
  const Index width = d + 2;  // per chunk: Σr², Σr, Σr·x_j
  std::vector<double> partial(static_cast<std::size_t>(chunks * width), 0.0);
  std::atomic<Index> next{0};
  const auto work = [&] {
    for (Index c = next++; c < chunks; c = next++) {
      const Index start = c * kChunkRows;
      double* p = partial.data() + c * width;
      p[0] = single_pass(
          X.middle(start, std::min(kChunkRows, n - start)), y != nullptr ? y + start : nullptr, w,
          b, gradient_w != nullptr ? p + 2 : nullptr, gradient_b != nullptr ? p + 1 : nullptr, 1.0);
    }
  };
  // Threads only when the pass is long enough to repay starting them (tens of microseconds).
  const unsigned threads = n * d >= kParallelElements
                               ? static_cast<unsigned>(std::min<Index>(chunks, core_count()))
                               : 1u;
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();

  double sum_sq = 0.0, sum_r = 0.0;
  if (gradient_w != nullptr) std::fill(gradient_w, gradient_w + d, 0.0);
  for (Index c = 0; c < chunks; ++c) {
    const double* p = partial.data() + c * width;
    sum_sq += p[0];
    sum_r += p[1];
    if (gradient_w != nullptr) {
      for (Index j = 0; j < d; ++j) gradient_w[j] += p[2 + j];
    }
  }
  if (gradient_w != nullptr) {
    for (Index j = 0; j < d; ++j) gradient_w[j] *= scale;
  }
  if (gradient_b != nullptr) *gradient_b = scale * sum_r;
  return sum_sq;
}

}  // namespace

double fused_residual_pass(MatrixRef X, const double* y, const double* w, double b,
                           double* gradient_w, double* gradient_b, double scale) {
  const Rows<double> rows{X.data(), X.outerStride(), X.rows(), X.cols()};
  if (rows.n <= kChunkRows) return single_pass(rows, y, w, b, gradient_w, gradient_b, scale);
  return chunked_pass<double>(rows, y, w, b, gradient_w, gradient_b, scale);
}

double fused_residual_pass(const Eigen::Ref<const MatrixF>& X, const float* y, const double* w,
                           double b, double* gradient_w, double* gradient_b, double scale) {
  std::vector<float> wf(w, w + X.cols());
  const Rows<float> rows{X.data(), X.outerStride(), X.rows(), X.cols()};
  const auto bf = static_cast<float>(b);
  if (rows.n <= kChunkRows)
    return single_pass(rows, y, wf.data(), bf, gradient_w, gradient_b, scale);
  return chunked_pass<float>(rows, y, wf.data(), bf, gradient_w, gradient_b, scale);
}

namespace {

// Wide designs: rows in blocks of kBlock; the residuals of a block are formed column by column
// and folded into the gradient while the block is still in cache.
// Not inlined: its 64-byte-aligned block buffer would make every caller's frame realign the stack,
// which cost the tutorial's tiny passes (which never get here) 15% of their time.
template <typename T>
[[gnu::noinline]] double blocked_pass(Rows<T> X, const T* y, const T* w, T b, double* gradient_w,
                                      double* gradient_b, double scale) {
  const Index n = X.n;
  const Index d = X.d;
  const T* x = X.x;
  const Index stride = X.stride;
  alignas(64) T r[kBlock];
  double sum_sq = 0.0;
  double sum_r = 0.0;
  if (gradient_w != nullptr) std::fill(gradient_w, gradient_w + d, 0.0);

  for (Index start = 0; start < n; start += kBlock) {
    const Index m = std::min(kBlock, n - start);
    if (y != nullptr) {
      const T* yb = y + start;
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] = b - yb[i];
    } else {
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] = b;
    }
    // Rows [start, start + m) of columns j … j + 3.
    const auto four_columns = [&](Index j) {
      const T* first = x + j * stride + start;
      return std::array<const T*, 4>{first, first + stride, first + 2 * stride, first + 3 * stride};
    };
    // Four columns per sweep: r is loaded and stored once per four columns, not once per column.
    Index j = 0;
    for (; j + 4 <= d; j += 4) {
      // Plain pointers, not structured bindings: clang cannot capture those in an OpenMP loop.
      const auto c = four_columns(j);
      const T *x0 = c[0], *x1 = c[1], *x2 = c[2], *x3 = c[3];
      const T w0 = w[j], w1 = w[j + 1], w2 = w[j + 2], w3 = w[j + 3];
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] += (w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i]);
    }
    for (; j < d; ++j) {
      const T* xj = x + j * stride + start;
      const T wj = w[j];
#pragma omp simd
      for (Index i = 0; i < m; ++i) r[i] += wj * xj[i];
    }
    T block_sq = 0;
    T block_r = 0;
#pragma omp simd reduction(+ : block_sq, block_r)
    for (Index i = 0; i < m; ++i) {
      block_sq += r[i] * r[i];
      block_r += r[i];
    }
    sum_sq += block_sq;
    sum_r += block_r;
    if (gradient_w != nullptr) {
      // Four columns per sweep: four independent accumulator chains keep the FMA units busy
      // (one chain waits on its own latency) and r is read once per four columns.
      Index k = 0;
      for (; k + 4 <= d; k += 4) {
        const auto c = four_columns(k);
        const T *x0 = c[0], *x1 = c[1], *x2 = c[2], *x3 = c[3];
        T a0 = 0, a1 = 0, a2 = 0, a3 = 0;
#pragma omp simd reduction(+ : a0, a1, a2, a3)
        for (Index i = 0; i < m; ++i) {
          const T ri = r[i];
          a0 += x0[i] * ri;
          a1 += x1[i] * ri;
          a2 += x2[i] * ri;
          a3 += x3[i] * ri;
        }
        gradient_w[k] += a0;
        gradient_w[k + 1] += a1;
        gradient_w[k + 2] += a2;
        gradient_w[k + 3] += a3;
      }
      for (; k < d; ++k) {
        const T* xk = x + k * stride + start;
        T acc = 0;
#pragma omp simd reduction(+ : acc)
        for (Index i = 0; i < m; ++i) acc += xk[i] * r[i];
        gradient_w[k] += acc;
      }
    }
  }
  if (gradient_w != nullptr) {
    for (Index j = 0; j < d; ++j) gradient_w[j] *= scale;
  }
  if (gradient_b != nullptr) *gradient_b = scale * sum_r;
  return sum_sq;
}

}  // namespace
}  // namespace linreg::detail
