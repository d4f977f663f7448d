// The statistics table against statsmodels OLS on the same design (insurance.csv, automatic
// categoricals): reference values made by tests/data/make_insurance_statsmodels.py.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// statsmodels and linreg compute the same quantities by different algorithms (pinv of the
// design vs QR with double-double refinement): agreement to 1e-8 relative is the bar,
// and p-values to 1e-10 absolute (their tails are far below that here).
constexpr double kRelative = 1e-8;
constexpr double kPAbsolute = 1e-10;

void expect_close(double got, double want, const std::string& what) {
  EXPECT_NEAR(got, want, kRelative * std::abs(want)) << what;
}

TEST(Inference, MatchesStatsmodelsOnInsurance) {
  std::ifstream reference_file(LINREG_TEST_DATA_DIR "/insurance_statsmodels.json");
  ASSERT_TRUE(reference_file.good());
  const auto ref = nlohmann::json::parse(reference_file);
  for (const char* solver : {"exact", "cholesky", "svd"}) {
    const auto r = cli::testing::run_cli({"fit", LINREG_TEST_DATA_DIR "/insurance.csv", "--target", "charges",
                                          "--solver", solver, "--summary", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto got = nlohmann::json::parse(r.out);
    ASSERT_EQ(got["inference"].size(), ref["terms"].size()) << solver;
    for (const auto& [name, want] : ref["terms"].items()) {
      ASSERT_TRUE(got["inference"].contains(name)) << solver << " " << name;
      const auto& term = got["inference"][name];
      for (const char* key : {"coef", "se", "t", "ci_low", "ci_high"}) {
        expect_close(term[key].get<double>(), want[key].get<double>(), std::string(solver) + " " + name + " " + key);
      }
      EXPECT_NEAR(term["p"].get<double>(), want["p"].get<double>(), kPAbsolute) << solver << " " << name;
    }
    for (const char* key : {"r2", "r2_adj", "f_stat", "log_likelihood", "aic", "bic"}) {
      expect_close(got[key].get<double>(), ref[key].get<double>(), std::string(solver) + " " + key);
    }
    EXPECT_NEAR(got["f_p"].get<double>(), ref["f_p"].get<double>(), kPAbsolute);
    EXPECT_EQ(got["df_model"].get<double>(), ref["df_model"].get<double>());
    EXPECT_EQ(got["df_residual"].get<double>(), ref["df_residual"].get<double>());
  }
}

TEST(Inference, AliasedTermsHaveNoStandardError) {
  Dataset d = testing::random_problem(100, 2, 1.0, 61);
  Matrix X(100, 3);
  X << d.X, (5.0 - d.X.col(0).array()).matrix();
  d.X = X;
  d.feature_names.push_back("copy");
  FitOptions o;
  o.solver = SolverKind::exact;
  const FitSummary s = fit(d, o);
  const InferenceTable t = infer(d, s, o);
  ASSERT_EQ(t.terms.size(), 4u);
  int aliased = 0;
  for (const auto& term : t.terms) {
    if (term.aliased) {
      ++aliased;
      EXPECT_TRUE(std::isnan(term.se));
    } else {
      EXPECT_TRUE(std::isfinite(term.se) && term.se > 0) << term.name;
    }
  }
  EXPECT_EQ(aliased, 1);
  EXPECT_EQ(t.df_model, 2);
  EXPECT_EQ(t.df_residual, 97);
}

TEST(Inference, WarnsAtAnUnconvergedGradientDescentPoint) {
  const Dataset d = testing::random_problem(100, 2, 1.0, 62);
  FitOptions o;
  o.gradient_descent.max_iterations = 2;
  const FitSummary s = fit(d, o);
  const InferenceTable t = infer(d, s, o);
  ASSERT_FALSE(t.warnings.empty());
  EXPECT_NE(t.warnings[0].find("not converged"), std::string::npos);
}

TEST(Inference, NeedsResidualDegreesOfFreedom) {
  const Dataset d = testing::random_problem(3, 2, 1.0, 63);
  FitOptions o;
  o.solver = SolverKind::exact;
  EXPECT_THROW(static_cast<void>(infer(d, fit(d, o), o)), DataError);
}

}  // namespace
}  // namespace linreg
