#pragma once
// What to fit and how: a plain struct with defaults, validated before use.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "linreg/names.hpp"
#include "linreg/penalty_options.hpp"
#include "linreg/types.hpp"

namespace linreg {

// penalized: ridge, lasso and elastic net (FitOptions::penalized; linreg/penalized.hpp).
enum class SolverKind { gradient_descent, exact, cholesky, svd, penalized };
inline constexpr NameTable<SolverKind, 5> kSolverNames{{{SolverKind::gradient_descent, "gd"},
                                                        {SolverKind::exact, "exact"},
                                                        {SolverKind::cholesky, "cholesky"},
                                                        {SolverKind::svd, "svd"},
                                                        {SolverKind::penalized, "penalized"}}};
enum class Scaling { standard, none };
inline constexpr NameTable<Scaling, 2> kScalingNames{
    {{Scaling::standard, "standard"}, {Scaling::none, "none"}}};

// What an iteration callback sees. `parameters` is θ = [w; b] in the units of the design the
// optimizer works on (standardized when scaling is on).
struct IterationInfo {
  long iteration = 0;  // 0-based: the loss is the one before this iteration's update
  double loss = 0.0;
  double gradient_norm = 0.0;
  const Vector* parameters = nullptr;
};

enum class CallbackAction { proceed, stop };
using IterationCallback = std::function<CallbackAction(const IterationInfo&)>;

// Where gradient descent gets ∇f: the formulas written out (the fused kernel), LibTorch's
// autograd (loss.backward(), as the tutorial does it), or the same formulas written with
// LibTorch tensor operations (the tutorial's by-hand section, float for float). The last two
// need a build with LibTorch.
enum class GradientSource { manual, autograd, tensor_formulas };
// The arithmetic of the data and the gradient passes: float64, or float32 (half the bytes to
// read; the tutorial's PyTorch default). With `manual` float32 runs the fused kernel on float32
// copies, the parameters staying double; the LibTorch sources run on float32 tensors.
enum class Precision { f64, f32 };
inline constexpr NameTable<Precision, 2> kPrecisionNames{
    {{Precision::f64, "f64"}, {Precision::f32, "f32"}}};

struct GradientDescentOptions {
  // Step size; empty = automatic: 1/L with L the Lipschitz constant of the gradient.
  std::optional<double> learning_rate;
  long max_iterations = 1000;
  // Converged when the parameters θ = [w; b] it iterates on (standardized features unless
  // Scaling::none) are certified within this of the least-squares optimum θ*:
  // ‖θ − θ*‖₂ ≤ tolerance·‖θ*‖₂ (see minimize()); 0 runs all iterations.
  double tolerance = 1e-12;
  GradientSource gradient = GradientSource::manual;
  Precision precision = Precision::f64;

  // Throws std::invalid_argument naming the bad field.
  void validate() const;
};

struct FitOptions {
  SolverKind solver = SolverKind::exact;
  // Gradient descent's: the direct solvers center and scale internally (by powers of two, exactly)
  // whatever this says, so for them it changes nothing. The penalized solver's: whether the
  // features are standardized before they are penalized (glmnet's standardize).
  Scaling scaling = Scaling::standard;
  // false: the model is y = X·w, without intercept (as R's `y ~ 0 + x`). Standardization then
  // divides by σ without centering, since no intercept could absorb the means.
  bool fit_intercept = true;
  GradientDescentOptions gradient_descent;
  PenaltyOptions penalized;  // the penalized solver's
  // Called once per gradient-descent iteration, in order; any may stop the loop.
  std::vector<IterationCallback> callbacks;

  // UsageError naming the field: gradient_descent.validate(), penalized.validate() (for the
  // penalized solver), an empty callback, float32 arithmetic with a solver other than gd.
  void validate() const;
};

[[nodiscard]] std::string to_string(SolverKind kind);
[[nodiscard]] std::string to_string(Scaling scaling);
// Inverses of to_string; throw UsageError listing the accepted names.
[[nodiscard]] SolverKind parse_solver_kind(const std::string& name);
[[nodiscard]] Scaling parse_scaling(const std::string& name);
[[nodiscard]] std::string to_string(GradientSource source);
[[nodiscard]] GradientSource parse_gradient_source(const std::string& name);  // manual, autograd
[[nodiscard]] std::string to_string(Precision precision);                     // f64, f32
[[nodiscard]] Precision parse_precision(const std::string& name);

}  // namespace linreg
