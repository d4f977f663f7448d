#include "linreg/inference.hpp"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/reductions.hpp"
#include "linreg/errors.hpp"
#include "linreg/exact_solver.hpp"
#include "linreg/settings.hpp"
#include "model/row_weights.hpp"
#include "model/units.hpp"
#include "numerics/double_double.hpp"
#include "stats/coefficient_variances.hpp"
#include "stats/diagnostics.hpp"
#include "stats/robust_covariance.hpp"
#include "stats/shared_rows.hpp"

namespace linreg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A finite value, or undefined: no NaN or infinity leaves this file as a statistic.
Statistic finite(double value) { return std::isfinite(value) ? Statistic(value) : std::nullopt; }

// Sums over the rows at the fitted coefficients: RSS and TSS in double-double, and the size of
// what rounding alone leaves in the residuals (exact_fit_bound).
// Weighted: Σwᵢ·rᵢ², about the weighted mean, and Σwᵢ·sᵢ² (statsmodels' WLS).
struct Sums {
  double rss = 0.0;
  double tss = 0.0;          // about the mean with an intercept, Σy² without
  double rounding = 0.0;     // Σᵢ sᵢ², sᵢ = |yᵢ| + |b| + Σⱼ |xᵢⱼ·wⱼ|
  double log_weights = 0.0;  // Σ log wᵢ (0 unweighted), for the log-likelihood
};

// When y is an exact linear function of the columns, the residuals left are rounding: yᵢ as
// stored and each of the m + 1 coefficients rounded to a double leave up to u = ε/2 of their
// terms, |rᵢ| ≲ (m + 2)·u·sᵢ, and a backward-stable solve adds about as much again. So the rule:
// the fit is exact when RSS ≤ ((m + 2)·ε)²·Σ sᵢ² (RSS = 0 included). Below that σ² cannot be told
// from 0, and a t or p computed from it is rounding noise: an irrelevant column would get a p
// drawn at random. Above it, however small σ is, the statistics are numbers.
double exact_fit_bound(const Sums& sums, Index m) {
  const double k = static_cast<double>(m + 2) * std::numeric_limits<double>::epsilon();
  return k * k * sums.rounding;
}

template <class X>
Sums sums_of_squares(const detail::SharedRows& shared, const DatasetView& data,
                     const FitSummary& summary, const std::vector<Index>& active, bool intercept,
                     const X& x) {
  const Index n = data.n_rows();
  const Vector& w = summary.model.weights();
  const DoubleDouble b = summary.model.intercept();
  DoubleDouble rss, tss, y_sum;
  DoubleDouble y_mean;
  if (shared.weighted) {
    y_mean = detail::weighted_mean(shared.comm, shared.weighted, data.weights, n,
                                   [&](Index i) { return DoubleDouble(data.y[i]); });
  } else {
    for (Index i = 0; i < n; ++i) y_sum += data.y[i];
    y_sum = detail::shared_sum(shared.comm, y_sum);
    const auto count = static_cast<double>(shared.n);
    y_mean = DoubleDouble(y_sum.hi / count) +
             DoubleDouble((y_sum - two_prod(y_sum.hi / count, count)).value() / count);
  }
  Sums out;
  // Column by column through X (it is column-major), each row's terms in the order of `active`
  // as a row-by-row loop would take them; a zero entry changes neither sum (one-hot columns are
  // mostly zeros).
  std::vector<DoubleDouble> residual(static_cast<std::size_t>(n));
  std::vector<double> size(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    residual[static_cast<std::size_t>(i)] = DoubleDouble(data.y[i]) - b;
    size[static_cast<std::size_t>(i)] = std::abs(data.y[i]) + std::abs(b.hi);
  }
  const bool has_low = data.X_low != nullptr;
  for (const Index j : active) {
    for (Index i = 0; i < n; ++i) {
      if (data.X(i, j) == 0.0 && (!has_low || (*data.X_low)(i, j) == 0.0)) continue;
      residual[static_cast<std::size_t>(i)] -= x(i, j) * w[j];
      size[static_cast<std::size_t>(i)] += std::abs(data.X(i, j) * w[j]);
    }
  }
  for (Index i = 0; i < n; ++i) {
    const DoubleDouble r = residual[static_cast<std::size_t>(i)];
    const double s = size[static_cast<std::size_t>(i)];
    const DoubleDouble c = intercept ? DoubleDouble(data.y[i]) - y_mean : DoubleDouble(data.y[i]);
    if (data.weighted()) {
      const double weight = data.weights[static_cast<std::size_t>(i)];
      rss += DoubleDouble(weight) * (r * r);
      tss += DoubleDouble(weight) * (c * c);
      out.rounding += weight * s * s;
      out.log_weights += std::log(weight);
      continue;
    }
    rss += r * r;
    tss += c * c;
    out.rounding += s * s;
  }
  std::vector<DoubleDouble> sums = {rss, tss};
  detail::shared_sums(shared.comm, sums);
  out.rss = sums[0].value();
  out.tss = sums[1].value();
  out.rounding = detail::shared_plain_sum(shared.comm, out.rounding);
  out.log_weights = detail::shared_plain_sum(shared.comm, out.log_weights);
  return out;
}

