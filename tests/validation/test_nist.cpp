// The solvers on the NIST StRD linear-regression datasets (tests/data/nist, public domain):
// correct significant digits (LRE) of the coefficients, their standard deviations, the residual
// SD and R² against the certified values.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "nist_strd.hpp"

namespace linreg {
namespace {

NistDataset load(const std::string& name) {
  std::ifstream in(std::string(LINREG_TEST_DATA_DIR "/nist/") + name + ".dat");
  return read_nist_strd(in, name);
}

TEST(Nist, ExactSolverMeetsTheTargetsOnAll11Datasets) {
  for (const NistModel& m : nist_models()) {
    FitOptions options;
    options.solver = SolverKind::exact;
    options.fit_intercept = m.intercept;
    const NistDataset nist = load(m.name);
    const Dataset data = nist_design(nist, m);
    const FitSummary s = fit(data, options);
    const NistScore score = score_nist_fit(nist, m, s, infer(data, s, options));
    std::cout << fmt::format(
        "  {:9s} LRE coefficients {:5.1f}  SDs {:5.1f}  residual SD {:5.1f}  R² {:5.1f}"
        "  (refinement steps {})\n",
        m.name, score.coefficients, score.standard_deviations, score.residual_sd, score.r_squared,
        s.direct.value().refinement_steps);
    EXPECT_EQ(s.direct.value().rank, s.model.n_features()) << m.name;
    if (!m.intercept) {
      EXPECT_EQ(s.model.intercept(), 0.0) << m.name;
    }
    // The targets: 12 digits for every coefficient; 10 for the SDs (Wampler1 certifies
    // SDs of exactly 0, a perfect fit: the LRE is then −log10 of the error), residual SD and R².
    EXPECT_GE(score.coefficients, 12.0) << m.name;
    EXPECT_GE(score.standard_deviations, 10.0) << m.name;
    EXPECT_GE(score.residual_sd, 10.0) << m.name;
    EXPECT_GE(score.r_squared, 10.0) << m.name;
  }
}

TEST(Nist, GradientDescentWithoutInterceptMatchesNoInt1) {
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
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
