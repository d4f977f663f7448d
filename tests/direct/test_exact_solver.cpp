#include <gtest/gtest.h>

#include <Eigen/QR>

#include "linreg/exact_solver.hpp"
#include "linreg/fit.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

TEST(ExactSolver, RecoversNoiselessCoefficients) {
  const Dataset d = testing::random_problem(300, 6, 0.0, 31);
  const FitSummary s = fit(d, testing::exact_options());
  EXPECT_EQ(s.stop_reason, StopReason::solved);
  EXPECT_EQ(s.direct.value().rank, 6);
  // Householder QR is backward stable: error ~ κ·ε with κ small here; 1e-12 is generous.
  EXPECT_LT(testing::max_relative_error(s.model.weights(), testing::true_weights(6)), 1e-12);
  EXPECT_NEAR(s.model.intercept(), testing::kTrueIntercept, 1e-11);
}

// Past 65,536 rows the QR is built a block of rows at a time on all cores (tall-skinny QR),
// then refined: the answer must be the one a single pivoted QR of the whole design gives, and
// the same on every run. Aliasing is still found (from the small R).
TEST(ExactSolver, TallSkinnyPathMatchesOneQrOfTheWholeDesign) {
  Dataset d = testing::random_problem(150000, 7, 1.0, 41);
  d.X.col(6) = d.X.col(1) * 2.0 - d.X.col(3);  // aliased
  d.feature_names = {"x0", "x1", "x2", "x3", "x4", "x5", "x6"};
  const FitSummary s = fit(d, testing::exact_options());
  EXPECT_EQ(s.direct.value().rank, 6);
  ASSERT_EQ(s.aliased().size(), 1u);
  Matrix design(d.n_rows(), 7);
  design.leftCols(6) = d.X.leftCols(6);
  design.col(6).setOnes();
  const Vector reference = Eigen::ColPivHouseholderQR<Matrix>(design).solve(d.y);
  // Which of x1, x3, x6 is dropped is the pivoting's choice; the fitted values are unique.
  EXPECT_TRUE(s.aliased()[0] == "x1" || s.aliased()[0] == "x3" || s.aliased()[0] == "x6")
      << s.aliased()[0];
  const Vector fitted = s.model.predict(d.X);
  const Vector expected = design * reference;
  // A well-conditioned problem, refined: ~1e-15 relative; 1e-12 is margin.
  EXPECT_LT((fitted - expected).norm(), 1e-12 * expected.norm());
  const FitSummary again = fit(d, testing::exact_options());
  EXPECT_EQ(again.model.weights(), s.model.weights());
  EXPECT_EQ(again.model.intercept(), s.model.intercept());
}

TEST(ExactSolver, ResidualIsOrthogonalToTheDesign) {
  const Dataset d = testing::random_problem(500, 4, 3.0, 32);
  const FitSummary s = fit(d, testing::exact_options());
  const Vector r = d.y - s.model.predict(d.X);
  // Normal equations: X̃ᵀr = 0 up to rounding, relative to ‖X̃‖·‖y‖.
  Matrix tilde(500, 5);
  tilde << d.X, Vector::Ones(500);
  const double scale = tilde.norm() * d.y.norm();
  EXPECT_LT((tilde.transpose() * r).norm(), 1e3 * std::numeric_limits<double>::epsilon() * scale);
}

TEST(ExactSolver, AliasedColumnIsReportedAndZeroed) {
  Dataset d = testing::random_problem(100, 3, 1.0, 33);
  // Add a column that is an exact combination (like Cars24's year = 2023 − age).
  Matrix X(100, 4);
  X << d.X, (2023.0 - d.X.col(1).array()).matrix();
  d.X = X;
  d.feature_names.push_back("year");
  const FitSummary s = fit(d, testing::exact_options());
  EXPECT_EQ(s.direct.value().rank, 3);
  ASSERT_EQ(s.aliased().size(), 1u);
  EXPECT_TRUE(s.aliased()[0] == "year" || s.aliased()[0] == "x2");
  EXPECT_TRUE(s.model.weights().allFinite());
  EXPECT_TRUE(has_warning(s.warnings, WarningCode::rank_deficient));
  // The fitted values are still the least-squares ones.
  const FitSummary full = fit(testing::random_problem(100, 3, 1.0, 33), testing::exact_options());
  EXPECT_NEAR(s.final_loss, full.final_loss, 1e-10 * full.final_loss);
}

TEST(ExactSolver, NoFeaturesFitsTheMean) {
  Dataset d;
  d.X.resize(3, 0);
  d.y.resize(3);
  d.y << 1, 2, 6;
  const FitSummary s = fit(d, testing::exact_options());
  EXPECT_DOUBLE_EQ(s.model.intercept(), 3.0);
}

TEST(ExactSolver, RankToleranceScalesWithSize) {
  EXPECT_GT(ExactSolver::rank_tolerance(1000, 3), ExactSolver::rank_tolerance(10, 3));
}

}  // namespace
}  // namespace linreg
