// The lasso and elastic-net path (linreg/penalized.hpp): scikit-learn's solutions, the KKT
// conditions along whole paths, the unpenalized intercept, the grid.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/penalized.hpp"
#include "linreg/random.hpp"
#include "penalized/coordinate_descent.hpp"
#include "penalized/penalized_designs.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {
using namespace testing_designs;

// The tests' bound on the KKT conditions along a path, relative to λ_max·r (the gradient's
// scale at w = 0): the issue's 1e-10, a hundred times the solver's default tolerance.
constexpr double kKktBound = 1e-10;

void expect_path_satisfies_kkt(const Dataset& d, const FitOptions& o) {
  const PenalizedPath path = penalized_path(d, o);
  ASSERT_EQ(path.lambdas.size(), o.penalized.lambdas.empty()
                                     ? o.penalized.n_lambda
                                     : static_cast<long>(o.penalized.lambdas.size()));
  for (Index k = 0; k < path.lambdas.size(); ++k) {
    EXPECT_TRUE(path.converged[static_cast<std::size_t>(k)]) << "λ #" << k;
    EXPECT_LE(path.kkt_violation[k], kKktBound) << "λ #" << k << " = " << path.lambdas[k];
  }
  EXPECT_EQ(path.nonzero.front(), 0);  // λ_max: all weights 0
  EXPECT_GT(path.nonzero.back(), 0);
}

TEST(PenalizedPath, KktConditionsHoldAlongWholePaths) {
  for (const double rho : {0.0, 0.5, 0.95}) {
    SCOPED_TRACE(rho);
    expect_path_satisfies_kkt(correlated_design(1000, 20, rho, 3), lasso_options());  // n > p
    expect_path_satisfies_kkt(correlated_design(50, 200, rho, 4), lasso_options());   // n < p
    FitOptions net = lasso_options();
    net.penalized.penalty = Penalty::elastic_net;
    net.penalized.l1_ratio = 0.3;
    expect_path_satisfies_kkt(correlated_design(300, 40, rho, 5), net);
    net.scaling = Scaling::none;
    expect_path_satisfies_kkt(correlated_design(40, 120, rho, 6), net);
    expect_path_satisfies_kkt(correlated_design(60, 700, rho, 13), lasso_options());  // residual
  }
}

// Covariance and residual updates solve the same problem: the same paths, to the KKT tolerance
// (the weights are unique here: n > p, or n < p with features in general position).
TEST(PenalizedPath, CovarianceAndResidualUpdatesGiveTheSamePath) {
  for (const auto& [n, p] : {std::pair<Index, Index>{200, 30}, {40, 90}}) {
    const Dataset d = correlated_design(n, p, 0.5, 14);
    FitOptions o = lasso_options();
    o.penalized.updates = CoordinateUpdates::covariance;
    const PenalizedPath gram = penalized_path(d, o);
    o.penalized.updates = CoordinateUpdates::residual;
    const PenalizedPath residual = penalized_path(d, o);
    EXPECT_EQ(gram.nonzero, residual.nonzero);
    EXPECT_LT((gram.weights - residual.weights).cwiseAbs().maxCoeff(),
              1e-9 * gram.weights.cwiseAbs().maxCoeff());
    EXPECT_LT((gram.deviance_explained - residual.deviance_explained).cwiseAbs().maxCoeff(), 1e-10);
    EXPECT_LE(residual.kkt_violation.maxCoeff(), kKktBound);
  }
}

// The KKT conditions checked here from the returned weights in the data's units, not by the
// solver's own measure: the standardized gradient rebuilt from X and the residuals.
TEST(PenalizedPath, ReturnedWeightsSatisfyTheKktConditionsInTheDataUnits) {
  const Dataset d = correlated_design(200, 30, 0.5, 7);
  const PenalizedPath path = penalized_path(d, lasso_options());
  const double n = static_cast<double>(d.n_rows());
  const Vector mean = d.X.colwise().mean().transpose();
  const Matrix centered = d.X.rowwise() - mean.transpose();
  const Vector sd = (centered.array().square().colwise().sum() / n).sqrt().transpose();
  for (const Index k : {Index{10}, Index{50}, Index{99}}) {
    const Vector w = path.weights.col(k);
    const Vector residual = (d.y - d.X * w).array() - path.intercepts[k];
    EXPECT_NEAR(residual.mean(), 0.0,
                1e-12 * d.y.cwiseAbs().maxCoeff());  // intercept: not penalized
    const double lambda = path.lambdas[k];
    for (Index j = 0; j < d.n_features(); ++j) {
      const double g = centered.col(j).dot(residual) / (n * sd[j]);  // −∂/∂w̃_j of the loss
      const double bound = 1e-9 * path.lambda_max;
      if (w[j] == 0.0) {
        EXPECT_LE(std::abs(g), lambda + bound) << j;
      } else {
        EXPECT_NEAR(g, lambda * (w[j] > 0 ? 1.0 : -1.0), bound) << j;
      }
    }
  }
}

