#include "linreg/fit_summary.hpp"

#include <fmt/format.h>

#include <string>

#include "linreg/number_format.hpp"

namespace linreg {

std::string termination_message(const FitSummary& s, Index features) {
  const long iterations = s.iterations();
  const std::string n = thousands(static_cast<double>(iterations));
  switch (s.stop_reason) {
    case StopReason::converged:
      return fmt::format("converged after {} iteration{}", n, iterations == 1 ? "" : "s");
    case StopReason::max_iterations:
      return fmt::format("ran all {} iterations (the limit)", n);
    case StopReason::diverged:
      return fmt::format("diverged at iteration {}", n);
    case StopReason::stopped_by_callback:
      return fmt::format("stopped at iteration {}", n);
    case StopReason::solved:
      break;
  }
  // Not value_or(): that would copy the aliased names, thousands on a wide design.
  const Index rank = s.direct ? s.direct->rank : 0;
  const long steps = s.direct ? s.direct->refinement_steps : 0;
  std::string message = fmt::format("solved: rank {} of {}", rank, features);
  if (s.solver == SolverKind::exact) message += ", " + plural(steps, "refinement step");
  return message;
}

const std::vector<std::string>& FitSummary::aliased() const {
  static const std::vector<std::string> none;
  return direct ? direct->aliased : none;
}

std::string FitSummary::brief_report() const {
  std::string report =
      fmt::format("{}: {}; training MSE {:.6g}", to_string(solver), message, final_loss);
  if (warnings.empty()) return report;
  report += "; warnings:";
  for (std::size_t k = 0; k < warnings.size(); ++k)
    report += (k == 0 ? " " : ", ") + to_string(warnings[k].code);
  return report;
}

}  // namespace linreg
