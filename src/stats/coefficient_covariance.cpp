// The whole covariance of the coefficients (linreg/inference.hpp, CoefficientCovariance): the
// classical σ²·(X̃ᵀX̃)⁻¹ or a robust sandwich, from the centered factor.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/inference.hpp"
#include "model/row_weights.hpp"
#include "stats/diagnostics.hpp"
#include "stats/robust_covariance.hpp"

namespace linreg {

double CoefficientCovariance::mean_variance(const Eigen::Ref<const Vector>& x) const {
  Vector full(matrix.rows());
  if (intercept) full[0] = 1.0;
  full.tail(x.size()) = x;
  return std::max(0.0, full.dot(matrix * full));
}

CoefficientCovariance coefficient_covariance(const DatasetView& data, const FitSummary& summary,
                                             const FitOptions& options,
                                             const CovarianceOptions& covariance) {
  if (summary.penalized) {
    throw UsageError(
        "the covariance of the coefficients is ordinary least squares': a penalized fit's "
        "coefficients are shrunk on purpose");
  }
  data.check_shape();
  if (data.X.is_row_major())
    return coefficient_covariance(column_major_copy(data), summary, options, covariance);
  CovarianceOptions kept_covariance = covariance;  // without the rows of weight 0, as infer()
  if (const std::optional<Dataset> kept =
          detail::without_zero_weights(data, kept_covariance.clusters))
    return coefficient_covariance(*kept, summary, options, kept_covariance);
  covariance.validate(data.n_rows());
  const Index n = data.n_rows(), d = data.n_features();
  const bool intercept = options.fit_intercept;
  const std::vector<Index> active = detail::active_columns(data, summary);
  const Index offset = intercept ? 1 : 0;
  const Index k = static_cast<Index>(active.size()) + offset;
  if (n <= k) {
    throw DataError(fmt::format(
        "the coefficients' covariance needs more rows than coefficients: {} rows, {}", n, k));
  }
  const Vector residuals = detail::whitened_residuals(data, summary.model);
  CoefficientCovariance out;
  out.type = covariance.type;
  out.intercept = intercept;
  out.sigma2 = residuals.squaredNorm() / static_cast<double>(n - k);
  out.df = n - k;
  Matrix v;
  if (covariance.type == CovarianceType::nonrobust) {
    // σ²·T·R⁻¹R⁻ᵀ·Tᵀ from Z = QR.
    const detail::CenteredFactor factor(data, active, intercept);
    Matrix inverse = Matrix::Identity(k, k);
    factor.r().triangularView<Eigen::Upper>().solveInPlace(inverse);  // R⁻¹
    const Matrix t = factor.to_data() * inverse;
    v = out.sigma2 * t * t.transpose();
  } else {
    const detail::RobustCovariance robust =
        detail::robust_covariance(data, active, intercept, residuals, covariance);
    v = robust.covariance;
    if (covariance.type == CovarianceType::cluster) out.df = robust.groups - 1;
  }
  // Onto every feature: the active ones' rows and columns, zeros for the aliased.
  std::vector<Index> at(static_cast<std::size_t>(k));
  if (intercept) at[0] = 0;
  for (std::size_t a = 0; a < active.size(); ++a)
    at[a + static_cast<std::size_t>(offset)] = active[a] + offset;
  out.matrix = Matrix::Zero(d + offset, d + offset);
  for (Index r = 0; r < k; ++r) {
    for (Index c = 0; c < k; ++c)
      out.matrix(at[static_cast<std::size_t>(r)], at[static_cast<std::size_t>(c)]) = v(r, c);
  }
  return out;
}

}  // namespace linreg
