#include <gtest/gtest.h>

#include <cmath>

#include "linreg/scaler.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

TEST(StandardScaler, SampleStandardDeviationLikeTorchStd) {
  Matrix X(4, 1);
  X << 1, 2, 3, 4;
  const auto s = StandardScaler::fit(X);
  EXPECT_DOUBLE_EQ(s.mean()[0], 2.5);
  // n − 1 denominator: var = (2.25 + 0.25 + 0.25 + 2.25)/3.
  EXPECT_DOUBLE_EQ(s.std_dev()[0], std::sqrt(5.0 / 3.0));
  const Matrix Z = s.transform(X);
  EXPECT_NEAR(Z.col(0).mean(), 0.0, 1e-15);
  EXPECT_NEAR((Z.col(0).array().square().sum()) / 3.0, 1.0, 1e-15);
}

TEST(StandardScaler, ConstantColumnBecomesZerosNotNaN) {
  Matrix X(3, 2);
  X << 1, 2023, 2, 2023, 3, 2023;
  const auto s = StandardScaler::fit(X);
  EXPECT_TRUE(s.is_constant(1));
  EXPECT_FALSE(s.is_constant(0));
  EXPECT_EQ(s.scale()[1], 1.0);
  const Matrix Z = s.transform(X);
  EXPECT_TRUE(Z.allFinite());
  EXPECT_EQ(Z.col(1).cwiseAbs().maxCoeff(), 0.0);
  const LinearModel back = s.to_original_units(LinearModel(Vector::Zero(2), 5.0));
  EXPECT_TRUE(back.weights().allFinite());
  EXPECT_EQ(back.intercept(), 5.0);
}

TEST(StandardScaler, NearlyConstantColumnFromRoundingIsConstant) {
  // 0.1 is not representable: the mean of a column of 0.1s can differ from 0.1 by an ulp,
  // so σ is rounding noise, not zero. It must still count as constant.
  Matrix X = Matrix::Constant(1000, 1, 0.1);
  const auto s = StandardScaler::fit(X);
  EXPECT_TRUE(s.is_constant(0));
}

TEST(StandardScaler, AConstantColumnHasItsValueAndZeroSpreadExactly) {
  // More rows than one group (65,536): the groups' moments are merged, and 0.1 summed 200,003
  // times is not 20,000.3 — yet the column holds one value, so its mean is that value and σ is 0.
  Matrix X(200003, 2);
  X.col(0).setConstant(0.1);
  X.col(1).setLinSpaced(0.0, 1.0);
  const auto s = StandardScaler::fit(X);
  EXPECT_EQ(s.mean()[0], 0.1);
  EXPECT_EQ(s.std_dev()[0], 0.0);
  EXPECT_TRUE(s.is_constant(0));
  EXPECT_FALSE(s.is_constant(1));
}

TEST(StandardScaler, TwoValuesOneUlpApartAreNotConstant) {
  // The one definition of a constant column is "its smallest and largest values are equal"; a
  // spread of an ulp is a spread (the streamed fit says the same).
  Matrix X(4, 1);
  X << 1.0, std::nextafter(1.0, 2.0), 1.0, std::nextafter(1.0, 2.0);
  const auto s = StandardScaler::fit(X);
  EXPECT_FALSE(s.is_constant(0));
  EXPECT_GT(s.std_dev()[0], 0.0);
}

TEST(StandardScaler, SingleRowHasZeroSpread) {
  Matrix X(1, 2);
  X << 3, 4;
  const auto s = StandardScaler::fit(X);
  EXPECT_EQ(s.std_dev()[0], 0.0);
  EXPECT_TRUE(s.transform(X).allFinite());
}

TEST(StandardScaler, OriginalUnitsGiveTheSamePredictions) {
  const Dataset d = testing::random_problem(50, 4, 1.0, 11);
  const auto s = StandardScaler::fit(d.X);
  Vector w(4);
  w << 0.5, -2, 3, 0.25;
  const LinearModel scaled(w, 1.5);
  const LinearModel original = s.to_original_units(scaled);
  const Vector a = scaled.predict(s.transform(d.X));
  const Vector b = original.predict(d.X);
  // Two algebraically equal sums of a few terms of size ~50: a few ulps of 50.
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-12);
  // The intercept is converted too (the tutorial's mistake was to keep b').
  EXPECT_NE(original.intercept(), scaled.intercept());
}

TEST(StandardScaler, RejectsMismatchedShapes) {
  const auto s = StandardScaler::fit(Matrix::Random(5, 3));
  EXPECT_THROW(static_cast<void>(s.transform(Matrix::Random(5, 2))), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(s.to_original_units(LinearModel(Vector::Zero(2), 0))),
               std::invalid_argument);
  EXPECT_THROW(StandardScaler::fit(Matrix(0, 3)), std::invalid_argument);
}

}  // namespace
}  // namespace linreg
