#include <gtest/gtest.h>

#include "linreg/fit.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

FitSummary fit_with(const Dataset& d, SolverKind kind, bool intercept = true) {
  FitOptions o;
  o.solver = kind;
  o.fit_intercept = intercept;
  return fit(d, o);
}

TEST(DirectSolvers, CholeskyAndSvdAgreeWithExactOnWellConditionedData) {
  for (const bool intercept : {true, false}) {
    const Dataset d = testing::random_problem(2000, 8, 0.5, 51);
    const FitSummary exact = fit_with(d, SolverKind::exact, intercept);
    for (const SolverKind kind : {SolverKind::cholesky, SolverKind::svd}) {
      const FitSummary s = fit_with(d, kind, intercept);
      EXPECT_EQ(s.direct.value().rank, 8);
      EXPECT_TRUE(s.warnings.empty());
      // κ(Z) is small here, so even the normal equations keep ~14 digits: 1e-10 has room.
      EXPECT_LT(testing::max_relative_error(s.model.weights(), exact.model.weights()), 1e-10)
          << to_string(kind);
      EXPECT_NEAR(s.model.intercept(), exact.model.intercept(),
                  1e-10 * (std::abs(exact.model.intercept()) + 1))
          << to_string(kind);
    }
  }
}

TEST(DirectSolvers, RankDeficiency) {
  Dataset d = testing::random_problem(300, 3, 1.0, 52);
  Matrix X(300, 4);
  X << d.X, (2023.0 - d.X.col(1).array()).matrix();
  d.X = X;
  d.feature_names.push_back("year");
  const FitSummary exact = fit_with(d, SolverKind::exact);
  const FitSummary chol = fit_with(d, SolverKind::cholesky);
  EXPECT_EQ(chol.direct.value().rank, 3);
  ASSERT_EQ(chol.aliased().size(), 1u);
  EXPECT_TRUE(chol.aliased()[0] == "year" || chol.aliased()[0] == "x2");
  // Same fitted values as exact: the loss agrees to the normal equations' precision.
  EXPECT_NEAR(chol.final_loss, exact.final_loss, 1e-8 * exact.final_loss);
  const FitSummary svd = fit_with(d, SolverKind::svd);
  EXPECT_EQ(svd.direct.value().rank, 3);
  EXPECT_TRUE(has_warning(svd.warnings, WarningCode::rank_deficient));
  EXPECT_NEAR(svd.final_loss, exact.final_loss, 1e-8 * exact.final_loss);
  // Minimum norm: the weight of the collinear pair is split, not put on one column.
  EXPECT_NE(svd.model.weights()[1], 0.0);
  EXPECT_NE(svd.model.weights()[3], 0.0);
}

TEST(DirectSolvers, SolverNamesRoundTrip) {
  for (const SolverKind kind :
       {SolverKind::gradient_descent, SolverKind::exact, SolverKind::cholesky, SolverKind::svd}) {
    EXPECT_EQ(parse_solver_kind(to_string(kind)), kind);
  }
  EXPECT_THROW(static_cast<void>(parse_solver_kind("magic")), std::invalid_argument);
}

}  // namespace
}  // namespace linreg
