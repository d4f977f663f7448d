#include <fmt/format.h>
#include <gtest/gtest.h>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/gradient_descent.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/settings.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

TEST(GradientDescent, AutomaticRateConvergesToExactCoefficientsOnNoiselessData) {
  const Dataset d = testing::random_problem(400, 5, 0.0, 1);
  FitOptions o;  // gd's defaults: standard scaling, lr auto, tolerance 1e-12
  o.solver = SolverKind::gradient_descent;
  const FitSummary s = fit(d, o);
  EXPECT_EQ(s.stop_reason, StopReason::converged);
  EXPECT_TRUE(s.gd.value().learning_rate_auto);
  EXPECT_LT(s.iterations(), 1000);
  // Stopping at ‖∇‖ ≤ 1e-12·‖∇₀‖ on a well-conditioned (standardized) problem leaves a
  // parameter error of order κ·1e-12, amplified in the intercept by Σ|μ_j/σ_j| ≈ 20 when
  // converting back: 1e-8 relative is the target.
  EXPECT_LT(testing::max_relative_error(s.model.weights(), testing::true_weights(5)), 1e-8);
  EXPECT_NEAR(s.model.intercept(), testing::kTrueIntercept, 1e-8 * testing::kTrueIntercept);
}

TEST(GradientDescent, LossHistoryIsMonotoneBelowTheStabilityLimit) {
  const Dataset d = testing::random_problem(200, 3, 1.0, 2);
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  const FitSummary s = fit(d, o);
  ASSERT_GE(s.gd.value().loss_history.size(), 2u);
  for (std::size_t k = 1; k < s.gd.value().loss_history.size(); ++k) {
    EXPECT_LE(s.gd.value().loss_history[k], s.gd.value().loss_history[k - 1] * (1 + 1e-12))
        << "iteration " << k;
  }
  EXPECT_EQ(static_cast<long>(s.gd.value().loss_history.size()),
            s.iterations() + 1);  // converged: θ_k's loss
}

TEST(GradientDescent, TooLargeLearningRateDivergesWithFiniteWeightsAndAdvice) {
  const Dataset d = testing::random_problem(200, 3, 1.0, 3);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.scaling = Scaling::none;
  options.gradient_descent.learning_rate = 1.0;  // far above 2/L for these unscaled columns
  const FitSummary s = fit(d, options);
  EXPECT_EQ(s.stop_reason, StopReason::diverged);
  EXPECT_TRUE(s.model.weights().allFinite());
  EXPECT_TRUE(std::isfinite(s.model.intercept()));
  EXPECT_TRUE(std::isfinite(s.final_loss));
  EXPECT_LT(s.gd.value().largest_stable_learning_rate, 1.0);
  ASSERT_FALSE(s.warnings.empty());
  ASSERT_EQ(s.warnings.back().code, WarningCode::diverged);
  const std::string& message = s.warnings.back().text;
  EXPECT_NE(message.find(fmt::format("{:.6g}", s.gd.value().largest_stable_learning_rate)),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(fmt::format("{:.6g}", s.gd.value().largest_stable_learning_rate / 2)),
            std::string::npos)
      << message;
}

TEST(GradientDescent, JustAboveTheLimitAlsoDiverges) {
  const Dataset d = testing::random_problem(200, 3, 1.0, 4);
  const MseObjective f(d.X, d.y);
  GradientDescentOptions options;
  options.learning_rate = 2.2 / f.lipschitz_constant();
  options.max_iterations = 5000;
  const auto r = minimize(f, Vector::Zero(4), options);
  EXPECT_EQ(r.stop_reason, StopReason::diverged);
  EXPECT_TRUE(r.parameters.allFinite());
  EXPECT_LE(r.final_loss, r.loss_history.front());
}

