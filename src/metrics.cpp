#include "linreg/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "units.hpp"

namespace linreg {
namespace {

// The power of two the values are divided by before they are squared or summed (units.hpp): 0
// unless their magnitude lies beyond 2^±128, so that values near 1e308 neither overflow nor, near
// 1e-300, sink into subnormals; the metrics are then multiplied back, exactly.
int metric_exponent(VectorRef y_true, VectorRef y_pred) {
  const double largest = std::max(y_true.cwiseAbs().maxCoeff(), y_pred.cwiseAbs().maxCoeff());
  return detail::unit_exponent(largest);
}

Vector residuals_in_units(VectorRef y_true, VectorRef y_pred, int e) {
  Vector r = y_true - y_pred;
  detail::scale_by_power_of_two(r, -e);
  return r;
}

void check_pair(VectorRef y_true, VectorRef y_pred, const char* metric) {
  if (y_true.size() != y_pred.size()) {
    throw std::invalid_argument(std::string(metric) + ": y_true has " +
                                std::to_string(y_true.size()) + " values, y_pred " +
                                std::to_string(y_pred.size()));
  }
  if (y_true.size() == 0) {
    throw std::invalid_argument(std::string(metric) + ": no values (undefined on empty input)");
  }
}

}  // namespace

double mean_squared_error(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "mean_squared_error");
  const int e = metric_exponent(y_true, y_pred);
  return std::ldexp(residuals_in_units(y_true, y_pred, e).squaredNorm() / static_cast<double>(y_true.size()), 2 * e);
}

double root_mean_squared_error(VectorRef y_true, VectorRef y_pred) {
  return std::sqrt(mean_squared_error(y_true, y_pred));
}

double mean_absolute_error(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "mean_absolute_error");
  const int e = metric_exponent(y_true, y_pred);
  return std::ldexp(residuals_in_units(y_true, y_pred, e).cwiseAbs().sum() / static_cast<double>(y_true.size()), e);
}

double r2_score(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "r2_score");
  const int e = metric_exponent(y_true, y_pred);
  const double ss_res = residuals_in_units(y_true, y_pred, e).squaredNorm();
  Vector y = y_true;
  detail::scale_by_power_of_two(y, -e);
  const double ss_tot = (y.array() - y.mean()).matrix().squaredNorm();
  if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

RegressionMetrics evaluate_regression(VectorRef y_true, VectorRef y_pred) {
  RegressionMetrics m;
  m.n = y_true.size();
  m.mse = mean_squared_error(y_true, y_pred);
  m.rmse = std::sqrt(m.mse);
  m.mae = mean_absolute_error(y_true, y_pred);
  m.r2 = r2_score(y_true, y_pred);
  return m;
}

}  // namespace linreg