// R², F, log-likelihood, AIC and BIC of `t` (n, degrees of freedom and exact_fit set).
void model_statistics(InferenceTable& t, const Sums& sums, bool intercept) {
  const double nn = static_cast<double>(t.n);
  const double df = static_cast<double>(t.df_residual);
  const double sigma2 = sums.rss / df;
  t.sigma = std::sqrt(sigma2);
  if (sums.tss > 0) {
    t.r2 = 1.0 - sums.rss / sums.tss;
    t.r2_adj = 1.0 - (1.0 - *t.r2) * (nn - (intercept ? 1.0 : 0.0)) / df;
  }
  if (t.df_model > 0 && sums.tss > 0 && !t.exact_fit) {
    const double m = static_cast<double>(t.df_model);
    t.f_stat = finite(((sums.tss - sums.rss) / m) / sigma2);
    if (t.f_stat) {
      t.f_p = boost::math::cdf(
          boost::math::complement(boost::math::fisher_f(m, df), std::max(*t.f_stat, 0.0)));
    }
  }
  if (t.exact_fit) return;  // log σ̂² is −∞ or rounding noise
  const double parameters = static_cast<double>(t.df_model) + (intercept ? 1.0 : 0.0);
  // Weighted: the whitened residuals' Gaussian likelihood in the original y, so + ½Σ log wᵢ.
  const double log_likelihood =
      -nn / 2.0 * (std::log(2.0 * std::numbers::pi) + std::log(sums.rss / nn) + 1.0) +
      sums.log_weights / 2.0;
  t.log_likelihood = finite(log_likelihood);
  t.aic = finite(-2.0 * log_likelihood + 2.0 * parameters);
  t.bic = finite(-2.0 * log_likelihood + std::log(nn) * parameters);
}

// se, t, p and the 95 % interval of one coefficient of variance `variance`.
TermInference term_inference(const InferenceTable& t, std::string name, double coef,
                             double variance, bool aliased) {
  TermInference r;
  r.name = std::move(name);
  r.coef = coef;
  r.aliased = aliased;
  if (aliased) return r;
  r.se = finite(std::sqrt(variance));
  if (t.exact_fit || !r.se) return r;
  r.t = finite(coef / *r.se);
  if (!r.t) return r;
  const boost::math::students_t student(static_cast<double>(t.df_inference));
  r.p = 2.0 * boost::math::cdf(boost::math::complement(student, std::abs(*r.t)));
  const double t_crit = boost::math::quantile(boost::math::complement(student, 0.025));
  r.ci_low = finite(coef - t_crit * *r.se);
  r.ci_high = finite(coef + t_crit * *r.se);
  return r;
}

