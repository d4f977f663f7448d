// The exact solver with a wide one-hot block absorbed (Dataset::one_hot) against the same design
// factored whole: the same fitted values, loss and rank, and the same weights wherever they are
// identifiable.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "linreg/fit.hpp"
#include "linreg/random.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// n rows: 3 numeric columns, then `levels` − 1 indicators of a categorical (level 0 the
// reference), then optionally `groups` − 1 indicators of a coarser categorical that each level
// belongs to (as a car's make to its model: nested, so aliased with the fine one).
Dataset categorical_problem(Index n, Index levels, Index groups, std::uint64_t seed) {
  Rng rng(seed);
  const Index fine = levels - 1;
  const Index coarse = groups > 0 ? groups - 1 : 0;
  Matrix X = Matrix::Zero(n, 3 + fine + coarse);
  Vector y(n);
  std::vector<double> effect(static_cast<std::size_t>(levels));
  for (auto& e : effect) e = 5.0 * rng.normal();
  for (Index i = 0; i < n; ++i) {
    const auto level = static_cast<Index>(rng.uniform_int(0, levels));
    X(i, 0) = 1000.0 + 50.0 * rng.normal();
    X(i, 1) = rng.normal();
    X(i, 2) = 1e5 * rng.uniform();
    if (level > 0) X(i, 3 + level - 1) = 1.0;
    const Index group = groups > 0 ? level % groups : 0;
    if (group > 0) X(i, 3 + fine + group - 1) = 1.0;
    y[i] = 2.0 + 0.01 * X(i, 0) - 3.0 * X(i, 1) + 2e-5 * X(i, 2) +
           effect[static_cast<std::size_t>(level)] + rng.normal();
  }
  Dataset d = Dataset::from_matrix(std::move(X), std::move(y));
  d.one_hot.push_back({3, fine});
  if (coarse > 0) d.one_hot.push_back({3 + fine, coarse});
  return d;
}

Dataset without_structure(Dataset d) {
  d.one_hot.clear();
  return d;
}

// Both are exact fits refined to ~1e-17; the factored design is well conditioned here.
constexpr double kTolerance = 1e-11;

TEST(AbsorbedExact, FullRankMatchesTheWholeFactorization) {
  const Dataset d = categorical_problem(4000, 120, 0, 7);
  const FitSummary absorbed = fit(d, testing::exact_options());
  const FitSummary whole = fit(without_structure(d), testing::exact_options());
  EXPECT_EQ(absorbed.direct.value().rank, whole.direct.value().rank);
  EXPECT_EQ(absorbed.direct.value().rank, d.n_features());
  EXPECT_TRUE(absorbed.aliased().empty());
  EXPECT_NEAR(absorbed.model.intercept(), whole.model.intercept(),
              kTolerance * std::abs(whole.model.intercept()));
  for (Index j = 0; j < d.n_features(); ++j) {
    EXPECT_NEAR(absorbed.model.weights()[j], whole.model.weights()[j],
                kTolerance * std::max(1.0, std::abs(whole.model.weights()[j])))
        << d.feature_names[static_cast<std::size_t>(j)];
  }
  EXPECT_NEAR(absorbed.final_loss, whole.final_loss, 1e-13 * whole.final_loss);
  EXPECT_GE(absorbed.direct.value().refinement_steps, 1);
}

TEST(AbsorbedExact, NestedCategoricalIsAliasedAndFittedValuesAgree) {
  const Dataset d = categorical_problem(3000, 90, 9, 11);
  const FitSummary absorbed = fit(d, testing::exact_options());
  const FitSummary whole = fit(without_structure(d), testing::exact_options());
  // 3 numeric + 89 fine levels; the 8 coarse indicators are combinations of the fine ones.
  EXPECT_EQ(absorbed.direct.value().rank, 92);
  EXPECT_EQ(whole.direct.value().rank, 92);
  EXPECT_EQ(absorbed.aliased().size(), 8u);
  EXPECT_EQ(absorbed.aliased().size(), whole.aliased().size());
  const Vector a = absorbed.model.predict(d.X);
  const Vector b = whole.model.predict(d.X);
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-10 * d.y.cwiseAbs().maxCoeff());
  // The numeric weights are identifiable either way.
  for (Index j = 0; j < 3; ++j) {
    EXPECT_NEAR(absorbed.model.weights()[j], whole.model.weights()[j],
                kTolerance * std::abs(whole.model.weights()[j]));
  }
  ASSERT_FALSE(absorbed.warnings.empty());
  EXPECT_EQ(absorbed.warnings.back().code, WarningCode::rank_deficient);
  EXPECT_NE(absorbed.warnings.back().text.find("(rank 92 of 100"), std::string::npos)
      << absorbed.warnings.back().text;
}

