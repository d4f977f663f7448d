// Google Benchmark micro-benchmarks of the inner kernels, on seeded data:
//   build/bench/bench_micro_kernels [--benchmark_filter=...]
// Bytes per second are of X (and y) read per call.
#include <benchmark/benchmark.h>

#include "linreg/fit.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/power_iteration.hpp"
#include "linreg/synthetic.hpp"

namespace {

// One fused pass: loss and gradient of the MSE (register kernel for d ≤ 8, blocked beyond;
// chunks on all cores past 65,536 rows).
void BM_LossAndGradient(benchmark::State& state) {
  const auto rows = static_cast<linreg::Index>(state.range(0));
  const auto cols = static_cast<linreg::Index>(state.range(1));
  const linreg::Dataset data = linreg::make_linear(rows, cols, 1, 1.0);
  const linreg::MseObjective objective(data.X, data.y);
  const linreg::Vector theta = linreg::Vector::Constant(cols + 1, 0.01);
  linreg::Vector gradient;
  for (auto _ : state) benchmark::DoNotOptimize(objective.loss_and_gradient(theta, gradient));
  state.SetBytesProcessed(state.iterations() * rows * (cols + 1) * 8);
}
BENCHMARK(BM_LossAndGradient)
    ->Args({100, 3})
    ->Args({10000, 3})
    ->Args({10000, 8})
    ->Args({10000, 20})
    ->Args({1000000, 3})
    ->Args({1000000, 20})
    ->Args({2000000, 50})
    ->Unit(benchmark::kMicrosecond);

// λ_max of XᵀX/n by power iteration: what --lr auto costs.
void BM_LargestEigenvalue(benchmark::State& state) {
  const auto rows = static_cast<linreg::Index>(state.range(0));
  const auto cols = static_cast<linreg::Index>(state.range(1));
  const linreg::Dataset data = linreg::make_linear(rows, cols, 2, 1.0);
  for (auto _ : state) benchmark::DoNotOptimize(linreg::largest_eigenvalue_of_mean_gram(data.X));
}
BENCHMARK(BM_LargestEigenvalue)->Args({100, 3})->Args({100000, 20})->Unit(benchmark::kMicrosecond);

// The whole tutorial fit: standardize, 1/L, 1000 iterations, back to original units.
void BM_TutorialFit(benchmark::State& state) {
  const linreg::Dataset houses = linreg::make_houses(100, 42);
  linreg::FitOptions options;
  options.gradient_descent.learning_rate = 0.1;
  options.gradient_descent.tolerance = 0.0;
  for (auto _ : state) benchmark::DoNotOptimize(linreg::fit(houses, options).final_loss);
}
BENCHMARK(BM_TutorialFit)->Unit(benchmark::kMicrosecond);

// The exact solver (QR + refinement) on a tall design.
void BM_ExactFit(benchmark::State& state) {
  const auto rows = static_cast<linreg::Index>(state.range(0));
  const auto cols = static_cast<linreg::Index>(state.range(1));
  const linreg::Dataset data = linreg::make_linear(rows, cols, 3, 1.0);
  linreg::FitOptions options;
  options.solver = linreg::SolverKind::exact;
  for (auto _ : state) benchmark::DoNotOptimize(linreg::fit(data, options).final_loss);
}
BENCHMARK(BM_ExactFit)->Args({10000, 20})->Args({100000, 50})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
