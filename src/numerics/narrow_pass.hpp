#pragma once
// The fused residual pass on narrow designs (d ≤ 8), inlinable (private to the library): the
// MSE kernel calls it, and so does gradient descent's loop on such designs, which keeps the
// whole iteration in one function.
#include <cmath>
#include <cstring>

#include "linreg/types.hpp"

namespace linreg::detail {

// One sweep over the rows with the columns unrolled at compile time; residual, loss and gradient
// accumulate in SIMD registers. The summation order is fixed: rows go four to a lane set, in two
// interleaved sets (rows 8m … 8m+3 to the first, 8m+4 … 8m+7 to the second), each lane summing
// its rows in order; the last rows go to the first set (four) and to the second (the rest); the
// lanes and sets are combined in a fixed order at the end. Results are deterministic.
//
// The two sets are one Lanes8: with AVX-512 one eight-lane register (the first set in lanes 0–3),
// else two four-lane vectors, one AVX register each or two SSE2 ones (GCC splits an eight-lane
// vector only through memory there). The same operations lane for lane, the same results. A value
// the same in every lane (weights, θ) is a Splat: eight lanes, or four used for both sets. The
// operations are the expressions `a += b * c` etc. on vectors in both forms, so that compilers
// fuse them into FMAs alike.
using Lanes = double __attribute__((vector_size(32)));
using Mask = long long __attribute__((vector_size(32)));
constexpr Index kLanes = 4;
constexpr Index kNarrowColumns = 8;

[[gnu::always_inline]] inline Lanes load(const double* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Lane sum of one set, ((v0 + v2) + (v1 + v3)), in every lane (addition is commutative bit for
// bit, so the swapped pairs give the same sums).
[[gnu::always_inline]] inline Lanes set_sum_in_all_lanes(Lanes v) {
#if defined(__clang__)
  const Lanes pairs = v + __builtin_shufflevector(v, v, 2, 3, 0, 1);
  return pairs + __builtin_shufflevector(pairs, pairs, 1, 0, 3, 2);
#else
  const Lanes pairs = v + __builtin_shuffle(v, Mask{2, 3, 0, 1});
  return pairs + __builtin_shuffle(pairs, Mask{1, 0, 3, 2});
#endif
}

#if defined(__AVX512F__)
using Lanes8 = double __attribute__((vector_size(64)));
using Mask8 = long long __attribute__((vector_size(64)));
using Splat = Lanes8;

[[gnu::always_inline]] inline Lanes8 load8(const double* p) {
  Lanes8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
// [a, c] as one vector.
[[gnu::always_inline]] inline Lanes8 concat(Lanes a, Lanes c) {
#if defined(__clang__) || __GNUC__ >= 12
  return __builtin_shufflevector(a, c, 0, 1, 2, 3, 4, 5, 6, 7);
#else
  return Lanes8{a[0], a[1], a[2], a[3], c[0], c[1], c[2], c[3]};
#endif
}
[[gnu::always_inline]] inline Mask8 concat(Mask a, Mask c) {
#if defined(__clang__) || __GNUC__ >= 12
  return __builtin_shufflevector(a, c, 0, 1, 2, 3, 4, 5, 6, 7);
#else
  return Mask8{a[0], a[1], a[2], a[3], c[0], c[1], c[2], c[3]};
#endif
}
[[gnu::always_inline]] inline Lanes8 widen(Splat v) { return v; }
[[gnu::always_inline]] inline void add(Lanes8& a, Lanes8 b) { a += b; }
[[gnu::always_inline]] inline void subtract(Lanes8& a, Lanes8 b) { a -= b; }
[[gnu::always_inline]] inline void add_product(Lanes8& a, Lanes8 b, Lanes8 c) { a += b * c; }
// v where `keep` is set, +0 elsewhere.
[[gnu::always_inline]] inline Lanes8 masked(Lanes8 v, Mask8 keep) {
  return reinterpret_cast<Lanes8>(reinterpret_cast<Mask8>(v) & keep);
}

// The lane sums of both sets, added: (first set's) + (second set's), in every lane.
[[gnu::always_inline]] inline Splat set_sums_in_all_lanes(Lanes8 v) {
#if defined(__clang__)
  const Lanes8 pairs = v + __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
  const Lanes8 sets = pairs + __builtin_shufflevector(pairs, pairs, 1, 0, 3, 2, 5, 4, 7, 6);
  return sets + __builtin_shufflevector(sets, sets, 4, 5, 6, 7, 0, 1, 2, 3);
#else
  const Lanes8 pairs = v + __builtin_shuffle(v, Mask8{2, 3, 0, 1, 6, 7, 4, 5});
  const Lanes8 sets = pairs + __builtin_shuffle(pairs, Mask8{1, 0, 3, 2, 5, 4, 7, 6});
  return sets + __builtin_shuffle(sets, Mask8{4, 5, 6, 7, 0, 1, 2, 3});
#endif
}
// The same sum, once.
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
#else
struct Lanes8 {
  Lanes first{}, second{};
};
using Splat = Lanes;

[[gnu::always_inline]] inline Lanes8 load8(const double* p) { return {load(p), load(p + kLanes)}; }
[[gnu::always_inline]] inline Lanes8 widen(Splat v) { return {v, v}; }
[[gnu::always_inline]] inline void add(Lanes8& a, Lanes8 b) {
  a.first += b.first;
  a.second += b.second;
}
[[gnu::always_inline]] inline void subtract(Lanes8& a, Lanes8 b) {
  a.first -= b.first;
  a.second -= b.second;
}
[[gnu::always_inline]] inline void add_product(Lanes8& a, Lanes8 b, Lanes8 c) {
  a.first += b.first * c.first;
  a.second += b.second * c.second;
}
// A weight times a column.
[[gnu::always_inline]] inline void add_product(Lanes8& a, Splat w, Lanes8 x) {
  a.first += w * x.first;
  a.second += w * x.second;
}
[[gnu::always_inline]] inline Splat set_sums_in_all_lanes(Lanes8 v) {
  return set_sum_in_all_lanes(v.first) + set_sum_in_all_lanes(v.second);
}
[[gnu::always_inline]] inline double set_sums(Lanes8 v) {
  return set_sum_in_all_lanes(v.first)[0] + set_sum_in_all_lanes(v.second)[0];
}
#endif

// v in every lane (no arithmetic: −0 stays −0).
[[gnu::always_inline]] inline Splat splat(double v) {
  Splat s;
  for (int i = 0; i < static_cast<int>(sizeof s / sizeof v); ++i) s[i] = v;
  return s;
}

// θ − lr·g in every lane with one rounding (std::fma), as gradient descent's generic step
// writes it: whether `θ -= lr * g` is fused into an FMA is the compiler's choice, and GCC's
// tuning for some CPUs (AMD Zen: avoid FMA chains) makes it differently in the two loops.
[[gnu::always_inline]] inline Splat fused_step(Splat theta, Splat lr, Splat g) {
  Splat s;
  for (int i = 0; i < static_cast<int>(sizeof s / sizeof(double)); ++i)
    s[i] = std::fma(-lr[i], g[i], theta[i]);
  return s;
}

// The sums of a narrow pass, per lane: Σr², Σr and Σr·x_j.
template <int D>
struct NarrowSums {
  Lanes8 sum_sq{};
  Lanes8 sum_r{};
  Lanes8 gradient[D]{};
};

// The sweep over the n ≥ kLanes rows of the column-major x (x(i, j) = x[j·stride + i]):
// r = X·w + b − y with w_j and b in every lane of weights[j] and bias.
template <int D, bool HasY>
[[gnu::always_inline]] inline void narrow_sums(const double* x, Index stride, Index n,
                                               const double* y, const Splat (&weights)[D],
                                               Splat bias, NarrowSums<D>& s) {
  // Rows [i, i + 8): both sets at once.
  Index i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    Lanes8 xs[D];
    Lanes8 r = widen(bias);
    if constexpr (HasY) subtract(r, load8(y + i));
    for (int j = 0; j < D; ++j) {
      xs[j] = load8(x + j * stride + i);
      add_product(r, weights[j], xs[j]);
    }
    add_product(s.sum_sq, r, r);
    add(s.sum_r, r);
    for (int j = 0; j < D; ++j) add_product(s.gradient[j], r, xs[j]);
  }
#if defined(__AVX512F__)
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
    const auto load_both = [&](const double* p) {
      return concat(load(p + first_start), load(p + second_start));
    };
    // The second set's lanes for rows not yet done.
    const Lanes lane = {0, 1, 2, 3};
    const Lanes8 keep =
        concat(Lanes{} + 1.0, lane >= static_cast<double>(kLanes - left) ? Lanes{} + 1.0 : Lanes{});
    const Mask8 active = concat(Mask{} - (four ? 1 : 0), Mask{} - (left != 0 ? 1 : 0));
    Lanes8 xs[D];
    Lanes8 r = bias;
    if constexpr (HasY) r -= load_both(y);
    for (int j = 0; j < D; ++j) {
      xs[j] = load_both(x + j * stride);
      r += weights[j] * xs[j];
      xs[j] = masked(xs[j], active);
    }
    r *= keep;
    r = masked(r, active);
    s.sum_sq += r * r;
    s.sum_r += r;
    for (int j = 0; j < D; ++j) s.gradient[j] += r * xs[j];
  }
#else
  // Rows [start, start + kLanes) into one set; `keep` zeroes the residuals of lanes counted
  // elsewhere.
  const auto block = [&](Index start, Lanes Lanes8::*set, const Lanes* keep) {
    Lanes xs[D];
    Lanes r = bias;
    if constexpr (HasY) r -= load(y + start);
    for (int j = 0; j < D; ++j) {
      xs[j] = load(x + j * stride + start);
      r += weights[j] * xs[j];
    }
    if (keep != nullptr) r *= *keep;
    s.sum_sq.*set += r * r;
    s.sum_r.*set += r;
    for (int j = 0; j < D; ++j) s.gradient[j].*set += r * xs[j];
  };
  if (i + kLanes <= n) {
    block(i, &Lanes8::first, nullptr);
    i += kLanes;
  }
  if (i < n) {
    // The last rows: one more block ending at row n (n ≥ kLanes, so it is in bounds), whose
    // lanes overlapping rows already done are zeroed through r.
    const Index start = n - kLanes;
    const Lanes lane = {0, 1, 2, 3};
    const Lanes keep = lane >= static_cast<double>(i - start) ? Lanes{} + 1.0 : Lanes{};
    block(start, &Lanes8::second, &keep);
  }
#endif
}

// Σr² over the n ≥ kLanes rows of the column-major x, r = X·w + b − y; with gradient_w,
// scale·Σ r_i·x_i into it, and with gradient_b, scale·Σr.
// Always inlined: the tutorial's 100 × 3 fit runs it a thousand times, and the call and the lost
// register allocation cost a third of its time.
template <int D, bool HasY>
[[gnu::always_inline]] inline double fixed_width_pass(const double* x, Index stride, Index n,
                                                      const double* y, const double* w, double b,
                                                      double* gradient_w, double* gradient_b,
                                                      double scale) {
  Splat weights[D];
  for (int j = 0; j < D; ++j) weights[j] = Splat{} + w[j];
  NarrowSums<D> s;
  narrow_sums<D, HasY>(x, stride, n, y, weights, Splat{} + b, s);
  if (gradient_w != nullptr) {
    for (int j = 0; j < D; ++j) gradient_w[j] = scale * set_sums(s.gradient[j]);
  }
  if (gradient_b != nullptr) *gradient_b = scale * set_sums(s.sum_r);
  return set_sums(s.sum_sq);
}

}  // namespace linreg::detail