// scikit-learn's Lasso and ElasticNet (tol 1e-12) on the same data with the raw features
// penalized: equal to 1e-8 of the largest coefficient (scikit-learn's duality-gap stop leaves
// about that much; linreg's solution satisfies the KKT conditions to rounding).
TEST(PenalizedPath, EqualsScikitLearnWithUnscaledFeatures) {
  std::ifstream file(LINREG_TEST_DATA_DIR "/penalized/sklearn_reference.json");
  ASSERT_TRUE(file) << "tests/data/penalized/sklearn_reference.json";
  const auto reference = nlohmann::json::parse(file);
  for (const auto& design : reference["designs"]) {
    const auto rows = design["X"].get<std::vector<std::vector<double>>>();
    const auto y = design["y"].get<std::vector<double>>();
    Matrix X(static_cast<Index>(rows.size()), static_cast<Index>(rows[0].size()));
    for (Index i = 0; i < X.rows(); ++i)
      for (Index j = 0; j < X.cols(); ++j)
        X(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    const Dataset d = Dataset::from_matrix(X, Eigen::Map<const Vector>(y.data(), X.rows()));
    for (const auto& fit : design["fits"]) {
      SCOPED_TRACE(design["name"].get<std::string>() + " " + fit["penalty"].get<std::string>() +
                   " λ " + std::to_string(fit["lambda"].get<double>()));
      FitOptions o = lasso_options();
      o.penalized.penalty = parse_penalty(fit["penalty"].get<std::string>());
      o.penalized.l1_ratio = fit["l1_ratio"].get<double>();
      o.scaling = Scaling::none;
      o.penalized.lambdas = {fit["lambda"].get<double>()};
      const auto expected = fit["coefficients"].get<std::vector<double>>();
      const Vector want = Eigen::Map<const Vector>(expected.data(), X.cols());
      const double size = want.cwiseAbs().maxCoeff();
      for (const CoordinateUpdates updates :
           {CoordinateUpdates::covariance, CoordinateUpdates::residual}) {
        o.penalized.updates = updates;
        const PenalizedPath path = penalized_path(d, o);
        EXPECT_LT((path.weights.col(0) - want).cwiseAbs().maxCoeff(), 1e-8 * size);
        EXPECT_NEAR(path.intercepts[0], fit["intercept"].get<double>(), 1e-8 * size);
        EXPECT_LE(path.kkt_violation[0], kKktBound);
      }
    }
  }
}

// Ridge is the least-squares fit of the augmented standardized design [Z; √(nλ)·I], [ỹ; 0],
// which the exact solver fits to its certified digits. Ridge's one decomposition works on
// G = ZᵀZ/n (or Z's SVD), refined once: its error is rounding in G times the condition of
// G + λI (here at most about 1e4 at λ = 1e-3), so 1e-10 relative with room to spare.
TEST(PenalizedPath, RidgeEqualsTheAugmentedLeastSquaresFit) {
  for (const auto& [n, p] : {std::pair<Index, Index>{200, 10}, {30, 80}}) {
    const Dataset d = correlated_design(n, p, 0.9, 17);
    const double count = static_cast<double>(n);
    const Vector mean = d.X.colwise().mean().transpose();
    const Matrix centered = d.X.rowwise() - mean.transpose();
    const Vector sd = (centered.array().square().colwise().sum() / count).sqrt().transpose();
    const Matrix z = centered * sd.cwiseInverse().asDiagonal();
    const Vector y = d.y.array() - d.y.mean();
    for (const CoordinateUpdates updates :
         {CoordinateUpdates::covariance, CoordinateUpdates::residual}) {
      FitOptions o = lasso_options();
      o.penalized.penalty = Penalty::ridge;
      o.penalized.updates = updates;
      o.penalized.lambdas = {10.0, 0.1, 1e-3};
      const PenalizedPath path = penalized_path(d, o);
      for (Index k = 0; k < 3; ++k) {
        SCOPED_TRACE(::testing::Message() << n << " x " << p << ", λ " << path.lambdas[k]);
        Matrix augmented = Matrix::Zero(n + p, p);
        augmented.topRows(n) = z;
        augmented.bottomRows(p) = std::sqrt(count * path.lambdas[k]) * Matrix::Identity(p, p);
        Vector target = Vector::Zero(n + p);
        target.head(n) = y;
        FitOptions exact;
        exact.fit_intercept = false;
        const FitSummary reference = fit(Dataset::from_matrix(augmented, target), exact);
        const Vector want = reference.model.weights().cwiseQuotient(sd);
        EXPECT_LT((path.weights.col(k) - want).cwiseAbs().maxCoeff(),
                  1e-10 * want.cwiseAbs().maxCoeff());
        EXPECT_NEAR(path.intercepts[k], d.y.mean() - mean.dot(want),
                    1e-10 * std::abs(d.y.mean()) + 1e-12);
        EXPECT_LE(path.kkt_violation[k], kKktBound);
        EXPECT_TRUE(path.converged[static_cast<std::size_t>(k)]);
      }
    }
  }
}

// Adding a constant to y moves only the intercept; a penalized intercept would shrink toward 0
// and move the weights as well.
TEST(PenalizedPath, TheInterceptIsNotPenalized) {
  Dataset d = correlated_design(100, 8, 0.3, 8);
  const PenalizedPath before = penalized_path(d, lasso_options());
  d.y.array() += 1000.0;
  const PenalizedPath after = penalized_path(d, lasso_options());
  EXPECT_LT((after.weights - before.weights).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_NEAR(after.intercepts[50] - before.intercepts[50], 1000.0, 1e-9);
  // The intercept is the mean of y less the mean fitted part, at every λ.
  for (Index k = 0; k < after.lambdas.size(); ++k) {
    const Vector w = after.weights.col(k);
    EXPECT_NEAR(after.intercepts[k], d.y.mean() - d.X.colwise().mean().dot(w.transpose()), 1e-9);
  }
}

TEST(PenalizedPath, TheGridRunsFromLambdaMaxDownByTheRatio) {
  const Dataset tall = correlated_design(100, 8, 0.3, 9);
  const PenalizedPath path = penalized_path(tall, lasso_options());
  ASSERT_EQ(path.lambdas.size(), 100);
  EXPECT_DOUBLE_EQ(path.lambdas[0], path.lambda_max);
  EXPECT_NEAR(path.lambdas[99] / path.lambda_max, 1e-4, 1e-16);  // n > p: 1e-4
  // Just below λ_max one weight enters.
  FitOptions o = lasso_options();
  o.penalized.lambdas = {path.lambda_max * (1 - 1e-9), path.lambda_max};
  const PenalizedPath edge = penalized_path(tall, o);
  EXPECT_EQ(edge.nonzero[0], 0);
  EXPECT_EQ(edge.nonzero[1], 1);
  const Dataset wide = correlated_design(20, 50, 0.3, 10);
  const PenalizedPath w = penalized_path(wide, lasso_options());
  EXPECT_NEAR(w.lambdas[99] / w.lambda_max, 1e-2, 1e-15);  // n ≤ p: 0.01
}

TEST(PenalizedPath, AConstantFeatureKeepsWeightZero) {
  Dataset d = correlated_design(100, 5, 0.3, 11);
  d.X.col(2).setConstant(0.1);
  const PenalizedPath path = penalized_path(d, lasso_options());
  EXPECT_EQ(path.weights.row(2).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_LE(path.kkt_violation.maxCoeff(), kKktBound);
}

// Cross-validation with given fold ids: deterministic, and each fold's error is the held-out
// error of the path fitted to the other rows, averaged as cv.glmnet does.
TEST(PenalizedCrossValidation, WithGivenFoldsIsDeterministicAndRefitsEachFold) {
  const Dataset d = correlated_design(120, 10, 0.5, 15);
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 30;
  for (Index i = 0; i < d.n_rows(); ++i) o.penalized.fold_ids.push_back(1 + (i * 7) % 4);
  const PenalizedPath a = penalized_path(d, o), b = penalized_path(d, o);
  ASSERT_TRUE(a.cv && b.cv);
  EXPECT_EQ(a.cv->mean, b.cv->mean);
  EXPECT_EQ(a.cv->standard_error, b.cv->standard_error);
  EXPECT_EQ(a.cv->folds, 4);

  // Fold by fold, by hand, at one λ.
  const Index k = 12;
  std::vector<double> mse, size;
  for (long fold = 1; fold <= 4; ++fold) {
    std::vector<Index> train, held;
    for (Index i = 0; i < d.n_rows(); ++i)
      (o.penalized.fold_ids[static_cast<std::size_t>(i)] == fold ? held : train).push_back(i);
    const Dataset part = Dataset::from_matrix(d.X(train, Eigen::all), d.y(train));
    FitOptions one = lasso_options();
    one.penalized.lambdas = {a.lambdas[k]};
    const PenalizedPath fit = penalized_path(part, one);
    const Vector error = d.y(held) - (d.X(held, Eigen::all) * fit.weights.col(0)).array().matrix() -
                         Vector::Constant(static_cast<Index>(held.size()), fit.intercepts[0]);
    mse.push_back(error.squaredNorm() / static_cast<double>(held.size()));
    size.push_back(static_cast<double>(held.size()));
  }
  double mean = 0.0, spread = 0.0;
  for (std::size_t f = 0; f < mse.size(); ++f) mean += size[f] / 120.0 * mse[f];
  for (std::size_t f = 0; f < mse.size(); ++f)
    spread += size[f] / 120.0 * (mse[f] - mean) * (mse[f] - mean);
  // The path's fold fits reach λ_k by warm starts, the hand fit from zero: the same solution to
  // the KKT tolerance.
  EXPECT_NEAR(a.cv->mean[k], mean, 1e-9 * mean);
  EXPECT_NEAR(a.cv->standard_error[k], std::sqrt(spread / 3.0), 1e-8 * mean);

  EXPECT_EQ(a.cv->lambda_min, a.lambdas[a.cv->index_min]);
  EXPECT_EQ(a.cv->mean.minCoeff(), a.cv->mean[a.cv->index_min]);
  EXPECT_GE(a.cv->lambda_1se, a.cv->lambda_min);
  EXPECT_LE(a.cv->mean[a.cv->index_1se],
            a.cv->mean[a.cv->index_min] + a.cv->standard_error[a.cv->index_min]);
  if (a.cv->index_1se > 0) {
    EXPECT_GT(a.cv->mean[a.cv->index_1se - 1],
              a.cv->mean[a.cv->index_min] + a.cv->standard_error[a.cv->index_min]);
  }
}

TEST(PenalizedCrossValidation, SeededFoldsAreBalancedAndRepeatable) {
  const Dataset d = correlated_design(103, 6, 0.3, 16);
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 10;
  o.penalized.folds = 10;
  const PenalizedPath a = penalized_path(d, o), b = penalized_path(d, o);
  ASSERT_TRUE(a.cv);
  EXPECT_EQ(a.cv->fold_of_row, b.cv->fold_of_row);
  EXPECT_EQ(a.cv->mean, b.cv->mean);
  std::vector<int> counts(11, 0);
  for (const long f : a.cv->fold_of_row) ++counts[static_cast<std::size_t>(f)];
  for (int f = 1; f <= 10; ++f)
    EXPECT_TRUE(counts[static_cast<std::size_t>(f)] == 10 ||
                counts[static_cast<std::size_t>(f)] == 11);
  o.penalized.seed = 7;
  EXPECT_NE(penalized_path(d, o).cv->fold_of_row, a.cv->fold_of_row);
  o.penalized.fold_ids = std::vector<long>(103, 1);
  EXPECT_THROW((void)penalized_path(d, o), UsageError);
}

TEST(PenaltyOptions, ValidateNamesTheBadField) {
  PenaltyOptions o;
  o.penalty = Penalty::elastic_net;
  o.l1_ratio = 0.0;
  EXPECT_THROW(o.validate(), UsageError);
  o.l1_ratio = 0.5;
  o.lambdas = {-1.0};
  EXPECT_THROW(o.validate(), UsageError);
  o.lambdas = {};
  o.tolerance = 0.0;
  EXPECT_THROW(o.validate(), UsageError);
  EXPECT_EQ(parse_penalty("elasticnet"), Penalty::elastic_net);
  EXPECT_THROW((void)parse_penalty("lars"), UsageError);
}

}  // namespace
}  // namespace linreg
