#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/metrics.hpp"
#include "linreg/settings.hpp"
#include "linreg/solver.hpp"
#include "linreg/synthetic.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

bool has_warning(const FitSummary& s, WarningCode code) { return has_warning(s.warnings, code); }

TEST(Fit, ExactSolutionOnStandardizedFeaturesConvertsToTheUnscaledOne) {
  const Dataset d = make_houses(1000, 3);
  const StandardScaler scaler = StandardScaler::fit(d.X);
  FitOptions exact;
  exact.solver = SolverKind::exact;
  const FitSummary on_scaled = fit(Dataset::from_matrix(scaler.transform(d.X), d.y), exact);
  const FitSummary on_raw = fit(d, exact);
  const LinearModel converted = scaler.to_original_units(on_scaled.model);
  // Two exact solves of equivalent, well-conditioned problems: agreement to ~1e-13; 1e-11 leaves
  // room for the conversion's own rounding (μ/σ up to ~3 here).
  EXPECT_LT(testing::max_relative_error(converted.weights(), on_raw.model.weights()), 1e-11);
  EXPECT_NEAR(converted.intercept(), on_raw.model.intercept(),
              1e-11 * std::abs(on_raw.model.intercept()));
}

TEST(Fit, ScaledGradientDescentInOriginalUnitsEqualsExactUnscaledSolution) {
  const Dataset d = make_houses(1000, 3);
  FitOptions gd;
  gd.solver = SolverKind::gradient_descent;
  gd.gradient_descent.tolerance = 1e-15;
  gd.gradient_descent.max_iterations = 100000;
  const FitSummary a = fit(d, gd);
  FitOptions exact;
  exact.solver = SolverKind::exact;
  exact.scaling = Scaling::none;
  const FitSummary b = fit(d, exact);
  ASSERT_TRUE(a.scaler.has_value());
  // Both converted weights and intercept. Iterative: with noise, the stop comes from the
  // relative loss change (1e-15), and a loss that flat still allows a parameter error of order
  // √(1e-15·loss/curvature): 1e-7 relative (the smallest weight, age, is the worst).
  EXPECT_LT(testing::max_relative_error(a.model.weights(), b.model.weights()), 1e-7);
  EXPECT_NEAR(a.model.intercept(), b.model.intercept(), 1e-7 * std::abs(b.model.intercept()));
  // The design-unit model is a different parametrization of the same predictions.
  EXPECT_GT(std::abs(a.design_model.intercept() - a.model.intercept()), 1.0);
}

TEST(Fit, TheDemoScaledFitReachesTheExactSolution) {
  const Dataset d = make_houses(100, 42);
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  o.gradient_descent.learning_rate = 0.1;
  o.gradient_descent.tolerance = 0.0;
  const FitSummary s = fit(d, o);
  EXPECT_GE(r2_score(d.y, s.model.predict(d.X)), 0.999);
  FitOptions exact;
  exact.solver = SolverKind::exact;
  const FitSummary e = fit(d, exact);
  // The bar is 4 significant digits; 1000 steps at lr 0.1 get far closer.
  EXPECT_LT(testing::max_relative_error(s.model.weights(), e.model.weights()), 1e-4);
}

TEST(Fit, UnscaledTutorialRunLeavesSmallFeaturesStuck) {
  const Dataset d = make_houses(100, 42);
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  o.scaling = Scaling::none;
  o.gradient_descent.learning_rate = 1e-9;
  o.gradient_descent.tolerance = 0.0;
  const FitSummary s = fit(d, o);
  EXPECT_EQ(s.stop_reason, StopReason::max_iterations);
  // age (true −50) and distance (true −20) barely move from 0; size overshoots 300.
  EXPECT_GT(s.model.weights()[1], -10.0);
  EXPECT_GT(s.model.weights()[2], -10.0);
  EXPECT_GT(s.model.weights()[0], 320.0);
  EXPECT_TRUE(has_warning(s, WarningCode::mixed_scales));
  for (const auto& w : s.warnings) {
    if (w.code == WarningCode::mixed_scales) {
      EXPECT_NE(w.text.find(mention(Setting::scaling, "standard")), std::string::npos) << w.text;
    }
  }
}

TEST(Fit, NoScaleWarningWhenStandardizing) {
  const FitSummary s = fit(make_houses(100, 42));
  EXPECT_FALSE(has_warning(s, WarningCode::mixed_scales));
}

