#include "linreg/inference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include "linreg/double_double.hpp"
#include "linreg/errors.hpp"
#include "units.hpp"

namespace linreg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Above this many coefficients the covariance comes from the double R alone (the
// double-double correction below costs O(m³) in double-double).
constexpr Index kRefinedCovarianceLimit = 200;

// diag((ZᵀZ)⁻¹) and u = (ZᵀZ)⁻¹·v for the centered, scaled active columns Z (given exactly by
// the data, X_low included). T = R⁻¹ from a double QR preconditions: A = Tᵀ(ZᵀZ)T ≈ I is
// formed in double-double, so (ZᵀZ)⁻¹ = T·A⁻¹·Tᵀ whatever rounding T carries — only A's own
// (tiny) conditioning matters. This is what keeps standard errors accurate on Filip.
struct Covariance {
  Vector diagonal;     // diag((ZᵀZ)⁻¹)
  double quadratic;    // vᵀ(ZᵀZ)⁻¹v
  double condition;    // of Z
};

Covariance covariance(const std::vector<std::vector<DoubleDouble>>& z, Index n, Index m, const Vector& v) {
  Matrix z_double(n, m);
  for (Index j = 0; j < m; ++j) {
    for (Index i = 0; i < n; ++i) z_double(i, j) = z[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)].value();
  }
  const Eigen::HouseholderQR<Matrix> qr(z_double);
  const Matrix R = qr.matrixQR().topLeftCorner(m, m).triangularView<Eigen::Upper>();
  Covariance out;
  {
    const Eigen::JacobiSVD<Matrix> svd(R);
    const auto& s = svd.singularValues();
    out.condition = s[m - 1] > 0 ? s[0] / s[m - 1] : std::numeric_limits<double>::infinity();
  }
  const Matrix T = R.triangularView<Eigen::Upper>().solve(Matrix::Identity(m, m));
  if (m > kRefinedCovarianceLimit) {
    out.diagonal = T.rowwise().squaredNorm();
    const Vector u = T.transpose() * v;
    out.quadratic = u.squaredNorm();
    return out;
  }
  // W = Z·T in double-double, then A = WᵀW.
  std::vector<std::vector<DoubleDouble>> w(static_cast<std::size_t>(m),
                                           std::vector<DoubleDouble>(static_cast<std::size_t>(n)));
  for (Index k = 0; k < m; ++k) {
    for (Index i = 0; i < n; ++i) {
      DoubleDouble sum;
      for (Index j = 0; j <= k; ++j) sum += z[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)] * T(j, k);
      w[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)] = sum;
    }
  }
  Matrix A(m, m);
  for (Index a = 0; a < m; ++a) {
    for (Index b = 0; b <= a; ++b) {
      DoubleDouble sum;
      for (Index i = 0; i < n; ++i) {
        sum += w[static_cast<std::size_t>(a)][static_cast<std::size_t>(i)] * w[static_cast<std::size_t>(b)][static_cast<std::size_t>(i)];
      }
      A(a, b) = A(b, a) = sum.value();
    }
  }
  const Matrix A_inv = A.llt().solve(Matrix::Identity(m, m));
  // diag(T·A⁻¹·Tᵀ) and vᵀ·T·A⁻¹·Tᵀ·v, accumulated in double-double.
  out.diagonal.resize(m);
  for (Index j = 0; j < m; ++j) {
    DoubleDouble sum;
    for (Index k = j; k < m; ++k) {
      for (Index l = j; l < m; ++l) sum += DoubleDouble(T(j, k)) * (DoubleDouble(A_inv(k, l)) * T(j, l));
    }
    out.diagonal[j] = sum.value();
  }
  std::vector<DoubleDouble> u(static_cast<std::size_t>(m));
  for (Index k = 0; k < m; ++k) {
    DoubleDouble sum;
    for (Index j = 0; j <= k; ++j) sum += DoubleDouble(T(j, k)) * v[j];
    u[static_cast<std::size_t>(k)] = sum;
  }
  DoubleDouble quadratic;
  for (Index k = 0; k < m; ++k) {
    for (Index l = 0; l < m; ++l) quadratic += u[static_cast<std::size_t>(k)] * (u[static_cast<std::size_t>(l)] * A_inv(k, l));
  }
  out.quadratic = quadratic.value();
  return out;
}

}  // namespace

