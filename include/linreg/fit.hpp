#pragma once
// The library's front door: fit(dataset, options) -> summary.
#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"

namespace linreg {

// Validates the options and the data (at least one row, finite values — DataError naming the
// row and column otherwise), standardizes when asked, runs the solver, converts the model to
// original units and adds warnings about the data (constant columns, badly mixed scales). A
// Dataset converts to its view; a view over foreign memory (Eigen::Map) is fitted in place.
FitSummary fit(const DatasetView& data, const FitOptions& options = {});

}  // namespace linreg
