// Weighted fits through the program (fit --weights): the statistics table against statsmodels'
// WLS (reference values by tests/data/make_weighted_statsmodels.py, on weighted.csv and on the
// California housing data weighted by households), rows of weight 0 against the same file
// without them, and the weight column's checks. The weighted cases of the covariance,
// diagnostics, influence and prediction tests run through their own reference files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "linreg/csv.hpp"
#include "reference_case.hpp"

namespace linreg {
namespace {

// The same least-squares quantities by two backward-stable routes (pinv of statsmodels' wexog,
// a QR of the whitened, centered design here): 1e-10 relative (the bar), p-values 1e-12
// absolute. Where the reference also holds the 50-digit values ("exact"), those bars hold
// against them, and statsmodels' p-values are held to 1e-11: its pinv of the raw design (x2 at
// 1e4) leaves 3e-12 relative in two standard errors and 1e-12 in their p-values, where linreg is
// within 2e-16 of the exact ones.
constexpr double kRelative = 1e-10;
constexpr double kPAbsolute = 1e-12;
constexpr double kStatsmodelsP = 1e-11;

// got's table against want's (a reference's "terms" and model statistics).
void expect_table(const nlohmann::json& got, const nlohmann::json& want, double p_absolute) {
  ASSERT_EQ(got["inference"].size(), want["terms"].size());
  for (const auto& [term, values] : want["terms"].items()) {
    ASSERT_TRUE(got["inference"].contains(term)) << term;
    for (const char* key : {"coef", "se", "t", "ci_low", "ci_high"}) {
      const double w = values[key];
      EXPECT_NEAR(got["inference"][term][key].get<double>(), w, kRelative * std::abs(w))
          << term << " " << key;
    }
    EXPECT_NEAR(got["inference"][term]["p"].get<double>(), values["p"].get<double>(), p_absolute)
        << term;
  }
  for (const char* key : {"r2", "r2_adj", "f_stat", "sigma", "log_likelihood", "aic", "bic"}) {
    const double w = want[key];
    EXPECT_NEAR(got[key].get<double>(), w, kRelative * std::abs(w)) << key;
  }
  EXPECT_NEAR(got["f_p"].get<double>(), want["f_p"].get<double>(), p_absolute);
}

TEST(WeightedStatistics, TableMatchesStatsmodelsWls) {
  const auto ref = testing::reference_file("weighted_statsmodels.json");
  for (const auto& [name, want] : ref["cases"].items()) {
    SCOPED_TRACE(name);
    if (!std::filesystem::exists(testing::case_file(want))) {
      std::cout << "[  SKIPPED ] " << name << ": " << testing::case_file(want)
                << " is absent (../shared/data)\n";
      continue;
    }
    for (const char* solver : {"exact", "cholesky", "svd"}) {
      SCOPED_TRACE(solver);
      const auto r = cli::testing::run_cli(
          testing::fit_args(want, {"--solver", solver, "--summary", "--json"}));
      ASSERT_EQ(r.code, 0) << r.err;
      const auto got = nlohmann::json::parse(r.out);
      if (want.contains("exact")) {
        SCOPED_TRACE("50 digits");
        expect_table(got, want["exact"], kPAbsolute);
      }
      expect_table(got, want, want.contains("exact") ? kStatsmodelsP : kPAbsolute);
      EXPECT_EQ(got["df_model"].get<double>(), want["df_model"].get<double>());
      EXPECT_EQ(got["df_residual"].get<double>(), want["df_residual"].get<double>());
      // n counts the rows of positive weight, and the training metrics are weighted: R² is the
      // table's (which is uncentered without intercept, the metrics' never).
      EXPECT_EQ(got["train"]["n"].get<double>(), want["n"].get<double>());
      if (!want.contains("intercept")) {
        EXPECT_NEAR(got["train"]["r2"].get<double>(), want["r2"].get<double>(),
                    kRelative * want["r2"].get<double>());
      }
      EXPECT_EQ(got["weights"], want["weights"]);
    }
  }
}

// weighted.csv with two more columns: twice x1 (aliased with it), and a text column whose level
// "rare" appears only in the rows of weight 0. `keep_zero`: with those rows.
std::string variant(bool keep_zero) {
  std::ifstream in(std::string(LINREG_TEST_DATA_DIR) + "/weighted.csv");
  std::string line;
  std::getline(in, line);
  std::ostringstream out;
  out << line << ",twice,kind\n";
  std::size_t row = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string f; std::getline(cells, f, ',');) fields.push_back(f);
    const bool zero = std::stod(fields[5]) == 0.0;  // the w column
    ++row;
    if (zero && !keep_zero) continue;
    out << line << "," << fmt::format("{}", 2.0 * std::stod(fields[0])) << ","
        << (zero ? "rare" : (row % 3 == 0 ? "common" : "usual")) << "\n";
  }
  return out.str();
}

class WeightedFile : public cli::testing::TempDirTest {};

