#include "stats/robust_covariance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/reductions.hpp"
#include "direct/tall_qr.hpp"
#include "linreg/errors.hpp"
#include "model/row_weights.hpp"
#include "stats/inverse_gram.hpp"

namespace linreg {

std::string to_string(CovarianceType type) { return name_in(kCovarianceTypeNames, type); }

CovarianceType parse_covariance_type(const std::string& name) {
  return parse_in(kCovarianceTypeNames, "covariance type", name);
}

void CovarianceOptions::validate(Index rows) const {
  if ((type == CovarianceType::hac) != (lags >= 0))
    throw UsageError(type == CovarianceType::hac
                         ? "the HAC covariance needs its number of lags (0 or more)"
                         : fmt::format("lags are for the HAC covariance, not {}", to_string(type)));
  if (type == CovarianceType::hac && lags >= rows)
    throw UsageError(fmt::format(
        "{} lags for {} rows: the HAC covariance needs fewer lags than rows", lags, rows));
  if (type != CovarianceType::cluster) {
    if (!clusters.empty())
      throw UsageError(
          fmt::format("cluster ids are for the cluster covariance, not {}", to_string(type)));
    return;
  }
  if (static_cast<Index>(clusters.size()) != rows) {
    throw UsageError(
        fmt::format("{} cluster ids for {} rows: the cluster covariance needs one per row",
                    clusters.size(), rows));
  }
  std::vector<long> distinct = clusters;
  std::sort(distinct.begin(), distinct.end());
  if (std::unique(distinct.begin(), distinct.end()) - distinct.begin() < 2)
    throw UsageError("the cluster covariance needs at least 2 clusters");
}

namespace detail {

std::vector<Index> active_columns(const DatasetView& data, const FitSummary& summary) {
  const std::vector<std::string>& aliased = summary.aliased();
  std::vector<Index> active;
  for (Index j = 0; j < data.n_features(); ++j) {
    const std::string& name = data.feature_names[static_cast<std::size_t>(j)];
    if (std::find(aliased.begin(), aliased.end(), name) == aliased.end()) active.push_back(j);
  }
  return active;
}

CenteredFactor::CenteredFactor(const DatasetView& data, const std::vector<Index>& active,
                               bool intercept)
    : CenteredFactor(SharedRows{SingleProcess(), data.n_rows(), data.weighted()}, data, active,
                     intercept) {}

CenteredFactor::CenteredFactor(const SharedRows& shared, const DatasetView& data,
                               const std::vector<Index>& active, bool intercept)
    : x_(data.X.matrix()),
      active_(active),
      intercept_(intercept),
      k_(static_cast<Index>(active.size()) + (intercept ? 1 : 0)),
      root_(root_weights(data)) {
  const auto m = static_cast<Index>(active.size());
  mean_ = Vector::Zero(m);
  scale_ = Vector::Ones(m);
  // Means and mean squares over every process's rows (Eigen's mean(), sum()/size, on one).
  const Communicator& comm = shared.comm;
  const auto n_all = static_cast<double>(shared.n);
  for (Index a = 0; a < m; ++a) {
    const auto x = x_.col(active[static_cast<std::size_t>(a)]);
    if (!shared.weighted) {
      if (intercept) mean_[a] = shared_plain_sum(comm, x.sum()) / n_all;
      const double rms =
          std::sqrt(shared_plain_sum(comm, (x.array() - mean_[a]).square().sum()) / n_all);
      if (rms > 0.0) scale_[a] = rms;
      continue;
    }
    if (intercept)
      mean_[a] = weighted_mean(comm, true, data.weights, x.size(), [&](Index i) {
                   return DoubleDouble(x[i]);
                 }).value();
    const double rms = std::sqrt(
        shared_plain_sum(comm, ((x.array() - mean_[a]) * root_.array()).square().sum()) / n_all);
    if (rms > 0.0) scale_[a] = rms;
  }
  TallQr qr(k_);
  const Index n = x_.rows();
  for (Index start = 0; start < n; start += kFoldRows) {
    const Index rows = std::min(kFoldRows, n - start);
    qr.fold(z_rows(start, rows), Vector::Zero(rows));
  }
  r_ = comm.size() == 1 ? std::move(qr.r) : merged_r(comm, qr.r);
}

Matrix CenteredFactor::z_rows(Index start, Index rows) const {
  const Index offset = intercept_ ? 1 : 0;
  Matrix z(rows, k_);
  if (intercept_) z.col(0).setOnes();
  for (Index a = 0; a + offset < k_; ++a) {
    z.col(offset + a) =
        (x_.col(active_[static_cast<std::size_t>(a)]).segment(start, rows).array() - mean_[a]) /
        scale_[a];
  }
  if (root_.size() != 0) z = root_.segment(start, rows).asDiagonal() * z;
  return z;
}

Matrix CenteredFactor::q_rows(Index start, Index rows) const {
  Matrix q = z_rows(start, rows);
  r_.triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(q);  // q = z·R⁻¹
  return q;
}

Matrix CenteredFactor::to_data() const {
  const Index offset = intercept_ ? 1 : 0;
  Matrix t = Matrix::Zero(k_, k_);
  if (intercept_) t(0, 0) = 1.0;
  for (Index a = 0; a + offset < k_; ++a) {
    t(offset + a, offset + a) = 1.0 / scale_[a];
    if (intercept_) t(0, offset + a) = -mean_[a] / scale_[a];
  }
  return t;
}

Vector leverages(const DatasetView& data, const std::vector<Index>& active, bool intercept) {
  const CenteredFactor factor(data, active, intercept);
  const Index n = data.n_rows();
  Vector h(n);
  for (Index start = 0; start < n; start += kFoldRows) {
    const Index rows = std::min(kFoldRows, n - start);
    h.segment(start, rows) = factor.q_rows(start, rows).rowwise().squaredNorm();
  }
  return h;
}

RobustCovariance robust_covariance(const DatasetView& data, const std::vector<Index>& active,
                                   bool intercept, const Vector& residuals,
                                   const CovarianceOptions& options) {
  return robust_covariance(SharedRows{SingleProcess(), data.n_rows(), data.weighted()}, data,
                           active, intercept, residuals, options);
}

RobustCovariance robust_covariance(const SharedRows& shared, const DatasetView& data,
                                   const std::vector<Index>& active, bool intercept,
                                   const Vector& residuals, const CovarianceOptions& options) {
  const Index n = data.n_rows();
  const CenteredFactor factor(shared, data, active, intercept);
  const Index k = factor.columns();
  const auto r = factor.r().triangularView<Eigen::Upper>();

  // The meat Qᵀ·Ω·Q (or the clusters' score sums), a block of rows at a time.
  const CovarianceType type = options.type;
  Matrix meat = Matrix::Zero(k, k);
  std::map<long, Index> group_of;
  Matrix scores;  // cluster: Σ eᵢqᵢ per cluster (G × k); hac: eᵢqᵢ per row (n × k)
  if (type == CovarianceType::hac) scores.resize(n, k);
  if (type == CovarianceType::cluster) {
    for (const long g : options.clusters) group_of.emplace(g, 0);
    Index next = 0;
    for (auto& entry : group_of) entry.second = next++;
    scores = Matrix::Zero(next, k);
  }
  for (Index start = 0; start < n; start += kFoldRows) {
    const Index rows = std::min(kFoldRows, n - start);
    Matrix q = factor.q_rows(start, rows);
    for (Index i = 0; i < rows; ++i) {
      const double e = residuals[start + i];
      if (type == CovarianceType::cluster) {
        scores.row(group_of[options.clusters[static_cast<std::size_t>(start + i)]]) += e * q.row(i);
        continue;
      }
      if (type == CovarianceType::hac) {
        scores.row(start + i) = e * q.row(i);
        continue;
      }
      const double h = q.row(i).squaredNorm();
      double omega = e * e;
      if (type == CovarianceType::hc2) omega /= 1.0 - h;
      if (type == CovarianceType::hc3) omega /= (1.0 - h) * (1.0 - h);
      q.row(i) *= std::sqrt(omega);
    }
    if (type != CovarianceType::cluster && type != CovarianceType::hac)
      meat.selfadjointView<Eigen::Lower>().rankUpdate(q.transpose());
  }
  RobustCovariance out;
  if (type == CovarianceType::cluster) {
    meat.selfadjointView<Eigen::Lower>().rankUpdate(scores.transpose());
    out.groups = scores.rows();
  }
  if (type != CovarianceType::hac) meat.triangularView<Eigen::StrictlyUpper>() = meat.transpose();
  if (shared.comm.size() > 1) {  // HC0–HC3's meat over every process's rows
    if (type == CovarianceType::cluster || type == CovarianceType::hac)
      throw std::invalid_argument("robust_covariance: cluster and HAC are not distributed");
    std::vector<double> words(meat.data(), meat.data() + k * k);
    shared.comm.combine_in_order(words, add_plain);
    meat = Eigen::Map<const Matrix>(words.data(), k, k);
  }
  if (type ==
      CovarianceType::hac) {  // Γ₀ + Σ_l (1 − l/(L + 1))·(Γ_l + Γ_lᵀ), Γ_l = S_{l:}ᵀS_{:n−l}
    meat.noalias() = scores.transpose() * scores;
    for (Index l = 1; l <= options.lags; ++l) {
      const Matrix gamma = scores.bottomRows(n - l).transpose() * scores.topRows(n - l);
      meat += (1.0 - static_cast<double>(l) / static_cast<double>(options.lags + 1)) *
              (gamma + gamma.transpose());
    }
  }
  // V_z = R⁻¹·meat·R⁻ᵀ = R⁻¹·(R⁻¹·meat)ᵀ, meat being symmetric.
  Matrix half = meat;
  r.solveInPlace(half);
  Matrix v = half.transpose();
  r.solveInPlace(v);
  const double nn = static_cast<double>(shared.n), kk = static_cast<double>(k);
  if (type == CovarianceType::hc1) v *= nn / (nn - kk);
  if (type == CovarianceType::cluster) {
    const double g = static_cast<double>(out.groups);
    v *= g / (g - 1.0) * (nn - 1.0) / (nn - kk);
  }
  const Matrix t = factor.to_data();
  out.covariance = t * v * t.transpose();
  return out;
}

}  // namespace detail
}  // namespace linreg