void add_warnings(InferenceTable& t, const FitSummary& summary, const Sums& sums) {
  if (summary.stop_reason == StopReason::max_iterations ||
      summary.stop_reason == StopReason::diverged ||
      summary.stop_reason == StopReason::stopped_by_callback) {
    t.warnings.push_back(
        {WarningCode::not_converged,
         fmt::format(
             "gradient descent has not converged ({}): the statistics describe the point it "
             "stopped at, not "
             "the least-squares fit; use {} or more iterations",
             to_string(summary.stop_reason), mention(Setting::solver, "exact"))});
  }
  if (t.exact_fit) {
    t.warnings.push_back(
        {WarningCode::exact_fit,
         fmt::format(
             "the fit is exact: the residuals are 0 up to rounding (residual sum of squares "
             "{:.3g}), so the residual "
             "variance is 0 and the t statistics, p-values, confidence intervals, F test, "
             "log-likelihood, AIC and "
             "BIC are undefined",
             sums.rss)});
  }
  if (!(sums.tss > 0)) {
    t.warnings.push_back(
        {WarningCode::constant_target,
         "the target is constant (its sum of squares is 0): R², adjusted R² and the F test of the "
         "statistics are undefined (the metrics' R² follows scikit-learn: 1 when the predictions "
         "are "
         "exact, else 0)"});
  }
  if (!summary.aliased().empty()) {
    t.warnings.push_back(
        {WarningCode::aliased_terms,
         fmt::format("{} aliased term(s) have no standard error (NA)", summary.aliased().size())});
  }
  if (t.condition_number && *t.condition_number > 1e10) {
    t.warnings.push_back(
        {WarningCode::ill_conditioned,
         fmt::format("the condition number of the (centered, scaled) design is {:.3g}: the "
                     "coefficients are very "
                     "sensitive to the data; strong multicollinearity",
                     *t.condition_number)});
  }
}

}  // namespace

