// `linreg fit --penalty …` and `linreg path`, run in-process: the same numbers as the library,
// the JSON keys, model files that predict, the fold column, the charts and the refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_runner.hpp"
#include "linreg/csv.hpp"
#include "linreg/fit.hpp"
#include "linreg/penalized.hpp"

namespace linreg::cli {
namespace {

using testing::Result;
using testing::run_cli;

class CliPenalized : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    data_ = path("d.csv");
    ASSERT_EQ(run_cli({"generate", "linear", "--rows", "200", "--cols", "6", "--seed", "5", "--out",
                       data_})
                  .code,
              0);
  }
  [[nodiscard]] Dataset dataset() const {
    std::ifstream in(data_);
    const CsvTable table = read_csv(in, "d.csv");
    Dataset d;
    d.X.resize(table.rows, 6);
    for (Index j = 0; j < 6; ++j) {
      d.feature_names.push_back("x" + std::to_string(j + 1));
      d.X.col(j) =
          Eigen::Map<const Vector>(table.column(d.feature_names.back()).numbers.data(), table.rows);
    }
    d.y = Eigen::Map<const Vector>(table.column("y").numbers.data(), table.rows);
    return d;
  }
  std::string data_;
};

TEST_F(CliPenalized, FitAtAGivenLambdaEqualsTheLibraryAndSavesAModelThatPredicts) {
  const Result r = run_cli({"fit", data_, "--target", "y", "--penalty", "elasticnet", "--l1-ratio",
                            "0.3", "--lambda", "0.2", "--json", "--model", path("m.json")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["solver"], "penalized");
  EXPECT_EQ(j["penalty"], "elasticnet");
  EXPECT_EQ(j["lambda"], 0.2);
  EXPECT_EQ(j["l1_ratio"], 0.3);
  EXPECT_EQ(j["lambda_choice"], "given");
  FitOptions o;
  o.solver = SolverKind::penalized;
  o.penalized.penalty = Penalty::elastic_net;
  o.penalized.l1_ratio = 0.3;
  o.penalized.lambda = 0.2;
  const Dataset d = dataset();
  const FitSummary s = fit(d, o);
  EXPECT_EQ(j["nonzero"], s.penalized->nonzero());
  // The same pipeline on the same numbers: bit-identical.
  for (Index k = 0; k < 6; ++k)
    EXPECT_EQ(j["coefficients"]["x" + std::to_string(k + 1)].get<double>(), s.model.weights()[k]);
  EXPECT_EQ(j["intercept"].get<double>(), s.model.intercept());

  std::ofstream(path("new.csv")) << "x1,x2,x3,x4,x5,x6\n1,2,3,4,5,6\n";
  const Result p =
      run_cli({"predict", "--model", path("m.json"), path("new.csv"), "--out", path("p.csv")});
  ASSERT_EQ(p.code, 0) << p.err;
  std::ifstream in(path("p.csv"));
  const CsvTable got = read_csv(in, "p.csv");
  Matrix row(1, 6);
  row << 1, 2, 3, 4, 5, 6;
  EXPECT_EQ(got.columns[0].numbers[0], s.model.predict(row)[0]);
}

TEST_F(CliPenalized, FitByCrossValidationReportsBothLambdas) {
  const Result r = run_cli({"fit", data_, "--target", "y", "--penalty", "lasso", "--folds", "5",
                            "--lambda-rule", "min", "--seed", "9", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["lambda_choice"], "min");
  EXPECT_EQ(j["folds"], 5);
  EXPECT_EQ(j["lambda"], j["lambda_min"]);
  EXPECT_GE(j["lambda_1se"].get<double>(), j["lambda_min"].get<double>());
  const Result table = run_cli({"fit", data_, "--target", "y", "--penalty", "lasso"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("chosen by 10-fold cross-validation (1se)"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("nonzero: "), std::string::npos) << table.out;
}

TEST_F(CliPenalized, PathJsonHoldsEveryLambdaAndTheFoldColumnIsNotAFeature) {
  // A fold column: rows 1, 2, 3, 1, 2, 3, … — it must not become a feature.
  std::ifstream in(data_);
  std::string line, text;
  std::getline(in, line);
  text = line + ",fold\n";
  for (long i = 0; std::getline(in, line); ++i)
    text += line + "," + std::to_string(1 + i % 3) + "\n";
  std::ofstream(path("f.csv")) << text;
  const Result r =
      run_cli({"path", path("f.csv"), "--target", "y", "--penalty", "lasso", "--nlambda", "20",
               "--foldid", "fold", "--json", "--plots", path("plots")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["lambda"].size(), 20u);
  EXPECT_FALSE(j["coefficients"].contains("fold"));
  EXPECT_EQ(j["coefficients"].size(), 6u);
  EXPECT_EQ(j["coefficients"]["x1"].size(), 20u);
  EXPECT_EQ(j["intercept"].size(), 20u);
  EXPECT_EQ(j["cv_mean"].size(), 20u);
  EXPECT_EQ(j["cv_se"].size(), 20u);
  EXPECT_EQ(j["folds"], 3);
  EXPECT_TRUE(j["lambda_min"].is_number());
  for (const auto& v : j["kkt_violation"]) EXPECT_LE(v.get<double>(), 1e-10);
  for (const char* file : {"path.png", "path.svg", "cv.png", "cv.svg"})
    EXPECT_TRUE(std::filesystem::exists(path("plots") + "/" + file)) << file;

  // The same folds from the library give the same curve.
  const Dataset d = dataset();
  FitOptions o;
  o.solver = SolverKind::penalized;
  o.penalized.n_lambda = 20;
  for (Index i = 0; i < d.n_rows(); ++i) o.penalized.fold_ids.push_back(1 + i % 3);
  const PenalizedPath path = penalized_path(d, o);
  for (Index k = 0; k < 20; ++k) {
    EXPECT_EQ(j["cv_mean"][static_cast<std::size_t>(k)].get<double>(), path.cv->mean[k]);
    EXPECT_EQ(j["coefficients"]["x3"][static_cast<std::size_t>(k)].get<double>(),
              path.weights(2, k));
  }

  const Result table = run_cli(
      {"path", data_, "--target", "y", "--penalty", "ridge", "--nlambda", "5", "--folds", "loo"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("leave-one-out"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("min"), std::string::npos) << table.out;
}

TEST_F(CliPenalized, RefusesWhatWouldBeIgnoredOrMeaningless) {
  const std::vector<std::vector<std::string>> refused = {
      {"fit", data_, "--target", "y", "--l1-ratio", "0.5"},  // no penalty
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--l1-ratio", "0.5"},
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--summary"},
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--lambda", "0.1", "--folds", "3"},
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--lambda", "x"},
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--folds", "loo"},
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--solver", "svd"},
      {"fit", data_, "--target", "y", "--penalty", "lasso", "--lr", "0.1"},
      {"fit", data_, "--target", "y", "--solver", "penalized"},
      {"path", data_, "--target", "y"},  // --penalty required
      {"path", data_, "--target", "y", "--penalty", "ridge", "--folds", "2", "--foldid", "x1"},
  };
  for (const auto& args : refused) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 2) << args[3] << " " << (args.size() > 5 ? args[5] : "") << ": " << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace linreg::cli