// A target whose squares overflow is fitted in power-of-two units (src/model/units.hpp) as if it
// were near 1 (this used to stop at iteration 0 with "too large to square"); one whose mean squared
// error cannot be represented at all is a data error naming it.
TEST(GradientDescent, TargetWhoseSquaresOverflowIsFittedInItsOwnUnits) {
  const Dataset plain = testing::random_problem(20, 2, 1.0, 9);
  Dataset d = plain;
  d.y *= 1e153;  // Σy² near 1e309 overflows; the MSE (about 1e306) does not
  const FitSummary reference = fit(plain);
  const FitSummary s = fit(d);
  EXPECT_EQ(s.stop_reason, reference.stop_reason);
  EXPECT_EQ(s.iterations(), reference.iterations());
  // y·1e160 is rounded once per value: the fits agree to a few ulps times κ (small here).
  EXPECT_LT(testing::max_relative_error(s.model.weights() / 1e153, reference.model.weights()),
            1e-12);
  EXPECT_NEAR(s.model.intercept() / 1e153 / reference.model.intercept(), 1.0, 1e-12);
  EXPECT_NEAR(s.final_loss / 1e153 / 1e153 / reference.final_loss, 1.0, 1e-12);
  d.y = plain.y * (1e307 / plain.y.cwiseAbs().maxCoeff());
  try {
    (void)fit(d);
    ADD_FAILURE() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("the target 'y'"), std::string::npos) << e.what();
  }
}

TEST(GradientDescent, ToleranceZeroRunsEveryIteration) {
  const Dataset d = testing::random_problem(100, 3, 1.0, 5);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.tolerance = 0.0;
  options.gradient_descent.max_iterations = 321;
  const FitSummary s = fit(d, options);
  EXPECT_EQ(s.stop_reason, StopReason::max_iterations);
  EXPECT_EQ(s.iterations(), 321);
  EXPECT_EQ(s.gd.value().loss_history.size(), 321u);
}

TEST(GradientDescent, MaxIterationsWithToleranceWarns) {
  const Dataset d = testing::random_problem(100, 3, 1.0, 6);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.scaling = Scaling::none;
  options.gradient_descent.max_iterations = 10;
  const FitSummary s = fit(d, options);
  EXPECT_EQ(s.stop_reason, StopReason::max_iterations);
  ASSERT_FALSE(s.warnings.empty());
  ASSERT_EQ(s.warnings.back().code, WarningCode::not_converged);
  const std::string& w = s.warnings.back().text;
  // The settings as mentions (linreg/settings.hpp), so a front end finds and renders them.
  for (const std::string& needle :
       {"stopped after 10 iterations short of " + mention(Setting::tolerance, "1e-12"),
        std::string("(relative 2-norm) from the least-squares optimum"),
        std::string("above the optimum's"),
        std::string("condition number of the design it iterates on is"),
        fmt::format("more iterations would reach it ({})", mention(Setting::max_iterations)),
        fmt::format("standardize the features ({}), or use {}",
                    mention(Setting::scaling, "standard"), mention(Setting::solver, "exact"))}) {
    EXPECT_NE(w.find(needle), std::string::npos) << needle << " in: " << w;
  }
  ASSERT_TRUE(s.gd.value().distance_to_optimum.has_value());
  EXPECT_GT(*s.gd.value().distance_to_optimum, 1e-12);
}

TEST(GradientDescent, CallbackSeesEveryIterationAndCanStop) {
  const Dataset d = testing::random_problem(100, 3, 1.0, 7);
  std::vector<double> seen;
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.tolerance = 0.0;
  options.callbacks.push_back([&](const IterationInfo& info) {
    EXPECT_EQ(info.iteration, static_cast<long>(seen.size()));
    EXPECT_NE(info.parameters, nullptr);
    seen.push_back(info.loss);
    return info.iteration == 5 ? CallbackAction::stop : CallbackAction::proceed;
  });
  const FitSummary s = fit(d, options);
  EXPECT_EQ(s.stop_reason, StopReason::stopped_by_callback);
  EXPECT_EQ(s.iterations(), 5);
  EXPECT_EQ(seen, s.gd.value().loss_history);
}

