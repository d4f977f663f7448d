#include "model/data_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/row_groups.hpp"
#include "linreg/errors.hpp"

namespace linreg::detail {
namespace {

// What one pass over m values learns: whether all are finite (x·0 is 0 for finite x and NaN
// otherwise; no -ffast-math here), the largest |x|, and the smallest and largest x (meaningful
// when all are finite).
struct Range {
  bool finite = true;
  double largest = 0.0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
};

Range range_of(const double* x, Index m) {
  double probe = 0.0;
  double top = 0.0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
#pragma omp simd reduction(+ : probe) reduction(max : top, hi) reduction(min : lo)
  for (Index i = 0; i < m; ++i) {
    probe += x[i] * 0.0;
    top = std::max(top, std::abs(x[i]));
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
  }
  return {probe == 0.0, top, lo, hi};
}

// The ranges of the columns of rows [lo, hi) of a row-major design (cols values per row), a row
// at a time (each an operation across the columns).
std::vector<Range> row_ranges(const double* values, Index cols, Index lo, Index hi) {
  const auto d = static_cast<std::size_t>(cols);
  std::vector<double> probe(d, 0.0), top(d, 0.0);
  std::vector<double> low(d, std::numeric_limits<double>::infinity());
  std::vector<double> high(d, -std::numeric_limits<double>::infinity());
  for (Index i = lo; i < hi; ++i) {
    const double* x = values + i * cols;
#pragma omp simd
    for (std::size_t j = 0; j < d; ++j) {
      probe[j] += x[j] * 0.0;
      top[j] = std::max(top[j], std::abs(x[j]));
      low[j] = std::min(low[j], x[j]);
      high[j] = std::max(high[j], x[j]);
    }
  }
  std::vector<Range> out(d);
  for (std::size_t j = 0; j < d; ++j) out[j] = {probe[j] == 0.0, top[j], low[j], high[j]};
  return out;
}

// The same for every column of X, over fixed row groups on all cores: whether all are finite,
// with each column's largest magnitude and whether it is constant.
bool column_ranges(const DesignRef& X, Vector& largest, std::vector<bool>& constant) {
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
  bool finite = true;
  largest = Vector::Zero(d);
  constant.assign(static_cast<std::size_t>(d), X.rows() > 0);
  for (Index j = 0; j < d; ++j) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const std::vector<Range>& group : ranges) {
      const Range& r = group[static_cast<std::size_t>(j)];
      finite = finite && r.finite;
      largest[j] = std::max(largest[j], r.largest);
      lo = std::min(lo, r.min);
      hi = std::max(hi, r.max);
    }
    if (X.rows() > 0) constant[static_cast<std::size_t>(j)] = lo == hi;
  }
  return finite;
}

}  // namespace

Magnitudes require_finite(const DesignRef& X, VectorRef y,
                          std::span<const std::string> feature_names,
                          const std::string& target_name, Index first_row) {
  Magnitudes m;
  if (!column_ranges(X, m.columns, m.constant)) {
    for (Index j = 0; j < X.cols(); ++j) {
      for (Index i = 0; i < X.rows(); ++i) {
        if (!std::isfinite(X(i, j))) {
          throw DataError(
              fmt::format("row {}, column '{}': value {} is not finite (NaN or infinity)",
                          first_row + i + 1, feature_names[static_cast<std::size_t>(j)], X(i, j)));
        }
      }
    }
  }
  const Range target = range_of(y.data(), y.size());
  m.target = target.largest;
  if (target.finite) return m;
  for (Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) {
      throw DataError(fmt::format("row {}, target '{}': value {} is not finite (NaN or infinity)",
                                  first_row + i + 1, target_name, y[i]));
    }
  }
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
