#pragma once
// What a fit produced and why it stopped.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "linreg/fit_options.hpp"
#include "linreg/linear_model.hpp"
#include "linreg/penalized.hpp"
#include "linreg/scaler.hpp"
#include "linreg/warning.hpp"

namespace linreg {

enum class StopReason {
  converged,       // gd: the loss or gradient stopped changing; penalized: the KKT conditions hold
  max_iterations,  // gd: ran out of iterations first; penalized: ran out of sweeps
  diverged,        // gd: the loss grew or became non-finite; the best iterate is returned
  stopped_by_callback,  // gd: a callback asked to stop
  solved,               // exact, cholesky, svd, ridge: a direct solve, nothing iterative to stop
};

inline constexpr NameTable<StopReason, 5> kStopReasonNames{
    {{StopReason::converged, "converged"},
     {StopReason::max_iterations, "max_iterations"},
     {StopReason::diverged, "diverged"},
     {StopReason::stopped_by_callback, "stopped_by_callback"},
     {StopReason::solved, "solved"}}};
[[nodiscard]] std::string to_string(StopReason reason);
[[nodiscard]] StopReason parse_stop_reason(
    const std::string& name);  // UsageError for an unknown name

// What only gradient descent reports.
struct GradientDescentReport {
  long iterations = 0;               // updates made
  std::vector<double> loss_history;  // MSE before each update
  double final_gradient_norm = std::numeric_limits<double>::quiet_NaN();
  // The step size used, whether it was chosen automatically (1/L), and the stability limit 2/L.
  double learning_rate = std::numeric_limits<double>::quiet_NaN();
  bool learning_rate_auto = false;
  double largest_stable_learning_rate = std::numeric_limits<double>::quiet_NaN();
  Precision precision = Precision::f64;  // the arithmetic of the passes
  // When its convergence is checked (tolerance > 0, at most 500 parameters): ‖θ − θ*‖/‖θ*‖ of the
  // parameters it iterates on (standardized unless scaling is none) and f(θ) − f(θ*), the MSE
  // above the least-squares optimum's.
  std::optional<double> distance_to_optimum;
  std::optional<double> loss_above_optimum;
};

// What only the direct solvers (exact, cholesky, svd) report.
struct DirectReport {
  // Numerical rank of the design (features, without the intercept) and the features that were
  // found to be linear combinations of others (their weight is set to 0).
  Index rank = 0;
  std::vector<std::string> aliased;
  long refinement_steps = 0;  // exact: iterative-refinement steps of its solution (else 0)
};

// What only the penalized solver reports: the path it ran (one λ when the λ was given; the
// cross-validated grid otherwise, with path.cv) and the λ of the model it returned.
enum class LambdaChoice { given, cv_min, cv_1se };
inline constexpr NameTable<LambdaChoice, 3> kLambdaChoiceNames{
    {{LambdaChoice::given, "given"}, {LambdaChoice::cv_min, "min"}, {LambdaChoice::cv_1se, "1se"}}};

struct PenalizedReport {
  Penalty penalty = Penalty::lasso;
  double l1_ratio = 1.0;                // the effective one: 1 lasso, 0 ridge
  Scaling scaling = Scaling::standard;  // whether the features were standardized first
  LambdaChoice choice = LambdaChoice::given;
  Index index = 0;  // the model's column of the path
  PenalizedPath path;

  [[nodiscard]] double lambda() const { return path.lambdas[index]; }
  [[nodiscard]] Index nonzero() const { return path.nonzero[static_cast<std::size_t>(index)]; }
  [[nodiscard]] double kkt_violation() const { return path.kkt_violation[index]; }
  [[nodiscard]] long sweeps() const { return path.sweeps[static_cast<std::size_t>(index)]; }
};

struct FitSummary {
  // The model in the units of the original features: this is the one to use.
  LinearModel model;
  // The same model in the units of the design the solver saw (standardized features when
  // scaling is on); equal to `model` without scaling.
  LinearModel design_model;
  std::optional<StandardScaler> scaler;

  SolverKind solver = SolverKind::exact;
  StopReason stop_reason = StopReason::solved;
  // One line on how the fit ended: "converged after 412 iterations", "solved: rank 3 of 3, 2
  // refinement steps" (termination_message()).
  std::string message;
  double final_loss = std::numeric_limits<double>::quiet_NaN();  // training MSE of `model`
  // Each feature's mean over the rows fitted, as the data check found it (CheckedData): what a
  // model file of numeric inputs keeps to fill missing values with.
  Vector feature_means;

  // Exactly one of these is set: `gd` by gradient descent, `direct` by the direct solvers,
  // `penalized` by the penalized solver.
  std::optional<GradientDescentReport> gd;
  std::optional<DirectReport> direct;
  std::optional<PenalizedReport> penalized;

  // Gradient-descent updates made (0 for a direct solver), the features a direct solver found
  // aliased (none for gd): shorthands for the two questions every front end asks.
  [[nodiscard]] long iterations() const { return gd ? gd->iterations : 0; }
  [[nodiscard]] const std::vector<std::string>& aliased() const;

  std::vector<Warning> warnings;

  // One line for logs, as Ceres' BriefReport: the solver, the message, the training MSE and the
  // warnings' codes, e.g. "exact: solved: rank 3 of 3, 2 refinement steps; training MSE 0.25;
  // warnings: constant_feature".
  [[nodiscard]] std::string brief_report() const;
};

// The message of a summary whose solver, stop reason and report (iterations, or rank and
// refinement steps) are set, for a design of `features` columns.
[[nodiscard]] std::string termination_message(const FitSummary& summary, Index features);

}  // namespace linreg
