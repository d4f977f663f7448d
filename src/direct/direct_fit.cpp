#include "direct/direct_fit.hpp"

#include "model/units.hpp"

namespace linreg::detail {

FitSummary fit_direct(const CheckedData& checked,
                      const std::function<FitSummary(const DatasetView&)>& solve) {
  const Units units =
      units_for(checked.column_magnitude, checked.target_magnitude, /*columns=*/true);
  if (!units.any()) {
    FitSummary summary = solve(checked.data);
    summary.model = summary.design_model;
    return summary;
  }
  const Dataset scaled = in_units(checked.data, units);
  FitSummary summary = solve(scaled.view());
  summary.model = summary.design_model;
  from_units(summary, units, checked.data.feature_names, checked.data.target_name);
  return summary;
}

}  // namespace linreg::detail
