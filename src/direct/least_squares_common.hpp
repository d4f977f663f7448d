#pragma once
// Pieces the direct least-squares solvers (QR, Cholesky, SVD) share (private to the library).
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "direct/direct_fit.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/scaler.hpp"

namespace linreg::detail {

// The design with the intercept taken out by centering (when there is one) and each column
// divided by a power of two near the RMS of its raw values: exact in binary, and every column's
// values are then about 1 in size, so one absolute threshold measures each column against its
// own rounding noise.
struct CenteredDesign {
  Vector x_mean;  // zeros without intercept
  double y_mean = 0.0;
  Vector scale;
  Matrix z;
  Vector y_centered;
};

CenteredDesign center_and_scale(const DatasetView& design, bool fit_intercept);

// The centering and scaling center_and_scale applies (z, y_centered left empty), from the columns'
// statistics, without forming Z.
CenteredDesign centering(const DatasetView& design, bool fit_intercept);

// The scale of a column whose raw values have this RMS: the power of two at or below it (1 for 0).
double power_of_two_scale(double rms);

// The warning for `aliased` columns (empty: no warning).
void warn_rank_deficiency(FitSummary& summary, Index features, bool fit_intercept);

// The frame of a solver that works on the centered, scaled design: `solve_scaled` returns the
// solution u of min ‖Z·u − y_c‖ (and may set rank, aliased and warnings); this converts it to
// original units (w = u/scale, b = ȳ − x̄·w), warns about aliased columns and fills the summary.
// With form_z false, solve_scaled gets only the centering and scaling (z and y_centered empty)
// and works from the design's rows itself.
FitSummary solve_centered(
    const DatasetView& design, const FitOptions& options, SolverKind solver,
    const std::function<Vector(const CenteredDesign&, FitSummary&)>& solve_scaled,
    bool form_z = true);

// Sets design_model to (w, intercept) and final_loss to its training MSE (weighted, Σwr²/Σw, for
// weighted data).
void set_solution(FitSummary& summary, const DatasetView& design, const Vector& w, double intercept,
                  bool fit_intercept);

}  // namespace linreg::detail
