// Weighted penalized fits: glmnet's weighted lasso and elastic net (its weighted standardization)
// and cv.glmnet's weighted error (reference values by tests/data/penalized/make_weighted_glmnet.R,
// on tests/data/weighted.csv), rows of weight 0 against the rows left out, integer weights
// against copies of the rows.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "linreg/csv.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/penalized.hpp"
#include "linreg/training.hpp"
#include "penalized/penalized_designs.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// weighted.csv as the pipeline prepares it with its weight column: the rows of positive weight,
// encoded, with their weights.
Dataset weighted_design() {
  std::ifstream in(LINREG_TEST_DATA_DIR "/weighted.csv");
  TrainingSpec spec;
  spec.target = "y";
  spec.drop = {"site"};
  spec.weight_column = "w";
  const CsvTable table = read_csv(in, "weighted.csv", spec.reading_options({}));
  return prepare_data(table, spec).train;
}

FitOptions penalized_options(double l1_ratio, const std::vector<double>& lambdas) {
  FitOptions o = testing_designs::lasso_options();
  o.penalized.penalty = l1_ratio == 1.0 ? Penalty::lasso : Penalty::elastic_net;
  if (l1_ratio != 1.0) o.penalized.l1_ratio = l1_ratio;
  o.penalized.lambdas = lambdas;
  return o;
}

// Both solve the same convex problem to their tolerances (glmnet to thresh 1e-20, linreg's KKT
// conditions to 1e-12 of λ_max): the coefficients agree to 1e-9 of the largest on the path
// (x3's, about 200), the cross-validated errors to 1e-9 relative.
constexpr double kCoefficients = 1e-9;

TEST(WeightedPenalized, MatchesGlmnetAndCvGlmnet) {
  std::ifstream file(LINREG_TEST_DATA_DIR "/penalized/weighted_glmnet.json");
  ASSERT_TRUE(file) << "tests/data/penalized/weighted_glmnet.json";
  const auto ref = nlohmann::json::parse(file);
  const Dataset d = weighted_design();
  ASSERT_EQ(d.n_rows(), 228);
  ASSERT_EQ(d.feature_names.size() + 1, ref["terms"].size());
  for (const auto& [name, want] : ref["cases"].items()) {
    SCOPED_TRACE(name);
    // glmnet's (λ, α) in linreg's terms (make_weighted_glmnet.R): the same for the lasso.
    const double alpha = want["alpha"], s = ref["y_scale"];
    const double factor = alpha + (1.0 - alpha) / s;
    std::vector<double> lambdas = want["lambdas"];
    for (double& l : lambdas) l *= factor;
    FitOptions o = penalized_options(alpha / factor, lambdas);
    for (Index i = 0; i < d.n_rows(); ++i) o.penalized.fold_ids.push_back(1 + (7 * i) % 5);
    const PenalizedPath path = penalized_path(d, o);
    double largest = 0.0;
    for (const auto& column : want["coefficients"]) {
      for (const auto& v : column) largest = std::max(largest, std::abs(v.get<double>()));
    }
    for (Index k = 0; k < path.lambdas.size(); ++k) {
      const auto& column = want["coefficients"][static_cast<std::size_t>(k)];
      EXPECT_NEAR(path.intercepts[k], column[0].get<double>(), kCoefficients * largest) << k;
      for (Index j = 0; j < d.n_features(); ++j)
        EXPECT_NEAR(path.weights(j, k), column[static_cast<std::size_t>(j + 1)].get<double>(),
                    kCoefficients * largest)
            << "λ " << path.lambdas[k] << " " << d.feature_names[static_cast<std::size_t>(j)];
    }
    ASSERT_TRUE(path.cv.has_value());
    // cv.glmnet fits each fold's elastic net on that fold's y/s_y, so its folds solve problems
    // with different penalties (s_y differs by fold); the lasso is free of s_y, and there the
    // weighted folds' errors must agree.
    if (alpha != 1.0) continue;
    for (Index k = 0; k < path.lambdas.size(); ++k) {
      const double cvm = want["cvm"][static_cast<std::size_t>(k)];
      const double cvsd = want["cvsd"][static_cast<std::size_t>(k)];
      EXPECT_NEAR(path.cv->mean[k], cvm, 1e-9 * cvm) << k;  // in y's units for both
      EXPECT_NEAR(path.cv->standard_error[k], cvsd, 1e-9 * cvsd) << k;
    }
  }
}

