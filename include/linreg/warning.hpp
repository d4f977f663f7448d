#pragma once
// A warning: a code for programs and tests, a sentence for people.
#include <string>
#include <vector>

#include "linreg/names.hpp"

namespace linreg {

enum class WarningCode {
  rows_left_out,     // rows without a value the fit needs (the missing-value policy)
  values_filled,     // missing values filled with training means or modes
  unseen_level,      // a categorical level not seen in training: predicted at the reference level
  no_prediction,     // rows a model cannot predict (a missing input under `drop`)
  constant_feature,  // a feature column with one value: no information beyond the intercept
  mixed_scales,      // unscaled gradient descent on features of very different scales
  rank_deficient,    // columns that are linear combinations of others
  diverged,          // gradient descent's loss grew: the step is too large
  not_converged,     // gradient descent stopped before its tolerance was met
  not_unique,        // flat directions: the least-squares solution is not unique
  exact_fit,         // zero residuals: the residual variance and the tests are undefined
  constant_target,   // R², adjusted R² and F are undefined
  aliased_terms,     // terms with no standard error
  ill_conditioned,   // a large condition number: strong multicollinearity
  off_optimum,       // gradient descent's coefficients are measurably off the optimum
  cv_at_grid_edge,   // the cross-validated error is least at the path's smallest λ
  covariance_not_saved,  // a model file without the coefficients' covariance (too many terms)
};

inline constexpr NameTable<WarningCode, 17> kWarningCodeNames{{
    {WarningCode::rows_left_out, "rows_left_out"},
    {WarningCode::values_filled, "values_filled"},
    {WarningCode::unseen_level, "unseen_level"},
    {WarningCode::no_prediction, "no_prediction"},
    {WarningCode::constant_feature, "constant_feature"},
    {WarningCode::mixed_scales, "mixed_scales"},
    {WarningCode::rank_deficient, "rank_deficient"},
    {WarningCode::diverged, "diverged"},
    {WarningCode::not_converged, "not_converged"},
    {WarningCode::not_unique, "not_unique"},
    {WarningCode::exact_fit, "exact_fit"},
    {WarningCode::constant_target, "constant_target"},
    {WarningCode::aliased_terms, "aliased_terms"},
    {WarningCode::ill_conditioned, "ill_conditioned"},
    {WarningCode::off_optimum, "off_optimum"},
    {WarningCode::cv_at_grid_edge, "cv_at_grid_edge"},
    {WarningCode::covariance_not_saved, "covariance_not_saved"},
}};
[[nodiscard]] inline std::string to_string(WarningCode code) {
  return name_in(kWarningCodeNames, code);
}

struct Warning {
  WarningCode code;
  std::string text;
  friend bool operator==(const Warning&, const Warning&) = default;
};

// Whether `warnings` hold one with `code`.
[[nodiscard]] inline bool has_warning(const std::vector<Warning>& warnings, WarningCode code) {
  for (const auto& w : warnings) {
    if (w.code == code) return true;
  }
  return false;
}

}  // namespace linreg
