#include "linreg/fit_summary.hpp"

#include <fmt/format.h>

#include <string>

#include "linreg/number_format.hpp"

namespace linreg {

std::string termination_message(const FitSummary& s, Index features) {
  const std::string n = thousands(static_cast<double>(s.iterations));
  switch (s.stop_reason) {
    case StopReason::converged:
      return fmt::format("converged after {} iteration{}", n, s.iterations == 1 ? "" : "s");
    case StopReason::max_iterations:
      return fmt::format("ran all {} iterations (the limit)", n);
    case StopReason::diverged:
      return fmt::format("diverged at iteration {}", n);
    case StopReason::stopped_by_callback:
      return fmt::format("stopped at iteration {}", n);
    case StopReason::solved:
      break;
  }
  std::string message = fmt::format("solved: rank {} of {}", s.rank, features);
  if (s.solver == SolverKind::exact)
    message += ", " + plural(s.refinement_steps, "refinement step");
  return message;
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
