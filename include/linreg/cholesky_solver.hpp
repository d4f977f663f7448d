#pragma once
// Least squares by the normal equations ZᵀZ·u = Zᵀy (centered, scaled columns), factored by
// Cholesky with pivoting (LDLᵀ). Fast — one pass to form ZᵀZ, then O(d³) — but forming ZᵀZ
// squares the condition number: on ill-conditioned data it loses about twice as many digits as
// the QR solver (`exact`), which is the one to trust there. No refinement.
#include "linreg/solver.hpp"

namespace linreg {

class CholeskySolver final : public Solver {
 public:
  [[nodiscard]] SolverKind kind() const override { return SolverKind::cholesky; }
  // A pivot of D below max(n, d)·ε·max|D| marks an aliased column (weight 0, named).
  [[nodiscard]] FitSummary fit(const CheckedData& data, const FitOptions& options) const override;
};

}  // namespace linreg
