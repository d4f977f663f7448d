#pragma once
// The sandwich covariance of the coefficients (private to the library): linreg/covariance.hpp.
#include <vector>

#include "linreg/covariance.hpp"
#include "linreg/dataset.hpp"
#include "linreg/fit_summary.hpp"
#include "stats/shared_rows.hpp"

namespace linreg::detail {

// The columns of `data` the fit estimated: all but its aliased terms (summary.aliased()).
std::vector<Index> active_columns(const DatasetView& data, const FitSummary& summary);

// Z = [1, (X − x̄)/s] over the columns `active` (just X/s without intercept; s each column's RMS
// about its mean) and the R of a tall-skinny QR of it, from one pass over the rows: rows of
// Q = Z·R⁻¹ then come a block at a time, and the leverages hᵢ = ‖qᵢ‖² with them, without XᵀX
// or the n × n hat matrix. The centered columns are orthogonal to the constant one, so only the
// design's own conditioning enters. For weighted data each row of Z is multiplied by √wᵢ and
// x̄, s are the weighted mean and RMS (the whitened design, still orthogonal to its first column
// √w).
class CenteredFactor {
 public:
  CenteredFactor(const DatasetView& data, const std::vector<Index>& active, bool intercept);
  // Over every process's rows (this process's: `data`): the means and scales completed over the
  // processes, R merged by TSQR (z_rows, q_rows: this process's rows).
  CenteredFactor(const SharedRows& shared, const DatasetView& data,
                 const std::vector<Index>& active, bool intercept);
  [[nodiscard]] Index columns() const { return k_; }
  // Rows start … start + rows − 1 of Z, and of Q.
  [[nodiscard]] Matrix z_rows(Index start, Index rows) const;
  [[nodiscard]] Matrix q_rows(Index start, Index rows) const;
  [[nodiscard]] const Matrix& r() const { return r_; }
  // T with θ = T·θ_z: the data's (intercept, slopes) from Z's (wⱼ = w_zⱼ/sⱼ,
  // b = b_z − Σ x̄ⱼ·w_zⱼ/sⱼ).
  [[nodiscard]] Matrix to_data() const;

 private:
  const MatrixRef& x_;
  const std::vector<Index>& active_;
  bool intercept_;
  Index k_;
  Vector root_;  // √wᵢ, empty for unweighted data
  Vector mean_;
  Vector scale_;
  Matrix r_;
};

// The leverages hᵢ of the least-squares fit on the columns `active` (with the intercept's).
Vector leverages(const DatasetView& data, const std::vector<Index>& active, bool intercept);

struct RobustCovariance {
  Matrix covariance;  // of (intercept, the active slopes in order), or of the slopes alone
  Index groups = 0;   // clusters (cluster type)
};

// From the residuals e (one per row of `data`, column-major; whitened, √wᵢ·rᵢ, for weighted
// data) of the least-squares fit on the columns `active`: on Z through CenteredFactor, then carried
// to the data's parametrization, which is exact (the sandwich is equivariant).
RobustCovariance robust_covariance(const DatasetView& data, const std::vector<Index>& active,
                                   bool intercept, const Vector& residuals,
                                   const CovarianceOptions& options);
// Over every process's rows (`residuals`: this process's): HC0–HC3 (std::invalid_argument for
// the cluster and HAC types, whose terms cross processes).
RobustCovariance robust_covariance(const SharedRows& shared, const DatasetView& data,
                                   const std::vector<Index>& active, bool intercept,
                                   const Vector& residuals, const CovarianceOptions& options);

}  // namespace linreg::detail
