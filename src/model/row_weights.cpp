#include "model/row_weights.hpp"

#include <fmt/format.h>

#include <cmath>

#include "linreg/errors.hpp"

namespace linreg::detail {

void check_weights(std::span<const double> weights, Index first_row) {
  bool any = false;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double w = weights[i];
    if (!std::isfinite(w) || w < 0.0) {
      throw DataError(fmt::format("row {}: weight {} is {}: weights must be finite and ≥ 0",
                                  first_row + static_cast<Index>(i) + 1, w,
                                  std::isfinite(w) ? "negative" : "not finite"));
    }
    any = any || w > 0.0;
  }
  if (!weights.empty() && !any)
    throw DataError("every weight is 0: a weighted fit needs at least one row of positive weight");
}

std::vector<Index> positive_rows(std::span<const double> weights) {
  std::vector<Index> rows;
  rows.reserve(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0.0) rows.push_back(static_cast<Index>(i));
  }
  return rows;
}

Dataset rows_of(const DatasetView& data, const std::vector<Index>& rows) {
  const auto m = static_cast<Index>(rows.size());
  Dataset out;
  out.X.resize(m, data.n_features());
  for (Index j = 0; j < data.n_features(); ++j) {
    for (Index k = 0; k < m; ++k) out.X(k, j) = data.X(rows[static_cast<std::size_t>(k)], j);
  }
  if (data.X_low != nullptr) out.X_low = (*data.X_low)(rows, Eigen::all);
  out.y.resize(m);
  for (Index k = 0; k < m; ++k) out.y[k] = data.y[rows[static_cast<std::size_t>(k)]];
  if (data.weighted()) {
    out.weights.resize(m);
    for (Index k = 0; k < m; ++k)
      out.weights[k] = data.weights[static_cast<std::size_t>(rows[static_cast<std::size_t>(k)])];
  }
  out.feature_names.assign(data.feature_names.begin(), data.feature_names.end());
  out.target_name = data.target_name;
  out.one_hot.assign(data.one_hot.begin(), data.one_hot.end());
  return out;
}

std::optional<Dataset> without_zero_weights(const DatasetView& data, std::vector<long>& per_row) {
  if (!data.weighted()) return std::nullopt;
  check_weights(data.weights);
  const std::vector<Index> rows = positive_rows(data.weights);
  if (static_cast<Index>(rows.size()) == data.n_rows()) return std::nullopt;
  if (!per_row.empty()) {
    std::vector<long> kept;
    kept.reserve(rows.size());
    for (const Index i : rows) kept.push_back(per_row[static_cast<std::size_t>(i)]);
    per_row = std::move(kept);
  }
  return rows_of(data, rows);
}

Vector root_weights(const DatasetView& data) {
  Vector root(static_cast<Index>(data.weights.size()));
  for (Index i = 0; i < root.size(); ++i)
    root[i] = std::sqrt(data.weights[static_cast<std::size_t>(i)]);
  return root;
}

DoubleDouble weight_sum(std::span<const double> weights) {
  DoubleDouble sum;
  for (const double w : weights) sum += w;
  return sum;
}

DoubleDouble divide(DoubleDouble a, DoubleDouble b) {
  const double q = a.hi / b.hi;
  const DoubleDouble rest = a - b * DoubleDouble(q);
  return quick_two_sum(q, rest.hi / b.hi) + DoubleDouble(rest.lo / b.hi);
}

Whitened whiten_to_mean_one(const CheckedData& checked, bool intercept) {
  const DatasetView& data = checked.data;
  const double mean_one = static_cast<double>(data.n_rows()) / weight_sum(data.weights).value();
  return whiten(data, intercept, mean_one, checked.constant);
}

double intercept_at_means(const Whitened& whitened, const Eigen::Ref<const Vector>& w) {
  DoubleDouble b = whitened.y_mean;
  for (Index j = 0; j < w.size(); ++j)
    b -= whitened.x_mean[static_cast<std::size_t>(j)] * DoubleDouble(w[j]);
  return b.value();
}

Whitened whiten(const DatasetView& data, bool intercept, double c,
                const std::vector<bool>& constant) {
  const Index n = data.n_rows();
  const Index d = data.n_features();
  const std::span<const double> w = data.weights;
  Vector root(n);
  for (Index i = 0; i < n; ++i) root[i] = std::sqrt(c * w[static_cast<std::size_t>(i)]);
  const bool has_low = data.X_low != nullptr;
  const auto entry = [&](Index i, Index j) {
    return has_low ? DoubleDouble(data.X(i, j), (*data.X_low)(i, j)) : DoubleDouble(data.X(i, j));
  };
  Whitened out;
  out.x_mean.assign(static_cast<std::size_t>(d), DoubleDouble());
  Dataset& t = out.design;
  t.X.resize(n, d);
  if (has_low) t.X_low.resize(n, d);
  // s·(x − x̄) in double-double, rounded once (its low part kept where the data carry one).
  const auto product = [](double s, DoubleDouble v) {
    DoubleDouble p = two_prod(s, v.hi);
    p.lo += s * v.lo;
    return quick_two_sum(p.hi, p.lo);
  };
  for (Index j = 0; j < d; ++j) {
    const auto k = static_cast<std::size_t>(j);
    if (intercept && constant[k]) {  // centered, it is exactly 0
      out.x_mean[k] = entry(0, j);
      t.X.col(j).setZero();
      if (has_low) t.X_low.col(j).setZero();
      continue;
    }
    out.x_mean[k] = weighted_mean(w, n, [&](Index i) { return entry(i, j); });
    const DoubleDouble center = intercept ? out.x_mean[k] : DoubleDouble();
    for (Index i = 0; i < n; ++i) {
      const DoubleDouble v = product(root[i], entry(i, j) - center);
      t.X(i, j) = v.hi;
      if (has_low) t.X_low(i, j) = v.lo;
    }
  }
  out.y_mean = weighted_mean(w, n, [&](Index i) { return DoubleDouble(data.y[i]); });
  const DoubleDouble y_center = intercept ? out.y_mean : DoubleDouble();
  t.y.resize(n);
  for (Index i = 0; i < n; ++i) t.y[i] = product(root[i], DoubleDouble(data.y[i]) - y_center).hi;
  t.feature_names.assign(data.feature_names.begin(), data.feature_names.end());
  t.target_name = data.target_name;
  return out;
}

}  // namespace linreg::detail
