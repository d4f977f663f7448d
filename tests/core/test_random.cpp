#include <gtest/gtest.h>

#include <cmath>

#include "linreg/random.hpp"
#include "linreg/synthetic.hpp"

namespace linreg {
namespace {

TEST(Rng, UniformIntStaysInRangeAndCoversIt) {
  Rng rng(1);
  int seen[5] = {0, 0, 0, 0, 0};
  for (int k = 0; k < 10000; ++k) {
    const auto v = rng.uniform_int(3, 8);
    ASSERT_GE(v, 3);
    ASSERT_LT(v, 8);
    ++seen[v - 3];
  }
  // 2000 expected per value; 5 standard deviations (≈ 200) either way.
  for (int c : seen) EXPECT_NEAR(c, 2000, 200);
}

TEST(Rng, NormalHasUnitMoments) {
  Rng rng(2);
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int k = 0; k < n; ++k) {
    const double z = rng.normal();
    sum += z;
    sum_sq += z * z;
  }
  // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; allow 5 of them.
  EXPECT_NEAR(sum / n, 0.0, 0.011);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.016);
}

TEST(Rng, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int k = 0; k < 10; ++k) {
    const double x = a.normal();
    EXPECT_EQ(x, b.normal());
    differs = differs || x != c.normal();
  }
  EXPECT_TRUE(differs);
}

TEST(Houses, RangesAndNames) {
  const Dataset d = make_houses(500, 7);
  ASSERT_EQ(d.n_rows(), 500);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"size", "age", "distance_to_city"}));
  EXPECT_EQ(d.target_name, "price");
  for (Index i = 0; i < d.n_rows(); ++i) {
    EXPECT_GE(d.X(i, 0), 800);
    EXPECT_LT(d.X(i, 0), 3000);
    EXPECT_GE(d.X(i, 1), 1);
    EXPECT_LT(d.X(i, 1), 50);
    EXPECT_GE(d.X(i, 2), 1);
    EXPECT_LT(d.X(i, 2), 30);
    EXPECT_EQ(d.X(i, 0), std::round(d.X(i, 0)));
  }
}

}  // namespace
}  // namespace linreg
