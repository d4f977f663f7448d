// The cost of autograd: time per gradient-descent iteration with the hand-written gradient
// (the fused kernel) and with LibTorch autograd (forward, loss.backward(), step under no-grad,
// grads zeroed), in float64 on the same standardized design, same learning rate, every
// iteration run. Also LibTorch's tensors with the formulas written by hand, and float32
// autograd (the article's setting). Built only with LibTorch.
//   bench_grad_paths ROWS COLS ITERATIONS REPEATS
// Prints one JSON line: {"rows":…, "cols":…, "iterations":…, "manual_s":…, "autograd_s":…, …}
// with the median seconds per iteration of each path.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "linreg/gradient_descent.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/scaler.hpp"
#include "linreg/synthetic.hpp"
#include "linreg/torch_backend.hpp"

namespace {

double median_per_iteration(const std::function<linreg::GradientDescentResult()>& run,
                            int repeats) {
  std::vector<double> seconds;
  for (int r = 0; r < repeats + 1; ++r) {  // one warm-up run
    const auto start = std::chrono::steady_clock::now();
    const linreg::GradientDescentResult result = run();
    const auto stop = std::chrono::steady_clock::now();
    if (r > 0)
      seconds.push_back(std::chrono::duration<double>(stop - start).count() /
                        static_cast<double>(result.iterations));
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: bench_grad_paths ROWS COLS ITERATIONS REPEATS\n");
    return 2;
  }
  const long rows = std::atol(argv[1]), cols = std::atol(argv[2]), iterations = std::atol(argv[3]);
  const int repeats = std::atoi(argv[4]);
  // The demo's houses for d = 3, the benchmark generator otherwise; standardized either way.
  const linreg::Dataset data = cols == 3 && rows == 100 ? linreg::make_houses(rows, 42)
                                                        : linreg::make_linear(rows, cols, 1, 1.0);
  const linreg::Matrix X = linreg::StandardScaler::fit(data.X).transform(data.X);
  linreg::GradientDescentOptions options;
  options.learning_rate = 0.1;
  options.max_iterations = iterations;
  options.tolerance = 0.0;
  const auto run_with = [&](const linreg::DifferentiableObjective& objective) {
    return [&] {
      return linreg::minimize(objective, linreg::Vector::Zero(objective.n_parameters()), options);
    };
  };
  const linreg::MseObjective manual(X, data.y);
  const auto autograd = linreg::make_torch_mse_objective(
      X, data.y, true, linreg::GradientSource::autograd, linreg::Precision::f64);
  const auto tensor_formulas = linreg::make_torch_mse_objective(
      X, data.y, true, linreg::GradientSource::manual, linreg::Precision::f64);
  const auto autograd32 = linreg::make_torch_mse_objective(
      X, data.y, true, linreg::GradientSource::autograd, linreg::Precision::f32);
  const double t_manual = median_per_iteration(run_with(manual), repeats);
  const double t_autograd = median_per_iteration(run_with(*autograd), repeats);
  const double t_formulas = median_per_iteration(run_with(*tensor_formulas), repeats);
  const double t_autograd32 = median_per_iteration(run_with(*autograd32), repeats);
  std::printf(
      "{\"rows\": %ld, \"cols\": %ld, \"iterations\": %ld, \"manual_s\": %.6g, \"autograd_s\": "
      "%.6g, "
      "\"torch_formulas_s\": %.6g, \"autograd_f32_s\": %.6g}\n",
      rows, cols, iterations, t_manual, t_autograd, t_formulas, t_autograd32);
  return 0;
}
