#include "stats/robust_covariance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "direct/tall_qr.hpp"
#include "linreg/errors.hpp"

namespace linreg {

std::string to_string(CovarianceType type) { return name_in(kCovarianceTypeNames, type); }

CovarianceType parse_covariance_type(const std::string& name) {
  return parse_in(kCovarianceTypeNames, "covariance type", name);
}

void CovarianceOptions::validate(Index rows) const {
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

RobustCovariance robust_covariance(const DatasetView& data, const std::vector<Index>& active,
                                   bool intercept, const Vector& residuals,
                                   const CovarianceOptions& options) {
  const MatrixRef& X = data.X.matrix();
  const Index n = X.rows();
  const auto m = static_cast<Index>(active.size());
  const Index offset = intercept ? 1 : 0;
  const Index k = m + offset;
  // The columns' means and scales: Z's columns have unit RMS.
  Vector mean = Vector::Zero(m), scale = Vector::Ones(m);
  for (Index a = 0; a < m; ++a) {
    const auto x = X.col(active[static_cast<std::size_t>(a)]);
    if (intercept) mean[a] = x.mean();
    const double rms = std::sqrt((x.array() - mean[a]).square().mean());
    if (rms > 0.0) scale[a] = rms;
  }
  const auto z_block = [&](Index start, Index rows) {
    Matrix z(rows, k);
    if (intercept) z.col(0).setOnes();
    for (Index a = 0; a < m; ++a) {
      z.col(offset + a) =
          (X.col(active[static_cast<std::size_t>(a)]).segment(start, rows).array() - mean[a]) /
          scale[a];
    }
    return z;
  };
  TallQr qr(k);
  for (Index start = 0; start < n; start += kFoldRows) {
    const Index rows = std::min(kFoldRows, n - start);
    qr.fold(z_block(start, rows), Vector::Zero(rows));
  }
  const auto r = qr.r.triangularView<Eigen::Upper>();

  // The meat Qᵀ·Ω·Q (or the clusters' score sums), a block of rows at a time.
  const CovarianceType type = options.type;
  Matrix meat = Matrix::Zero(k, k);
  std::map<long, Index> group_of;
  Matrix scores;  // cluster: Σ eᵢqᵢ per cluster (G × k)
  if (type == CovarianceType::cluster) {
    for (const long g : options.clusters) group_of.emplace(g, 0);
    Index next = 0;
    for (auto& entry : group_of) entry.second = next++;
    scores = Matrix::Zero(next, k);
  }
  for (Index start = 0; start < n; start += kFoldRows) {
    const Index rows = std::min(kFoldRows, n - start);
    Matrix q = z_block(start, rows);
    r.solveInPlace<Eigen::OnTheRight>(q);  // q = z·R⁻¹
    for (Index i = 0; i < rows; ++i) {
      const double e = residuals[start + i];
      if (type == CovarianceType::cluster) {
        scores.row(group_of[options.clusters[static_cast<std::size_t>(start + i)]]) += e * q.row(i);
        continue;
      }
      const double h = q.row(i).squaredNorm();
      double omega = e * e;
      if (type == CovarianceType::hc2) omega /= 1.0 - h;
      if (type == CovarianceType::hc3) omega /= (1.0 - h) * (1.0 - h);
      q.row(i) *= std::sqrt(omega);
    }
    if (type != CovarianceType::cluster)
      meat.selfadjointView<Eigen::Lower>().rankUpdate(q.transpose());
  }
  RobustCovariance out;
  if (type == CovarianceType::cluster) {
    meat.selfadjointView<Eigen::Lower>().rankUpdate(scores.transpose());
    out.groups = scores.rows();
  }
  meat.triangularView<Eigen::StrictlyUpper>() = meat.transpose();
  // V_z = R⁻¹·meat·R⁻ᵀ = R⁻¹·(R⁻¹·meat)ᵀ, meat being symmetric.
  Matrix half = meat;
  r.solveInPlace(half);
  Matrix v = half.transpose();
  r.solveInPlace(v);
  const double nn = static_cast<double>(n), kk = static_cast<double>(k);
  if (type == CovarianceType::hc1) v *= nn / (nn - kk);
  if (type == CovarianceType::cluster) {
    const double g = static_cast<double>(out.groups);
    v *= g / (g - 1.0) * (nn - 1.0) / (nn - kk);
  }
  // θ = T·θ_z: wⱼ = w_zⱼ/sⱼ, b = b_z − Σ x̄ⱼ·w_zⱼ/sⱼ.
  Matrix t = Matrix::Zero(k, k);
  if (intercept) t(0, 0) = 1.0;
  for (Index a = 0; a < m; ++a) {
    t(offset + a, offset + a) = 1.0 / scale[a];
    if (intercept) t(0, offset + a) = -mean[a] / scale[a];
  }
  out.covariance = t * v * t.transpose();
  return out;
}

}  // namespace detail
}  // namespace linreg
