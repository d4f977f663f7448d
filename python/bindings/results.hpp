#pragma once
// The library's results as Python objects: a fit's summary, the statistics table, warnings as
// (code, text) pairs, every text in Python's words (render_for_python).
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "linreg/covariance.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/influence.hpp"
#include "linreg/model_io.hpp"
#include "linreg/training.hpp"
#include "linreg/warning.hpp"

namespace linreg::python {

[[nodiscard]] pybind11::list warnings_list(const std::vector<Warning>& warnings);
// solver, coef, intercept, stop_reason, message, n_iter, warnings; the gd or direct report's
// entries (loss_history, learning_rate, ... or rank, aliased, refinement_steps).
[[nodiscard]] pybind11::dict fit_result(const FitSummary& summary);
// terms (name, coef, se, t, p, ci_low, ci_high, aliased) and the model's statistics; None for an
// undefined one.
[[nodiscard]] pybind11::dict statistics_dict(const InferenceTable& table);
// The statistics table when asked for: infer()'s, or why there is none (no residual degrees of
// freedom left: the fit stands without it). Runs without the GIL.
struct OptionalStatistics {
  std::optional<InferenceTable> table;
  std::optional<CoefficientCovariance> covariance;  // when asked for: a model's intervals
  std::optional<Influence> influence;               // when asked for
  std::string reason;
};
[[nodiscard]] OptionalStatistics statistics_if(bool wanted, const DatasetView& data,
                                               const FitSummary& summary, const FitOptions& options,
                                               const CovarianceOptions& covariance,
                                               bool influence = false, bool intervals = false);
// The covariance statsmodels' cov_type names ("nonrobust", "HC0" … "HC3", "cluster", any case)
// with the cluster of each row (`groups`, for "cluster"); ValueError otherwise.
// With cov_type "HAC", maxlags ≥ 0 (statsmodels' cov_kwds maxlags), else −1.
[[nodiscard]] CovarianceOptions covariance_options(const std::string& cov_type,
                                                   const std::vector<long>& groups,
                                                   long maxlags = -1);
// Adds "statistics" (statistics_dict, or None) and "statistics_error" (the reason, or "").
void add_statistics(pybind11::dict& result, const OptionalStatistics& statistics);

// A trained pipeline's result: fit_result's entries with the data's warnings first, the terms
// (the design's feature names), rows_used, streamed, and `model` (a linreg._core.Model).
[[nodiscard]] pybind11::dict training_result(const TrainingResult& trained, SavedModel saved);

}  // namespace linreg::python
