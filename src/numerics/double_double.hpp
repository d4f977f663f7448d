#pragma once
// Double-double arithmetic: a value hi + lo with |lo| ≤ ulp(hi)/2, about 32 significant digits,
// built from error-free transformations (Knuth's two-sum, and an FMA for the product).
#include <cmath>

namespace linreg {

struct DoubleDouble {
  double hi = 0.0;
  double lo = 0.0;

  DoubleDouble() = default;
  constexpr DoubleDouble(double h) : hi(h) {}  // NOLINT: implicit from double is intended
  constexpr DoubleDouble(double h, double l) : hi(h), lo(l) {}

  [[nodiscard]] double value() const { return hi + lo; }
};

// a + b = s + e exactly.
inline DoubleDouble two_sum(double a, double b) {
  const double s = a + b;
  const double bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

// a·b = p + e exactly (the FMA computes the rounding error of the product).
inline DoubleDouble two_prod(double a, double b) {
  const double p = a * b;
  return {p, std::fma(a, b, -p)};
}

inline DoubleDouble quick_two_sum(double a, double b) {
  const double s = a + b;
  return {s, b - (s - a)};
}

inline DoubleDouble operator+(DoubleDouble a, DoubleDouble b) {
  DoubleDouble s = two_sum(a.hi, b.hi);
  const DoubleDouble t = two_sum(a.lo, b.lo);
  s.lo += t.hi;
  s = quick_two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return quick_two_sum(s.hi, s.lo);
}

inline DoubleDouble operator-(DoubleDouble a) { return {-a.hi, -a.lo}; }
inline DoubleDouble operator-(DoubleDouble a, DoubleDouble b) { return a + (-b); }

inline DoubleDouble operator*(DoubleDouble a, DoubleDouble b) {
  DoubleDouble p = two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return quick_two_sum(p.hi, p.lo);
}

// a / b to double-double accuracy: the quotient's first part, then the remainder a − q·b
// (exact through two_prod) divided again.
inline DoubleDouble operator/(DoubleDouble a, double b) {
  const double q = a.hi / b;
  const DoubleDouble p = two_prod(q, b);
  const double rest = ((a.hi - p.hi) - p.lo + a.lo) / b;
  return quick_two_sum(q, rest);
}

inline DoubleDouble& operator+=(DoubleDouble& a, DoubleDouble b) { return a = a + b; }
inline DoubleDouble& operator-=(DoubleDouble& a, DoubleDouble b) { return a = a - b; }

}  // namespace linreg
