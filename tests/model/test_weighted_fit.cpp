// Weighted least squares through fit(): a row of weight 0 is the same as the row left out, to the
// bit, for every solver (rank-deficient designs included); an integer weight is the same as that
// many copies of the row; weights are checked. (The statistics of weighted fits against
// statsmodels' WLS: tests/stats/test_weighted_statistics.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/random.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// random_problem with a fourth column: x1 + x2 (aliased) when `aliased`, and a fifth that is
// constant except in the rows `odd` (which get weight 0 below).
Dataset design(Index n, bool aliased, const std::vector<Index>& odd) {
  Dataset d = testing::random_problem(n, 3, 0.5, 17);
  const Index extra = aliased ? 2 : 0;
  d.X.conservativeResize(n, 3 + extra);
  if (aliased) {
    d.X.col(3) = d.X.col(0) + d.X.col(1);
    d.X.col(4).setConstant(7.25);
    for (const Index i : odd) d.X(i, 4) = -3.0;
    d.feature_names = {"x1", "x2", "x3", "x1+x2", "seven"};
  }
  return d;
}

Vector seeded_weights(Index n, std::uint64_t seed) {
  Rng rng(seed);
  Vector w(n);
  for (Index i = 0; i < n; ++i) w[i] = 0.25 + 2.0 * rng.uniform();
  return w;
}

Dataset without(const Dataset& d, const std::vector<Index>& rows) {
  std::vector<Index> keep;
  for (Index i = 0; i < d.n_rows(); ++i) {
    if (std::find(rows.begin(), rows.end(), i) == rows.end()) keep.push_back(i);
  }
  Dataset out = d;
  out.X = d.X(keep, Eigen::all);
  out.y = d.y(keep);
  out.weights = d.weights(keep);
  return out;
}

FitOptions options_for(SolverKind solver, bool intercept) {
  FitOptions o;
  o.solver = solver;
  o.fit_intercept = intercept;
  o.gradient_descent.max_iterations = 20000;
  return o;
}

void expect_same_bits(const FitSummary& a, const FitSummary& b) {
  ASSERT_EQ(a.model.weights().size(), b.model.weights().size());
  for (Index j = 0; j < a.model.weights().size(); ++j)
    EXPECT_EQ(a.model.weights()[j], b.model.weights()[j]) << j;
  EXPECT_EQ(a.model.intercept(), b.model.intercept());
  EXPECT_EQ(a.final_loss, b.final_loss);
  EXPECT_EQ(a.aliased(), b.aliased());
  EXPECT_EQ(a.iterations(), b.iterations());
  if (a.direct && b.direct) {
    EXPECT_EQ(a.direct->rank, b.direct->rank);
  }
  ASSERT_EQ(a.warnings.size(), b.warnings.size());
  for (std::size_t k = 0; k < a.warnings.size(); ++k)
    EXPECT_EQ(a.warnings[k].code, b.warnings[k].code);
}

// The rows of weight 0 hold values far from the others (and, in the rank-deficient design,
// break the fifth column's constancy): any part they took would show.
TEST(WeightedFit, ZeroWeightIsTheRowLeftOutToTheBit) {
  const std::vector<Index> zero = {0, 5, 6, 17, 33, 59};
  for (const SolverKind solver :
       {SolverKind::exact, SolverKind::cholesky, SolverKind::svd, SolverKind::gradient_descent}) {
    for (const bool aliased : {false, true}) {
      if (aliased && solver != SolverKind::exact && solver != SolverKind::svd) continue;
      for (const bool intercept : {true, false}) {
        SCOPED_TRACE(to_string(solver) + (aliased ? ", rank-deficient" : "") +
                     (intercept ? "" : ", no intercept"));
        Dataset d = design(60, aliased, zero);
        d.weights = seeded_weights(60, 3);
        for (const Index i : zero) {
          d.weights[i] = 0.0;
          d.y[i] = 1e6;
          d.X(i, 0) = -4e5;
        }
        const FitOptions o = options_for(solver, intercept);
        const FitSummary with_zeros = fit(d, o);
        const FitSummary left_out = fit(without(d, zero), o);
        expect_same_bits(with_zeros, left_out);
        if (aliased && solver == SolverKind::exact) {
          // x1 + x2 aliased; the fifth column, constant over the rows that count, too (with an
          // intercept), as the plain fit of those rows finds. (The SVD solver names none: its
          // minimum-norm solution spreads the weight.)
          EXPECT_EQ(with_zeros.aliased().size(), intercept ? 2U : 1U);
        }
      }
    }
  }
}