TEST(Fit, ConstantFeatureColumn) {
  Dataset d = testing::random_problem(50, 2, 1.0, 41);
  Matrix X(50, 3);
  X << d.X, Vector::Constant(50, 7.5);
  d.X = X;
  d.feature_names.push_back("const");
  for (const auto scaling : {Scaling::standard, Scaling::none}) {
    FitOptions o;
    o.solver = SolverKind::gradient_descent;
    o.scaling = scaling;
    const FitSummary s = fit(d, o);
    EXPECT_TRUE(s.model.weights().allFinite());
    EXPECT_TRUE(std::isfinite(s.model.intercept()));
    ASSERT_TRUE(has_warning(s, WarningCode::constant_feature));
    EXPECT_NE(s.warnings.front().text.find("'const'"), std::string::npos);
    if (scaling == Scaling::standard) {
      EXPECT_EQ(s.model.weights()[2], 0.0);
    }
  }
  FitOptions exact;
  exact.solver = SolverKind::exact;
  const FitSummary e = fit(d, exact);
  EXPECT_EQ(e.model.weights()[2], 0.0);
  EXPECT_EQ(e.aliased(), std::vector<std::string>{"const"});
}

TEST(Fit, ConstantTarget) {
  Dataset d = testing::random_problem(40, 3, 0.0, 42);
  d.y.setConstant(12.0);
  for (const auto solver : {SolverKind::gradient_descent, SolverKind::exact}) {
    FitOptions o;
    o.solver = solver;
    const FitSummary s = fit(d, o);
    const double r2 = r2_score(d.y, s.model.predict(d.X));
    if (solver == SolverKind::exact) {
      // y − ȳ is exactly 0: every weight is exactly 0, and so is every residual.
      EXPECT_EQ(s.model.weights().cwiseAbs().maxCoeff(), 0.0);
      EXPECT_EQ(s.model.intercept(), 12.0);
      EXPECT_EQ(r2, 1.0);
    } else {
      // Iterative: the standardized columns' means are 0 only up to rounding, so weights are
      // rounding noise and b is within the tolerance (1e-12 relative gradient) of 12.
      EXPECT_EQ(s.stop_reason, StopReason::converged);
      EXPECT_LT(s.model.weights().cwiseAbs().maxCoeff(), 1e-12);
      EXPECT_NEAR(s.model.intercept(), 12.0, 1e-10 * 12.0);
      // SS_tot = 0: R² is 1 for exact predictions, 0 otherwise (scikit-learn's rule); never NaN.
      EXPECT_TRUE(r2 == 0.0 || r2 == 1.0);
    }
  }
}

TEST(Fit, OneRow) {
  Dataset d = Dataset::from_matrix(Matrix::Constant(1, 2, 3.0), Vector::Constant(1, 5.0));
  for (const auto solver : {SolverKind::gradient_descent, SolverKind::exact}) {
    for (const auto scaling : {Scaling::standard, Scaling::none}) {
      FitOptions o;
      o.solver = solver;
      o.scaling = scaling;
      const FitSummary s = fit(d, o);
      EXPECT_TRUE(s.model.weights().allFinite());
      // One equation: every answer with w·x + b = 5 is exact; the prediction must be 5.
      EXPECT_NEAR(s.model.predict(d.X)[0], 5.0, 1e-12);
      EXPECT_TRUE(std::isfinite(s.final_loss));
    }
  }
}

TEST(Fit, ZeroRowsIsADataError) {
  const Dataset d = Dataset::from_matrix(Matrix(0, 3), Vector(0));
  EXPECT_THROW(fit(d), DataError);
  FitOptions exact;
  exact.solver = SolverKind::exact;
  EXPECT_THROW(fit(d, exact), DataError);
}

TEST(Fit, NonFiniteInputNamesRowAndColumn) {
  Dataset d = testing::random_problem(10, 2, 1.0, 43);
  d.X(4, 1) = std::nan("");
  try {
    fit(d);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 5, column 'x2'"), std::string::npos) << e.what();
  }
  d.X(4, 1) = 0.0;
  d.y[2] = INFINITY;
  EXPECT_THROW(fit(d), DataError);
}

