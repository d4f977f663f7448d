#pragma once
// The fused residual pass on narrow designs (d ≤ 8), inlinable (private to the library): the
// MSE kernel calls it, and so does gradient descent's loop on such designs, which keeps the
// whole iteration in one function.
#include <cstring>

#include "linreg/types.hpp"

namespace linreg::detail {

// One sweep over the rows with the columns unrolled at compile time; residual, loss and gradient
// accumulate in SIMD registers. The summation order is fixed: rows go four to a lane set, in two
// interleaved sets (rows 8m … 8m+3 to the first, 8m+4 … 8m+7 to the second), each lane summing
// its rows in order; the last rows go to the first set (four) and to the second (the rest); the
// lanes and sets are combined in a fixed order at the end. Results are deterministic.
//
// The two sets are one eight-lane vector (the first in lanes 0–3): one AVX-512 register, two AVX
// ones, four SSE2 ones, with the same result on each, lane for lane.
using Lanes = double __attribute__((vector_size(32)));
using Lanes8 = double __attribute__((vector_size(64)));
constexpr Index kLanes = 4;
constexpr Index kNarrowColumns = 8;

[[gnu::always_inline]] inline Lanes load(const double* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

[[gnu::always_inline]] inline Lanes8 load8(const double* p) {
  Lanes8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

using Mask8 = long long __attribute__((vector_size(64)));

// [a, c] as one vector.
[[gnu::always_inline]] inline Lanes8 concat(Lanes a, Lanes c) {
#if defined(__clang__) || __GNUC__ >= 12
  return __builtin_shufflevector(a, c, 0, 1, 2, 3, 4, 5, 6, 7);
#else
  return Lanes8{a[0], a[1], a[2], a[3], c[0], c[1], c[2], c[3]};
#endif
}

// Lane sums of the two sets, ((v0 + v2) + (v1 + v3)) + ((v4 + v6) + (v5 + v7)), by shuffles in
// registers (addition is commutative bit for bit, so the swapped pairs give the same sums).
[[gnu::always_inline]] inline double set_sums(Lanes8 v) {
#if defined(__clang__)
  const Lanes8 pairs = v + __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
  const Lanes8 sets = pairs + __builtin_shufflevector(pairs, pairs, 1, 0, 3, 2, 5, 4, 7, 6);
#else
  const Lanes8 pairs = v + __builtin_shuffle(v, Mask8{2, 3, 0, 1, 6, 7, 4, 5});
  const Lanes8 sets = pairs + __builtin_shuffle(pairs, Mask8{1, 0, 3, 2, 5, 4, 7, 6});
#endif
  return sets[0] + sets[4];
}

// Σr² over the n ≥ kLanes rows of the column-major x (x(i, j) = x[j·stride + i]), r = X·w + b − y;
// with gradient_w, scale·Σ r_i·x_i into it, and with gradient_b, scale·Σr.
// Always inlined: the tutorial's 100 × 3 fit runs it a thousand times, and the call and the lost
// register allocation cost a third of its time.
template <int D, bool HasY>
[[gnu::always_inline]] inline double fixed_width_pass(const double* x, Index stride, Index n, const double* y,
                                                      const double* w, double b, double* gradient_w,
                                                      double* gradient_b, double scale) {
  Lanes8 weights[D];
  for (int j = 0; j < D; ++j) weights[j] = Lanes8{} + w[j];
  const Lanes8 bias = Lanes8{} + b;
  Lanes8 sum_sq{}, sum_r{};
  Lanes8 gradient[D]{};
  // Rows [i, i + 8): both sets at once.
  Index i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    Lanes8 xs[D];
    Lanes8 r = bias;
    if constexpr (HasY) r -= load8(y + i);
    for (int j = 0; j < D; ++j) {
      xs[j] = load8(x + j * stride + i);
      r += weights[j] * xs[j];
    }
    sum_sq += r * r;
    sum_r += r;
    for (int j = 0; j < D; ++j) gradient[j] += r * xs[j];
  }
  const Index rest = n - i;  // 0 … 7
  if (rest > 0) {
    // One more step: rows i … i + 3 to the first set when there are four, and the last rest % 4
    // rows to the second, as the last lanes of the block of four rows ending at n (n ≥ kLanes, so
    // it is in bounds) whose other lanes, rows already done, are zeroed through r. A set with
    // nothing to add gets r = x = 0 (its lanes read in-bounds rows that are not used): its sums
    // stay as they are, since a sum started at +0 is never −0 and s + 0·0 = s for every other s.
    const bool four = rest >= kLanes;
    const Index left = rest % kLanes;
    const Index first_start = four ? i : n - kLanes;
    const Index second_start = n - kLanes;
    const auto load_both = [&](const double* p) { return concat(load(p + first_start), load(p + second_start)); };
    // Lanes 0–3: 1; lanes 4–7: 1 for the rows not yet done.
    const Lanes8 lane = {4, 4, 4, 4, 0, 1, 2, 3};
    const Lanes8 keep = lane >= static_cast<double>(kLanes - left) ? Lanes8{} + 1.0 : Lanes8{};
    const Mask8 second = {0, 0, 0, 0, -1, -1, -1, -1};
    const Mask8 active = (~second & (Mask8{} - (four ? 1 : 0))) | (second & (Mask8{} - (left != 0 ? 1 : 0)));
    const auto used = [&](Lanes8 v) { return reinterpret_cast<Lanes8>(reinterpret_cast<Mask8>(v) & active); };
    Lanes8 xs[D];
    Lanes8 r = bias;
    if constexpr (HasY) r -= load_both(y);
    for (int j = 0; j < D; ++j) {
      xs[j] = load_both(x + j * stride);
      r += weights[j] * xs[j];
      xs[j] = used(xs[j]);
    }
    r *= keep;
    r = used(r);
    sum_sq += r * r;
    sum_r += r;
    for (int j = 0; j < D; ++j) gradient[j] += r * xs[j];
  }
  if (gradient_w != nullptr) {
    for (int j = 0; j < D; ++j) gradient_w[j] = scale * set_sums(gradient[j]);
  }
  if (gradient_b != nullptr) *gradient_b = scale * set_sums(sum_r);
  return set_sums(sum_sq);
}

}  // namespace linreg::detail
