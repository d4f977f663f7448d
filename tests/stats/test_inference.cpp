// The statistics table against statsmodels OLS on the same design (insurance.csv, automatic
// categoricals): reference values made by tests/data/make_insurance_statsmodels.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "nist_strd.hpp"
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
    const auto r = cli::testing::run_cli({"fit", LINREG_TEST_DATA_DIR "/insurance.csv", "--target",
                                          "charges", "--solver", solver, "--summary", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto got = nlohmann::json::parse(r.out);
    ASSERT_EQ(got["inference"].size(), ref["terms"].size()) << solver;
    for (const auto& [name, want] : ref["terms"].items()) {
      ASSERT_TRUE(got["inference"].contains(name)) << solver << " " << name;
      const auto& term = got["inference"][name];
      for (const char* key : {"coef", "se", "t", "ci_low", "ci_high"}) {
        expect_close(term[key].get<double>(), want[key].get<double>(),
                     std::string(solver) + " " + name + " " + key);
      }
      EXPECT_NEAR(term["p"].get<double>(), want["p"].get<double>(), kPAbsolute)
          << solver << " " << name;
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
      EXPECT_FALSE(term.se.has_value());
    } else {
      ASSERT_TRUE(term.se.has_value()) << term.name;
      EXPECT_TRUE(std::isfinite(*term.se) && *term.se > 0) << term.name;
    }
  }
  EXPECT_EQ(aliased, 1);
  EXPECT_EQ(t.df_model, 2);
  EXPECT_EQ(t.df_residual, 97);
}

TEST(Inference, WarnsAtAnUnconvergedGradientDescentPoint) {
  const Dataset d = testing::random_problem(100, 2, 1.0, 62);
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  o.gradient_descent.max_iterations = 2;
  const FitSummary s = fit(d, o);
  const InferenceTable t = infer(d, s, o);
  ASSERT_FALSE(t.warnings.empty());
  EXPECT_EQ(t.warnings[0].code, WarningCode::not_converged);
}

TEST(Inference, NeedsResidualDegreesOfFreedom) {
  const Dataset d = testing::random_problem(3, 2, 1.0, 63);
  FitOptions o;
  o.solver = SolverKind::exact;
  EXPECT_THROW(static_cast<void>(infer(d, fit(d, o), o)), DataError);
}

// y = a + b·x1 with an irrelevant x2 (values of order 1 to 40), plus `noise`·N(0,1).
Dataset line_with_irrelevant_column(double a, double b, double noise, std::uint64_t seed) {
  Rng rng(seed);
  const Index n = 30;
  Matrix X(n, 2);
  Vector y(n);
  for (Index i = 0; i < n; ++i) {
    X(i, 0) = static_cast<double>(i % 7 + i / 3);
    X(i, 1) = rng.normal();
    y[i] = a + b * X(i, 0) + noise * rng.normal();
  }
  Dataset d = Dataset::from_matrix(std::move(X), std::move(y));
  d.feature_names = {"x1", "x2"};
  return d;
}

InferenceTable exact_inference(const Dataset& d) {
  const FitOptions o = testing::exact_options();
  return infer(d, fit(d, o), o);
}

bool has_warning(const InferenceTable& t, WarningCode code) {
  return has_warning(t.warnings, code);
}

// Every statistic is either undefined or a finite number, and every p-value lies in [0, 1].
void expect_no_nan(const InferenceTable& t) {
  const auto finite = [](const Statistic& s) { return !s || std::isfinite(*s); };
  for (const auto& term : t.terms) {
    EXPECT_TRUE(finite(term.se) && finite(term.t) && finite(term.ci_low) && finite(term.ci_high))
        << term.name;
    if (term.p) {
      EXPECT_GE(*term.p, 0.0) << term.name;
      EXPECT_LE(*term.p, 1.0) << term.name;
    }
  }
  for (const Statistic* s :
       {&t.r2, &t.r2_adj, &t.f_stat, &t.log_likelihood, &t.aic, &t.bic, &t.condition_number}) {
    EXPECT_TRUE(finite(*s));
  }
  if (t.f_p) {
    EXPECT_GE(*t.f_p, 0.0);
    EXPECT_LE(*t.f_p, 1.0);
  }
  EXPECT_TRUE(std::isfinite(t.sigma));
}

void expect_tests_undefined(const InferenceTable& t) {
  EXPECT_TRUE(t.exact_fit);
  for (const auto& term : t.terms) {
    EXPECT_FALSE(term.t || term.p || term.ci_low || term.ci_high) << term.name;
    // se: 0 or rounding, as NIST certifies (Wampler1); none for an aliased term.
    EXPECT_EQ(term.se.has_value(), !term.aliased) << term.name;
  }
  EXPECT_FALSE(t.f_stat || t.f_p || t.log_likelihood || t.aic || t.bic);
  EXPECT_TRUE(has_warning(t, WarningCode::exact_fit));
  expect_no_nan(t);
}

TEST(Inference, PerfectFitLeavesTestsUndefined) {
  // Representable coefficients: the residuals are 0 or far below rounding (the solver leaves
  // x2 at about 1e-47, whose "p" was 0.0012 before).
  const InferenceTable t = exact_inference(line_with_irrelevant_column(1.0, 2.0, 0.0, 71));
  expect_tests_undefined(t);
  ASSERT_TRUE(t.r2.has_value());
  EXPECT_EQ(*t.r2, 1.0);  // RSS/TSS below 1e-30: 1 − that rounds to 1 exactly
  ASSERT_TRUE(t.condition_number.has_value());  // a property of the design, defined
}

