// Durbin–Watson, D'Agostino–Pearson's omnibus test, skew, kurtosis and Jarque–Bera of the
// residuals (scipy.stats' and statsmodels.stats.stattools' definitions: biased moments), and
// the raw design's condition number with statsmodels' notes.
#include "stats/diagnostics.hpp"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/reductions.hpp"
#include "direct/tall_qr.hpp"
#include "model/row_weights.hpp"
#include "stats/inverse_gram.hpp"

namespace linreg::detail {
namespace {

Statistic finite(double value) { return std::isfinite(value) ? Statistic(value) : std::nullopt; }

// D'Agostino (1970): the skewness test's z (scipy.stats.skewtest), for n ≥ 8. Where the skew is
// exactly 0 this gives z = 0 (scipy replaces that y by 1, a quirk this does not copy).
double skew_z(double skew, double n) {
  const double y = skew * std::sqrt((n + 1.0) * (n + 3.0) / (6.0 * (n - 2.0)));
  const double beta2 = 3.0 * (n * n + 27.0 * n - 70.0) * (n + 1.0) * (n + 3.0) /
                       ((n - 2.0) * (n + 5.0) * (n + 7.0) * (n + 9.0));
  const double w2 = -1.0 + std::sqrt(2.0 * (beta2 - 1.0));
  const double delta = 1.0 / std::sqrt(0.5 * std::log(w2));
  const double alpha = std::sqrt(2.0 / (w2 - 1.0));
  return delta * std::asinh(y / alpha);
}

// Anscombe and Glynn (1983): the kurtosis test's z (scipy.stats.kurtosistest), for n ≥ 5.
double kurtosis_z(double kurtosis, double n) {
  const double mean = 3.0 * (n - 1.0) / (n + 1.0);
  const double variance =
      24.0 * n * (n - 2.0) * (n - 3.0) / ((n + 1.0) * (n + 1.0) * (n + 3.0) * (n + 5.0));
  const double x = (kurtosis - mean) / std::sqrt(variance);
  const double root_beta1 = 6.0 * (n * n - 5.0 * n + 2.0) / ((n + 7.0) * (n + 9.0)) *
                            std::sqrt(6.0 * (n + 3.0) * (n + 5.0) / (n * (n - 2.0) * (n - 3.0)));
  const double a = 6.0 + 8.0 / root_beta1 *
                             (2.0 / root_beta1 + std::sqrt(1.0 + 4.0 / (root_beta1 * root_beta1)));
  const double term1 = 1.0 - 2.0 / (9.0 * a);
  const double denominator = 1.0 + x * std::sqrt(2.0 / (a - 4.0));
  if (denominator == 0.0) return std::nan("");
  const double term2 =
      std::copysign(std::cbrt((1.0 - 2.0 / a) / std::abs(denominator)), denominator);
  return (term1 - term2) / std::sqrt(2.0 / (9.0 * a));
}

}  // namespace

Vector residuals(const DatasetView& data, const LinearModel& model) {
  Vector r = data.y.array() - model.intercept();
  const MatrixRef& X = data.X.matrix();
  for (Index j = 0; j < X.cols(); ++j) {
    const double w = model.weights()[j];
    if (w == 0.0) continue;
    r.noalias() -= w * X.col(j);
    if (data.X_low != nullptr) r.noalias() -= w * data.X_low->col(j);
  }
  return r;
}

Vector whitened_residuals(const DatasetView& data, const LinearModel& model) {
  Vector r = residuals(data, model);
  if (data.weighted()) r.array() *= root_weights(data).array();
  return r;
}

namespace {

// `r`: this process's residuals, in row order; the processes' rows follow each other in rank
// order, so the Durbin–Watson sum takes the pair across each boundary too.
void residual_tests(const SharedRows& shared, const Vector& r, Diagnostics& out) {
  const Index count = shared.n;
  const auto n = static_cast<double>(count);
  const Communicator& comm = shared.comm;
  const double sum_squares = shared_plain_sum(comm, r.squaredNorm());
  double differences = 0.0;
  for (Index i = 1; i < r.size(); ++i) differences += (r[i] - r[i - 1]) * (r[i] - r[i - 1]);
  if (comm.size() > 1) {
    // Each process's first and last residual, for the pairs across the boundaries.
    const double ends[3] = {r.size() > 0 ? 1.0 : 0.0, r.size() > 0 ? r[0] : 0.0,
                            r.size() > 0 ? r[r.size() - 1] : 0.0};
    const std::vector<std::string> all =
        comm.all_gather(std::string(reinterpret_cast<const char*>(ends), sizeof ends));
    double before = 0.0;
    bool any = false;
    for (int k = 0; k < comm.rank(); ++k) {
      double theirs[3];
      std::memcpy(theirs, all[static_cast<std::size_t>(k)].data(), sizeof theirs);
      if (theirs[0] == 0.0) continue;
      before = theirs[2];
      any = true;
    }
    if (any && r.size() > 0) differences += (r[0] - before) * (r[0] - before);
    differences = shared_plain_sum(comm, differences);
  }
  if (count >= 2 && sum_squares > 0.0) out.durbin_watson = finite(differences / sum_squares);
  // Central moments about the residuals' own mean (0 with an intercept, to rounding), biased.
  const double mean = comm.size() == 1 ? r.mean() : shared_plain_sum(comm, r.sum()) / n;
  double m2 = 0.0, m3 = 0.0, m4 = 0.0;
  for (Index i = 0; i < r.size(); ++i) {
    const double c = r[i] - mean;
    const double c2 = c * c;
    m2 += c2;
    m3 += c2 * c;
    m4 += c2 * c2;
  }
  m2 = shared_plain_sum(comm, m2), m3 = shared_plain_sum(comm, m3), m4 = shared_plain_sum(comm, m4);
  m2 /= n, m3 /= n, m4 /= n;
  if (!(m2 > 0.0)) return;  // an exact fit: the shape of nothing
  const double skew = m3 / std::pow(m2, 1.5);
  const double kurtosis = m4 / (m2 * m2);
  out.skew = finite(skew);
  out.kurtosis = finite(kurtosis);
  const double jb = n / 6.0 * (skew * skew + 0.25 * (kurtosis - 3.0) * (kurtosis - 3.0));
  out.jarque_bera = finite(jb);
  if (out.jarque_bera) out.jarque_bera_p = std::exp(-0.5 * jb);  // χ²(2)'s upper tail
  if (count >= 8) {
    const double zs = skew_z(skew, n), zk = kurtosis_z(kurtosis, n);
    out.omnibus = finite(zs * zs + zk * zk);
    if (out.omnibus) out.omnibus_p = std::exp(-0.5 * *out.omnibus);
  }
}

// The singular values of [1, X] (or X) from the R of a tall-skinny QR, a block of rows at a time:
// λ(XᵀX) = s², to the relative accuracy of s (statsmodels takes eigvalsh of XᵀX formed).
void raw_condition(const SharedRows& shared, const DatasetView& data, bool intercept,
                   Diagnostics& out) {
  const Index d = data.n_features() + (intercept ? 1 : 0);
  const Index n = data.n_rows();
  // Past kExactConditionLimit columns the QR and SVD of the raw design cost O(n·d²) and O(d³)
  // (minutes for Cars24's 3,244 one-hot columns, where the table itself takes a second): left
  // undefined there.
  if (d == 0 || d > kExactConditionLimit) return;
  const MatrixRef& X = data.X.matrix();
  const Vector root = root_weights(data);
  TallQr qr(d);
  Matrix block;
  for (Index start = 0; start < n; start += kFoldRows) {
    const Index m = std::min(kFoldRows, n - start);
    block.resize(m, d);
    if (intercept) block.col(0).setOnes();
    block.rightCols(data.n_features()) = X.middleRows(start, m);
    if (data.weighted()) block = root.segment(start, m).asDiagonal() * block;
    qr.fold(block, Vector::Zero(m));
  }
  if (shared.comm.size() > 1) qr.r = merged_r(shared.comm, qr.r);
  const Eigen::JacobiSVD<Matrix> svd(qr.r.topRows(std::min(shared.n, d)));
  const Vector& s = svd.singularValues();
  const double largest = s[0];
  const double smallest = s.size() < d ? 0.0 : s[s.size() - 1];
  out.smallest_eigenvalue = smallest * smallest;
  if (smallest > 0.0) out.condition_number_raw = finite(largest / smallest);
  // statsmodels' notes, its thresholds and words.
  if (*out.smallest_eigenvalue < 1e-10) {
    out.notes.push_back(
        fmt::format("The smallest eigenvalue is {:.3g}. This might indicate that there are strong "
                    "multicollinearity problems or that the design matrix is singular.",
                    *out.smallest_eigenvalue));
  } else if (out.condition_number_raw && *out.condition_number_raw > 1000.0) {
    out.notes.push_back(fmt::format(
        "The condition number is large, {:.3g}. This might indicate that there are strong "
        "multicollinearity or other numerical problems.",
        *out.condition_number_raw));
  }
}

}  // namespace

Diagnostics residual_diagnostics(const SharedRows& shared, const DatasetView& data,
                                 const LinearModel& model, bool intercept) {
  Diagnostics out;
  residual_tests(shared, whitened_residuals(data, model), out);
  raw_condition(shared, data, intercept, out);
  return out;
}

}  // namespace linreg::detail
