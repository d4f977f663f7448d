#include "linreg/fit_options.hpp"

#include <cmath>
#include <stdexcept>

#include "linreg/fit_summary.hpp"

namespace linreg {

void GradientDescentOptions::validate() const {
  if (learning_rate && !(std::isfinite(*learning_rate) && *learning_rate > 0.0)) {
    throw std::invalid_argument("learning_rate must be a finite number > 0 (or automatic), got " +
                                std::to_string(*learning_rate));
  }
  if (max_iterations < 1) {
    throw std::invalid_argument("max_iterations must be >= 1, got " +
                                std::to_string(max_iterations));
  }
  if (!(std::isfinite(tolerance) && tolerance >= 0.0)) {
    throw std::invalid_argument("tolerance must be a finite number >= 0, got " +
                                std::to_string(tolerance));
  }
}

void FitOptions::validate() const {
  gradient_descent.validate();
  for (const auto& callback : callbacks) {
    if (!callback) throw std::invalid_argument("callbacks: an empty callback was given");
  }
}

std::string to_string(SolverKind kind) {
  switch (kind) {
    case SolverKind::gradient_descent: return "gd";
    case SolverKind::exact: return "exact";
    case SolverKind::cholesky: return "cholesky";
    case SolverKind::svd: return "svd";
  }
  return "?";
}

std::string to_string(Scaling scaling) {
  switch (scaling) {
    case Scaling::standard: return "standard";
    case Scaling::none: return "none";
  }
  return "?";
}

SolverKind parse_solver_kind(const std::string& name) {
  if (name == "gd") return SolverKind::gradient_descent;
  if (name == "exact") return SolverKind::exact;
  if (name == "cholesky") return SolverKind::cholesky;
  if (name == "svd") return SolverKind::svd;
  throw std::invalid_argument("unknown solver '" + name + "' (expected gd, exact, cholesky or svd)");
}

std::string to_string(GradientSource source) {
  switch (source) {
    case GradientSource::manual: return "manual";
    case GradientSource::autograd: return "autograd";
    case GradientSource::tensor_formulas: return "tensor formulas";
  }
  return "?";
}

std::string to_string(Precision precision) { return precision == Precision::f64 ? "f64" : "f32"; }

Precision parse_precision(const std::string& name) {
  if (name == "f64") return Precision::f64;
  if (name == "f32") return Precision::f32;
  throw std::invalid_argument("unknown dtype '" + name + "' (expected f64 or f32)");
}

GradientSource parse_gradient_source(const std::string& name) {
  if (name == "manual") return GradientSource::manual;
  if (name == "autograd") return GradientSource::autograd;
  throw std::invalid_argument("unknown gradient source '" + name + "' (expected manual or autograd)");
}

Scaling parse_scaling(const std::string& name) {
  if (name == "standard") return Scaling::standard;
  if (name == "none") return Scaling::none;
  throw std::invalid_argument("unknown scaling '" + name + "' (expected standard or none)");
}

std::string to_string(StopReason reason) {
  switch (reason) {
    case StopReason::converged: return "converged";
    case StopReason::max_iterations: return "max_iterations";
    case StopReason::diverged: return "diverged";
    case StopReason::stopped_by_callback: return "stopped_by_callback";
    case StopReason::solved: return "solved";
  }
  return "?";
}

}  // namespace linreg