// A row of weight 0 is the row left out: the path, its folds (by row index) and the chosen λ
// are the same to the bit. An integer weight is that many copies of the row: the same path
// (without folds, which would differ), to the KKT tolerance.
TEST(WeightedPenalized, ZeroWeightsAreRowsLeftOutAndIntegerWeightsCopies) {
  Dataset d = testing::random_problem(90, 4, 1.0, 23);
  d.weights = Vector::LinSpaced(90, 0.5, 3.0);
  std::vector<Index> keep;
  for (Index i = 0; i < 90; ++i) {
    if (i % 9 == 4) {
      d.weights[i] = 0.0;
      d.y[i] += 1e3;
    } else {
      keep.push_back(i);
    }
  }
  Dataset kept = d;
  kept.X = d.X(keep, Eigen::all);
  kept.y = d.y(keep);
  kept.weights = d.weights(keep);
  FitOptions o = testing_designs::lasso_options();
  o.penalized.folds = 5;
  const FitSummary a = fit(d, o), b = fit(kept, o);
  EXPECT_EQ(a.model.weights(), b.model.weights());
  EXPECT_EQ(a.model.intercept(), b.model.intercept());
  EXPECT_EQ(a.penalized->lambda(), b.penalized->lambda());
  EXPECT_EQ(a.final_loss, b.final_loss);

  Dataset counted = testing::random_problem(60, 3, 1.0, 24);
  const std::vector<Index> counts = testing::weigh_by_counts(counted);
  const Dataset copied = testing::repeated_rows(counted, counts);
  for (const Penalty penalty : {Penalty::lasso, Penalty::ridge, Penalty::elastic_net}) {
    FitOptions p = testing_designs::lasso_options();
    p.penalized.penalty = penalty;
    p.penalized.n_lambda = 20;
    const PenalizedPath x = penalized_path(counted, p), y = penalized_path(copied, p);
    ASSERT_EQ(x.lambdas.size(), y.lambdas.size());
    EXPECT_NEAR(x.lambda_max, y.lambda_max, 1e-13 * y.lambda_max);
    const double scale = y.weights.cwiseAbs().maxCoeff();
    EXPECT_LT((x.weights - y.weights).cwiseAbs().maxCoeff(), 1e-9 * scale) << to_string(penalty);
    EXPECT_LT((x.intercepts - y.intercepts).cwiseAbs().maxCoeff(), 1e-9 * scale);
  }
  // Ridge's leave-one-out is not weighted yet: refused, not ignored.
  FitOptions loo = testing_designs::lasso_options();
  loo.penalized.penalty = Penalty::ridge;
  loo.penalized.leave_one_out = true;
  EXPECT_THROW((void)penalized_path(counted, loo), UsageError);
}

class WeightedPenalizedCli : public cli::testing::TempDirTest {};

// The program: fit --penalty and path with --weights, the same path as the library's.
TEST_F(WeightedPenalizedCli, FitAndPathTakeWeights) {
  const std::string data = LINREG_TEST_DATA_DIR "/weighted.csv";
  const auto r =
      cli::testing::run_cli({"path", data, "--target", "y", "--drop", "site", "--weights", "w",
                             "--penalty", "lasso", "--nlambda", "12", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  FitOptions o = testing_designs::lasso_options();
  o.penalized.n_lambda = 12;
  const PenalizedPath path = penalized_path(weighted_design(), o);
  ASSERT_EQ(j["lambda"].size(), 12U);
  EXPECT_EQ(j["n"], 228);
  for (Index k = 0; k < 12; ++k) {
    EXPECT_EQ(j["lambda"][static_cast<std::size_t>(k)].get<double>(), path.lambdas[k]);
    EXPECT_EQ(j["intercept"][static_cast<std::size_t>(k)].get<double>(), path.intercepts[k]);
  }
  const auto f = cli::testing::run_cli({"fit", data, "--target", "y", "--drop", "site", "--weights",
                                        "w", "--penalty", "lasso", "--json"});
  ASSERT_EQ(f.code, 0) << f.err;
  const auto fitted = nlohmann::json::parse(f.out);
  EXPECT_EQ(fitted["weights"], "w");
  EXPECT_EQ(fitted["train"]["n"], 228);
}

}  // namespace
}  // namespace linreg
