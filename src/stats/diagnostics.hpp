#pragma once
// The residual tests and design notes under statsmodels' OLS summary (private to the library),
// computed as statsmodels computes them: linreg/inference.hpp, Diagnostics.
#include "linreg/dataset.hpp"
#include "linreg/inference.hpp"
#include "linreg/linear_model.hpp"
#include "stats/shared_rows.hpp"

namespace linreg::detail {

// The residuals y − b − X·w of `model` on the rows of `data` (column-major), column by column
// (with a feature's low part where it has one).
Vector residuals(const DatasetView& data, const LinearModel& model);

// √wᵢ·rᵢ for weighted data (statsmodels' wresid, R's weighted.residuals), else the residuals: what
// a weighted fit's statistics are computed from.
Vector whitened_residuals(const DatasetView& data, const LinearModel& model);

// Of `model` on the rows of `data` (column-major): the (whitened) residuals' tests, and the raw
// design's condition number ([1, X] with an intercept, X without: statsmodels' exog; its rows
// multiplied by √wᵢ for weighted data, statsmodels' wexog).
// Over every process's rows (`shared`; this process's: `data`).
Diagnostics residual_diagnostics(const SharedRows& shared, const DatasetView& data,
                                 const LinearModel& model, bool intercept);

}  // namespace linreg::detail
