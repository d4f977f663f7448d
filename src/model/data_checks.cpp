#include "model/data_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "core/row_groups.hpp"
#include "linreg/errors.hpp"

namespace linreg::detail {
namespace {

// What one pass over m values learns: the smallest and largest value and the sum. All are finite
// when the sum is (a NaN or an infinity makes it NaN or infinite; no -ffast-math here), except
// when finite values overflow it, which require_finite tells apart. The largest |x| is
// max(−min, max).
struct Range {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  double sum = 0.0;

  void merge(const Range& r) {
    min = std::min(min, r.min);
    max = std::max(max, r.max);
    sum += r.sum;
  }
};

Range range_of(const double* x, Index m) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  double sum = 0.0;
#pragma omp simd reduction(+ : sum) reduction(max : hi) reduction(min : lo)
  for (Index i = 0; i < m; ++i) {
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
    sum += x[i];
  }
  return {lo, hi, sum};
}

// The ranges of the columns of rows [lo, hi) of a row-major design (cols values per row), a row
// at a time (each an operation across the columns).
std::vector<Range> row_ranges(const double* values, Index cols, Index lo, Index hi) {
  const auto d = static_cast<std::size_t>(cols);
  std::vector<double> sum(d, 0.0);
  std::vector<double> low(d, std::numeric_limits<double>::infinity());
  std::vector<double> high(d, -std::numeric_limits<double>::infinity());
  for (Index i = lo; i < hi; ++i) {
    const double* x = values + i * cols;
#pragma omp simd
    for (std::size_t j = 0; j < d; ++j) {
      low[j] = std::min(low[j], x[j]);
      high[j] = std::max(high[j], x[j]);
      sum[j] += x[j];
    }
  }
  std::vector<Range> out(d);
  for (std::size_t j = 0; j < d; ++j) out[j] = {low[j], high[j], sum[j]};
  return out;
}

// The same for every column of X, over fixed row groups on all cores, merged in group order.
std::vector<Range> column_ranges(const DesignRef& X) {
  const Index d = X.cols();
  const auto groups = static_cast<std::size_t>(group_count(X.rows()));
  std::vector<std::vector<Range>> ranges(groups, std::vector<Range>(static_cast<std::size_t>(d)));
  for_each_group(X.rows(), [&](Index g, Index lo, Index hi) {
    std::vector<Range>& group = ranges[static_cast<std::size_t>(g)];
    if (X.is_row_major()) {
      group = row_ranges(X.row_values(), d, lo, hi);
      return;
    }
    const MatrixRef& columns = X.matrix();
    for (Index j = 0; j < d; ++j)
      group[static_cast<std::size_t>(j)] = range_of(columns.col(j).data() + lo, hi - lo);
  });
  std::vector<Range> total(static_cast<std::size_t>(d));
  for (const std::vector<Range>& group : ranges) {
    for (std::size_t j = 0; j < total.size(); ++j) total[j].merge(group[j]);
  }
  return total;
}

// Column j's mean when its finite values overflow a plain sum: each divided by the power of two
// at the largest magnitude (exactly), summed, averaged and multiplied back.
double scaled_mean(const DesignRef& X, Index j, double largest) {
  const int e = std::ilogb(largest);
  double sum = 0.0;
  for (Index i = 0; i < X.rows(); ++i) sum += std::ldexp(X(i, j), -e);
  return std::ldexp(sum / static_cast<double>(X.rows()), e);
}

[[noreturn]] void throw_not_finite(Index row, std::string_view what, const std::string& name,
                                   double value) {
  throw DataError(fmt::format("row {}, {} '{}': value {} is not finite (NaN or infinity)", row,
                              what, name, value));
}

}  // namespace

Magnitudes require_finite(const DesignRef& X, VectorRef y,
                          std::span<const std::string> feature_names,
                          const std::string& target_name, Index first_row) {
  const Index d = X.cols();
  const Index n = X.rows();
  const std::vector<Range> ranges = column_ranges(X);
  Magnitudes m;
  m.columns = Vector::Zero(d);
  m.mean = Vector::Zero(d);
  m.constant.assign(static_cast<std::size_t>(d), n > 0);
  for (Index j = 0; j < d; ++j) {
    const Range& r = ranges[static_cast<std::size_t>(j)];
    if (!std::isfinite(r.sum)) {
      for (Index i = 0; i < n; ++i) {
        if (!std::isfinite(X(i, j)))
          throw_not_finite(first_row + i + 1, "column", feature_names[static_cast<std::size_t>(j)],
                           X(i, j));
      }
    }
    if (n == 0) continue;
    m.columns[j] = std::max(-r.min, r.max);
    m.constant[static_cast<std::size_t>(j)] = r.min == r.max;
    // A constant column's mean is its value, exactly: centered, it is zero (not rounding noise).
    if (r.min == r.max) {
      m.mean[j] = r.min;
    } else {
      m.mean[j] =
          std::isfinite(r.sum) ? r.sum / static_cast<double>(n) : scaled_mean(X, j, m.columns[j]);
    }
  }
  const Range target = range_of(y.data(), y.size());
  if (!std::isfinite(target.sum)) {
    for (Index i = 0; i < y.size(); ++i) {
      if (!std::isfinite(y[i])) throw_not_finite(first_row + i + 1, "target", target_name, y[i]);
    }
  }
  m.target = y.size() == 0 ? 0.0 : std::max(-target.min, target.max);
  return m;
}

Warning constant_feature_warning(const std::string& name, double value, bool scaled) {
  return {
      WarningCode::constant_feature,
      fmt::format(
          "feature '{}' is constant ({:.6g}): it carries no information beyond the intercept; its "
          "weight is 0{}",
          name, value, scaled ? " (its scale is taken as 1, not 0)" : "")};
}

}  // namespace linreg::detail
