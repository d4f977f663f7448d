#pragma once
// The frame the direct solvers (exact, Cholesky, SVD) share (private to the library): they read
// the checked data (a DatasetView) in power-of-two units (model/units.hpp), solve there, and the
// convert the result back. Centering and the columns' power-of-two scales are theirs too
// (least_squares_common.hpp); nothing is standardized.
#include <functional>
#include <span>
#include <string>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/solver.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

// The data a direct solver is given: in power-of-two units, with its columns' means in them (the
// data check's, CheckedData::column_mean, scaled exactly).
struct DirectDesign {
  DatasetView data;
  Vector column_mean;
};

// Runs `solve` on the data in power-of-two units (`solve` fills design_model and what else it
// reports) and returns the summary in the data's units, `model` equal to `design_model`.
[[nodiscard]] FitSummary fit_direct(const CheckedData& data,
                                    const std::function<FitSummary(const DirectDesign&)>& solve);

}  // namespace linreg::detail
