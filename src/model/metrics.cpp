#include "linreg/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "model/units.hpp"

namespace linreg {
namespace {

// The residuals and the true values, divided by a power of two 2^e before they are squared or
// summed (units.hpp): e is 0 unless their magnitude lies beyond 2^±128, so that values near 1e308
// neither overflow nor, near 1e-300, sink into subnormals; the metrics are then multiplied back,
// exactly. One pass serves every metric of evaluate_regression.
struct InUnits {
  int e = 0;
  Vector residuals;
  Vector y;
};

InUnits in_units(VectorRef y_true, VectorRef y_pred) {
  InUnits u;
  u.e = detail::unit_exponent(std::max(y_true.cwiseAbs().maxCoeff(), y_pred.cwiseAbs().maxCoeff()));
  u.residuals = y_true - y_pred;
  u.y = y_true;
  detail::scale_by_power_of_two(u.residuals, -u.e);
  detail::scale_by_power_of_two(u.y, -u.e);
  return u;
}

}  // namespace

double r2_from_sums(double ss_res, double ss_tot) {
  if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

namespace {

double mse_of(const InUnits& u) {
  return std::ldexp(u.residuals.squaredNorm() / static_cast<double>(u.residuals.size()), 2 * u.e);
}

double mae_of(const InUnits& u) {
  return std::ldexp(u.residuals.cwiseAbs().sum() / static_cast<double>(u.residuals.size()), u.e);
}

double r2_of(const InUnits& u) {
  const double ss_res = u.residuals.squaredNorm();
  const double ss_tot = (u.y.array() - u.y.mean()).matrix().squaredNorm();
  return r2_from_sums(ss_res, ss_tot);
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
  return mse_of(in_units(y_true, y_pred));
}

double root_mean_squared_error(VectorRef y_true, VectorRef y_pred) {
  return std::sqrt(mean_squared_error(y_true, y_pred));
}

double mean_absolute_error(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "mean_absolute_error");
  return mae_of(in_units(y_true, y_pred));
}

double r2_score(VectorRef y_true, VectorRef y_pred) {
  check_pair(y_true, y_pred, "r2_score");
  return r2_of(in_units(y_true, y_pred));
}

namespace {

RegressionMetrics weighted_metrics(const InUnits& u, std::span<const double> weights) {
  const Eigen::Map<const Vector> w(weights.data(), static_cast<Index>(weights.size()));
  if (w.size() != u.y.size())
    throw std::invalid_argument("evaluate_regression: not one weight per value");
  if (!w.allFinite() || (w.array() < 0.0).any() || !(w.sum() > 0.0))
    throw std::invalid_argument(
        "evaluate_regression: weights must be finite and ≥ 0, and not all 0");
  const double total = w.sum();
  RegressionMetrics m;
  m.n = (w.array() > 0.0).count();
  const double ss_res = w.dot(u.residuals.cwiseProduct(u.residuals));
  m.mse = std::ldexp(ss_res / total, 2 * u.e);
  m.rmse = std::sqrt(m.mse);
  m.mae = std::ldexp(w.dot(u.residuals.cwiseAbs()) / total, u.e);
  const double mean = w.dot(u.y) / total;
  m.r2 = r2_from_sums(ss_res, w.dot((u.y.array() - mean).square().matrix()));
  return m;
}

}  // namespace

RegressionMetrics evaluate_regression(VectorRef y_true, VectorRef y_pred,
                                      std::span<const double> weights) {
  check_pair(y_true, y_pred, "evaluate_regression");
  const InUnits u = in_units(y_true, y_pred);
  if (!weights.empty()) return weighted_metrics(u, weights);
  RegressionMetrics m;
  m.n = y_true.size();
  m.mse = mse_of(u);
  m.rmse = std::sqrt(m.mse);
  m.mae = mae_of(u);
  m.r2 = r2_of(u);
  return m;
}

}  // namespace linreg