// The check finds non-finite values from each column's sum: a column of finite values whose sum
// overflows is not one of them, and its mean is still right; +inf and −inf together (a NaN sum)
// are found too.
TEST(CheckData, FiniteValuesWhoseSumOverflowsAreFineAndAveraged) {
  Dataset d = testing::random_problem(1000, 2, 1.0, 45);
  for (Index i = 0; i < d.n_rows(); ++i) d.X(i, 1) = (1.5 + 0.1 * d.X(i, 1)) * 1e307;
  const double mean = (d.X.col(1) / 1e300).mean() * 1e300;
  const CheckedData checked = check_data(d);
  EXPECT_NEAR(checked.column_mean[1], mean, 1e-13 * mean);
  EXPECT_EQ(checked.column_magnitude[1], d.X.col(1).cwiseAbs().maxCoeff());
  EXPECT_NEAR(checked.column_mean[0], d.X.col(0).mean(), 1e-15);
  const FitSummary s = fit(d);
  EXPECT_TRUE(std::isfinite(s.model.weights()[1]));

  d.X(3, 0) = INFINITY;
  d.X(7, 0) = -INFINITY;
  try {
    (void)check_data(d);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 4, column 'x1'"), std::string::npos) << e.what();
  }
}

TEST(Fit, ShapeMismatchIsRejected) {
  Dataset d = testing::random_problem(10, 2, 1.0, 44);
  d.feature_names.pop_back();
  EXPECT_THROW(fit(d), std::invalid_argument);
}

TEST(FitWith, IsFitForTheSolverTheOptionsName) {
  // fit() is fit_with(make_solver(options.solver), ...): the same summary, bit for bit.
  const Dataset d = testing::random_problem(200, 3, 0.5, 45);
  for (const SolverKind kind :
       {SolverKind::gradient_descent, SolverKind::exact, SolverKind::cholesky, SolverKind::svd}) {
    FitOptions o;
    o.solver = kind;
    const FitSummary a = fit(d, o);
    const FitSummary b = fit_with(*make_solver(kind), d, o);
    EXPECT_EQ(a.model.weights(), b.model.weights()) << to_string(kind);
    EXPECT_EQ(a.model.intercept(), b.model.intercept()) << to_string(kind);
    EXPECT_EQ(a.solver, kind);
  }
  // Options that name another solver are a usage error, not a silent fit by the wrong method.
  FitOptions gd;
  gd.solver = SolverKind::gradient_descent;
  EXPECT_THROW((void)fit_with(*make_solver(SolverKind::exact), d, gd), UsageError);
}

TEST(FitSummary, SaysHowItEndedInOneLine) {
  Dataset d = testing::random_problem(200, 3, 0.5, 46);
  d.X.col(2).setConstant(4.0);
  const FitSummary exact = fit(d, testing::exact_options());
  // `iterations` counts gradient-descent updates only; the exact solver's steps are its own.
  EXPECT_EQ(exact.iterations(), 0);
  // Each solver family fills its own report and only that.
  EXPECT_FALSE(exact.gd.has_value());
  ASSERT_TRUE(exact.direct.has_value());
  EXPECT_GE(exact.direct.value().refinement_steps, 1);
  EXPECT_EQ(exact.message, fmt::format("solved: rank 2 of 3, {} refinement step{}",
                                       exact.direct.value().refinement_steps,
                                       exact.direct.value().refinement_steps == 1 ? "" : "s"));
  EXPECT_EQ(exact.brief_report(),
            fmt::format("exact: {}; training MSE {:.6g}; warnings: constant_feature, "
                        "rank_deficient",
                        exact.message, exact.final_loss));

  FitOptions gd;
  gd.solver = SolverKind::gradient_descent;
  gd.gradient_descent.max_iterations = 7;
  gd.gradient_descent.tolerance = 0.0;
  const FitSummary seven = fit(testing::random_problem(200, 3, 0.5, 47), gd);
  EXPECT_EQ(seven.iterations(), 7);
  EXPECT_FALSE(seven.direct.has_value());
  ASSERT_TRUE(seven.gd.has_value());
  EXPECT_EQ(seven.gd.value().loss_history.size(), 7u);
  EXPECT_EQ(seven.message, "ran all 7 iterations (the limit)");
  EXPECT_EQ(seven.brief_report().rfind("gd: ran all 7 iterations (the limit); training MSE ", 0),
            0u);
}

TEST(FitOptions, ValidateRefusesFloat32WithADirectSolver) {
  FitOptions o;
  o.gradient_descent.precision = Precision::f32;
  for (const SolverKind kind : {SolverKind::exact, SolverKind::cholesky, SolverKind::svd}) {
    o.solver = kind;
    EXPECT_THROW(o.validate(), UsageError) << to_string(kind);
  }
  o.solver = SolverKind::gradient_descent;
  EXPECT_NO_THROW(o.validate());
}

}  // namespace
}  // namespace linreg
