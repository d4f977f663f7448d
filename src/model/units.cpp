#include "model/units.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "linreg/errors.hpp"

namespace linreg::detail {

bool Units::any() const {
  if (target != 0) return true;
  for (const int e : column) {
    if (e != 0) return true;
  }
  return false;
}

int unit_exponent(double largest_magnitude) {
  if (!(largest_magnitude > 0.0) || !std::isfinite(largest_magnitude)) return 0;
  const int e = std::ilogb(largest_magnitude);
  return std::abs(e) > kUnitExponentLimit ? e : 0;
}

Units units_for(const Vector& column_magnitudes, double target_magnitude, bool columns) {
  Units u;
  u.column.assign(static_cast<std::size_t>(column_magnitudes.size()), 0);
  if (columns) {
    for (Index j = 0; j < column_magnitudes.size(); ++j) {
      u.column[static_cast<std::size_t>(j)] = unit_exponent(column_magnitudes[j]);
    }
  }
  u.target = unit_exponent(target_magnitude);
  return u;
}

Units units_of(const DatasetView& data) {
  // Column-major (infer() copies a row-major design first): each column's largest magnitude.
  const MatrixRef& X = data.X.matrix();
  const Vector columns = data.n_rows() == 0 || data.n_features() == 0
                             ? Vector(Vector::Zero(data.n_features()))
                             : Vector(X.cwiseAbs().colwise().maxCoeff().transpose());
  return units_for(columns, data.n_rows() == 0 ? 0.0 : data.y.cwiseAbs().maxCoeff(), true);
}

Dataset in_units(const DatasetView& data, const Units& units) {
  Dataset out = column_major_copy(data);
  for (Index j = 0; j < out.X.cols(); ++j) {
    const int e = units.column[static_cast<std::size_t>(j)];
    if (e == 0) continue;
    scale_by_power_of_two(out.X.col(j), -e);
    if (out.X_low.size() != 0) scale_by_power_of_two(out.X_low.col(j), -e);
  }
  scale_by_power_of_two(out.y, -units.target);
  return out;
}

namespace {

// ldexp, not a product with 2^shift: the factor alone may overflow where the result does not.
LinearModel convert(const LinearModel& m, const Units& u, bool back) {
  const int sign = back ? 1 : -1;
  Vector w = m.weights();
  for (Index j = 0; j < w.size(); ++j)
    w[j] = std::ldexp(w[j], sign * (u.target - u.column[static_cast<std::size_t>(j)]));
  return LinearModel(std::move(w), std::ldexp(m.intercept(), sign * u.target));
}

}  // namespace

void from_units(FitSummary& s, const Units& u, std::span<const std::string> feature_names,
                std::string_view target_name) {
  s.model = convert(s.model, u, true);
  if (s.scaler) {
    // Standardized gradient descent: the design model is in standardized units, which do not
    // depend on the columns' units; only the target's scale comes back.
    Vector w = s.design_model.weights();
    scale_by_power_of_two(w, u.target);
    s.design_model = LinearModel(std::move(w), std::ldexp(s.design_model.intercept(), u.target));
    Vector mean = s.scaler->mean(), sd = s.scaler->std_dev();
    for (Index j = 0; j < mean.size(); ++j) {
      mean[j] = std::ldexp(mean[j], u.column[static_cast<std::size_t>(j)]);
      sd[j] = std::ldexp(sd[j], u.column[static_cast<std::size_t>(j)]);
    }
    s.scaler = StandardScaler(std::move(mean), std::move(sd));
  } else {
    s.design_model = convert(s.design_model, u, true);
  }
  // ldexp, not products with 2^(2·target): that factor alone overflows for targets near 1e160
  // whose mean squared error does not.
  s.final_loss = std::ldexp(s.final_loss, 2 * u.target);
  if (s.gd) {
    for (double& l : s.gd->loss_history) l = std::ldexp(l, 2 * u.target);
    s.gd->final_gradient_norm = std::ldexp(s.gd->final_gradient_norm, u.target);
  }

  for (Index j = 0; j < s.model.weights().size(); ++j) {
    if (!std::isfinite(s.model.weights()[j])) {
      throw DataError(
          fmt::format("the weight of '{}' is beyond the range of double precision (the target's "
                      "values are about 2^{} "
                      "times the column's): rescale the column or the target (divide or multiply "
                      "it by a power of ten)",
                      feature_names[static_cast<std::size_t>(j)],
                      u.target - u.column[static_cast<std::size_t>(j)]));
    }
  }
  if (!std::isfinite(s.model.intercept()) || !std::isfinite(s.final_loss)) {
    throw DataError(
        fmt::format("the target '{}' reaches about 2^{}: its {} beyond the range of double "
                    "precision; divide it by a "
                    "power of ten",
                    target_name, u.target,
                    std::isfinite(s.model.intercept()) ? "squared errors are" : "intercept is"));
  }
}

FitSummary to_units(const FitSummary& summary, const Units& u) {
  FitSummary s = summary;
  s.model = convert(summary.model, u, false);
  if (!s.scaler) s.design_model = convert(summary.design_model, u, false);
  s.final_loss = std::ldexp(summary.final_loss, -2 * u.target);
  return s;
}

}  // namespace linreg::detail
