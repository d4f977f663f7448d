// The diagnostics under the statistics table against statsmodels on the same designs
// (insurance.csv, and diagnostics.csv with AR(1) t-distributed errors, offset features and a
// near copy of a column): reference values by tests/data/make_diagnostics_statsmodels.py.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "reference_case.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// The residuals of two least-squares solvers agree to about κ·ε relative, and the statistics are
// smooth functions of them: 1e-10 relative (the bar), p-values to 1e-12 absolute. The
// raw condition number against numpy's singular values: both are backward stable, so they agree
// to about κ·ε relative of the smallest singular value, 1e-10 for these κ up to 5e6.
constexpr double kRelative = 1e-10;
constexpr double kPAbsolute = 1e-12;

nlohmann::json reference() { return testing::reference_file("diagnostics_statsmodels.json"); }

nlohmann::json summary_json(const nlohmann::json& c) {
  const auto r = cli::testing::run_cli(testing::fit_args(c, {"--vif", "--json"}));
  EXPECT_EQ(r.code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(Diagnostics, MatchStatsmodelsOnSeveralDesigns) {
  const auto ref = reference();
  for (const auto& [name, want] : ref["cases"].items()) {
    if (name == "near_singular") continue;  // below
    SCOPED_TRACE(name);
    const auto all = summary_json(want);
    // VIF: the same regressions of each feature on the others, 1/(1 − R²) (1e-10 relative).
    for (const auto& [term, vif] : want["vif"].items()) {
      ASSERT_TRUE(all["inference"][term]["vif"].is_number()) << term;
      EXPECT_NEAR(all["inference"][term]["vif"].get<double>(), vif.get<double>(),
                  kRelative * vif.get<double>())
          << term;
    }
    if (want["intercept"].get<bool>()) {
      EXPECT_TRUE(all["inference"]["(intercept)"]["vif"].is_null());
    }
    const auto got = all["diagnostics"];
    for (const char* key : {"durbin_watson", "omnibus", "skew", "kurtosis", "jarque_bera",
                            "condition_number_raw", "smallest_eigenvalue"}) {
      ASSERT_TRUE(got[key].is_number()) << key;
      EXPECT_NEAR(got[key].get<double>(), want[key].get<double>(),
                  kRelative * std::abs(want[key].get<double>()))
          << key;
    }
    for (const char* key : {"omnibus_p", "jarque_bera_p"})
      EXPECT_NEAR(got[key].get<double>(), want[key].get<double>(), kPAbsolute) << key;
    // statsmodels' notes: the large condition number, in its words (it wraps the line).
    bool large = false;
    for (const auto& note : want["statsmodels_notes"])
      large =
          large || note.get<std::string>().find("condition number is large") != std::string::npos;
    ASSERT_EQ(got["notes"].size(), large ? 1u : 0u);
    if (large) {
      const std::string text = got["notes"][0];
      const std::string theirs = want["statsmodels_notes"].back();
      EXPECT_NE(theirs.find(text.substr(0, 60)), std::string::npos) << text << " | " << theirs;
    }
  }
}

TEST(Diagnostics, NearSingularDesignGetsTheSmallestEigenvalueNote) {
  const auto want = reference()["cases"]["near_singular"];
  const auto got = summary_json(want)["diagnostics"];
  // A column that repeats another to 1e-9: λ_min near 1e-17, to which rounding of the design
  // itself contributes; both report it far below statsmodels' threshold of 1e-10.
  ASSERT_TRUE(got["smallest_eigenvalue"].is_number());
  EXPECT_LT(got["smallest_eigenvalue"].get<double>(), 1e-14);
  ASSERT_EQ(got["notes"].size(), 1u);
  EXPECT_NE(got["notes"][0].get<std::string>().find("The smallest eigenvalue is"),
            std::string::npos);
  EXPECT_NE(want["statsmodels_notes"].back().get<std::string>().find("The smallest eigenvalue is"),
            std::string::npos);
}

TEST(Diagnostics, UndefinedWhereTheResidualsHaveNoShape) {
  // An exact fit: Σe² = 0 up to rounding leaves Durbin–Watson, skew, kurtosis and the tests
  // without a value, never NaN.
  Dataset d = testing::random_problem(30, 2, 0.0, 71);
  FitOptions o;
  o.solver = SolverKind::exact;
  d.y = 1.0 + d.X.col(0).array() * 0.0;  // constant target: residuals exactly 0
  const InferenceTable t = infer(d, fit(d, o), o);
  const Diagnostics& g = t.diagnostics;
  EXPECT_FALSE(g.skew || g.kurtosis || g.omnibus || g.jarque_bera || g.durbin_watson);
  EXPECT_TRUE(g.condition_number_raw.has_value());
  // Fewer than 8 rows: no omnibus test (scipy's skewtest needs 8), the rest defined.
  const Dataset small = testing::random_problem(7, 1, 1.0, 72);
  const InferenceTable s = infer(small, fit(small, o), o);
  EXPECT_FALSE(s.diagnostics.omnibus.has_value());
  EXPECT_TRUE(s.diagnostics.jarque_bera.has_value() && s.diagnostics.durbin_watson.has_value());
}

}  // namespace
}  // namespace linreg