TEST(Inference, GradientDescentOnAPerfectFitLeavesTestsUndefined) {
  // Gradient descent stops a little off the optimum; its leftover error is not noise. The table's
  // σ² comes from the least-squares optimum, so the irrelevant x2 gets no p (it got 4e-7).
  const Dataset d = line_with_irrelevant_column(1.0, 2.0, 0.0, 75);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  const FitSummary s = fit(d, options);
  expect_tests_undefined(infer(d, s, options));
  // With real noise the table is defined, and gd's coefficients (converged) are close enough
  // to the optimum's not to be flagged.
  const Dataset noisy = line_with_irrelevant_column(1.0, 2.0, 0.5, 76);
  const InferenceTable t = infer(noisy, fit(noisy, options), options);
  EXPECT_FALSE(t.exact_fit);
  EXPECT_FALSE(has_warning(t, WarningCode::off_optimum));
  for (const auto& term : t.terms) EXPECT_TRUE(term.t && term.p) << term.name;
  // Stopped after 3 iterations, it is flagged, in standard errors.
  options.gradient_descent.max_iterations = 3;
  const InferenceTable early = infer(noisy, fit(noisy, options), options);
  ASSERT_TRUE(has_warning(early, WarningCode::off_optimum));
  EXPECT_NE(early.warnings.back().text.find("standard errors from the least-squares optimum"),
            std::string::npos);
}

TEST(Inference, RoundingLevelResidualsCountAsExact) {
  // 0.1 and 0.3 are not doubles and y was rounded: the residuals are nonzero rounding. A t from
  // them would give x2 a random p; the exact-fit rule (src/stats/inference.cpp) catches them.
  const InferenceTable t = exact_inference(line_with_irrelevant_column(0.1, 0.3, 0.0, 72));
  EXPECT_GT(t.sigma, 0.0);
  expect_tests_undefined(t);
}

TEST(Inference, TinyButRealNoiseKeepsStatisticsDefined) {
  // Noise 1e-10 and 1e-13 absolute on y of order 1 to 80: RSS/Σsᵢ² about 1e-23 and 1e-29, above
  // the exact-fit bound ((2 + 2)·ε)² ≈ 8e-31 (the second within two orders of magnitude of it).
  for (const double noise : {1e-10, 1e-13}) {
    const InferenceTable t = exact_inference(line_with_irrelevant_column(1.0, 2.0, noise, 73));
    EXPECT_FALSE(t.exact_fit) << noise;
    EXPECT_FALSE(has_warning(t, WarningCode::exact_fit)) << noise;
    for (const auto& term : t.terms) {
      EXPECT_TRUE(term.se && term.t && term.p && term.ci_low && term.ci_high)
          << noise << " " << term.name;
    }
    EXPECT_TRUE(t.r2 && t.r2_adj && t.f_stat && t.f_p && t.log_likelihood && t.aic && t.bic)
        << noise;
    expect_no_nan(t);
  }
}

TEST(Inference, ConstantTargetLeavesR2AndFUndefined) {
  Dataset d = line_with_irrelevant_column(5.0, 0.0, 0.0, 74);
  const InferenceTable t = exact_inference(d);
  EXPECT_FALSE(t.r2 || t.r2_adj || t.f_stat || t.f_p);
  EXPECT_TRUE(has_warning(t, WarningCode::constant_target));
  expect_tests_undefined(t);
}

TEST(Inference, AliasedTermsStayAliasedOnAPerfectFit) {
  Dataset d = line_with_irrelevant_column(1.0, 2.0, 0.0, 75);
  Matrix X(d.n_rows(), 3);
  X << d.X, (3.0 * d.X.col(0).array()).matrix();
  d.X = X;
  d.feature_names.push_back("x1_times_3");
  const InferenceTable t = exact_inference(d);
  int aliased = 0;
  for (const auto& term : t.terms) {
    if (!term.aliased) continue;
    ++aliased;
    EXPECT_FALSE(term.se || term.t || term.p || term.ci_low || term.ci_high);
  }
  EXPECT_EQ(aliased, 1);
  expect_tests_undefined(t);
}

TEST(Inference, NistPerfectFitsAreExactAndNoisyOnesAreNot) {
  // NIST certifies a residual SD of exactly 0 for Wampler1 (integer coefficients) and Wampler2
  // (powers of 0.1, so the residuals are rounding); Wampler3-5 have noise.
  for (const NistModel& m : nist_models()) {
    if (std::string(m.name).rfind("Wampler", 0) != 0) continue;
    std::ifstream in(std::string(LINREG_TEST_DATA_DIR "/nist/") + m.name + ".dat");
    const NistDataset nist = read_nist_strd(in, m.name);
    const Dataset data = nist_design(nist, m);
    const FitOptions o = testing::exact_options(m.intercept);
    const InferenceTable t = infer(data, fit(data, o), o);
    EXPECT_EQ(t.exact_fit, nist.residual_sd == 0.0) << m.name;
    expect_no_nan(t);
  }
}

}  // namespace
}  // namespace linreg
