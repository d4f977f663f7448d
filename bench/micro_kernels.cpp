// Google Benchmark micro-benchmarks of the inner kernels, on seeded data:
//   build/bench/bench_micro_kernels [--benchmark_filter=...]
// Bytes per second are of X (and y) read per call.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "direct/gram_triangle.hpp"
#include "direct/refinement.hpp"
#include "linreg/fit.hpp"
#include "linreg/lipschitz.hpp"
#include "linreg/mse_objective.hpp"
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
  options.solver = linreg::SolverKind::gradient_descent;
  options.gradient_descent.learning_rate = 0.1;
  options.gradient_descent.tolerance = 0.0;
  for (auto _ : state) benchmark::DoNotOptimize(linreg::fit(houses, options).final_loss);
}
BENCHMARK(BM_TutorialFit)->Unit(benchmark::kMicrosecond);

// The exact solver on a tall design: past 65,536 rows the Gram start, below the Householder QR;
// then the refinement.
void BM_ExactFit(benchmark::State& state) {
  const auto rows = static_cast<linreg::Index>(state.range(0));
  const auto cols = static_cast<linreg::Index>(state.range(1));
  const linreg::Dataset data = linreg::make_linear(rows, cols, 3, 1.0);
  linreg::FitOptions options;
  options.solver = linreg::SolverKind::exact;
  for (auto _ : state) benchmark::DoNotOptimize(linreg::fit(data, options).final_loss);
}
BENCHMARK(BM_ExactFit)->Args({10000, 20})->Args({100000, 50})->Unit(benchmark::kMillisecond);

// The exact solver's two passes over the rows (private kernels): the centered Gram matrix and its
// Cholesky factor, and one double-double residual pass (r = y − b − X·w, then Xᵀr and Σr).
// A seeded rows × cols design (the benchmark's two arguments) for the private kernels, which
// take a view of it.
struct KernelDesign {
  linreg::Dataset data;
  [[nodiscard]] linreg::DatasetView view() const { return data.view(); }
  [[nodiscard]] linreg::Index cols() const { return data.X.cols(); }
  [[nodiscard]] std::int64_t bytes() const { return data.X.rows() * (data.X.cols() + 1) * 8; }
};

KernelDesign kernel_design(const benchmark::State& state) {
  return {linreg::make_linear(static_cast<linreg::Index>(state.range(0)),
                              static_cast<linreg::Index>(state.range(1)), 4, 1.0)};
}

void BM_GramTriangle(benchmark::State& state) {
  const KernelDesign design = kernel_design(state);
  const linreg::Vector mean = design.data.X.colwise().mean().transpose();
  for (auto _ : state)
    benchmark::DoNotOptimize(linreg::detail::gram_triangle(design.view(), mean, true));
  state.SetBytesProcessed(state.iterations() * design.bytes());
}
BENCHMARK(BM_GramTriangle)->Args({100000, 50})->Args({2000000, 50})->Unit(benchmark::kMillisecond);

void BM_ResidualProducts(benchmark::State& state) {
  const KernelDesign design = kernel_design(state);
  const linreg::Index cols = design.cols();
  const auto products = linreg::detail::residual_products_from_rows(
      design.view(), Eigen::VectorXi::LinSpaced(cols, 0, static_cast<int>(cols) - 1));
  const std::vector<linreg::DoubleDouble> w(static_cast<std::size_t>(cols),
                                            linreg::DoubleDouble(0.5, 1e-17));
  std::vector<linreg::DoubleDouble> xtr;
  linreg::DoubleDouble sum_r;
  for (auto _ : state) {
    products(w, linreg::DoubleDouble(1.0), xtr, sum_r);
    benchmark::DoNotOptimize(xtr.data());
  }
  state.SetBytesProcessed(state.iterations() * design.bytes());
}
BENCHMARK(BM_ResidualProducts)
    ->Args({100000, 50})
    ->Args({2000000, 50})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
