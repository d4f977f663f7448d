// The statistics table's variances from the structure of a wide one-hot block (absorbed, as the
// exact solver absorbs it) against the same variances from the QR of the whole centered, scaled
// design: the same numbers, to rounding, at a fraction of the cost.
#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <cmath>
#include <vector>

#include "linreg/random.hpp"
#include "stats/coefficient_variances.hpp"

namespace linreg {
namespace {

// n rows: a 90-level one-hot block (reference level 0), a 4-level one, three numeric columns,
// each level with rows.
Dataset blocked_design(Index n, std::uint64_t seed) {
  Rng rng(seed);
  constexpr Index kWide = 89, kNarrow = 3, kNumeric = 3;
  Matrix X = Matrix::Zero(n, kNumeric + kWide + kNarrow);
  Vector y(n);
  for (Index i = 0; i < n; ++i) {
    const Index wide = i % (kWide + 1);  // every level, the reference included
    const Index narrow = (i / 7) % (kNarrow + 1);
    for (Index j = 0; j < kNumeric; ++j)
      X(i, j) = 100.0 * static_cast<double>(j + 1) + rng.normal() * static_cast<double>(j + 1);
    X(i, 0) += 0.1 * static_cast<double>(wide);  // a numeric column that varies with the levels
    if (wide > 0) X(i, kNumeric + wide - 1) = 1.0;
    if (narrow > 0) X(i, kNumeric + kWide + narrow - 1) = 1.0;
    y[i] = 1.0 + X(i, 0) - 0.5 * X(i, 1) + 0.01 * static_cast<double>(wide) + rng.normal();
  }
  Dataset d = Dataset::from_matrix(std::move(X), std::move(y));
  d.one_hot = {{kNumeric, kWide}, {kNumeric + kWide, kNarrow}};
  return d;
}

std::vector<Index> all_columns(const Dataset& d) {
  std::vector<Index> active;
  for (Index j = 0; j < d.n_features(); ++j) active.push_back(j);
  return active;
}

TEST(CoefficientVariances, AbsorbingTheWidestBlockGivesTheDenseResult) {
  const Dataset d = blocked_design(4000, 3);
  const std::vector<Index> active = all_columns(d);
  const auto absorbed = detail::absorbed_variances(d, active, true);
  ASSERT_TRUE(absorbed.has_value());
  const SingleProcess one;
  const detail::CoefficientVariances dense =
      detail::dense_variances({one, d.n_rows(), false}, d, active, true);
  ASSERT_EQ(absorbed->slopes.size(), dense.slopes.size());
  // Both are exact formulas evaluated stably (κ ≈ 159 here): 1e-10 relative is rounding with
  // room to spare; the measured worst is 3.3e-16.
  for (Index a = 0; a < dense.slopes.size(); ++a) {
    EXPECT_NEAR(absorbed->slopes[a], dense.slopes[a], 1e-10 * dense.slopes[a]) << "column " << a;
  }
  EXPECT_NEAR(absorbed->intercept, dense.intercept, 1e-10 * dense.intercept);
  // The dense path takes κ from R's singular values, the absorbed one by power iteration to 1e-8
  // on the eigenvalues: 1e-6 covers both.
  EXPECT_NEAR(absorbed->condition, dense.condition, 1e-6 * dense.condition);
}

TEST(CoefficientVariances, TheDenseConditionNumberByPowerIterationAgreesWithTheSvd) {
  // Above 500 columns the dense path's κ comes from power iteration: against the singular values of
  // the same centered, scaled design.
  Rng rng(4);
  const Index n = 1000, m = 510;
  Matrix X(n, m);
  for (Index j = 0; j < m; ++j) {
    for (Index i = 0; i < n; ++i) X(i, j) = rng.normal() + (j > 0 ? 0.3 * X(i, j - 1) : 0.0);
  }
  const Dataset d = Dataset::from_matrix(X, Vector::Zero(n));
  const SingleProcess one;
  const detail::CoefficientVariances dense =
      detail::dense_variances({one, d.n_rows(), false}, d, all_columns(d), true);
  Matrix z = X.rowwise() - X.colwise().mean();
  for (Index j = 0; j < m; ++j)
    z.col(j) /= std::ldexp(1.0, std::ilogb(X.col(j).norm() / std::sqrt(static_cast<double>(n))));
  const Eigen::BDCSVD<Matrix> svd(z);
  const double expected = svd.singularValues()[0] / svd.singularValues()[m - 1];
  EXPECT_NEAR(dense.condition, expected, 1e-6 * expected);
}

TEST(CoefficientVariances, AnAliasedLevelOrNoInterceptTakesTheGeneralPath) {
  const Dataset d = blocked_design(600, 5);
  std::vector<Index> active = all_columns(d);
  EXPECT_FALSE(detail::absorbed_variances(d, active, false).has_value());
  active.erase(active.begin() + 10);  // a level of the wide block
  EXPECT_FALSE(detail::absorbed_variances(d, active, true).has_value());
}

}  // namespace
}  // namespace linreg