TEST(GradientDescent, DeterministicAcrossRuns) {
  const Dataset d = testing::random_problem(1000, 8, 1.0, 8);
  FitOptions o;
  o.solver = SolverKind::gradient_descent;
  const FitSummary a = fit(d, o), b = fit(d, o);
  ASSERT_TRUE(a.gd && b.gd);
  EXPECT_GT(a.iterations(), 0);
  EXPECT_EQ(a.iterations(), b.iterations());
  EXPECT_EQ(a.model.weights(), b.model.weights());
  EXPECT_EQ(a.gd.value().loss_history, b.gd.value().loss_history);
}

// The same objective behind another type: minimize() cannot see that it is the MSE, so it runs
// the generic loop (a virtual call per pass) instead of the narrow designs' loop with the pass in
// line.
class ForwardingObjective final : public DifferentiableObjective {
 public:
  explicit ForwardingObjective(const DifferentiableObjective& f) : f_(f) {}
  [[nodiscard]] Index n_parameters() const override { return f_.n_parameters(); }
  double loss_and_gradient(const Vector& theta, Vector& gradient) const override {
    return f_.loss_and_gradient(theta, gradient);
  }
  [[nodiscard]] double loss(const Vector& theta) const override { return f_.loss(theta); }
  [[nodiscard]] double lipschitz_constant() const override { return f_.lipschitz_constant(); }

 private:
  const DifferentiableObjective& f_;
};

TEST(GradientDescent, NarrowDesignsLoopEqualsTheGenericLoopBitForBit) {
  for (const Index n : {4, 5, 11, 100, 1003}) {
    for (const Index d : {1, 3, 8}) {
      for (const bool intercept : {true, false}) {
        for (const double lr : {0.05, 3.0}) {  // the second diverges
          SCOPED_TRACE(fmt::format("n = {}, d = {}, intercept {}, lr {}", n, d, intercept, lr));
          const Dataset data = testing::random_problem(n, d, 1.0, 11);
          const MseObjective f(data.X, data.y, intercept);
          const ForwardingObjective generic(f);
          GradientDescentOptions options;
          options.learning_rate = lr;
          options.max_iterations = 200;
          options.tolerance = 0.0;
          std::vector<Vector> seen_narrow, seen_generic;
          const auto record = [](std::vector<Vector>& seen) {
            return std::vector<IterationCallback>{[&seen](const IterationInfo& info) {
              seen.push_back(*info.parameters);
              return CallbackAction::proceed;
            }};
          };
          const Vector start = Vector::Zero(f.n_parameters());
          const auto a = minimize(f, start, options, record(seen_narrow));
          const auto b = minimize(generic, start, options, record(seen_generic));
          const auto c = minimize(f, start, options);
          EXPECT_EQ(a.stop_reason, b.stop_reason);
          EXPECT_EQ(a.iterations, b.iterations);
          EXPECT_EQ(a.parameters, b.parameters);
          EXPECT_EQ(a.final_gradient, b.final_gradient);
          EXPECT_EQ(a.final_loss, b.final_loss);
          EXPECT_EQ(a.loss_history, b.loss_history);
          EXPECT_EQ(seen_narrow, seen_generic);
          EXPECT_EQ(c.parameters, a.parameters);
          EXPECT_EQ(c.loss_history, a.loss_history);
        }
      }
    }
  }
}

TEST(GradientDescentOptions, ValidateNamesTheField) {
  GradientDescentOptions o;
  o.learning_rate = -1.0;
  try {
    o.validate();
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("learning_rate"), std::string::npos);
  }
  o = {};
  o.max_iterations = 0;
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o = {};
  o.tolerance = std::nan("");
  EXPECT_THROW(o.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace linreg