namespace {

// A table computed in power-of-two units (units.hpp), in the caller's units: t, p, R², F and the
// condition number do not depend on them; estimates, their errors and intervals scale exactly;
// the log-likelihood moves by −n·target·ln 2 (RSS scales by 2^(2·target)).
void from_units(InferenceTable& t, const detail::Units& units, bool intercept) {
  for (std::size_t k = 0; k < t.terms.size(); ++k) {
    const bool is_intercept = intercept && k == 0;
    const int shift =
        is_intercept ? units.target : units.target - units.column[k - (intercept ? 1 : 0)];
    TermInference& term = t.terms[k];
    term.coef = std::ldexp(term.coef, shift);
    for (Statistic* v : {&term.se, &term.ci_low, &term.ci_high}) {
      if (*v) *v = std::ldexp(**v, shift);
    }
  }
  t.sigma = std::ldexp(t.sigma, units.target);
  const double moved = static_cast<double>(t.n) * units.target * std::log(2.0);
  if (t.log_likelihood) *t.log_likelihood -= moved;
  if (t.aic) *t.aic += 2.0 * moved;
  if (t.bic) *t.bic += 2.0 * moved;
}

// How far gradient descent's coefficients are from the least-squares optimum, in standard errors
// (or, on an exact fit, relative to the largest coefficient), when that is not negligible.
void warn_distance_to_optimum(InferenceTable& t, const FitSummary& gd, const FitSummary& optimum,
                              bool intercept) {
  double in_se = 0.0, gap_max = 0.0, largest = std::numeric_limits<double>::min();
  for (std::size_t k = 0; k < t.terms.size(); ++k) {
    const TermInference& term = t.terms[k];
    if (term.aliased) continue;
    const bool is_intercept = intercept && k == 0;
    const Index j = static_cast<Index>(k) - (intercept ? 1 : 0);
    const double best = is_intercept ? optimum.model.intercept() : optimum.model.weights()[j];
    const double gap =
        std::abs((is_intercept ? gd.model.intercept() : gd.model.weights()[j]) - best);
    if (term.se && *term.se > 0.0) in_se = std::max(in_se, gap / *term.se);
    gap_max = std::max(gap_max, gap);
    largest = std::max(largest, std::abs(best));
  }
  const double relative = gap_max / largest;
  if (t.exact_fit && relative > 1e-9) {
    t.warnings.push_back({WarningCode::off_optimum,
                          fmt::format("gradient descent's coefficients are up to {:.2g} (relative) "
                                      "from the least-squares optimum, which fits "
                                      "exactly; use {}",
                                      relative, mention(Setting::solver, "exact"))});
  } else if (!t.exact_fit && in_se > 1e-3) {
    t.warnings.push_back(
        {WarningCode::off_optimum,
         fmt::format("gradient descent's coefficients are up to {:.2g} standard errors from the "
                     "least-squares optimum: t, p "
                     "and the intervals are for its coefficients; use {} for the optimum's",
                     in_se, mention(Setting::solver, "exact"))});
  }
}

// VIFⱼ = 1/(1 − R²ⱼ) = [(X̃ᵀX̃)⁻¹]ⱼⱼ·x̃ⱼᵀx̃ⱼ, X̃ the active columns centered (with an intercept)
// or as they are (without), from the coefficients' variances per unit σ² (`slopes`, in the order
// of `active`); NaN for the others. Weighted: of the whitened design, so R²ⱼ is that of the
// weighted regression of xⱼ on the others.
Vector variance_inflation(const detail::SharedRows& shared, const DatasetView& data,
                          const std::vector<Index>& active, bool intercept, const Vector& slopes) {
  Vector vif = Vector::Constant(data.n_features(), kNaN);
  const MatrixRef& X = data.X.matrix();
  for (std::size_t a = 0; a < active.size(); ++a) {
    const Index j = active[a];
    const double mean =
        intercept ? detail::weighted_mean(shared.comm, shared.weighted, data.weights, X.rows(),
                                          [&](Index i) { return DoubleDouble(X(i, j)); })
                        .value()
                  : 0.0;
    DoubleDouble squares;
    for (Index i = 0; i < X.rows(); ++i) {
      const DoubleDouble c = two_prod(X(i, j) - mean, X(i, j) - mean);
      squares += shared.weighted ? DoubleDouble(data.weights[static_cast<std::size_t>(i)]) * c : c;
    }
    vif[j] = slopes[static_cast<Index>(a)] * detail::shared_sum(shared.comm, squares).value();
  }
  return vif;
}

// F for all slopes 0 from the robust covariance v of (intercept, slopes): the Wald statistic
// wᵀV_ww⁻¹w/m against F(m, df_inference), as statsmodels' fvalue under a robust covariance,
// with V_ww equilibrated first (C = D·V·D, D = diag(V)^-½: wᵀV⁻¹w = (Dw)ᵀC⁻¹(Dw)), so that
// features in very different units do not cost V's inverse its digits. Undefined, with a
// warning, where V_ww is singular (fewer clusters than slopes: G clusters' scores sum to 0, so
// the cluster covariance has rank G − 1 at most); statsmodels then reports a pseudo-inverse's
// statistic, which depends on the features' units.
void robust_f(InferenceTable& t, const Matrix& v, const Vector& slopes) {
  t.f_stat.reset();
  t.f_p.reset();
  const Index m = slopes.size();
  if (m == 0 || t.exact_fit || !t.r2) return;
  Matrix c = v.bottomRightCorner(m, m);
  Vector y = slopes;
  for (Index k = 0; k < m; ++k) {
    const double d = c(k, k) > 0.0 ? 1.0 / std::sqrt(c(k, k)) : 1.0;
    c.row(k) *= d;
    c.col(k) *= d;
    y[k] *= d;
  }
  const bool too_few_clusters = t.covariance == CovarianceType::cluster && t.clusters - 1 < m;
  const Eigen::LLT<Matrix> llt(c);
  if (too_few_clusters || llt.info() != Eigen::Success) {
    t.warnings.push_back(
        {WarningCode::rank_deficient,
         fmt::format("the robust covariance of the {} slopes is singular{}: the joint F test is "
                     "undefined (each coefficient's t is not)",
                     m,
                     too_few_clusters ? fmt::format(" (rank {} at most, from {} clusters)",
                                                    t.clusters - 1, t.clusters)
                                      : "")});
    return;
  }
  t.f_stat = finite(y.dot(llt.solve(y)) / static_cast<double>(m));
  if (t.f_stat) {
    t.f_p = boost::math::cdf(boost::math::complement(
        boost::math::fisher_f(static_cast<double>(m), static_cast<double>(t.df_inference)),
        std::max(*t.f_stat, 0.0)));
  }
}

// Units for the columns' and the target's largest magnitudes over every process's rows.
detail::Units units_over(const detail::SharedRows& shared, const DatasetView& data) {
  if (shared.comm.size() == 1) return detail::units_of(data);
  const MatrixRef& X = data.X.matrix();
  Vector columns = data.n_rows() == 0 || data.n_features() == 0
                       ? Vector(Vector::Zero(data.n_features()))
                       : Vector(X.cwiseAbs().colwise().maxCoeff().transpose());
  detail::shared_max(shared.comm, columns);
  const double target =
      detail::shared_max(shared.comm, data.n_rows() == 0 ? 0.0 : data.y.cwiseAbs().maxCoeff());
  return detail::units_for(columns, target, true);
}

// The table without the diagnostics, of column-major data (this process's share of the rows).
InferenceTable statistics(const detail::SharedRows& shared, const DatasetView& data,
                          const FitSummary& summary, const FitOptions& options,
                          const CovarianceOptions& covariance) {
  if (const detail::Units units = units_over(shared, data); units.any()) {
    InferenceTable table = statistics(shared, detail::in_units(data, units),
                                      detail::to_units(summary, units), options, covariance);
    from_units(table, units, options.fit_intercept);
    return table;
  }
  const bool one_process = shared.comm.size() == 1;
  const Index n = shared.n;
  const Index d = data.n_features();
  const bool intercept = options.fit_intercept;
  InferenceTable t;
  t.n = n;
  t.weighted = shared.weighted;

  const std::vector<Index> active = detail::active_columns(data, summary);
  std::vector<bool> aliased(static_cast<std::size_t>(d), true);
  for (const Index j : active) aliased[static_cast<std::size_t>(j)] = false;
  const auto m = static_cast<Index>(active.size());
  const Index parameters = m + (intercept ? 1 : 0);
  t.df_model = m;
  t.df_residual = n - parameters;
  t.df_inference = t.df_residual;
  t.covariance = covariance.type;
  t.hac_lags = covariance.lags;
  if (t.df_residual <= 0) {
    throw DataError(fmt::format(
        "the statistics table needs more rows than coefficients: {} rows, {} coefficients", n,
        parameters));
  }
  const bool has_low = data.X_low != nullptr;
  const auto x = [&](Index i, Index j) {
    return has_low ? DoubleDouble(data.X(i, j), (*data.X_low)(i, j)) : DoubleDouble(data.X(i, j));
  };

  // The table is the least-squares fit's. Gradient descent stops near the optimum, not at it: σ²
  // and the exact-fit rule come from the optimum itself (an exact solve), or on a perfect fit
  // its leftover error would pass for noise and an irrelevant column for a significant one.
  const bool iterative = options.solver == SolverKind::gradient_descent;
  if (iterative && !one_process)
    throw UsageError("the statistics of a distributed gradient descent fit are not computed yet");
  FitSummary optimum;
  if (iterative) {
    FitOptions exact = options;
    exact.solver = SolverKind::exact;
    exact.callbacks.clear();
    optimum = fit_with(ExactSolver(), data, exact);
  }
  const Sums sums =
      sums_of_squares(shared, data, iterative ? optimum : summary, active, intercept, x);
  t.exact_fit = sums.rss <= exact_fit_bound(sums, m);
  model_statistics(t, sums, intercept);
  const double sigma2 = t.sigma * t.sigma;
  const double nn = static_cast<double>(n);
  const Vector& w = summary.model.weights();

  // Covariance of the coefficients: σ²·(X̃ᵀX̃)⁻¹, from the structure of a wide one-hot block when
  // there is one, else through the centered, scaled active columns.
  Vector var_w = Vector::Constant(d, kNaN);
  Vector vif = Vector::Constant(d, kNaN);
  double var_b =
      sigma2 / (shared.weighted
                    ? detail::shared_sum(shared.comm, detail::weight_sum(data.weights)).value()
                    : nn);
  if (m > 0) {
    std::optional<detail::CoefficientVariances> c;
    if (one_process) c = detail::absorbed_variances(data, active, intercept);
    if (!c) c = detail::dense_variances(shared, data, active, intercept);
    t.condition_number = finite(c->condition);
    for (Index a = 0; a < m; ++a)
      var_w[active[static_cast<std::size_t>(a)]] = sigma2 * c->slopes[a];
    var_b = sigma2 * c->intercept;
    vif = variance_inflation(shared, data, active, intercept, c->slopes);
  }
  const bool crosses = covariance.type == CovarianceType::cluster ||
                       covariance.type == CovarianceType::hac;  // terms across processes
  if (crosses && !one_process)
    throw UsageError("the cluster and HAC covariances of a distributed fit are not computed yet");
  if (covariance.type != CovarianceType::nonrobust && parameters > 0) {
    const detail::RobustCovariance robust =
        detail::robust_covariance(shared, data, active, intercept,
                                  detail::whitened_residuals(data, summary.model), covariance);
    const Index offset = intercept ? 1 : 0;
    if (intercept) var_b = robust.covariance(0, 0);
    Vector slopes(m);
    for (Index a = 0; a < m; ++a) {
      const Index j = active[static_cast<std::size_t>(a)];
      var_w[j] = robust.covariance(offset + a, offset + a);
      slopes[a] = w[j];
    }
    if (covariance.type == CovarianceType::cluster) {
      t.clusters = robust.groups;
      t.df_inference = robust.groups - 1;
    }
    robust_f(t, robust.covariance, slopes);
  }

  if (intercept)
    t.terms.push_back(term_inference(t, "(intercept)", summary.model.intercept(), var_b, false));
  for (Index j = 0; j < d; ++j) {
    t.terms.push_back(term_inference(t, data.feature_names[static_cast<std::size_t>(j)], w[j],
                                     var_w[j], aliased[static_cast<std::size_t>(j)]));
    if (!t.terms.back().aliased) t.terms.back().vif = finite(vif[j]);
  }
  add_warnings(t, summary, sums);
  if (iterative) warn_distance_to_optimum(t, summary, optimum, intercept);
  return t;
}

}  // namespace

