#include "linreg/fit_options.hpp"

#include <cmath>
#include <stdexcept>

#include "linreg/errors.hpp"
#include "linreg/fit_summary.hpp"

namespace linreg {

void GradientDescentOptions::validate() const {
  if (learning_rate && !(std::isfinite(*learning_rate) && *learning_rate > 0.0)) {
    throw UsageError("learning_rate must be a finite number > 0 (or automatic), got " +
                     std::to_string(*learning_rate));
  }
  if (max_iterations < 1) {
    throw UsageError("max_iterations must be >= 1, got " + std::to_string(max_iterations));
  }
  if (!(std::isfinite(tolerance) && tolerance >= 0.0)) {
    throw UsageError("tolerance must be a finite number >= 0, got " + std::to_string(tolerance));
  }
}

void FitOptions::validate() const {
  gradient_descent.validate();
  if (solver == SolverKind::penalized) penalized.validate();
  if (gradient_descent.precision == Precision::f32 && solver != SolverKind::gradient_descent) {
    throw UsageError("float32 arithmetic is for gradient descent: the " + to_string(solver) +
                     " solver computes in float64");
  }
  for (const auto& callback : callbacks) {
    if (!callback) throw UsageError("callbacks: an empty callback was given");
  }
}

std::string to_string(GradientSource source) {
  switch (source) {
    case GradientSource::manual:
      return "manual";
    case GradientSource::autograd:
      return "autograd";
    case GradientSource::tensor_formulas:
      return "tensor formulas";
  }
  return "?";
}

GradientSource parse_gradient_source(const std::string& name) {
  if (name == "manual") return GradientSource::manual;
  if (name == "autograd") return GradientSource::autograd;
  throw UsageError("unknown gradient source '" + name + "' (expected manual or autograd)");
}

std::string to_string(SolverKind kind) { return name_in(kSolverNames, kind); }
SolverKind parse_solver_kind(const std::string& name) {
  return parse_in(kSolverNames, "solver", name);
}
std::string to_string(Scaling scaling) { return name_in(kScalingNames, scaling); }
Scaling parse_scaling(const std::string& name) { return parse_in(kScalingNames, "scaling", name); }
std::string to_string(Precision precision) { return name_in(kPrecisionNames, precision); }
Precision parse_precision(const std::string& name) {
  return parse_in(kPrecisionNames, "dtype", name);
}
std::string to_string(StopReason reason) { return name_in(kStopReasonNames, reason); }
StopReason parse_stop_reason(const std::string& name) {
  return parse_in(kStopReasonNames, "stop reason", name);
}

}  // namespace linreg
