#include "linreg/exact_solver.hpp"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "direct/absorbed_exact.hpp"
#include "direct/direct_fit.hpp"
#include "direct/exact_core.hpp"
#include "direct/least_squares_common.hpp"
#include "linreg/errors.hpp"

namespace linreg {

double ExactSolver::rank_tolerance(Index rows, Index cols) {
  return static_cast<double>(std::max<Index>({rows, cols, 1})) *
         std::numeric_limits<double>::epsilon();
}

namespace {

FitSummary solve(const detail::DirectDesign& direct, const FitOptions& options) {
  const DatasetView& design = direct.data;
  const Index d = design.X.cols();
  const bool fit_intercept = options.fit_intercept;
  FitSummary s;
  s.solver = SolverKind::exact;
  s.stop_reason = StopReason::solved;
  DirectReport& r = s.direct.emplace();
  Vector w = Vector::Zero(d);
  double intercept = fit_intercept ? design.y.mean() : 0.0;
  if (d > 0) {
    // The widest one-hot block, when wide enough to be worth absorbing.
    const std::optional<OneHotColumns> widest = widest_one_hot_block(design.one_hot);
    detail::ExactCore core;
    // Weighted rows reach the solver itself only to be absorbed (fit() whitens the others).
    if (design.weighted() && (!fit_intercept || !widest))
      throw InternalError("the exact solver was given weighted rows without a block to absorb");
    if (!fit_intercept || !widest) {
      core = detail::solve_exact(design, direct.column_mean, fit_intercept);
    } else if (design.X.is_row_major()) {  // absorbing reads whole columns
      core = detail::solve_absorbing(column_major_copy(design), *widest);
    } else {
      core = detail::solve_absorbing(design, *widest);
    }
    r.rank = core.rank;
    for (const Index j : core.aliased)
      r.aliased.push_back(design.feature_names[static_cast<std::size_t>(j)]);
    w = core.weights;
    intercept = core.intercept;
    r.refinement_steps = core.steps;
  }
  detail::warn_rank_deficiency(s, d, fit_intercept);
  detail::set_solution(s, design, w, intercept, fit_intercept);
  return s;
}

}  // namespace

FitSummary ExactSolver::fit(const CheckedData& data, const FitOptions& options) const {
  return detail::fit_direct(
      data, [&](const detail::DirectDesign& design) { return solve(design, options); });
}

}  // namespace linreg
