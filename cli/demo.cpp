// `linreg demo`: the tutorial, section by section, on synthetic houses.
#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "chart_files.hpp"
#include "commands.hpp"
#include "format.hpp"
#include "linreg/axis_ticks.hpp"
#include "linreg/fit.hpp"
#include "linreg/lipschitz.hpp"
#include "linreg/metrics.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/synthetic.hpp"
#include "linreg/torch_backend.hpp"
#include "setting_flags.hpp"

namespace linreg::cli {
namespace {

constexpr Index kHouses = 100;
constexpr long kIterations = 1000;
constexpr long kPrintEvery = 200;
constexpr double kRawLearningRate = 1e-9;  // the chart legend spells both out
constexpr double kScaledLearningRate = 0.1;

void heading(std::ostream& out, int number, const std::string& title) {
  out << '\n' << number << ". " << title << '\n';
}

std::string row_text(const Matrix& X, Index i, int decimals) {
  std::string s = "[";
  for (Index j = 0; j < X.cols(); ++j) s += (j ? ", " : "") + thousands(X(i, j), decimals);
  return s + "]";
}

Vector truth_weights() { return Eigen::Map<const Vector>(HouseTruth::weights.data(), 3); }

// How the demo computes: gradients by formula or by autograd, in float64 or (the article's
// PyTorch default) float32.
struct Arithmetic {
  GradientSource gradient = GradientSource::manual;
  Precision precision = Precision::f64;
};

// Gradient descent for the demo: fixed learning rate, every iteration run (tolerance 0).
FitSummary run_gd(const Dataset& data, Scaling scaling, double learning_rate,
                  const Arithmetic& arithmetic) {
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.gradient = arithmetic.gradient;
  options.gradient_descent.precision = arithmetic.precision;
  options.scaling = scaling;
  options.gradient_descent.learning_rate = learning_rate;
  options.gradient_descent.max_iterations = kIterations;
  options.gradient_descent.tolerance = 0.0;
  return fit(data, options);
}

void print_loss_trace(std::ostream& out, const FitSummary& s) {
  TextTable trace({"iteration", "loss (MSE)"});
  const std::vector<double>& history = s.gd->loss_history;
  for (std::size_t k = 0; k < history.size(); k += kPrintEvery) {
    trace.add({thousands(static_cast<double>(k)), thousands(history[k])});
  }
  trace.add({thousands(static_cast<double>(s.iterations())) + " (final)", thousands(s.final_loss)});
  trace.print(out, "   ");
}

}  // namespace

void run_demo(const DemoArgs& args, const Streams& io) {
  std::ostream& out = io.out;
  const bool torch_rng = args.rng == "torch";
  // With PyTorch's generator the demo computes as the article does: float32 tensors, the by-hand
  // gradient written with tensor operations.
  const GradientSource source = parse_gradient_source(args.grad);
  const Arithmetic arithmetic{
      torch_rng && source == GradientSource::manual ? GradientSource::tensor_formulas : source,
      torch_rng ? Precision::f32 : Precision::f64};
  if (torch_rng) require_torch("--rng torch");
  if (arithmetic.gradient == GradientSource::autograd) require_torch("--grad autograd");
  const Dataset houses =
      torch_rng ? make_houses_torch(kHouses, args.seed) : make_houses(kHouses, args.seed);
  const auto& names = houses.feature_names;
  const Index n = houses.n_rows();
  const bool autograd = arithmetic.gradient == GradientSource::autograd;

  out << fmt::format("linreg demo: linear regression from first principles (seed {}{}{})\n",
                     args.seed, torch_rng ? ", PyTorch's generator, float32" : "",
                     autograd ? ", autograd gradients" : "");

  heading(out, 1, "The data: synthetic houses");
  if (torch_rng) {
    out << "   torch::manual_seed(" << args.seed
        << "); size = randint(800, 3000), age = randint(1, 50),\n"
        << "   distance_to_city = randint(1, 30), noise = 5,000·randn: the article's order, in "
           "float32\n";
  }
  out << "   price = 100,000 + 300·size − 50·age − 20·distance_to_city + noise, noise ~ N(0, "
         "5,000²)\n";
  out << fmt::format("   X: ({}, {})   y: ({}, 1)\n", n, houses.n_features(), n);
  TextTable first({"row", "size", "age", "distance_to_city", "price"});
  for (Index i = 0; i < 5; ++i) {
    first.add({std::to_string(i), thousands(houses.X(i, 0)), thousands(houses.X(i, 1)),
               thousands(houses.X(i, 2)), thousands(houses.y[i], 2)});
  }
  first.print(out, "   ");

  heading(out, 2, "Forward pass: ŷ = X·W + b, starting from W = 0, b = 0");
  const LinearModel zero(Vector::Zero(3), 0.0);
  const Vector zero_pred = zero.predict(houses.X);
  out << "   first five predictions: " << readable_list(zero_pred.head(5)) << "\n";

  heading(out, 3, "Loss: mean squared error of the zero model");
  const std::unique_ptr<DifferentiableObjective> raw_objective =
      arithmetic.gradient == GradientSource::manual && arithmetic.precision == Precision::f64
          ? std::make_unique<MseObjective>(houses.X, houses.y)
          : make_torch_mse_objective(houses.X, houses.y, true, arithmetic.gradient,
                                     arithmetic.precision);
  Vector gradient;
  const double initial_loss = raw_objective->loss_and_gradient(Vector::Zero(4), gradient);
  out << "   MSE = mean((ŷ − y)²) = " << thousands(initial_loss) << "\n";

  heading(out, 4,
          autograd ? "Gradients at zero, by autograd: loss.backward() fills W.grad and b.grad"
                   : "Gradients at zero, by hand: ∂L/∂W = (2/n)·Xᵀ(ŷ − y), ∂L/∂b = (2/n)·Σ(ŷ − y)");
  out << "   ∂L/∂W = [" << thousands(gradient[0], 3) << ", " << thousands(gradient[1], 3) << ", "
      << thousands(gradient[2], 3) << "]\n";
  out << "   ∂L/∂b = " << thousands(gradient[3], 3) << "\n";

  heading(out, 5,
          fmt::format("Gradient descent on the raw features: lr = {:g}, {} iterations",
                      kRawLearningRate, kIterations));
  const FitSummary raw = run_gd(houses, Scaling::none, kRawLearningRate, arithmetic);
  print_loss_trace(out, raw);
  TextTable stuck({"weight", "learned", "true"});
  for (Index j = 0; j < 3; ++j) {
    stuck.add({names[static_cast<std::size_t>(j)], readable(raw.model.weights()[j], 4),
               thousands(truth_weights()[j])});
  }
  stuck.add({"intercept b", readable(raw.model.intercept(), 4), thousands(HouseTruth::intercept)});
  stuck.print(out, "   ");
  out << "   Size is ~100x larger than age and distance, so its gradient dominates: a step small\n"
         "   enough for size barely moves age, distance and b. Size absorbs the intercept's\n"
         "   job; age and distance are stuck far from -50 and -20.\n";
  for (const auto& w : raw.warnings) out << "   linreg warns: " << render_for_cli(w.text) << "\n";

  heading(out, 6, "Standardization: z = (x − μ)/σ (σ: sample standard deviation, n − 1)");
  const FitSummary scaled = run_gd(houses, Scaling::standard, kScaledLearningRate, arithmetic);
  const StandardScaler& scaler = *scaled.scaler;
  out << "   μ = " << readable_list(scaler.mean()) << "\n";
  out << "   σ = " << readable_list(scaler.std_dev()) << "\n";
  const Matrix z = scaler.transform(houses.X.topRows(1));
  out << "   first row " << row_text(houses.X, 0, 0) << " becomes "
      << readable_list(z.row(0).transpose(), 4) << "\n";

  heading(out, 7,
          fmt::format("Gradient descent on standardized features: lr = {:g}, {} iterations",
                      kScaledLearningRate, kIterations));
  print_loss_trace(out, scaled);

  heading(out, 8, "Weights back in original units (w = w'/σ, b = b' − Σ w'·μ/σ)");
  out << "   standardized: w' = " << readable_list(scaled.design_model.weights())
      << ", b' = " << thousands(scaled.design_model.intercept(), 2) << "\n";
  out << "   original:     w  = " << readable_list(scaled.model.weights())
      << ", b  = " << thousands(scaled.model.intercept(), 2) << "\n";
  out << "   (the tutorial converted w but kept b': every prediction would then be off by "
      << thousands(std::abs(scaled.model.intercept() - scaled.design_model.intercept())) << ")\n";

  heading(out, 9, "R² = 1 − SS_res/SS_tot");
  const Vector predictions = scaled.model.predict(houses.X);
  out << fmt::format(
      "   R² = {:.4f}   (RMSE {} on prices around {})\n", r2_score(houses.y, predictions),
      thousands(root_mean_squared_error(houses.y, predictions)), thousands(houses.y.mean()));

  heading(out, 10, "Check against the exact least-squares solution (Householder QR)");
  FitOptions exact_options;
  exact_options.solver = SolverKind::exact;
  const FitSummary exact = fit(houses, exact_options);
  TextTable check({"term", "gradient descent", "exact", "relative difference", "true"});
  const auto add_check = [&](const std::string& term, double gd, double ls, double truth) {
    check.add({term, readable(gd, 7), readable(ls, 7),
               fmt::format("{:.1e}", std::abs(gd - ls) / std::abs(ls)), thousands(truth)});
  };
  for (Index j = 0; j < 3; ++j) {
    add_check(names[static_cast<std::size_t>(j)], scaled.model.weights()[j],
              exact.model.weights()[j], truth_weights()[j]);
  }
  add_check("intercept", scaled.model.intercept(), exact.model.intercept(), HouseTruth::intercept);
  check.print(out, "   ");
  out << "   The estimates differ from the truth because of the noise; gradient descent and the\n"
         "   exact solution agree with each other.\n";

  heading(out, 11, "What the automatic learning rate (--lr auto) picks: 1/L, L = 2·λ_max(X̃ᵀX̃)/n");
  const double raw_lambda = largest_eigenvalue_of_mean_gram(houses.X);
  const double scaled_lambda = largest_eigenvalue_of_mean_gram(scaler.transform(houses.X));
  out << fmt::format("   raw features:          1/L = {:.3g}   (unstable above 2/L = {:.3g})\n",
                     1.0 / (2.0 * raw_lambda), 1.0 / raw_lambda);
  out << fmt::format("   standardized features: 1/L = {:.3g}   (unstable above 2/L = {:.3g})\n",
                     1.0 / (2.0 * scaled_lambda), 1.0 / scaled_lambda);
  FitOptions auto_options;
  auto_options.solver = SolverKind::gradient_descent;
  const FitSummary automatic = fit(houses, auto_options);
  out << fmt::format(
      "   `linreg fit --solver gd` defaults (standardized, auto rate, tolerance {:g}): {} after {} "
      "iterations, R² = {:.4f}\n",
      auto_options.gradient_descent.tolerance, to_string(automatic.stop_reason),
      automatic.iterations(), r2_score(houses.y, automatic.model.predict(houses.X)));

  heading(out, 12, "Gotcha: a learning rate that is too large");
  const FitSummary too_fast = run_gd(houses, Scaling::none, 1e-6, arithmetic);
  out << fmt::format("   lr = 1e-6 on the raw features: {} after {} iteration{}\n",
                     to_string(too_fast.stop_reason), too_fast.iterations(),
                     too_fast.iterations() == 1 ? "" : "s");
  for (const auto& w : too_fast.warnings) {
    if (w.code == WarningCode::diverged)
      out << "   linreg says: " << render_for_cli(w.text) << "\n";
  }

  if (!args.plots_dir.empty()) {
    FitCharts charts = make_fit_charts(scaled, houses.y, predictions, houses.target_name, "");
    Chart scaling = loss_comparison_chart(
        {{"raw features, lr = 1e-9", &raw}, {"standardized, lr = 0.1", &scaled}},
        "Why scaling matters: loss with and without standardization");
    scaling.subtitle = fmt::format(
        "{} houses, {} iterations each: the raw run stalls at {}, the standardized one "
        "reaches {}",
        n, thousands(static_cast<double>(kIterations)), compact_number(raw.final_loss),
        compact_number(scaled.final_loss));
    charts.named.emplace_back("scaling", std::move(scaling));
    out << '\n' << files_line("charts", save_charts(charts, args.plots_dir)) << '\n';
  }
}

}  // namespace linreg::cli