TEST(AbsorbedExact, LevelsWithoutRowsAreAliased) {
  Dataset d = categorical_problem(2000, 80, 0, 3);
  // No row at level 5 (column 3 + 4), and none at the reference level: move those rows.
  for (Index i = 0; i < d.n_rows(); ++i) {
    if (d.X(i, 3 + 4) == 1.0) d.X(i, 3 + 4) = 0.0, d.X(i, 3 + 10) = 1.0;
    if (d.X.row(i).segment(3, 79).sum() == 0.0) d.X(i, 3 + 20) = 1.0;
  }
  const FitSummary absorbed = fit(d, testing::exact_options());
  const FitSummary whole = fit(without_structure(d), testing::exact_options());
  EXPECT_EQ(absorbed.direct.value().rank, whole.direct.value().rank);
  EXPECT_EQ(absorbed.direct.value().rank, 3 + 79 - 2);
  ASSERT_EQ(absorbed.aliased().size(), 2u);
  // The reference level has no rows, so the first level with rows (x4) becomes the base and is
  // aliased with the intercept; level 5 (x8) has no rows at all.
  EXPECT_EQ(absorbed.aliased(), (std::vector<std::string>{"x4", "x8"}));
  const Vector a = absorbed.model.predict(d.X);
  EXPECT_LT((a - whole.model.predict(d.X)).cwiseAbs().maxCoeff(),
            1e-10 * d.y.cwiseAbs().maxCoeff());
}

TEST(AbsorbedExact, ColumnsThatAreNotOneHotAreRejected) {
  Dataset d = categorical_problem(500, 70, 0, 5);
  d.X(10, 3 + 2) = 0.5;
  EXPECT_THROW((void)fit(d, testing::exact_options()), std::invalid_argument);
  Dataset two = categorical_problem(500, 70, 0, 5);
  two.X(10, 3) = 1.0, two.X(10, 4) = 1.0;
  EXPECT_THROW((void)fit(two, testing::exact_options()), std::invalid_argument);
  Dataset overlap = categorical_problem(500, 70, 0, 5);
  overlap.one_hot.push_back({4, 3});
  EXPECT_THROW((void)fit(overlap, testing::exact_options()), std::invalid_argument);
}

}  // namespace
}  // namespace linreg

// Gradient descent keeps wide one-hot blocks as level codes (OneHotMseObjective): the same loss,
// gradient and Lipschitz constant as the dense pass over the materialized (standardized) design.
#include "linreg/mse_objective.hpp"
#include "linreg/one_hot_objective.hpp"
#include "linreg/scaler.hpp"

namespace linreg {
namespace {

TEST(OneHotObjective, AgreesWithTheDensePass) {
  const Dataset d = categorical_problem(3000, 90, 9, 21);
  const StandardScaler scaler = StandardScaler::fit(d.X);
  const Matrix standardized = scaler.transform(d.X);
  for (const bool intercept : {true, false}) {
    for (const bool scaled : {true, false}) {
      const OneHotMseObjective codes(d.X, d.y, intercept, d.one_hot,
                                     scaled ? scaler.mean() : Vector(),
                                     scaled ? scaler.scale() : Vector());
      const MseObjective dense(scaled ? MatrixRef(standardized) : MatrixRef(d.X), d.y, intercept);
      ASSERT_EQ(codes.n_parameters(), dense.n_parameters());
      Rng rng(4);
      Vector theta(codes.n_parameters());
      for (Index k = 0; k < theta.size(); ++k) theta[k] = rng.normal();
      Vector g1, g2;
      const double l1 = codes.loss_and_gradient(theta, g1);
      const double l2 = dense.loss_and_gradient(theta, g2);
      // Same sums in a different order: rounding only.
      EXPECT_NEAR(l1, l2, 1e-12 * l2) << intercept << scaled;
      EXPECT_LT((g1 - g2).norm(), 1e-11 * g2.norm()) << intercept << scaled;
      EXPECT_NEAR(codes.loss(theta), l1, 1e-14 * l1);
      // Power iteration stops at a 1e-6 relative change on either side.
      EXPECT_NEAR(codes.lipschitz_constant(), dense.lipschitz_constant(),
                  1e-4 * dense.lipschitz_constant());
    }
  }
}

TEST(OneHotObjective, GradientDescentFitMatchesTheDenseFit) {
  const Dataset d = categorical_problem(3000, 90, 0, 23);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.max_iterations = 300;
  options.gradient_descent.tolerance = 0.0;
  options.gradient_descent.learning_rate = 0.05;
  const FitSummary codes = fit(d, options);
  const FitSummary dense = fit(without_structure(d), options);
  EXPECT_EQ(codes.iterations(), dense.iterations());
  EXPECT_NEAR(codes.final_loss, dense.final_loss, 1e-10 * dense.final_loss);
  const Vector a = codes.model.predict(d.X);
  EXPECT_LT((a - dense.model.predict(d.X)).cwiseAbs().maxCoeff(), 1e-8 * d.y.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace linreg
