#include "linreg/influence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "linreg/errors.hpp"
#include "model/row_weights.hpp"
#include "stats/diagnostics.hpp"
#include "stats/robust_covariance.hpp"

namespace linreg {

Influence on_rows(const Influence& part, const std::vector<Index>& at, Index rows) {
  Influence out;
  const std::vector<std::pair<Vector*, const Vector*>> columns = {
      {&out.fitted, &part.fitted},
      {&out.residual, &part.residual},
      {&out.leverage, &part.leverage},
      {&out.student_internal, &part.student_internal},
      {&out.student_external, &part.student_external},
      {&out.cooks_distance, &part.cooks_distance},
      {&out.dffits, &part.dffits}};
  for (const auto& [to, from] : columns) {
    to->setConstant(rows, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < at.size(); ++k) (*to)[at[k]] = (*from)[static_cast<Index>(k)];
  }
  return out;
}

Influence influence(const DatasetView& data, const FitSummary& summary, const FitOptions& options) {
  if (summary.penalized) {
    throw UsageError(
        "influence measures are ordinary least squares': a penalized fit's hat "
        "matrix is not a projection");
  }
  data.check_shape();
  if (data.X.is_row_major()) return influence(column_major_copy(data), summary, options);
  std::vector<long> none;
  if (const std::optional<Dataset> kept = detail::without_zero_weights(data, none)) {
    // The measures of the rows that count, NaN for the others but their fitted values and
    // residuals.
    Influence out = on_rows(influence(*kept, summary, options), detail::positive_rows(data.weights),
                            data.n_rows());
    out.residual = detail::residuals(data, summary.model);
    out.fitted = data.y - out.residual;
    return out;
  }
  const Index n = data.n_rows();
  const std::vector<Index> active = detail::active_columns(data, summary);
  const bool intercept = options.fit_intercept;
  const Index k = static_cast<Index>(active.size()) + (intercept ? 1 : 0);
  if (n <= k) {
    throw DataError(fmt::format(
        "influence measures need more rows than coefficients: {} rows, {} coefficients", n, k));
  }
  Influence out;
  out.residual = detail::residuals(data, summary.model);
  out.fitted = data.y - out.residual;
  out.leverage = detail::leverages(data, active, intercept);
  const Vector whitened = detail::whitened_residuals(data, summary.model);
  const double rss = whitened.squaredNorm();
  const double df = static_cast<double>(n - k);
  const double sigma = std::sqrt(rss / df);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  out.student_internal.resize(n);
  out.student_external.resize(n);
  out.cooks_distance.resize(n);
  out.dffits.resize(n);
  // hᵢ = ‖qᵢ‖² sums k squares no larger than 1, so 1 − hᵢ carries about k·ε of rounding: below
  // a few times that the row is fitted exactly (hᵢ = 1), and what divides by 1 − hᵢ is undefined.
  const double exact_leverage =
      8.0 * static_cast<double>(k) * std::numeric_limits<double>::epsilon();
  for (Index i = 0; i < n; ++i) {
    const double e = whitened[i];
    const double left = 1.0 - out.leverage[i];  // 1 − hᵢ
    if (!(left > exact_leverage) || !(sigma > 0.0)) {
      out.student_internal[i] = out.student_external[i] = kNaN;
      out.cooks_distance[i] = out.dffits[i] = kNaN;
      continue;
    }
    const double internal = e / (sigma * std::sqrt(left));
    const double without = (rss - e * e / left) / (df - 1.0);  // σ₍ᵢ₎²
    const double external = without > 0.0 ? e / std::sqrt(without * left) : kNaN;
    const double h = out.leverage[i];
    out.student_internal[i] = internal;
    out.student_external[i] = external;
    out.cooks_distance[i] = internal * internal * h / (left * static_cast<double>(k));
    out.dffits[i] = external * std::sqrt(h / left);
  }
  return out;
}

}  // namespace linreg