// Σ wᵢ·rᵢ² with integer wᵢ is the plain sum over wᵢ copies of each row: the same problem, solved
// by two routes (the whitened rows, and the copies), so equal to the solution's conditioning
// times ε (1e-13 relative here, κ ≈ 30).
TEST(WeightedFit, IntegerWeightsAreCopiesOfTheRow) {
  const Dataset base = testing::random_problem(50, 3, 0.5, 29);
  Dataset weighted = base;
  const std::vector<Index> counts = testing::weigh_by_counts(weighted);
  const Dataset copied = testing::repeated_rows(base, counts);
  for (const SolverKind solver : {SolverKind::exact, SolverKind::cholesky, SolverKind::svd}) {
    for (const bool intercept : {true, false}) {
      SCOPED_TRACE(to_string(solver) + (intercept ? "" : ", no intercept"));
      const FitOptions o = options_for(solver, intercept);
      const FitSummary a = fit(weighted, o);
      const FitSummary b = fit(copied, o);
      EXPECT_LT(testing::max_relative_error(a.model.weights(), b.model.weights()), 1e-13);
      EXPECT_NEAR(a.model.intercept(), b.model.intercept(), 1e-13 * std::abs(b.model.intercept()));
      // The loss is the weighted mean of the squared residuals: the copies' MSE.
      EXPECT_NEAR(a.final_loss, b.final_loss, 1e-12 * b.final_loss);
      // The feature means (a model file's fill values) are the weighted ones: the copies'.
      EXPECT_LT(testing::max_relative_error(a.feature_means, b.feature_means), 1e-15);
    }
  }
}

// Gradient descent minimizes the weighted mean squared error and reaches the exact solver's
// weighted optimum (to its tolerance of 1e-12 on the standardized parameters, times the
// problem's conditioning).
TEST(WeightedFit, GradientDescentReachesTheWeightedOptimum) {
  Dataset d = testing::random_problem(80, 3, 0.5, 41);
  d.weights = seeded_weights(80, 9);
  const FitSummary exact = fit(d, options_for(SolverKind::exact, true));
  const FitSummary gd = fit(d, options_for(SolverKind::gradient_descent, true));
  ASSERT_EQ(gd.stop_reason, StopReason::converged);
  EXPECT_LT(testing::max_relative_error(gd.model.weights(), exact.model.weights()), 1e-9);
  EXPECT_NEAR(gd.model.intercept(), exact.model.intercept(), 1e-9);
  // The loss history is the weighted mean squared error.
  EXPECT_NEAR(gd.gd->loss_history.back(), exact.final_loss, 1e-9 * exact.final_loss);
  // The scaler holds the weighted means, and the design model is in its units.
  ASSERT_TRUE(gd.scaler.has_value());
  EXPECT_LT(testing::max_relative_error(gd.scaler->mean(), exact.feature_means), 1e-15);
  const LinearModel back = gd.scaler->to_original_units(gd.design_model);
  EXPECT_LT(testing::max_relative_error(back.weights(), gd.model.weights()), 1e-12);
  EXPECT_NEAR(back.intercept(), gd.model.intercept(), 1e-12 * std::abs(gd.model.intercept()));
}

