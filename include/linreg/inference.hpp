#pragma once
// The statistics table of a fitted linear model, as statsmodels' OLS summary and R's
// summary.lm print it: per term coefficient, standard error, t, P>|t| and a 95 % interval;
// for the model n, degrees of freedom, R², adjusted R², F and its p-value, the residual
// standard error, log-likelihood, AIC, BIC and the condition number.
//
// Classical OLS assumptions (independent, homoscedastic normal errors). Computed at the fitted
// coefficients whatever solver produced them: for gradient descent that has not converged the
// table describes that point, and a warning says so.
#include <optional>
#include <string>
#include <vector>

#include "linreg/covariance.hpp"
#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/warning.hpp"

namespace linreg {

// A statistic that can be undefined: empty when the data leave it without a value (see
// `InferenceTable::exact_fit`, a constant target, an aliased term), never NaN or ±inf. Every
// front end prints it from here ("—", null) rather than deciding again what is undefined.
using Statistic = std::optional<double>;

struct TermInference {
  std::string name;  // "(intercept)" or the feature's name
  double coef = 0.0;
  // se: empty for aliased terms (R's NA); 0 or rounding-small on an exact fit, as NIST
  // certifies it (Wampler1). t, p and the interval: empty for aliased terms and on an exact fit.
  Statistic se;
  Statistic t;
  Statistic p;
  Statistic ci_low;
  Statistic ci_high;
  // The variance inflation factor 1/(1 − R²ⱼ), R²ⱼ of this feature regressed on the others
  // (statsmodels' variance_inflation_factor; centered R² with an intercept, uncentered
  // without): empty for the intercept and aliased terms.
  Statistic vif;
  bool aliased = false;
};

// What statsmodels prints under its OLS summary, computed as it does (biased moments of the
// residuals, scipy's tests), each empty where the data leave it undefined.
struct Diagnostics {
  Statistic durbin_watson;  // Σ(eᵢ − eᵢ₋₁)²/Σeᵢ², in row order: ≈ 2 without autocorrelation
  // D'Agostino–Pearson's K² = z(skew)² + z(kurtosis)² (scipy.stats.normaltest; n ≥ 8) and its
  // χ²(2) p-value: are the residuals normal?
  Statistic omnibus;
  Statistic omnibus_p;
  Statistic skew;         // m₃/m₂^1.5 of the residuals (central moments, 1/n)
  Statistic kurtosis;     // m₄/m₂², not the excess: 3 for a normal sample
  Statistic jarque_bera;  // n/6·(skew² + (kurtosis − 3)²/4), and its χ²(2) p-value
  Statistic jarque_bera_p;
  // σ_max/σ_min of the raw design as statsmodels builds it (the constant column included with an
  // intercept, the features in their own units: so it grows with their offsets and scales,
  // unlike InferenceTable::condition_number), and λ_min of its XᵀX, which statsmodels' notes
  // read. From the singular values of a QR of the rows, not of XᵀX formed; both empty above 500
  // columns (a QR and an SVD of the raw design would cost far more than the table itself).
  Statistic condition_number_raw;
  Statistic smallest_eigenvalue;
  // statsmodels' notes, in its words: λ_min < 1e-10 (near-singular design), else a condition
  // number above 1000.
  std::vector<std::string> notes;
};

struct InferenceTable {
  std::vector<TermInference> terms;  // the intercept first (when fitted), then the features
  Index n = 0;
  Index df_model = 0;     // estimated coefficients, the intercept not counted
  Index df_residual = 0;  // n − estimated coefficients (intercept counted)
  // The covariance se, t, p, the intervals and F come from, and the denominator degrees of
  // freedom of their t and F: df_residual, or G − 1 for G clusters.
  CovarianceType covariance = CovarianceType::nonrobust;
  Index df_inference = 0;
  Index clusters = 0;  // G, with the cluster covariance
  long hac_lags = -1;  // L, with the HAC covariance
  // Weighted least squares (the data's weights): every statistic is statsmodels' WLS one, of the
  // whitened rows √wᵢ·[1, xᵢ] and residuals √wᵢ·eᵢ, n counting the rows of positive weight.
  bool weighted = false;
  // The residuals are 0 or no larger than rounding leaves, RSS ≤ ((m + 2)·ε)²·Σᵢ sᵢ² with
  // sᵢ = |yᵢ| + |b| + Σⱼ |xᵢⱼ·wⱼ| over the m estimated slopes (why: src/stats/inference.cpp): σ² is
  // then 0, so t, p, the intervals, F and the log-likelihood (AIC, BIC) are undefined; a warning
  // says so.
  bool exact_fit = false;
  Statistic r2;      // centered with an intercept; uncentered (Σy²) without, as R and NIST;
  Statistic r2_adj;  // both empty when that sum of squares is 0 (a constant target), as R
  // All slopes 0 (a Wald test with the robust covariance, as statsmodels); empty on an exact
  // fit, a constant target or without features.
  Statistic f_stat;
  Statistic f_p;
  double sigma = 0.0;  // residual standard error √(RSS/df_residual)
  Statistic log_likelihood;
  Statistic aic;
  Statistic bic;
  // Of the centered, scaled design the solvers factor; empty without features.
  Statistic condition_number;
  Diagnostics diagnostics;  // of the model's residuals on these rows, and of the raw design
  std::vector<Warning> warnings;
};

// The whole covariance of the coefficients the table's standard errors come from, for intervals
// around predictions: over (intercept when fitted, then every feature in order; an aliased
// feature's row and column are 0, its coefficient being fixed at 0), with σ² = RSS/(n − k) and
// the degrees of freedom of the intervals' t (n − k, or G − 1 for clusters).
struct CoefficientCovariance {
  CovarianceType type = CovarianceType::nonrobust;
  Matrix matrix;
  double sigma2 = 0.0;
  Index df = 0;
  bool intercept = true;
  // Var(x·w + b)  for a row x of the design (x·V·x with the intercept's 1 first).
  [[nodiscard]] double mean_variance(const Eigen::Ref<const Vector>& x) const;
};

// Of `summary.model` on `data` (O(n·k²) for k coefficients, a QR of the centered design; UsageError
// for a penalized fit and for covariance options that fail validate(); DataError when n ≤ k).
CoefficientCovariance coefficient_covariance(const DatasetView& data, const FitSummary& summary,
                                             const FitOptions& options,
                                             const CovarianceOptions& covariance = {});

// The table for `summary.model` on `data`, with the covariance `covariance` asks for. DataError
// when there are no residual degrees of freedom left (n ≤ number of coefficients); UsageError
// for a penalized fit's summary and for covariance options that fail validate().
InferenceTable infer(const DatasetView& data, const FitSummary& summary, const FitOptions& options,
                     const CovarianceOptions& covariance = {});

}  // namespace linreg
