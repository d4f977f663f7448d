#pragma once
// Sums of products kept as if in twice the working precision (Ogita, Rump and Oishi's Dot2),
// over independent lanes that vectorize (private to the library). Every product's rounding error
// comes from an FMA and every sum's from a two-sum, and the errors are added back at the end.
// A file that includes this must be built with -ffp-contract=off: a contracted s + a·b would
// drop the product's rounding error that the two-sum is there to keep.
#include <cmath>

#include "linreg/types.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

constexpr int kLanes = 8;  // independent accumulators: one AVX-512 or two AVX2 vectors

struct Lanes {
  double sum[kLanes] = {};
  double error[kLanes] = {};

  // The lanes' total in double-double.
  [[nodiscard]] DoubleDouble total() const {
    DoubleDouble t;
    for (int l = 0; l < kLanes; ++l) t += DoubleDouble(sum[l]) + DoubleDouble(error[l]);
    return t;
  }
};

// acc += Σᵢ aᵢ·(bᵢ + b_lowᵢ) over m rows (with kLow; b_low: the low parts of b). aᵢ·bᵢ is kept
// exactly; aᵢ·b_lowᵢ, already of the size of b's rounding error, goes to the error in double.
template <bool kLow>
inline void dot2(const double* a, const double* b, const double* b_low, Index m, Lanes& acc) {
  double s[kLanes];
  double e[kLanes];
  for (int l = 0; l < kLanes; ++l) s[l] = acc.sum[l], e[l] = acc.error[l];
  const auto add = [&](int l, Index i) __attribute__((always_inline)) {
    const double x = a[i];
    const double p = x * b[i];
    const double pe = std::fma(x, b[i], -p);  // x·b = p + pe exactly
    const double t = s[l] + p;                // s + p = t + q exactly (two-sum)
    const double z = t - s[l];
    const double q = (s[l] - (t - z)) + (p - z);
    s[l] = t;
    if constexpr (kLow) {
      e[l] += q + (pe + x * b_low[i]);
    } else {
      e[l] += q + pe;
    }
  };
  Index i = 0;
  for (; i + kLanes <= m; i += kLanes) {
#pragma omp simd
    for (int l = 0; l < kLanes; ++l) add(l, i + l);
  }
  for (; i < m; ++i) add(0, i);
  for (int l = 0; l < kLanes; ++l) acc.sum[l] = s[l], acc.error[l] = e[l];
}

}  // namespace linreg::detail
