#pragma once
// Batch gradient descent on any DifferentiableObjective.
#include <vector>

#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/objective.hpp"
#include "linreg/solver.hpp"

namespace linreg {

struct GradientDescentResult {
  Vector parameters;  // the final iterate, or the best one seen when the run diverged
  StopReason stop_reason = StopReason::max_iterations;
  long iterations = 0;
  double final_loss = 0.0;  // f at `parameters`
  double final_gradient_norm = 0.0;
  Vector final_gradient;  // ∇f at `parameters`
  std::vector<double> loss_history;
  double learning_rate = 0.0;
  double lipschitz_constant = 0.0;
  std::string message;  // why it diverged, with the step size to use instead
};

// Minimizes `objective` from `start`. A growing or non-finite loss stops the run with
// StopReason::diverged; the result then holds the best finite iterate seen.
//
// The stop rule certifies the parameters. For a quadratic f with Hessian H whose smallest
// (nonzero) eigenvalue is μ = `curvature`, the distance to the minimizer is ‖θ − θ*‖ ≤ ‖∇f(θ)‖/μ,
// so the run stops as converged once (1 + tol)·‖∇f(θ)‖ ≤ μ·tol·‖θ‖, which implies
// ‖θ − θ*‖ ≤ tol·‖θ*‖ (2-norms; θ* the minimizer nearest the start when it is not unique). With
// `curvature` 0 (unknown) no convergence is claimed: it runs every iteration unless ∇f is exactly
// 0.
GradientDescentResult minimize(const DifferentiableObjective& objective, Vector start,
                               const GradientDescentOptions& options,
                               const std::vector<IterationCallback>& callbacks = {},
                               double curvature = 0.0);

class GradientDescentSolver final : public Solver {
 public:
  [[nodiscard]] SolverKind kind() const override { return SolverKind::gradient_descent; }
  // Standardizes the features (Scaling::standard; wide one-hot blocks as level codes, standardized
  // implicitly) or, unscaled, warns when their scales are far apart; the model comes back in the
  // data's units, with the scaler.
  [[nodiscard]] FitSummary fit(const CheckedData& data, const FitOptions& options) const override;
};

}  // namespace linreg