InferenceTable infer(const DatasetView& data, const FitSummary& summary, const FitOptions& options,
                     const CovarianceOptions& covariance) {
  if (summary.penalized) {
    throw UsageError(
        "the statistics table is ordinary least squares': a penalized fit's coefficients are "
        "shrunk on purpose, and its standard errors, t and p-values would not mean what they say");
  }
  data.check_shape();
  // The table reads whole columns: a row-major design is copied (column-major) first.
  if (data.X.is_row_major()) return infer(column_major_copy(data), summary, options, covariance);
  // A row of weight 0 takes no part: n counts the others (R's lm; statsmodels' WLS counts every
  // row it is given).
  CovarianceOptions kept_covariance = covariance;
  if (const std::optional<Dataset> kept =
          detail::without_zero_weights(data, kept_covariance.clusters))
    return infer(*kept, summary, options, kept_covariance);
  covariance.validate(data.n_rows());
  const SingleProcess one;
  const detail::SharedRows shared{one, data.n_rows(), data.weighted()};
  InferenceTable table = statistics(shared, data, summary, options, covariance);
  // In the caller's units: the raw condition number depends on them.
  table.diagnostics =
      detail::residual_diagnostics(shared, data, summary.model, options.fit_intercept);
  return table;
}

namespace detail {

InferenceTable infer_shared(const SharedRows& shared, const DatasetView& data,
                            const FitSummary& summary, const FitOptions& options,
                            const CovarianceOptions& covariance) {
  covariance.validate(shared.n);
  InferenceTable table = statistics(shared, data, summary, options, covariance);
  table.diagnostics = residual_diagnostics(shared, data, summary.model, options.fit_intercept);
  return table;
}

}  // namespace detail

}  // namespace linreg
