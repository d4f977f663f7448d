#include "linreg/fit_summary.hpp"

#include <fmt/format.h>

#include <string>

#include "linreg/number_format.hpp"

namespace linreg {

namespace {

// "lasso at λ = 0.0123 (the cross-validated 1se of 10 folds): 7 of 20 weights nonzero, KKT
// conditions to 2.1e-16 after 14 sweeps".
std::string penalized_message(const PenalizedReport& r, Index features) {
  std::string how;
  if (r.choice != LambdaChoice::given) {
    const long folds = r.path.cv ? r.path.cv->folds : 0;
    const bool one_row_folds = r.path.cv && r.path.cv->leave_one_out;
    how = fmt::format(" (cross-validated, {} of {})", name_in(kLambdaChoiceNames, r.choice),
                      one_row_folds ? "leave-one-out" : plural(folds, "fold"));
  }
  std::string message = fmt::format(
      "{} at λ = {:.6g}{}: {} of {} weights nonzero", to_string(r.penalty), r.lambda(), how,
      thousands(static_cast<double>(r.nonzero())), thousands(static_cast<double>(features)));
  if (r.penalty != Penalty::ridge)
    message += fmt::format(", KKT conditions to {:.2g} after {}", r.kkt_violation(),
                           plural(r.sweeps(), "sweep"));
  return message;
}

}  // namespace

std::string termination_message(const FitSummary& s, Index features) {
  if (s.penalized) return penalized_message(*s.penalized, features);
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
