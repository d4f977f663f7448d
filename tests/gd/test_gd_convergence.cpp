// Gradient descent's "converged" is a certificate: whenever a run reports it, the parameters it
// iterates on (standardized weights and intercept) are within --tol of the least-squares optimum,
// ‖θ − θ*‖₂ ≤ tol·‖θ*‖₂, on well- and ill-conditioned designs alike. θ* comes from the exact
// solver on the same standardized design (refined to about 1e-16 relative, far inside any tol
// checked here; 1e-14 of slack covers it).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "linreg/fit.hpp"
#include "linreg/random.hpp"
#include "linreg/settings.hpp"
#include "linreg/synthetic.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

struct Design {
  std::string name;
  Dataset data;
  bool intercept = true;
};

// x, x², x³ on [1, 2]: standardized, still a condition number near 10⁴.
Dataset cubic(Index n, std::uint64_t seed) {
  Rng rng(seed);
  Matrix X(n, 3);
  Vector y(n);
  for (Index i = 0; i < n; ++i) {
    const double x = 1.0 + static_cast<double>(i) / static_cast<double>(n - 1);
    X(i, 0) = x, X(i, 1) = x * x, X(i, 2) = x * x * x;
    y[i] = 1.0 - 2.0 * x + 0.5 * x * x + 0.25 * x * x * x + 0.01 * rng.normal();
  }
  return Dataset::from_matrix(std::move(X), std::move(y));
}

// Two features correlated to 1 − 10⁻⁴.
Dataset correlated(Index n, std::uint64_t seed) {
  Rng rng(seed);
  Matrix X(n, 3);
  Vector y(n);
  for (Index i = 0; i < n; ++i) {
    const double a = rng.normal();
    X(i, 0) = a, X(i, 1) = a + 0.01 * rng.normal(), X(i, 2) = rng.normal();
    y[i] = 2.0 + X(i, 0) - X(i, 1) + 0.5 * X(i, 2) + 0.1 * rng.normal();
  }
  return Dataset::from_matrix(std::move(X), std::move(y));
}

std::vector<Design> designs() {
  return {{"random", testing::random_problem(500, 4, 1.0, 11), true},
          {"random, no intercept", testing::random_problem(300, 3, 0.5, 12), false},
          {"houses", make_houses(200, 3), true},
          {"correlated", correlated(400, 13), true},
          {"cubic", cubic(200, 14), true}};
}

Vector parameters(const LinearModel& m, bool intercept) {
  Vector theta(m.n_features() + (intercept ? 1 : 0));
  theta.head(m.n_features()) = m.weights();
  if (intercept) theta[m.n_features()] = m.intercept();
  return theta;
}

TEST(GradientDescentConvergence, ConvergedMeansWithinTheToleranceOfTheOptimum) {
  int converged = 0, not_converged = 0;
  for (const Design& design : designs()) {
    for (const double tol : {1e-3, 1e-6, 1e-10, 1e-12}) {
      SCOPED_TRACE(fmt::format("{}, tol {:g}", design.name, tol));
      FitOptions o;
      o.solver = SolverKind::gradient_descent;
      o.fit_intercept = design.intercept;
      o.gradient_descent.tolerance = tol;
      o.gradient_descent.max_iterations = 100000;
      const FitSummary s = fit(design.data, o);
      ASSERT_TRUE(s.scaler.has_value());
      ASSERT_TRUE(s.gd.value().distance_to_optimum.has_value());
      const FitSummary exact =
          fit(Dataset::from_matrix(s.scaler->transform(design.data.X), design.data.y),
              testing::exact_options(design.intercept));
      const Vector optimum = parameters(exact.model, design.intercept);
      const double distance =
          (parameters(s.design_model, design.intercept) - optimum).norm() / optimum.norm();
      // The reported distance is the measured one (H⁺·∇f is exact for a quadratic, up to rounding).
      EXPECT_NEAR(*s.gd.value().distance_to_optimum, distance, 1e-3 * distance + 1e-14);
      if (s.stop_reason == StopReason::converged) {
        ++converged;
        EXPECT_LE(distance, tol + 1e-14);
      } else {
        ++not_converged;
        EXPECT_EQ(s.stop_reason, StopReason::max_iterations);
        EXPECT_GT(distance, tol) << "a run within the tolerance should have stopped as converged";
        ASSERT_FALSE(s.warnings.empty());
        EXPECT_EQ(s.warnings.back().code, WarningCode::not_converged) << s.warnings.back().text;
      }
    }
  }
  // Both verdicts occur: the well-conditioned designs converge at every tolerance, the cubic does
  // not reach 1e-12 in 10⁵ iterations.
  EXPECT_GE(converged, 12);
  EXPECT_GE(not_converged, 1);
}

// Standardized and still unconverged: the advice is the exact solver (ill-conditioning, not scale).
TEST(GradientDescentConvergence, AnIllConditionedStandardizedDesignIsSentToTheExactSolver) {
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  const FitSummary s = fit(cubic(200, 14), o);
  ASSERT_EQ(s.stop_reason, StopReason::max_iterations);
  ASSERT_EQ(s.warnings.back().code, WarningCode::not_converged);
  const std::string& w = s.warnings.back().text;
  EXPECT_NE(w.find("or use " + mention(Setting::solver, "exact") +
                   ": the features are standardized already, so the slowness is the design's "
                   "conditioning, not its "
                   "scale"),
            std::string::npos)
      << w;
  EXPECT_NE(w.find("more iterations would reach it"), std::string::npos) << w;
  ASSERT_TRUE(s.gd.value().loss_above_optimum.has_value());
  EXPECT_GT(*s.gd.value().loss_above_optimum, 0.0);
}

// Aliased columns: the loss is flat along a direction, the minimizer is not unique, and the warning
// says which one gradient descent returns: the least-norm one, with equal standardized weights on
// two identical columns.
TEST(GradientDescentConvergence, AnAliasedDesignWarnsThatTheSolutionIsNotUnique) {
  Dataset d = testing::random_problem(200, 2, 0.5, 15);
  d.X.conservativeResize(Eigen::NoChange, 3);
  d.X.col(2) = d.X.col(1);
  d.feature_names.push_back("copy");
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  const FitSummary s = fit(d, o);
  EXPECT_EQ(s.stop_reason, StopReason::converged);
  ASSERT_TRUE(has_warning(s.warnings, WarningCode::not_unique));
  EXPECT_NE(s.warnings.back().text.find("flat along 1 direction"), std::string::npos)
      << s.warnings.back().text;
  EXPECT_NE(
      s.warnings.back().text.find(mention(Setting::solver, "exact") + " instead sets the weights"),
      std::string::npos)
      << s.warnings.back().text;
  EXPECT_NEAR(s.design_model.weights()[1], s.design_model.weights()[2],
              1e-9 * std::abs(s.design_model.weights()[1]));
}

}  // namespace
}  // namespace linreg
