#pragma once
// Ridge, lasso and elastic net as a solver behind fit() (SolverKind::penalized, the options in
// FitOptions::penalized): the path of penalized_path(), and the model at the given λ or at the
// λ cross-validation chose. summary.penalized holds the path, the λ and how it was chosen;
// model and design_model are the same model, in the features' original units; final_loss is the
// model's training MSE. Stops as converged when the KKT conditions hold to the tolerance at
// the model's λ, max_iterations when its sweeps ran out first, solved for ridge.
#include "linreg/solver.hpp"

namespace linreg {

class PenalizedSolver final : public Solver {
 public:
  [[nodiscard]] SolverKind kind() const override { return SolverKind::penalized; }
  [[nodiscard]] FitSummary fit(const CheckedData& data, const FitOptions& options) const override;
};

}  // namespace linreg
