// The exact solver on the NIST StRD linear-regression datasets (tests/data/nist, public domain):
// correct significant digits (LRE) of every coefficient against the certified values.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/format.h>

#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/nist_strd.hpp"

namespace linreg {
namespace {

NistDataset load(const std::string& name) {
  std::ifstream in(std::string(LINREG_TEST_DATA_DIR "/nist/") + name + ".dat");
  return read_nist_strd(in, name);
}

TEST(Nist, ExactSolverCoefficientsHaveAtLeast12CorrectDigits) {
  for (const NistModel& m : nist_models()) {
    FitOptions options;
    options.solver = SolverKind::exact;
    options.fit_intercept = m.intercept;
    const NistDataset nist = load(m.name);
    const FitSummary s = fit(nist_design(nist, m), options);
    ASSERT_EQ(s.model.n_features() + (m.intercept ? 1 : 0), nist.coefficients.size()) << m.name;
    double worst = 15.0;
    const Index first = m.intercept ? 1 : 0;
    if (m.intercept) {
      worst = std::min(worst, log_relative_error(s.model.intercept(), nist.coefficients[0]));
    } else {
      EXPECT_EQ(s.model.intercept(), 0.0) << m.name;
    }
    for (Index j = 0; j < s.model.n_features(); ++j) {
      worst = std::min(worst, log_relative_error(s.model.weights()[j], nist.coefficients[j + first]));
    }
    std::cout << fmt::format("  {:9s} coefficients LRE {:5.1f}  (refinement steps {})\n", m.name, worst,
                             s.iterations);
    EXPECT_EQ(s.rank, s.model.n_features()) << m.name;
    EXPECT_GE(worst, 12.0) << m.name;
  }
}

TEST(Nist, StandardDeviationsResidualSdAndR2HaveAtLeast10CorrectDigits) {
  for (const NistModel& m : nist_models()) {
    FitOptions options;
    options.solver = SolverKind::exact;
    options.fit_intercept = m.intercept;
    const NistDataset nist = load(m.name);
    const Dataset data = nist_design(nist, m);
    const FitSummary s = fit(data, options);
    const InferenceTable t = infer(data, s, options);
    double worst_sd = 15.0;
    for (std::size_t k = 0; k < t.terms.size(); ++k) {
      worst_sd = std::min(worst_sd, log_relative_error(t.terms[k].se, nist.standard_deviations[static_cast<Index>(k)]));
    }
    const double sigma = log_relative_error(t.sigma, nist.residual_sd);
    const double r2 = log_relative_error(t.r2, nist.r_squared);
    std::cout << fmt::format("  {:9s} SD LRE {:5.1f}   residual SD LRE {:5.1f}   R² LRE {:5.1f}\n", m.name,
                             worst_sd, sigma, r2);
    // Wampler1 certifies SDs of exactly 0 (a perfect fit): the LRE is then −log10 of the error.
    EXPECT_GE(worst_sd, 10.0) << m.name;
    EXPECT_GE(sigma, 10.0) << m.name;
    EXPECT_GE(r2, 10.0) << m.name;
  }
}

TEST(Nist, GradientDescentWithoutInterceptMatchesNoInt1) {
  FitOptions options;
  options.fit_intercept = false;
  options.gradient_descent.max_iterations = 10000;
  const NistDataset nist = load("NoInt1");
  const FitSummary s = fit(nist_design(nist, {"NoInt1", 1, false}), options);
  EXPECT_EQ(s.stop_reason, StopReason::converged);
  EXPECT_EQ(s.model.intercept(), 0.0);
  // Iterative, stopped by a 1e-12 relative tolerance: 9 digits is what that leaves.
  EXPECT_GE(log_relative_error(s.model.weights()[0], nist.coefficients[0]), 9.0);
}

TEST(Nist, ReaderFindsCertifiedValuesAndData) {
  const NistDataset filip = load("Filip");
  EXPECT_EQ(filip.coefficients.size(), 11);
  EXPECT_EQ(filip.data.rows(), 82);
  EXPECT_EQ(filip.column_names, (std::vector<std::string>{"y", "x"}));
  EXPECT_DOUBLE_EQ(filip.coefficients[0], -1467.48961422980);
  EXPECT_DOUBLE_EQ(filip.residual_sd, 0.334801051324544E-02);
  EXPECT_DOUBLE_EQ(filip.r_squared, 0.996727416185620);
  const NistDataset longley = load("Longley");
  EXPECT_EQ(longley.data.cols(), 7);
  EXPECT_EQ(longley.data.rows(), 16);
  EXPECT_EQ(log_relative_error(1.0, 1.0), 15.0);
  EXPECT_NEAR(log_relative_error(1.001, 1.0), 3.0, 1e-9);
}

}  // namespace
}  // namespace linreg