// A weighted fit with a wide one-hot block absorbs it (weighted level means) instead of factoring
// it: the same model as the dense route on the same design without the block's structure, the
// same statistics (the absorbed variances, weighted), and rows of weight 0 still rows left out.
TEST(WeightedFit, AbsorbedOneHotBlockEqualsTheDenseRoute) {
  const Index n = 600, levels = 70;
  Dataset d = testing::random_problem(n, 2, 0.5, 47);
  Rng rng(48);
  d.X.conservativeResize(n, 2 + levels - 1);
  d.X.rightCols(levels - 1).setZero();
  for (Index i = 0; i < n; ++i) {
    const Index level = i < levels ? i : rng.uniform_int(0, levels);  // every level has rows
    if (level > 0) d.X(i, 1 + level) = 1.0;
    d.y[i] += 0.1 * static_cast<double>(level % 7);
  }
  for (Index g = 1; g < levels; ++g) d.feature_names.push_back("g=" + std::to_string(g));
  d.one_hot = {OneHotColumns{2, levels - 1}};
  d.weights = seeded_weights(n, 49);
  Dataset dense = d;
  dense.one_hot.clear();
  const FitOptions o = testing::exact_options();
  const FitSummary absorbed = fit(d, o), factored = fit(dense, o);
  EXPECT_LT(testing::max_relative_error(absorbed.model.weights(), factored.model.weights()), 1e-12);
  EXPECT_NEAR(absorbed.model.intercept(), factored.model.intercept(),
              1e-12 * std::abs(factored.model.intercept()));
  EXPECT_NEAR(absorbed.final_loss, factored.final_loss, 1e-13 * factored.final_loss);
  const InferenceTable a = infer(d, absorbed, o), b = infer(dense, factored, o);
  ASSERT_EQ(a.terms.size(), b.terms.size());
  for (std::size_t k = 0; k < a.terms.size(); ++k)
    EXPECT_NEAR(*a.terms[k].se, *b.terms[k].se, 1e-10 * *b.terms[k].se) << a.terms[k].name;
  EXPECT_NEAR(*a.condition_number, *b.condition_number, 1e-6 * *b.condition_number);
  EXPECT_NEAR(*a.r2, *b.r2, 1e-13);
  // Rows of weight 0 (one the only row of its level: that level is then aliased).
  Dataset with_zeros = d;
  std::vector<Index> zero = {3, 100, 250};
  for (const Index i : zero) with_zeros.weights[i] = 0.0;
  std::vector<Index> keep;
  for (Index i = 0; i < n; ++i) {
    if (std::find(zero.begin(), zero.end(), i) == zero.end()) keep.push_back(i);
  }
  Dataset left_out = with_zeros;
  left_out.X = d.X(keep, Eigen::all);
  left_out.y = d.y(keep);
  left_out.weights = with_zeros.weights(keep);
  expect_same_bits(fit(with_zeros, o), fit(left_out, o));
}

// Unit weights are the unweighted fit: the same problem, both routes exact to ε·κ.
TEST(WeightedFit, UnitWeightsAreTheUnweightedFit) {
  Dataset d = testing::random_problem(70, 4, 0.5, 5);
  const FitSummary plain = fit(d, testing::exact_options());
  d.weights = Vector::Ones(70);
  const FitSummary unit = fit(d, testing::exact_options());
  EXPECT_LT(testing::max_relative_error(unit.model.weights(), plain.model.weights()), 1e-13);
  EXPECT_NEAR(unit.model.intercept(), plain.model.intercept(),
              1e-13 * std::abs(plain.model.intercept()));
}

TEST(WeightedFit, WeightsAreChecked) {
  Dataset d = testing::random_problem(10, 2, 0.5, 1);
  d.weights = Vector::Ones(10);
  for (const double bad :
       {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    d.weights[4] = bad;
    try {
      (void)fit(d, testing::exact_options());
      ADD_FAILURE() << "weight " << bad << " was taken";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("row 5"), std::string::npos) << e.what();
    }
  }
  d.weights.setZero();
  EXPECT_THROW((void)fit(d, testing::exact_options()), DataError);
  d.weights = Vector::Ones(9);
  EXPECT_THROW((void)fit(d, testing::exact_options()), std::invalid_argument);
  d.weights = Vector::Ones(10);
  // Ridge's leave-one-out is not weighted yet: refused, not ignored.
  FitOptions loo;
  loo.solver = SolverKind::penalized;
  loo.penalized.penalty = Penalty::ridge;
  loo.penalized.leave_one_out = true;
  EXPECT_THROW((void)fit(d, loo), UsageError);
}

}  // namespace
}  // namespace linreg
