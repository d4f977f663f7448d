// `linreg fit --summary` where statistics are undefined (an exact fit, a constant target, no
// residual degrees of freedom): the table and the report print —, the JSON null, never NaN, and
// never a p-value made from a NaN. Data: tests/data/undefined_stats, written by make_data.py
// there.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"

namespace linreg::cli {
namespace {

using testing::Result;
using testing::run_cli;

const std::string kData = LINREG_TEST_DATA_DIR "/undefined_stats/";

Result fit_summary(const std::string& file, bool json) {
  std::vector<std::string> args{"fit",      kData + file, "--target", "y",
                                "--solver", "exact",      "--summary"};
  if (json) args.emplace_back("--json");
  return run_cli(args);
}

nlohmann::json fit_json(const std::string& file) {
  const Result r = fit_summary(file, true);
  EXPECT_EQ(r.code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

bool has_warning(const nlohmann::json& j, const std::string& code) {
  for (const auto& w : j["warnings"]) {
    if (w["code"] == code) return true;
  }
  return false;
}

// The printed forms of an undefined number that must never appear, as whole words.
void expect_no_nan_text(const std::string& text) {
  static const std::regex kBad(R"(\b(nan|inf|NaN|Infinity)\b)");
  std::smatch match;
  EXPECT_FALSE(std::regex_search(text, match, kBad)) << match.str() << "\n" << text;
}

void expect_tests_null(const nlohmann::json& j) {
  EXPECT_TRUE(j["exact_fit"].get<bool>());
  for (const auto& [name, term] : j["inference"].items()) {
    for (const char* key : {"t", "p", "ci_low", "ci_high"})
      EXPECT_TRUE(term[key].is_null()) << name << " " << key;
    EXPECT_TRUE(term["se"].is_number()) << name;  // 0 or rounding, as NIST certifies
  }
  for (const char* key : {"f_stat", "f_p", "log_likelihood", "aic", "bic"})
    EXPECT_TRUE(j[key].is_null()) << key;
  EXPECT_TRUE(has_warning(j, "exact_fit"));
}

TEST(UndefinedStats, PerfectFitIsNullInJson) {
  for (const char* file : {"perfect.csv", "rounding.csv"}) {
    SCOPED_TRACE(file);
    const auto j = fit_json(file);
    expect_tests_null(j);
    EXPECT_EQ(j["r2"].get<double>(), 1.0);  // RSS/TSS below 1e-30: 1 − that is 1 exactly
    EXPECT_TRUE(j["condition_number"].is_number());
  }
}

TEST(UndefinedStats, TinyNoiseStaysNumbers) {
  // Noise of 1e-10 on y of order 1 to 40: RSS far above the rounding bound, a real (if tiny) σ.
  const auto j = fit_json("tiny_noise.csv");
  EXPECT_FALSE(j["exact_fit"].get<bool>());
  for (const auto& [name, term] : j["inference"].items()) {
    for (const char* key : {"se", "t", "p", "ci_low", "ci_high"}) {
      EXPECT_TRUE(term[key].is_number()) << name << " " << key;
    }
    EXPECT_GE(term["p"].get<double>(), 0.0);
    EXPECT_LE(term["p"].get<double>(), 1.0);
  }
  for (const char* key : {"r2", "r2_adj", "f_stat", "f_p", "log_likelihood", "aic", "bic"}) {
    EXPECT_TRUE(j[key].is_number()) << key;
  }
  // The irrelevant column is not significant: its p is a number in the body of the distribution.
  EXPECT_GT(j["inference"]["x2"]["p"].get<double>(), 0.01);
  EXPECT_FALSE(has_warning(j, "exact_fit"));
}

TEST(UndefinedStats, ConstantTargetHasNoR2InTheStatistics) {
  const auto j = fit_json("constant.csv");
  expect_tests_null(j);
  for (const char* key : {"r2", "r2_adj"}) EXPECT_TRUE(j[key].is_null()) << key;
  EXPECT_TRUE(has_warning(j, "constant_target"));
  // The metrics keep r2_score's documented rule (scikit-learn's): 1 for exact predictions.
  EXPECT_EQ(j["train"]["r2"].get<double>(), 1.0);
}

TEST(UndefinedStats, TableShowsADash) {
  const Result r = fit_summary("perfect.csv", false);
  ASSERT_EQ(r.code, 0) << r.err;
  expect_no_nan_text(r.out);
  EXPECT_EQ(r.out.find("<1e-16"), std::string::npos) << r.out;  // the p of a NaN t, before
  // Each term's row: name, coef, std err, then t, P>|t| and both bounds as —.
  std::istringstream lines(r.out);
  std::string line;
  int dashed_terms = 0;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> f{std::istream_iterator<std::string>(fields),
                               std::istream_iterator<std::string>()};
    if (f.size() == 7 && (f[0] == "(intercept)" || f[0] == "x1" || f[0] == "x2")) {
      EXPECT_NE(f[2], "—") << line;
      EXPECT_TRUE(f[3] == "—" && f[4] == "—" && f[5] == "—" && f[6] == "—") << line;
      ++dashed_terms;
    }
  }
  EXPECT_EQ(dashed_terms, 3) << r.out;
  EXPECT_NE(r.out.find("F = — (p = —)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("log-likelihood = —   AIC = —   BIC = —"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the fit is exact"), std::string::npos) << r.out;

  const Result constant = fit_summary("constant.csv", false);
  ASSERT_EQ(constant.code, 0) << constant.err;
  expect_no_nan_text(constant.out);
  EXPECT_NE(constant.out.find("R² = —   adjusted R² = —"), std::string::npos) << constant.out;
}

// A file under the system's temporary folder, removed when it goes out of scope.
struct ScratchFile {
  explicit ScratchFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("linreg_undefined_stats_" + std::to_string(::getpid()) + "_" + name))
                 .string()) {}
  ~ScratchFile() { std::filesystem::remove(path); }
  [[nodiscard]] std::string text() const {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::string path;
};

TEST(UndefinedStats, ReportShowsADash) {
  const ScratchFile report("report.html");
  const Result r = run_cli({"fit", kData + "perfect.csv", "--target", "y", "--solver", "exact",
                            "--report", report.path});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = report.text();
  expect_no_nan_text(html);
  EXPECT_EQ(html.find("&lt;1e-16"), std::string::npos);
  EXPECT_NE(html.find("<td>—</td><td>—</td><td>—</td><td>—</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("F = — (p = —)"), std::string::npos);
  EXPECT_NE(html.find("the fit is exact"), std::string::npos);
}

TEST(UndefinedStats, ModelFileHasOnlyNumbersForWeights) {
  for (const char* file : {"perfect.csv", "constant.csv"}) {
    const ScratchFile model(std::string(file) + ".model.json");
    const Result r =
        run_cli({"fit", kData + file, "--target", "y", "--solver", "exact", "--model", model.path});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(model.text());
    EXPECT_TRUE(j["weights"]["intercept"].is_number()) << file;
    for (const auto& w : j["weights"]["coefficients"]) EXPECT_TRUE(w.is_number()) << file;
    // r2_score's rule: 1 for exact predictions.
    EXPECT_TRUE(j["training"]["r2"].is_number()) << file;
  }
}

TEST(UndefinedStats, NoResidualDegreesOfFreedomIsRefusedTheSameEverywhere) {
  // 3 rows, 3 coefficients: σ² = 0/0, so even the standard errors are undefined; the statistics
  // table is refused (exit 1, a data error), in the table and the JSON alike, and the report is
  // written without it and says why.
  for (const bool json : {false, true}) {
    const Result r = fit_summary("no_residual_df.csv", json);
    EXPECT_EQ(r.code, 1) << json;
    EXPECT_NE(r.err.find("needs more rows than coefficients: 3 rows, 3 coefficients"),
              std::string::npos)
        << r.err;
  }
  const ScratchFile report("report.html");
  const Result r = run_cli({"fit", kData + "no_residual_df.csv", "--target", "y", "--solver",
                            "exact", "--report", report.path});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = report.text();
  expect_no_nan_text(html);
  EXPECT_NE(
      html.find("No statistics table: the statistics table needs more rows than coefficients"),
      std::string::npos);
}

}  // namespace
}  // namespace linreg::cli
