#include "direct/direct_fit.hpp"

#include "model/units.hpp"

namespace linreg::detail {

DesignView view_of(const Dataset& data) {
  return DesignView{data.X, data.y, data.feature_names,
                    data.X_low.size() != 0 ? &data.X_low : nullptr, data.one_hot};
}

FitSummary fit_direct(const CheckedData& checked,
                      const std::function<FitSummary(const DesignView&)>& solve) {
  const Units units =
      units_for(checked.column_magnitude, checked.target_magnitude, /*columns=*/true);
  if (!units.any()) {
    FitSummary summary = solve(view_of(checked.data));
    summary.model = summary.design_model;
    return summary;
  }
  const Dataset scaled = in_units(checked.data, units);
  FitSummary summary = solve(view_of(scaled));
  summary.model = summary.design_model;
  from_units(summary, units, checked.data.feature_names, checked.data.target_name);
  return summary;
}

}  // namespace linreg::detail
