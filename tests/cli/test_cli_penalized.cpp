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
  // From a file the fit streams: the rows' moments (merged a block at a time) instead of one
  // pass over them, Gram matrices a few ulps apart, and solutions that agree to rounding times
  // the conditioning (1e-12 is loose for this κ ≈ 10 design).
  Vector streamed(6);
  for (Index k = 0; k < 6; ++k) {
    streamed[k] = j["coefficients"]["x" + std::to_string(k + 1)].get<double>();
    EXPECT_NEAR(streamed[k], s.model.weights()[k], 1e-12 * s.model.weights().cwiseAbs().maxCoeff());
  }
  EXPECT_NEAR(j["intercept"].get<double>(), s.model.intercept(), 1e-12);
  // In memory, the same pipeline on the same numbers: bit-identical.
  const Result memory = run_cli({"fit", data_, "--target", "y", "--penalty", "elasticnet",
                                 "--l1-ratio", "0.3", "--lambda", "0.2", "--json", "--in-memory"});
  ASSERT_EQ(memory.code, 0) << memory.err;
  const auto m = nlohmann::json::parse(memory.out);
  for (Index k = 0; k < 6; ++k)
    EXPECT_EQ(m["coefficients"]["x" + std::to_string(k + 1)].get<double>(), s.model.weights()[k]);
  EXPECT_EQ(m["intercept"].get<double>(), s.model.intercept());

  std::ofstream(path("new.csv")) << "x1,x2,x3,x4,x5,x6\n1,2,3,4,5,6\n";
  const Result p =
      run_cli({"predict", "--model", path("m.json"), path("new.csv"), "--out", path("p.csv")});
  ASSERT_EQ(p.code, 0) << p.err;
  std::ifstream in(path("p.csv"));
  const CsvTable got = read_csv(in, "p.csv");
  Matrix row(1, 6);
  row << 1, 2, 3, 4, 5, 6;
  EXPECT_EQ(got.columns[0].numbers[0], LinearModel(streamed, j["intercept"]).predict(row)[0]);
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
               "--foldid", "fold", "--json", "--plots", path("plots"), "--in-memory"});
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

  // The same folds from the library give the same curve (in memory: to the bit).
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

// A file of several reading blocks (4 MiB each): fit and path stream it into the moments of
// each fold. Against --in-memory: the same seeded folds, so the same choice of λ, and numbers
// that agree to rounding (Gram matrices a few ulps apart; 1e-12 is loose for this κ ≈ 10
// design); MAE is left out, as for the streamed exact fit.
TEST_F(CliPenalized, StreamedFitAndPathEqualTheInMemoryOnes) {
  const std::string big = path("big.csv");
  ASSERT_EQ(run_cli({"generate", "linear", "--rows", "100000", "--cols", "8", "--seed", "6",
                     "--out", big})
                .code,
            0);
  ASSERT_GT(std::filesystem::file_size(big), std::size_t{2} * (std::size_t{4} << 20));  // 3 blocks
  const auto close = [](double a, double b, double scale) {
    return std::abs(a - b) <= 1e-12 * std::max(scale, 1.0);
  };
  for (const char* rule : {"min", "1se"}) {
    const std::vector<std::string> args = {"fit",           big,          "--target",   "y",
                                           "--penalty",     "elasticnet", "--l1-ratio", "0.5",
                                           "--lambda-rule", rule,         "--json"};
    const Result streamed = run_cli(args);
    std::vector<std::string> memory_args = args;
    memory_args.push_back("--in-memory");
    const Result memory = run_cli(memory_args);
    ASSERT_EQ(streamed.code, 0) << streamed.err;
    ASSERT_EQ(memory.code, 0) << memory.err;
    const auto s = nlohmann::json::parse(streamed.out), m = nlohmann::json::parse(memory.out);
    EXPECT_TRUE(close(s["lambda"], m["lambda"], m["lambda"])) << rule;
    EXPECT_EQ(s["nonzero"], m["nonzero"]);
    EXPECT_EQ(s["folds"], 10);
    for (const auto& [name, value] : m["coefficients"].items())
      EXPECT_TRUE(close(s["coefficients"][name], value, 10.0)) << name;
    EXPECT_TRUE(close(s["intercept"], m["intercept"], m["intercept"]));
    EXPECT_TRUE(s["train"]["mae"].is_null()) << s["train"].dump();
    EXPECT_EQ(s["streamed"], true);
    EXPECT_TRUE(m["train"]["mae"].is_number());
  }
  const Result streamed =
      run_cli({"path", big, "--target", "y", "--penalty", "lasso", "--folds", "5", "--json"});
  const Result memory = run_cli({"path", big, "--target", "y", "--penalty", "lasso", "--folds", "5",
                                 "--json", "--in-memory"});
  ASSERT_EQ(streamed.code, 0) << streamed.err;
  const auto s = nlohmann::json::parse(streamed.out), m = nlohmann::json::parse(memory.out);
  EXPECT_EQ(s["n"], 100000);
  ASSERT_EQ(s["cv_mean"].size(), m["cv_mean"].size());
  for (std::size_t k = 0; k < m["cv_mean"].size(); ++k) {
    EXPECT_TRUE(close(s["cv_mean"][k], m["cv_mean"][k], m["cv_mean"][k])) << k;
    EXPECT_TRUE(close(s["coefficients"]["x2"][k], m["coefficients"]["x2"][k], 10.0)) << k;
  }
  EXPECT_TRUE(close(s["lambda_min"], m["lambda_min"], m["lambda_min"]));
  EXPECT_TRUE(close(s["lambda_1se"], m["lambda_1se"], m["lambda_1se"]));

  // A fold column read a block at a time: a bad fold number in a late block is named by its
  // data row, and a column of one fold is a data error (exit 1), as in memory.
  std::ifstream in(big);
  std::string line, text;
  std::getline(in, line);
  text = line + ",fold\n";
  for (long i = 0; std::getline(in, line); ++i)
    text += line + "," + (i == 89999 ? std::string("0") : std::to_string(1 + i % 4)) + "\n";
  std::ofstream(path("folds.csv")) << text;
  std::ifstream small(data_);
  std::getline(small, line);
  text = line + ",fold\n";
  while (std::getline(small, line)) text += line + ",2\n";
  std::ofstream(path("one.csv")) << text;
  const auto refused = [&](const std::string& file, const std::string& message) {
    for (const bool in_memory : {false, true}) {
      std::vector<std::string> args = {"fit",       file,    "--target", "y",
                                       "--penalty", "lasso", "--foldid", "fold"};
      if (in_memory) args.push_back("--in-memory");
      const Result r = run_cli(args);
      EXPECT_EQ(r.code, 1);
      EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    }
  };
  refused(path("folds.csv"), "holds 0 in data row 90000");
  refused(path("one.csv"), "names a single fold (2)");
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