namespace {

// A table computed in power-of-two units (units.hpp), in the caller's units: t, p, R², F and the
// condition number do not depend on them; estimates, their errors and intervals scale exactly;
// the log-likelihood moves by −n·target·ln 2 (RSS scales by 2^(2·target)).
void from_units(InferenceTable& t, const detail::Units& units, bool intercept) {
  for (std::size_t k = 0; k < t.terms.size(); ++k) {
    const bool is_intercept = intercept && k == 0;
    const int shift = is_intercept ? units.target : units.target - units.column[k - (intercept ? 1 : 0)];
    TermInference& term = t.terms[k];
    for (double* v : {&term.coef, &term.se, &term.ci_low, &term.ci_high}) *v = std::ldexp(*v, shift);
  }
  t.sigma = std::ldexp(t.sigma, units.target);
  const double moved = static_cast<double>(t.n) * units.target * std::log(2.0);
  t.log_likelihood -= moved;
  t.aic += 2.0 * moved;
  t.bic += 2.0 * moved;
}

}  // namespace

InferenceTable infer(const Dataset& data, const FitSummary& summary, const FitOptions& options) {
  data.check_shape();
  if (const detail::Units units = detail::units_of(data); units.any()) {
    InferenceTable table = infer(detail::in_units(data, units), detail::to_units(summary, units), options);
    from_units(table, units, options.fit_intercept);
    return table;
  }
  const Index n = data.n_rows();
  const Index d = data.n_features();
  const bool intercept = options.fit_intercept;
  InferenceTable t;
  t.n = n;

  std::vector<bool> aliased(static_cast<std::size_t>(d), false);
  for (const auto& name : summary.aliased) {
    const auto it = std::find(data.feature_names.begin(), data.feature_names.end(), name);
    if (it != data.feature_names.end()) aliased[static_cast<std::size_t>(it - data.feature_names.begin())] = true;
  }
  std::vector<Index> active;
  for (Index j = 0; j < d; ++j) {
    if (!aliased[static_cast<std::size_t>(j)]) active.push_back(j);
  }
  const auto m = static_cast<Index>(active.size());
  const Index parameters = m + (intercept ? 1 : 0);
  t.df_model = m;
  t.df_residual = n - parameters;
  if (t.df_residual <= 0) {
    throw DataError(fmt::format("the statistics table needs more rows than coefficients: {} rows, {} coefficients",
                                n, parameters));
  }
  const bool has_low = data.X_low.size() != 0;
  const auto x = [&](Index i, Index j) {
    return has_low ? DoubleDouble(data.X(i, j), data.X_low(i, j)) : DoubleDouble(data.X(i, j));
  };

  // Residual and total sums of squares in double-double.
  const Vector& w = summary.model.weights();
  const DoubleDouble b = summary.model.intercept();
  DoubleDouble rss, y_sum;
  for (Index i = 0; i < n; ++i) y_sum += data.y[i];
  const DoubleDouble y_mean = DoubleDouble(y_sum.hi / static_cast<double>(n)) +
                              DoubleDouble((y_sum - two_prod(y_sum.hi / static_cast<double>(n), static_cast<double>(n))).value() / static_cast<double>(n));
  DoubleDouble tss;
  for (Index i = 0; i < n; ++i) {
    DoubleDouble r = DoubleDouble(data.y[i]) - b;
    for (const Index j : active) r -= x(i, j) * w[j];
    rss += r * r;
    const DoubleDouble c = intercept ? DoubleDouble(data.y[i]) - y_mean : DoubleDouble(data.y[i]);
    tss += c * c;
  }
  const double RSS = rss.value();
  const double TSS = tss.value();
  const double sigma2 = RSS / static_cast<double>(t.df_residual);
  t.sigma = std::sqrt(sigma2);
  t.r2 = TSS > 0 ? 1.0 - RSS / TSS : (RSS == 0 ? 1.0 : 0.0);
  const double k = intercept ? 1.0 : 0.0;
  t.r2_adj = 1.0 - (1.0 - t.r2) * (static_cast<double>(n) - k) / static_cast<double>(t.df_residual);
  if (m > 0) {
    t.f_stat = ((TSS - RSS) / static_cast<double>(m)) / sigma2;  // +inf for a perfect fit
    t.f_p = std::isfinite(t.f_stat)
                ? boost::math::cdf(boost::math::complement(
                      boost::math::fisher_f(static_cast<double>(m), static_cast<double>(t.df_residual)),
                      std::max(t.f_stat, 0.0)))
                : 0.0;
  } else {
    t.f_stat = t.f_p = kNaN;
  }
  const double nn = static_cast<double>(n);
  t.log_likelihood = -nn / 2.0 * (std::log(2.0 * std::numbers::pi) + std::log(RSS / nn) + 1.0);
  t.aic = -2.0 * t.log_likelihood + 2.0 * static_cast<double>(parameters);
  t.bic = -2.0 * t.log_likelihood + std::log(nn) * static_cast<double>(parameters);

  // Covariance of the coefficients: σ²·(X̃ᵀX̃)⁻¹, through the centered, scaled active columns.
  Vector var_w = Vector::Constant(d, kNaN);
  double var_b = sigma2 / nn;
  if (m > 0) {
    std::vector<std::vector<DoubleDouble>> z(static_cast<std::size_t>(m),
                                             std::vector<DoubleDouble>(static_cast<std::size_t>(n)));
    Vector scale(m), v(m);
    for (Index a = 0; a < m; ++a) {
      const Index j = active[static_cast<std::size_t>(a)];
      DoubleDouble mean;
      if (intercept) {
        DoubleDouble sum;
        for (Index i = 0; i < n; ++i) sum += x(i, j);
        mean = DoubleDouble(sum.hi / nn) + DoubleDouble((sum - two_prod(sum.hi / nn, nn)).value() / nn);
      }
      const double rms = data.X.col(j).norm() / std::sqrt(nn);
      scale[a] = rms > 0 ? std::ldexp(1.0, std::ilogb(rms)) : 1.0;
      for (Index i = 0; i < n; ++i) {
        const DoubleDouble c = x(i, j) - mean;
        z[static_cast<std::size_t>(a)][static_cast<std::size_t>(i)] = DoubleDouble(c.hi / scale[a], c.lo / scale[a]);
      }
      v[a] = mean.value() / scale[a];
    }
    const Covariance c = covariance(z, n, m, v);
    t.condition_number = c.condition;
    for (Index a = 0; a < m; ++a) {
      const Index j = active[static_cast<std::size_t>(a)];
      var_w[j] = sigma2 * c.diagonal[a] / (scale[a] * scale[a]);
    }
    var_b = sigma2 * (1.0 / nn + c.quadratic);
  }

  const boost::math::students_t student(static_cast<double>(t.df_residual));
  const double t_crit = boost::math::quantile(boost::math::complement(student, 0.025));
  const auto term = [&](const std::string& name, double coef, double variance, bool is_aliased) {
    TermInference r;
    r.name = name;
    r.coef = coef;
    r.aliased = is_aliased;
    if (is_aliased) {
      r.se = r.t = r.p = r.ci_low = r.ci_high = kNaN;
      return r;
    }
    r.se = std::sqrt(variance);
    r.t = coef / r.se;
    r.p = std::isfinite(r.t) ? 2.0 * boost::math::cdf(boost::math::complement(student, std::abs(r.t))) : 0.0;
    r.ci_low = coef - t_crit * r.se;
    r.ci_high = coef + t_crit * r.se;
    return r;
  };
  if (intercept) t.terms.push_back(term("(intercept)", summary.model.intercept(), var_b, false));
  for (Index j = 0; j < d; ++j) {
    t.terms.push_back(term(data.feature_names[static_cast<std::size_t>(j)], w[j], var_w[j],
                           aliased[static_cast<std::size_t>(j)]));
  }
  if (summary.stop_reason == StopReason::max_iterations || summary.stop_reason == StopReason::diverged ||
      summary.stop_reason == StopReason::stopped_by_callback) {
    t.warnings.push_back(fmt::format(
        "gradient descent has not converged ({}): the statistics describe the point it stopped at, not "
        "the least-squares fit; use --solver exact or more iterations",
        to_string(summary.stop_reason)));
  }
  if (!summary.aliased.empty()) {
    t.warnings.push_back(fmt::format("{} aliased term(s) have no standard error (NA)", summary.aliased.size()));
  }
  if (t.condition_number > 1e10) {
    t.warnings.push_back(fmt::format(
        "the condition number of the (centered, scaled) design is {:.3g}: the coefficients are very "
        "sensitive to the data; strong multicollinearity",
        t.condition_number));
  }
  return t;
}

}  // namespace linreg
