// The penalized solver behind fit() (linreg/penalized_solver.hpp), ridge's closed-form
// leave-one-out, and penalized models in model files.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/model_io.hpp"
#include "linreg/penalized.hpp"
#include "penalized/penalized_designs.hpp"

namespace linreg {
namespace {
using namespace testing_designs;

TEST(PenalizedFit, AGivenLambdaGivesThePathsModelAtIt) {
  const Dataset d = correlated_design(200, 15, 0.5, 21);
  FitOptions o = lasso_options();
  const PenalizedPath path = penalized_path(d, o);
  const Index k = 30;
  o.penalized.lambda = path.lambdas[k];
  const FitSummary s = fit(d, o);
  ASSERT_TRUE(s.penalized);
  EXPECT_FALSE(s.gd);
  EXPECT_FALSE(s.direct);
  EXPECT_EQ(s.solver, SolverKind::penalized);
  EXPECT_EQ(s.stop_reason, StopReason::converged);
  EXPECT_EQ(s.penalized->choice, LambdaChoice::given);
  EXPECT_EQ(s.penalized->lambda(), path.lambdas[k]);
  EXPECT_EQ(s.penalized->nonzero(), path.nonzero[k]);
  // A cold start at λ and the warm-started path reach the same optimum; both hold the KKT
  // conditions to 1e-12 of λ_max, which bounds the weights' difference well below 1e-9 here.
  EXPECT_LT((s.model.weights() - path.weights.col(k)).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(s.model.intercept(), path.intercepts[k], 1e-9);
  const Vector r = d.y - s.model.predict(d.X);
  EXPECT_NEAR(s.final_loss, r.squaredNorm() / 200.0, 1e-12 * s.final_loss);
  EXPECT_NE(s.message.find("lasso at λ"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("of 15 weights nonzero"), std::string::npos) << s.message;
}

TEST(PenalizedFit, WithoutALambdaTakesTheCrossValidatedOne) {
  const Dataset d = correlated_design(150, 12, 0.3, 22);
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 40;
  const FitSummary one_se = fit(d, o);  // 10 folds by default, glmnet's 1se rule
  ASSERT_TRUE(one_se.penalized && one_se.penalized->path.cv);
  const CrossValidation& cv = *one_se.penalized->path.cv;
  EXPECT_EQ(cv.folds, 10);
  EXPECT_EQ(one_se.penalized->choice, LambdaChoice::cv_1se);
  EXPECT_EQ(one_se.penalized->lambda(), cv.lambda_1se);
  EXPECT_EQ(one_se.model.weights(), one_se.penalized->path.weights.col(cv.index_1se));
  o.penalized.rule = LambdaRule::min;
  const FitSummary min = fit(d, o);
  EXPECT_EQ(min.penalized->lambda(), cv.lambda_min);  // the same seeded folds
  EXPECT_GE(cv.lambda_1se, cv.lambda_min);
  EXPECT_NE(min.message.find("cross-validated, min of 10 folds"), std::string::npos) << min.message;
}

TEST(PenalizedFit, OptionsAreValidated) {
  const Dataset d = correlated_design(50, 4, 0.0, 23);
  FitOptions o = lasso_options();
  o.penalized.lambda = 0.1;
  o.penalized.folds = 5;  // a fixed λ has nothing to cross-validate
  EXPECT_THROW((void)fit(d, o), UsageError);
  o.penalized.folds = 0;
  o.penalized.lambda = -1.0;
  EXPECT_THROW((void)fit(d, o), UsageError);
  o.penalized.lambda.reset();
  o.penalized.leave_one_out = true;  // the lasso has no closed form
  EXPECT_THROW((void)fit(d, o), UsageError);
  FitOptions exact;
  EXPECT_THROW((void)penalized_path(d, exact), UsageError);  // not the penalized solver's options
}

// Leave-one-out in closed form against n refits without each row. The closed form keeps the
// penalty on the sum of squares, n·λ, fixed (scikit-learn's RidgeCV, whose alpha is n·λ): each
// refit on n − 1 rows takes λ·n/(n − 1). Unscaled features, so that the refits' standardization
// cannot differ from the whole data's. Both are direct solves: 1e-9 relative covers the
// conditioning of the refits' systems.
TEST(RidgeLeaveOneOut, EqualsRefittingWithoutEachRow) {
  for (const bool intercept : {true, false}) {
    for (const auto& [n, p] : {std::pair<Index, Index>{40, 6}, {25, 40}}) {
      SCOPED_TRACE(::testing::Message() << n << " x " << p << (intercept ? "" : ", no intercept"));
      const Dataset d = correlated_design(n, p, 0.6, 24);
      for (const CoordinateUpdates updates :
           {CoordinateUpdates::covariance, CoordinateUpdates::residual}) {
        FitOptions o = lasso_options();
        o.fit_intercept = intercept;
        o.scaling = Scaling::none;
        o.penalized.penalty = Penalty::ridge;
        o.penalized.updates = updates;
        o.penalized.lambdas = {3.0, 0.2, 0.01};
        o.penalized.leave_one_out = true;
        const PenalizedPath path = penalized_path(d, o);
        ASSERT_TRUE(path.cv);
        EXPECT_TRUE(path.cv->leave_one_out);
        EXPECT_EQ(path.cv->folds, n);
        for (Index k = 0; k < 3; ++k) {
          Vector squares(n);
          for (Index i = 0; i < n; ++i) {
            std::vector<Index> rows;
            for (Index j = 0; j < n; ++j)
              if (j != i) rows.push_back(j);
            const Dataset part = Dataset::from_matrix(d.X(rows, Eigen::all), d.y(rows));
            FitOptions refit = o;
            refit.penalized.leave_one_out = false;
            refit.penalized.lambdas = {path.lambdas[k] * static_cast<double>(n) /
                                       static_cast<double>(n - 1)};
            const PenalizedPath one = penalized_path(part, refit);
            const double predicted = d.X.row(i).dot(one.weights.col(0)) + one.intercepts[0];
            squares[i] = (d.y[i] - predicted) * (d.y[i] - predicted);
          }
          const double mean = squares.mean();
          const double se = std::sqrt((squares.array() - mean).square().sum() /
                                      (static_cast<double>(n) * static_cast<double>(n - 1)));
          EXPECT_NEAR(path.cv->mean[k], mean, 1e-9 * mean) << "λ " << path.lambdas[k];
          EXPECT_NEAR(path.cv->standard_error[k], se, 1e-9 * se) << "λ " << path.lambdas[k];
        }
        EXPECT_EQ(path.cv->lambda_min, path.lambdas[path.cv->index_min]);
      }
    }
  }
}

// glmnet's ridge grid works on y/s_y: here the same grid in this objective's units, so y's units
// do not move it (a grid that grew with s_y made cross-validated ridge on large targets pick the
// mean). Scaling y by 1000 scales the weights by 1000 and leaves λ where it was.
TEST(PenalizedFit, RidgesGridDoesNotDependOnTheUnitsOfY) {
  const Dataset d = correlated_design(80, 5, 0.3, 26);
  Dataset big = d;
  big.y *= 1000.0;
  FitOptions o = lasso_options();
  o.penalized.penalty = Penalty::ridge;
  o.penalized.n_lambda = 20;
  const PenalizedPath small_path = penalized_path(d, o), big_path = penalized_path(big, o);
  EXPECT_NEAR(big_path.lambda_max, small_path.lambda_max, 1e-12 * small_path.lambda_max);
  EXPECT_LT((big_path.weights / 1000.0 - small_path.weights).cwiseAbs().maxCoeff(),
            1e-10 * small_path.weights.cwiseAbs().maxCoeff());
  // The last λ explains most of what least squares does, as glmnet's ridge path does.
  const FitSummary ols = fit(d);
  const double ols_r2 = 1.0 - ols.final_loss / ((d.y.array() - d.y.mean()).square().mean());
  EXPECT_GT(small_path.deviance_explained[19], ols_r2 - 0.01);
}

// More features than rows, a tiny λ: automatic updates take the thin SVD of Z (the Gram
// matrix's eigendecomposition would square Z's conditioning: 1e-11 off here). Against the exact
// solver's fit of the augmented design [Z; √(nλ)·I] (QR and refinement, about 1e-15): 1e-13.
TEST(PenalizedFit, WideRidgeIsAsAccurateAsTheExactSolver) {
  const Dataset d = correlated_design(30, 60, 0.5, 30);
  const Index n = 30, p = 60;
  FitOptions o = lasso_options();
  o.scaling = Scaling::none;
  o.penalized.penalty = Penalty::ridge;
  o.penalized.lambda = 1e-6;
  const FitSummary s = fit(d, o);
  const Vector mean = d.X.colwise().mean().transpose();
  Matrix augmented = Matrix::Zero(n + p, p);
  augmented.topRows(n) = d.X.rowwise() - mean.transpose();
  augmented.bottomRows(p) = std::sqrt(static_cast<double>(n) * 1e-6) * Matrix::Identity(p, p);
  Vector target = Vector::Zero(n + p);
  target.head(n) = d.y.array() - d.y.mean();
  FitOptions exact;
  exact.fit_intercept = false;
  const Vector want = fit(Dataset::from_matrix(augmented, target), exact).model.weights();
  EXPECT_LT((s.model.weights() - want).cwiseAbs().maxCoeff(), 1e-13 * want.cwiseAbs().maxCoeff());
}

TEST(PenalizedFit, FoldCountsAndSweepLimitsAreWhatTheyAre) {
  const Dataset d = correlated_design(60, 6, 0.5, 27);
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 10;
  for (Index i = 0; i < 60; ++i) o.penalized.fold_ids.push_back(1 + 2 * (i % 3));  // 1, 3, 5
  EXPECT_EQ(penalized_path(d, o).cv->folds, 3);
  // A sweep limit is a limit: never one more.
  FitOptions few = lasso_options();
  few.penalized.lambda = 1e-4;
  few.penalized.max_sweeps = 3;
  const FitSummary s = fit(d, few);
  EXPECT_LE(s.penalized->sweeps(), 3);
  // Fewer rows than the default 10 folds: one fold per row; one row cannot be cross-validated.
  const Dataset five = correlated_design(5, 2, 0.0, 28);
  EXPECT_EQ(fit(five, lasso_options()).penalized->path.cv->folds, 5);
  const Dataset one = correlated_design(1, 2, 0.0, 29);
  EXPECT_THROW((void)fit(one, lasso_options()), DataError);
}

TEST(PenalizedModelFile, KeepsThePenaltyAndPredictsTheSame) {
  const Dataset d = correlated_design(120, 6, 0.2, 25);
  FitOptions o = lasso_options();
  o.penalized.penalty = Penalty::elastic_net;
  o.penalized.l1_ratio = 0.4;
  o.penalized.lambda = 0.05;
  const FitSummary s = fit(d, o);
  std::vector<InputColumn> inputs;
  for (const auto& name : d.feature_names) {
    InputColumn column;
    column.name = name;
    inputs.push_back(column);
  }
  const Encoder encoder(std::move(inputs), MissingPolicy::error);
  const SavedModel saved = make_saved_model(d, encoder, o, s, {});
  ASSERT_TRUE(saved.penalty);
  const SavedModel back = model_from_json(model_to_json(saved), "m.json");
  ASSERT_TRUE(back.penalty);
  EXPECT_EQ(back.solver, SolverKind::penalized);
  EXPECT_EQ(back.penalty->penalty, Penalty::elastic_net);
  EXPECT_EQ(back.penalty->l1_ratio, 0.4);
  EXPECT_EQ(back.penalty->lambda, 0.05);
  EXPECT_EQ(back.penalty->choice, LambdaChoice::given);
  EXPECT_EQ(back.penalty->nonzero, s.penalized->nonzero());
  EXPECT_EQ(back.model.weights(), s.model.weights());
  EXPECT_EQ(back.predict(d.X), s.model.predict(d.X));
}

}  // namespace
}  // namespace linreg
