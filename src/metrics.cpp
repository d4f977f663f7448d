#include "linreg/metrics.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace linreg {
namespace {

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
  return (y_true - y_pred).squaredNorm() / static_cast<double>(y_true.size());
}

double root_mean_squared_error(VectorRef y_true, VectorRef y_pred) {
  return std::sqrt(mean_squared_error(y_true, y_pred));
}

double mean_absolute_error(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "mean_absolute_error");
  return (y_true - y_pred).cwiseAbs().sum() / static_cast<double>(y_true.size());
}

double r2_score(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "r2_score");
  const double ss_res = (y_true - y_pred).squaredNorm();
  const double ss_tot = (y_true.array() - y_true.mean()).matrix().squaredNorm();
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
