#include "direct/direct_fit.hpp"

#include <cmath>

#include "model/units.hpp"

namespace linreg::detail {

FitSummary fit_direct(const CheckedData& checked,
                      const std::function<FitSummary(const DirectDesign&)>& solve) {
  const Units units =
      units_for(checked.column_magnitude, checked.target_magnitude, /*columns=*/true);
  if (!units.any()) {
    FitSummary summary = solve({checked.data, checked.column_mean});
    summary.model = summary.design_model;
    return summary;
  }
  const Dataset scaled = in_units(checked.data, units);
  Vector mean = checked.column_mean;
  for (Index j = 0; j < mean.size(); ++j)
    mean[j] = std::ldexp(mean[j], -units.column[static_cast<std::size_t>(j)]);
  FitSummary summary = solve({scaled.view(), std::move(mean)});
  summary.model = summary.design_model;
  from_units(summary, units, checked.data.feature_names, checked.data.target_name);
  return summary;
}

}  // namespace linreg::detail
