#pragma once
// Exact least squares by Householder QR with column pivoting (Eigen), on centered columns
// (so the intercept does not take part in the factorization), each scaled by a power of two,
// then refined: corrected semi-normal steps with residuals and Xᵀr in double-double, from the
// data as given (Dataset::X_low included), until the relative correction is below 1e-17.
// summary.direct->refinement_steps counts the refinement steps (2–3 on the NIST StRD datasets,
// which then agree with the certified coefficients to 13 digits or more).
#include "linreg/solver.hpp"

namespace linreg {

class ExactSolver final : public Solver {
 public:
  [[nodiscard]] SolverKind kind() const override { return SolverKind::exact; }
  // Rank deficiency: a column is aliased (a combination of the others and the intercept; R's lm
  // reports NA) when what is left of it after the columns pivoted before it is below
  // rank_tolerance() times the RMS of its raw values, i.e. within the rounding noise of the
  // stored values themselves. Its weight is 0 and it is named in summary.direct->aliased and a
  // warning.
  [[nodiscard]] FitSummary fit(const CheckedData& data, const FitOptions& options) const override;

  // The relative threshold: max(n, d)·ε, LAPACK's customary choice.
  [[nodiscard]] static double rank_tolerance(Index rows, Index cols);
};

}  // namespace linreg
