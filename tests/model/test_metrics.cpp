#include <gtest/gtest.h>

#include <cmath>

#include "linreg/metrics.hpp"

namespace linreg {
namespace {

// Exact small-integer arithmetic: results must match to a few ulps.
constexpr double kTol = 1e-15;

TEST(Metrics, KnownValues) {
  Vector y(4), p(4);
  y << 1, 2, 3, 4;
  p << 1, 2, 3, 6;
  EXPECT_NEAR(mean_squared_error(y, p), 1.0, kTol);
  EXPECT_NEAR(root_mean_squared_error(y, p), 1.0, kTol);
  EXPECT_NEAR(mean_absolute_error(y, p), 0.5, kTol);
  // SS_tot = 5, SS_res = 4.
  EXPECT_NEAR(r2_score(y, p), 1.0 - 4.0 / 5.0, kTol);
  const auto m = evaluate_regression(y, p);
  EXPECT_EQ(m.n, 4);
  EXPECT_NEAR(m.r2, 0.2, kTol);
}

TEST(Metrics, R2CanBeNegative) {
  Vector y(3), p(3);
  y << 1, 2, 3;
  p << 3, 2, 1;
  EXPECT_NEAR(r2_score(y, p), 1.0 - 8.0 / 2.0, kTol);
}

TEST(Metrics, ConstantTargetFollowsScikitLearn) {
  Vector y = Vector::Constant(5, 7.0);
  EXPECT_EQ(r2_score(y, y), 1.0);
  Vector off = y;
  off[0] = 8.0;
  EXPECT_EQ(r2_score(y, off), 0.0);
  EXPECT_TRUE(std::isfinite(r2_score(y, off)));
}

TEST(Metrics, EmptyAndMismatchedInputsThrow) {
  Vector empty(0), two(2), three(3);
  EXPECT_THROW(mean_squared_error(empty, empty), std::invalid_argument);
  EXPECT_THROW(r2_score(two, three), std::invalid_argument);
  EXPECT_THROW(mean_absolute_error(two, three), std::invalid_argument);
}

}  // namespace
}  // namespace linreg

namespace linreg {
namespace {

// Values near 1e300 or 1e-300 are measured in power-of-two units: R² is the same to the bit, MAE
// and RMSE scale exactly (sums of squares of the raw values would overflow or go subnormal).
TEST(Metrics, DoNotDependOnUnits) {
  Vector y_true(4), y_pred(4);
  y_true << 1.0, 2.5, -3.0, 4.0;
  y_pred << 1.25, 2.0, -2.5, 4.5;
  const RegressionMetrics base = evaluate_regression(y_true, y_pred);
  for (const int k : {-1000, -600, -200, 200, 600, 1000}) {
    const double f = std::ldexp(1.0, k);
    const RegressionMetrics m = evaluate_regression(y_true * f, y_pred * f);
    EXPECT_EQ(m.r2, base.r2) << k;
    EXPECT_EQ(m.mae, std::ldexp(base.mae, k)) << k;
    if (std::abs(k) <= 500) {
      EXPECT_EQ(m.rmse, std::ldexp(base.rmse, k)) << k;  // the MSE itself (2^2k) is then finite
    }
  }
}

}  // namespace
}  // namespace linreg
