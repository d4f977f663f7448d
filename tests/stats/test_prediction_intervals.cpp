// predict --interval against statsmodels' get_prediction().summary_frame() on the same designs
// (the classical covariance and HC1, two levels): reference values by
// tests/data/make_prediction_statsmodels.py.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "linreg/csv.hpp"
#include "reference_case.hpp"

namespace linreg {
namespace {

// The same covariance by two backward-stable routes and the same t quantile: 1e-10 relative
// (the bar).
constexpr double kRelative = 1e-10;

class PredictionIntervals : public cli::testing::TempDirTest {};

TEST_F(PredictionIntervals, MatchStatsmodelsGetPrediction) {
  const auto ref = testing::reference_file("prediction_statsmodels.json");
  for (const auto& [name, want] : ref["cases"].items()) {
    SCOPED_TRACE(name);
    const auto fit = cli::testing::run_cli(testing::fit_args(
        want, {"--summary", "--cov", want["cov"].get<std::string>(), "--model", path("m.json")}));
    ASSERT_EQ(fit.code, 0) << fit.err;
    // The rows to predict: the first 12 of the training file.
    std::ifstream in(std::string(LINREG_TEST_DATA_DIR) + "/" + want["file"].get<std::string>());
    std::string line, text;
    for (int k = 0; k <= 12 && std::getline(in, line); ++k) text += line + "\n";
    std::ofstream(path("new.csv")) << text;
    for (const char* kind : {"confidence", "prediction"}) {
      const auto r = cli::testing::run_cli(
          {"predict", "--model", path("m.json"), path("new.csv"), "--interval", kind, "--level",
           std::to_string(want["level"].get<double>()), "--out", path("p.csv")});
      ASSERT_EQ(r.code, 0) << r.err;
      std::ifstream file(path("p.csv"));
      const CsvTable got = read_csv(file, "p.csv");
      const bool mean = std::string(kind) == "confidence";
      for (std::size_t i = 0; i < 12; ++i) {
        const auto near = [&](const char* column, const char* key) {
          const double w = want[key][i];
          EXPECT_NEAR(got.column(column).numbers[i], w, kRelative * std::abs(w) + 1e-9)
              << kind << " " << column << " row " << i;
        };
        near("prediction", "mean");
        near("lower", mean ? "mean_ci_lower" : "obs_ci_lower");
        near("upper", mean ? "mean_ci_upper" : "obs_ci_upper");
        if (mean) near("se", "mean_se");
      }
    }
  }
}

TEST_F(PredictionIntervals, NeedTheCovarianceInTheModelFile) {
  const std::string data = std::string(LINREG_TEST_DATA_DIR) + "/insurance.csv";
  ASSERT_EQ(
      cli::testing::run_cli({"fit", data, "--target", "charges", "--model", path("m.json")}).code,
      0);
  const auto r = cli::testing::run_cli(
      {"predict", "--model", path("m.json"), data, "--interval", "prediction"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--summary --model"), std::string::npos) << r.err;
  const auto bad =
      cli::testing::run_cli({"predict", "--model", path("m.json"), data, "--interval", "sideways"});
  EXPECT_EQ(bad.code, 2);
}

}  // namespace
}  // namespace linreg
