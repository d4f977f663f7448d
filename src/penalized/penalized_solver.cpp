#include "linreg/penalized_solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "direct/least_squares_common.hpp"
#include "linreg/errors.hpp"
#include "penalized/path_of.hpp"

namespace linreg {
namespace detail {

FitOptions path_options(const FitOptions& options, Index rows) {
  FitOptions path = options;
  PenaltyOptions& p = path.penalized;
  if (p.lambda) {
    p.lambdas = {*p.lambda};
    return path;
  }
  if (rows < 2) {
    throw DataError(fmt::format(
        "cross-validation needs at least 2 rows, and there is {}: fix λ instead", rows));
  }
  if (!p.cross_validates()) p.folds = std::min<long>(kDefaultFolds, static_cast<long>(rows));
  return path;
}

FitSummary penalized_summary(PenalizedPath path, const FitOptions& options) {
  const PenaltyOptions& p = options.penalized;
  FitSummary s;
  s.solver = SolverKind::penalized;
  PenalizedReport& report = s.penalized.emplace();
  report.penalty = p.penalty;
  report.l1_ratio = p.effective_l1_ratio();
  report.scaling = options.scaling;
  report.path = std::move(path);
  if (!p.lambda) {
    const CrossValidation& cv = *report.path.cv;
    report.choice = p.rule == LambdaRule::min ? LambdaChoice::cv_min : LambdaChoice::cv_1se;
    report.index = p.rule == LambdaRule::min ? cv.index_min : cv.index_1se;
  }
  const Index k = report.index;
  const PenalizedPath& chosen = report.path;
  s.design_model = LinearModel(chosen.weights.col(k), chosen.intercepts[k]);
  s.model = s.design_model;
  const bool converged = chosen.converged[static_cast<std::size_t>(k)];
  s.stop_reason = p.penalty == Penalty::ridge ? StopReason::solved
                  : converged                 ? StopReason::converged
                                              : StopReason::max_iterations;
  // The model's λ at the end of the grid, chosen there for the least error: the grid was short.
  if (report.index == chosen.lambdas.size() - 1)
    s.warnings.insert(s.warnings.end(), chosen.warnings.begin(), chosen.warnings.end());
  if (!converged) {
    s.warnings.push_back(
        {WarningCode::not_converged,
         fmt::format("the {} did not meet its tolerance at λ = {:.6g} within {} sweeps: the "
                     "KKT conditions hold to {:.3g} of λ_max·r",
                     to_string(p.penalty), report.lambda(), report.sweeps(),
                     report.kkt_violation())});
  }
  return s;
}

}  // namespace detail

FitSummary PenalizedSolver::fit(const CheckedData& data, const FitOptions& options) const {
  FitSummary s = detail::penalized_summary(
      detail::path_of(data, detail::path_options(options, data.data.n_rows())), options);
  const Vector w = s.design_model.weights();
  detail::set_solution(s, data.data, w, s.design_model.intercept(), options.fit_intercept);
  s.model = s.design_model;
  return s;
}

}  // namespace linreg
