// The LibTorch backend: autograd gradients against the hand-written ones, whole fits, the
// article's numbers from `demo --rng torch`; and, in a build without LibTorch, the errors that
// say how to get it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "cli/cli_runner.hpp"
#include "linreg/fit.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/torch_backend.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

using cli::testing::run_cli;

#define REQUIRE_TORCH()   \
  if (!torch_available()) \
  GTEST_SKIP() << "built without LibTorch (scripts/build --with-torch builds it)"

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

// max_k |a_k − b_k| / max_k |b_k|: relative to the gradient's size, so a component that is
// nearly zero at θ does not turn rounding into a large relative error.
double normwise_relative(const Vector& a, const Vector& b) {
  return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

TEST(Torch, WithoutLibTorchEveryEntryPointSaysHowToGetIt) {
  if (torch_available()) GTEST_SKIP() << "this build has LibTorch";
  const Dataset data = testing::random_problem(20, 2, 0.1, 1);
  try {
    (void)make_torch_mse_objective(data.X, data.y, true, GradientSource::autograd, Precision::f64);
    FAIL() << "expected FeatureUnavailable";
  } catch (const FeatureUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("scripts/setup --with-torch"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("-DLINREG_WITH_TORCH=ON"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_houses_torch(), FeatureUnavailable);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.gradient = GradientSource::autograd;
  EXPECT_THROW(fit(data, options), FeatureUnavailable);

  const auto r = run_cli({"fit", "-", "--target", "y", "--solver", "gd", "--grad", "autograd"},
                         "x,y\n1,2\n2,4\n3,7\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--grad autograd needs LibTorch"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli({"demo", "--rng", "torch"}).code, 2);
  EXPECT_NE(run_cli({"--version"}).out.find("torch no"), std::string::npos);
}

TEST(Torch, VersionListsTheFeature) {
  REQUIRE_TORCH();
  const auto r = run_cli({"--version"});
  EXPECT_NE(r.out.find("torch yes (LibTorch " + torch_version() + ")"), std::string::npos) << r.out;
}

// Autograd against the fused hand-written kernel at a random θ, with and without intercept.
// float64: both are exact up to rounding in a different order (1e-10 leaves ~10⁵ ε). float32:
// the tensors hold X, y and θ rounded to 24 bits, so agreement is to float32 accuracy (1e-5).
TEST(Torch, AutogradGradientsEqualTheHandWrittenOnes) {
  REQUIRE_TORCH();
  for (const bool intercept : {true, false}) {
    const Dataset data = testing::random_problem(500, 6, 2.0, 7);
    const MseObjective manual(data.X, data.y, intercept);
    Rng rng(3);
    Vector theta(manual.n_parameters());
    for (Index k = 0; k < theta.size(); ++k) theta[k] = 2.0 * rng.normal();
    Vector expected, got;
    const double expected_loss = manual.loss_and_gradient(theta, expected);

    for (const auto source : {GradientSource::autograd, GradientSource::manual}) {
      const auto f64 = make_torch_mse_objective(data.X, data.y, intercept, source, Precision::f64);
      const double loss64 = f64->loss_and_gradient(theta, got);
      EXPECT_LT(relative(loss64, expected_loss), 1e-10);
      EXPECT_LT(normwise_relative(got, expected), 1e-10) << "intercept " << intercept;
      EXPECT_LT(relative(f64->loss(theta), expected_loss), 1e-10);

      const auto f32 = make_torch_mse_objective(data.X, data.y, intercept, source, Precision::f32);
      const double loss32 = f32->loss_and_gradient(theta, got);
      EXPECT_LT(relative(loss32, expected_loss), 1e-5);
      EXPECT_LT(normwise_relative(got, expected), 1e-5) << "intercept " << intercept;
    }
  }
}

// Gradients are taken fresh each call: autograd's accumulation is zeroed, not summed.
TEST(Torch, RepeatedCallsDoNotAccumulateGradients) {
  REQUIRE_TORCH();
  const Dataset data = testing::random_problem(100, 3, 1.0, 2);
  const auto objective =
      make_torch_mse_objective(data.X, data.y, true, GradientSource::autograd, Precision::f64);
  const Vector theta = Vector::Constant(4, 0.5);
  Vector first, second;
  objective->loss_and_gradient(theta, first);
  objective->loss_and_gradient(theta, second);
  EXPECT_EQ(first, second);
}

// A whole gradient-descent fit: same options, same summary, same callbacks, same numbers.
TEST(Torch, AutogradFitEqualsTheManualFit) {
  REQUIRE_TORCH();
  const Dataset data = testing::random_problem(1000, 5, 1.0, 11);
  for (const auto scaling : {Scaling::standard, Scaling::none}) {
    FitOptions options;
    options.solver = SolverKind::gradient_descent;
    options.scaling = scaling;
    options.gradient_descent.max_iterations = 300;  // raw features (1/L) use all of them
    long manual_calls = 0, autograd_calls = 0;
    options.callbacks = {[&](const IterationInfo&) {
      ++manual_calls;
      return CallbackAction::proceed;
    }};
    const FitSummary manual = fit(data, options);
    options.gradient_descent.gradient = GradientSource::autograd;
    options.callbacks = {[&](const IterationInfo&) {
      ++autograd_calls;
      return CallbackAction::proceed;
    }};
    const FitSummary autograd = fit(data, options);

    EXPECT_NE(manual.stop_reason, StopReason::diverged);
    EXPECT_GT(manual.iterations(), scaling == Scaling::none ? 299 : 5);
    EXPECT_EQ(autograd.stop_reason, manual.stop_reason);
    EXPECT_EQ(autograd.iterations(), manual.iterations());
    EXPECT_EQ(autograd_calls, manual_calls);
    EXPECT_EQ(autograd.gd.value().learning_rate, manual.gd.value().learning_rate);
    ASSERT_EQ(autograd.gd.value().loss_history.size(), manual.gd.value().loss_history.size());
    // float64 both ways; rounding differs in order only, and gradient descent is contractive.
    EXPECT_LT(testing::max_relative_error(autograd.model.weights(), manual.model.weights()), 1e-9);
    EXPECT_LT(relative(autograd.model.intercept(), manual.model.intercept()), 1e-9);
    EXPECT_LT(relative(autograd.final_loss, manual.final_loss), 1e-9);
  }
}

TEST(Torch, CallbacksCanStopAnAutogradRun) {
  REQUIRE_TORCH();
  const Dataset data = testing::random_problem(200, 3, 1.0, 4);
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.gradient = GradientSource::autograd;
  options.gradient_descent.tolerance = 0.0;
  options.callbacks = {[](const IterationInfo& info) {
    return info.iteration == 9 ? CallbackAction::stop : CallbackAction::proceed;
  }};
  const FitSummary s = fit(data, options);
  EXPECT_EQ(s.stop_reason, StopReason::stopped_by_callback);
  EXPECT_EQ(s.iterations(), 9);
}

TEST(Torch, CliAutogradFitMatchesManual) {
  REQUIRE_TORCH();
  const auto gen = run_cli({"generate", "house", "--rows", "500", "--seed", "5"});
  ASSERT_EQ(gen.code, 0);
  const auto manual =
      run_cli({"fit", "-", "--target", "price", "--solver", "gd", "--json"}, gen.out);
  const auto autograd = run_cli(
      {"fit", "-", "--target", "price", "--solver", "gd", "--json", "--grad", "autograd"}, gen.out);
  ASSERT_EQ(manual.code, 0) << manual.err;
  ASSERT_EQ(autograd.code, 0) << autograd.err;
  const auto a = nlohmann::json::parse(manual.out), b = nlohmann::json::parse(autograd.out);
  EXPECT_EQ(a["iterations"], b["iterations"]);
  for (const auto& [name, value] : a["coefficients"].items()) {
    EXPECT_LT(relative(b["coefficients"][name].get<double>(), value.get<double>()), 1e-9) << name;
  }
}

// The number after `label` in the demo's output (thousands separators allowed).
double number_after(const std::string& text, const std::string& label) {
  const auto at = text.find(label);
  if (at == std::string::npos) return NAN;
  std::string digits;
  for (std::size_t k = at + label.size(); k < text.size(); ++k) {
    const char c = text[k];
    if ((c >= '0' && c <= '9') || c == '.' || c == '-')
      digits += c;
    else if (c == ',' || (c == ' ' && digits.empty()))
      continue;
    else
      break;
  }
  return digits.empty() ? NAN : std::stod(digits);
}

// The article's figures (float32: within 1e-6 relative, as its own reruns differ).
void expect_article_numbers(const std::string& out) {
  EXPECT_NE(out.find("0     2,742    34                 12"), std::string::npos) << "first row";
  EXPECT_LT(relative(number_after(out, "MSE = mean((ŷ − y)²) = "), 483810443264.0), 1e-6);
  EXPECT_LT(relative(number_after(out, "\n   ∂L/∂W = ["), -2781148416.0), 1e-6);
  EXPECT_LT(relative(number_after(out, "\n   ∂L/∂b = "), -1339185.375), 1e-6);
  std::smatch m;
  // The raw run's loss at iteration 800, and the scaled run's final loss.
  ASSERT_TRUE(std::regex_search(out, m, std::regex("\\n   800 +([0-9,]+)\\n")));
  std::string raw_800 = m[1];
  raw_800.erase(std::remove(raw_800.begin(), raw_800.end(), ','), raw_800.end());
  EXPECT_LT(relative(std::stod(raw_800), 977015040.0), 1e-6) << raw_800;
  const auto scaled_section = out.substr(out.find("7. Gradient descent on standardized"));
  EXPECT_LT(relative(number_after(scaled_section, "1,000 (final)"), 21687478.0), 1e-6);
  // The raw run's final weights ≈ [347, 4.3, 2.8].
  const auto learned = [&](const std::string& row) {
    std::smatch w;
    return std::regex_search(out, w, std::regex("   " + row + " +([-0-9.]+) +[-0-9]+\\n"))
               ? std::stod(w[1])
               : NAN;
  };
  EXPECT_NEAR(learned("size"), 347.0, 0.5);
  EXPECT_NEAR(learned("age"), 4.3, 0.05);
  EXPECT_NEAR(learned("distance_to_city"), 2.8, 0.05);
  // Original units: 300.42, −34.56, 14.04; R² 0.9994.
  ASSERT_TRUE(std::regex_search(
      out, m, std::regex("original: +w  = \\[([-0-9.]+), ([-0-9.]+), ([-0-9.]+)\\]")));
  EXPECT_NEAR(std::stod(m[1]), 300.42, 0.005);
  EXPECT_NEAR(std::stod(m[2]), -34.56, 0.005);
  EXPECT_NEAR(std::stod(m[3]), 14.04, 0.005);
  EXPECT_NE(out.find("R² = 0.9994"), std::string::npos);
}

TEST(Torch, DemoWithTorchRngPrintsTheArticlesNumbers) {
  REQUIRE_TORCH();
  for (const char* grad : {"autograd", "manual"}) {
    const auto r = run_cli({"demo", "--rng", "torch", "--grad", grad});
    ASSERT_EQ(r.code, 0) << r.err;
    SCOPED_TRACE(grad);
    expect_article_numbers(r.out);
  }
}

}  // namespace
}  // namespace linreg
