#pragma once
// Power-of-two units: a fit's results must not depend on the units of its data. Multiplying by
// 2^k is exact in binary floating point, so a column (or the target) whose magnitude is far from
// 1 is divided by the power of two at its largest magnitude before anything is squared; the
// solvers then see values near 1, and the weights are multiplied back, exactly. Columns within
// 2^±kUnitExponentLimit are left as they are: there, squares, cross products and their
// double-double error terms stay far from overflow and underflow, so every solver's arithmetic
// scales exactly with them (tests/pipeline/test_unit_equivariance.cpp checks both sides of the
// limit). Private to the library.
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

inline constexpr int kUnitExponentLimit = 128;

// x·2^e in place, exactly (one rounding where the result is subnormal): one product while 2^e is
// itself a double, ldexp on each value beyond (2^1074 overflows, yet 1e-310·2^1074 does not).
template <typename T>
void scale_by_power_of_two(T&& x, int e) {
  if (e == 0) return;
  if (e >= -1000 && e <= 1000) {
    x *= std::ldexp(1.0, e);
    return;
  }
  x = x.unaryExpr([e](double v) { return std::ldexp(v, e); });
}

// Column j of the data a solver sees is column j of the caller's divided by 2^column[j], the
// target divided by 2^target; so a weight in the caller's units is the one in these units times
// 2^(target − column[j]), the intercept times 2^target.
struct Units {
  std::vector<int> column;
  int target = 0;

  [[nodiscard]] bool any() const;
};

// The exponent (ilogb) of the largest magnitude, when it lies beyond 2^±kUnitExponentLimit, else 0.
[[nodiscard]] int unit_exponent(double largest_magnitude);

// Units for columns with these largest magnitudes and a target with this one; with
// `columns` false only the target is rescaled.
[[nodiscard]] Units units_for(const Vector& column_magnitudes, double target_magnitude,
                              bool columns);

// Units for the data's columns and target, from their largest magnitudes.
[[nodiscard]] Units units_of(const DatasetView& data);

// The data in those units: X, X_low and y copied and divided.
[[nodiscard]] Dataset in_units(const DatasetView& data, const Units& units);

// A fit made in those units, converted back to the caller's: model, design model, scaler,
// losses and gradient norm. DataError naming the term or the target when a result does not fit
// in double precision in the caller's units (a weight beyond about 1.8e308, or a training MSE).
void from_units(FitSummary& summary, const Units& units, std::span<const std::string> feature_names,
                std::string_view target_name);

// A fit in the caller's units converted into `units` (for statistics computed in them).
[[nodiscard]] FitSummary to_units(const FitSummary& summary, const Units& units);

}  // namespace linreg::detail
