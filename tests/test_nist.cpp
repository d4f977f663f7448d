// The exact solver on the NIST StRD linear-regression datasets (tests/data/nist, public domain):
// correct significant digits (LRE) of every coefficient against the certified values.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/format.h>

#include "linreg/features.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/nist_strd.hpp"

namespace linreg {
namespace {

struct Model {
  const char* name;
  int degree;  // polynomial in x; 0: every x column as it is (Longley)
  bool intercept = true;
};

// All 11 linear-regression datasets of the StRD.
constexpr Model kModels[] = {{"Norris", 1},          {"Pontius", 2},         {"NoInt1", 1, false},
                             {"NoInt2", 1, false},   {"Filip", 10},          {"Longley", 0},
                             {"Wampler1", 5},        {"Wampler2", 5},        {"Wampler3", 5},
                             {"Wampler4", 5},        {"Wampler5", 5}};

NistDataset load(const std::string& name) {
  std::ifstream in(std::string(LINREG_TEST_DATA_DIR "/nist/") + name + ".dat");
  return read_nist_strd(in, name);
}

Dataset design(const NistDataset& nist, int degree) {
  Dataset d;
  d.y = nist.data.col(0);
  if (degree == 0) {
    d.X = nist.data.rightCols(nist.data.cols() - 1);
    d.X_low = Matrix::Zero(d.X.rows(), d.X.cols());
    for (Index j = 1; j < nist.data.cols(); ++j) d.feature_names.push_back(nist.column_names[static_cast<std::size_t>(j)]);
    return d;
  }
  const Vector x = nist.data.col(1);
  Matrix high, low;
  polynomial_powers(x, degree, high, low);
  d.X.resize(x.size(), degree);
  d.X_low = Matrix::Zero(x.size(), degree);
  d.X.col(0) = x;
  d.X.rightCols(degree - 1) = high;
  d.X_low.rightCols(degree - 1) = low;
  d.feature_names.push_back("x");
  for (int k = 2; k <= degree; ++k) d.feature_names.push_back(fmt::format("x^{}", k));
  return d;
}

TEST(Nist, ExactSolverCoefficientsHaveAtLeast12CorrectDigits) {
  for (const Model& m : kModels) {
    FitOptions options;
    options.solver = SolverKind::exact;
    options.fit_intercept = m.intercept;
    const NistDataset nist = load(m.name);
    const FitSummary s = fit(design(nist, m.degree), options);
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
  for (const Model& m : kModels) {
    FitOptions options;
    options.solver = SolverKind::exact;
    options.fit_intercept = m.intercept;
    const NistDataset nist = load(m.name);
    const Dataset data = design(nist, m.degree);
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
  const FitSummary s = fit(design(nist, 1), options);
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
