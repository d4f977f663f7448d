#pragma once
// Least squares by the singular value decomposition of the centered, scaled design: the
// minimum-norm solution. Singular values below max(n, d)·ε·σ_max are treated as zero; with a
// rank-deficient design the weight is then spread over the collinear columns (smallest norm)
// instead of dropping some of them as `exact` does. No refinement.
#include "linreg/solver.hpp"

namespace linreg {

class SvdSolver final : public Solver {
 public:
  [[nodiscard]] SolverKind kind() const override { return SolverKind::svd; }
  [[nodiscard]] FitSummary fit(const CheckedData& data, const FitOptions& options) const override;
};

}  // namespace linreg