// A row of weight 0 is the row left out: the same model, rank, aliased terms, statistics and
// metrics to the bit, on a rank-deficient design with a categorical level seen only in rows of
// weight 0 (which then is no level at all), for the in-memory solvers and gradient descent.
TEST_F(WeightedFile, RowsOfWeightZeroAreRowsLeftOutToTheBit) {
  const std::string with = write("with.csv", variant(true));
  const std::string without = write("without.csv", variant(false));
  for (const char* solver : {"exact", "svd", "gd"}) {
    SCOPED_TRACE(solver);
    std::vector<std::string> extra = {"--target", "y",        "--weights", "w",     "--drop",
                                      "site",     "--solver", solver,      "--json"};
    if (std::string(solver) != "gd") {
      extra.insert(extra.end(), {"--summary", "--vif", "--cov", "hc3"});
    } else {
      extra.insert(extra.end(), {"--drop", "twice", "--iters", "5000"});
    }
    std::vector<std::string> a = {"fit", with}, b = {"fit", without};
    a.insert(a.end(), extra.begin(), extra.end());
    b.insert(b.end(), extra.begin(), extra.end());
    const auto ra = cli::testing::run_cli(a), rb = cli::testing::run_cli(b);
    ASSERT_EQ(ra.code, 0) << ra.err;
    ASSERT_EQ(rb.code, 0) << rb.err;
    auto ja = nlohmann::json::parse(ra.out), jb = nlohmann::json::parse(rb.out);
    EXPECT_EQ(ja["zero_weight_rows"], 12);
    EXPECT_EQ(jb["zero_weight_rows"], 0);
    for (const char* key : {"rows_read", "zero_weight_rows"}) {
      ja.erase(key);
      jb.erase(key);
    }
    EXPECT_EQ(ja.dump(), jb.dump());
    if (std::string(solver) == "exact") {
      EXPECT_EQ(ja["aliased"].size(), 1U);
    }
  }
}

// The exact fit streams a weighted file: the same model as in memory (both refined to the
// whitened rows' least-squares solution, normwise: the slopes to 1e-13 of the largest; the
// intercept ȳ − x̄·w moves with x2's mean of 1e4 times that, so the fitted values, through the
// MSE, are compared instead), the same rows of weight 0 left out, weighted metrics; a negative
// weight is named by its line and data row.
TEST_F(WeightedFile, TheExactFitStreamsWeightedRows) {
  const std::string data = LINREG_TEST_DATA_DIR "/weighted.csv";
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"fit",    data,   "--target", "y",      "--weights", "w",
                                     "--drop", "site", "--drop",   "region", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = cli::testing::run_cli(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  const auto streamed = run({}), in_memory = run({"--in-memory"});
  EXPECT_TRUE(streamed["streamed"].get<bool>());
  EXPECT_FALSE(in_memory["streamed"].get<bool>());
  double largest = 0.0;
  for (const auto& [name, value] : in_memory["coefficients"].items())
    largest = std::max(largest, std::abs(value.get<double>()));
  EXPECT_NEAR(streamed["train"]["mse"].get<double>(), in_memory["train"]["mse"].get<double>(),
              1e-13 * in_memory["train"]["mse"].get<double>());
  for (const auto& [name, value] : in_memory["coefficients"].items())
    EXPECT_NEAR(streamed["coefficients"][name].get<double>(), value.get<double>(), 1e-13 * largest)
        << name;
  EXPECT_EQ(streamed["zero_weight_rows"], 12);
  EXPECT_EQ(streamed["train"]["n"], in_memory["train"]["n"]);
  EXPECT_NEAR(streamed["train"]["r2"].get<double>(), in_memory["train"]["r2"].get<double>(), 1e-14);
  const auto bad =
      cli::testing::run_cli({"fit", write("bad.csv", "x,w,y\n1,1,2\n2,1,4\n3,-2,6\n4,1,8.5\n"),
                             "--target", "y", "--weights", "w"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("bad.csv:4:"), std::string::npos) << bad.err;  // read again for its line
  EXPECT_NE(bad.err.find("data row 3"), std::string::npos) << bad.err;
}

TEST_F(WeightedFile, TheWeightColumnIsChecked) {
  const std::string header = "x,w,y\n";
  const auto fit = [&](const std::string& text, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "fit", write("d.csv", header + text), "--target", "y", "--weights", "w"};
    args.insert(args.end(), extra.begin(), extra.end());
    return cli::testing::run_cli(args);
  };
  const std::string good = "1,1,2\n2,1,4.1\n3,2,5.9\n4,1,8.2\n";
  // A negative weight: a data error at its line, streamed or not (a streamed file is read
  // again for it); from standard input, which is not, by its data row.
  for (const char* mode : {"--in-memory", "--quiet"}) {
    const auto r = fit(good + "\n5,-1,10\n", {mode});
    EXPECT_EQ(r.code, 1) << mode;
    EXPECT_NE(r.err.find("d.csv:7:"), std::string::npos) << mode << ": " << r.err;
    EXPECT_NE(r.err.find("weights must be ≥ 0"), std::string::npos) << r.err;
  }
  auto r = cli::testing::run_cli({"fit", "-", "--target", "y", "--weights", "w"},
                                 header + good + "\n5,-1,10\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("data row 5"), std::string::npos) << r.err;
  // Text where a weight should be: at its cell.
  r = fit(good + "5,heavy,10\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("d.csv:6:"), std::string::npos) << r.err;
  // A missing weight: an error by default, the row left out with --missing drop or mean.
  r = fit(good + "5,,10\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("column: w"), std::string::npos) << r.err;
  for (const char* policy : {"drop", "mean"}) {
    r = fit(good + "5,,10\n", {"--missing", policy, "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["train"]["n"], 4) << policy;
  }
  // Every weight 0.
  r = fit("1,0,2\n2,0,4\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("every weight"), std::string::npos) << r.err;
  // Not the target, and a column that exists; with a penalty too.
  EXPECT_EQ(cli::testing::run_cli(
                {"fit", write("d.csv", header + good), "--target", "y", "--weights", "y"})
                .code,
            2);
  EXPECT_EQ(fit(good, {"--penalty", "ridge", "--lambda", "0.1"}).code, 0);
  EXPECT_EQ(fit(good, {"--penalty", "ridge", "--folds", "loo"}).code, 2);
  r = cli::testing::run_cli(
      {"fit", write("d.csv", header + good), "--target", "y", "--weights", "weight"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("weight"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace linreg
