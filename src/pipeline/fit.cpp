#include "linreg/fit.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linreg/errors.hpp"
#include "linreg/one_hot_objective.hpp"
#include "linreg/scaler.hpp"
#include "linreg/solver.hpp"
#include "linreg/torch_backend.hpp"
#include "direct/least_squares_common.hpp"
#include "model/units.hpp"

namespace linreg {
namespace {

// Feature scales more than this far apart make unscaled gradient descent crawl.
constexpr double kScaleRatioWarning = 100.0;

// Warnings about the data in the caller's units (`units`: those the data is in here).
std::vector<Warning> data_warnings(const Dataset& data, const StandardScaler& stats,
                                       const FitOptions& options, const detail::Units& units) {
  std::vector<Warning> warnings;
  for (Index j = 0; j < stats.n_features(); ++j) {
    if (options.fit_intercept && stats.is_constant(j) && data.n_rows() > 1) {
      const double value = std::ldexp(stats.mean()[j], units.column[static_cast<std::size_t>(j)]);
      warnings.push_back(detail::constant_feature_warning(data.feature_names[static_cast<std::size_t>(j)],
                                                          value, options.scaling == Scaling::standard &&
                                                          options.solver == SolverKind::gradient_descent));
    }
  }
  if (options.solver == SolverKind::gradient_descent && options.scaling == Scaling::none) {
    // What sets a weight's learning speed is its column's curvature mean(x²) (RMS scale), and
    // the intercept's column is all ones.
    const Vector column_rms = stats.rms(data.n_rows());
    std::string largest = "(intercept)", smallest = "(intercept)";
    double hi = 1.0, lo = 1.0;
    for (Index j = 0; j < stats.n_features(); ++j) {
      const double rms = column_rms[j];
      if (rms == 0.0) continue;
      const auto& name = data.feature_names[static_cast<std::size_t>(j)];
      if (rms > hi) hi = rms, largest = name;
      if (rms < lo) lo = rms, smallest = name;
    }
    if (hi / lo > kScaleRatioWarning) {
      warnings.push_back({WarningCode::mixed_scales, fmt::format(
          "feature scales differ by {:.4g}x ('{}' has RMS {:.4g}, '{}' {:.4g}) and scaling is "
          "off: gradient descent must use a step small enough for the largest scale, so weights of "
          "small-scale features (and the intercept) will learn slowly. Standardize the features "
          "(`scaling=standard`) to fix this.",
          hi / lo, largest, hi, smallest, lo)});
    }
  }
  return warnings;
}

// fit() on checked data in power-of-two `units` (detail::in_units), its results in them too.
FitSummary fit_checked(const Dataset& data, const FitOptions& options, const detail::Units& units) {
  // float32 gradient descent on LibTorch tensors standardizes as the tutorial's float32 tensors
  // do (the fused float32 kernel standardizes in double, then rounds once).
  const bool float32 = options.solver == SolverKind::gradient_descent &&
                       options.gradient_descent.precision == Precision::f32 &&
                       options.gradient_descent.gradient != GradientSource::manual;
  const StandardScaler stats = float32 ? standard_scaler_float32(data.X) : StandardScaler::fit(data.X);
  // Without an intercept the means cannot be taken out: divide by each column's RMS only.
  const auto uncentered = [&] { return StandardScaler(Vector::Zero(stats.n_features()), stats.rms(data.n_rows())); };
  const StandardScaler scaler = options.fit_intercept ? stats : uncentered();
  std::vector<Warning> warnings = data_warnings(data, stats, options, units);

  // The exact solver is unaffected by feature scaling (it centers internally); scaling is a
  // gradient-descent concern. Wide one-hot blocks go to the fused-kernel gradient descent as level
  // codes, standardized implicitly, rather than as thousands of dense columns.
  const bool scale = options.scaling == Scaling::standard &&
                     options.solver == SolverKind::gradient_descent;
  const bool codes = options.solver == SolverKind::gradient_descent &&
                     uses_level_codes(options.gradient_descent, data.one_hot);
  Matrix scaled;
  if (scale && !codes) {
    scaled = float32 && options.fit_intercept ? standardize_float32(scaler, data.X) : scaler.transform(data.X);
  }
  const bool transformed = scale && !codes;
  const DesignView design{transformed ? MatrixRef(scaled) : MatrixRef(data.X), data.y, data.feature_names,
                          !scale && data.X_low.size() != 0 ? &data.X_low : nullptr,
                          transformed ? std::span<const OneHotColumns>() : std::span<const OneHotColumns>(data.one_hot),
                          scale && codes ? &scaler : nullptr, transformed || float32 ? nullptr : &stats};

  FitSummary summary = make_solver(options.solver)->solve(design, options);
  if (scale) {
    summary.model = scaler.to_original_units(summary.design_model);
    summary.scaler = scaler;
  } else {
    summary.model = summary.design_model;
  }
  warnings.insert(warnings.end(), summary.warnings.begin(), summary.warnings.end());
  summary.warnings = std::move(warnings);
  return summary;
}

}  // namespace

FitSummary fit(const Dataset& data, const FitOptions& options) {
  options.validate();
  data.check_shape();
  if (data.n_rows() == 0) throw DataError("cannot fit a model to 0 rows of data");
  const detail::Magnitudes magnitudes = detail::require_finite(data.X, data.y, data.feature_names, data.target_name);
  // Gradient descent without scaling follows the raw columns' curvature (its learning rate is in
  // their units): there only the target is rescaled, and a column whose squares leave the range of
  // double precision is refused.
  const bool columns = !(options.solver == SolverKind::gradient_descent && options.scaling == Scaling::none);
  const detail::Units units = detail::units_for(magnitudes.columns, magnitudes.target, columns);
  if (!columns) {
    for (Index j = 0; j < magnitudes.columns.size(); ++j) {
      // Squares of such values, summed over the rows, leave the range of double (2^±1022).
      const double m = magnitudes.columns[j];
      if (m == 0.0 || std::abs(std::ilogb(m)) <= 480) continue;
      throw DataError(fmt::format(
          "column '{}' holds values of about {:.3g}: gradient descent on unscaled features sums their squares, "
          "which are beyond the range of double precision; standardize the features, or use an exact solver",
          data.feature_names[static_cast<std::size_t>(j)], magnitudes.columns[j]));
    }
  }
  if (!units.any()) return fit_checked(data, options, units);
  FitSummary summary = fit_checked(detail::in_units(data, units), options, units);
  detail::from_units(summary, units, data.feature_names, data.target_name);
  return summary;
}

}  // namespace linreg
