// One gradient-descent iteration on a large design, against the machine's memory bandwidth:
// the time of MseObjective::loss_and_gradient (one fused pass over X, all cores) and of a
// read-only pass over the same buffer (the bound: an iteration must read X once).
//   bench_gd_iteration ROWS COLS REPEATS [RAW_OUT]
// With RAW_OUT, also writes X (column-major float64) then y as raw doubles, so the PyTorch
// loop (bench/gd_iteration_torch.py) times the same data.
// Prints one JSON line with the medians: {"rows", "cols", "linreg_s", "read_s", "f32_s" (the
// same pass on float32 copies, --dtype f32), "bytes"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

#include "bench_design.hpp"
#include "linreg/mse_objective.hpp"

namespace {

template <class F>
double median_seconds(int repeats, F&& run) {
  std::vector<double> seconds;
  for (int r = 0; r < repeats + 1; ++r) {  // one warm-up
    const auto start = std::chrono::steady_clock::now();
    run();
    const auto stop = std::chrono::steady_clock::now();
    if (r > 0) seconds.push_back(std::chrono::duration<double>(stop - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

// Σ of every value, split over the cores the way the kernel splits rows: the cheapest pass
// that must read each byte once.
double read_pass(const double* data, std::size_t count) {
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<double> sums(threads, 0.0);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const std::size_t lo = count * t / threads, hi = count * (t + 1) / threads;
      // Four-wide vectors, four independent accumulators: the loop is limited by memory, not
      // by the latency of one chain of additions.
      using Lanes = double __attribute__((vector_size(32)));
      Lanes a{}, b{}, c{}, d{};
      std::size_t i = lo;
      const auto load = [&](std::size_t at) {
        Lanes v;
        __builtin_memcpy(&v, data + at, sizeof v);
        return v;
      };
      for (; i + 16 <= hi; i += 16) {
        a += load(i);
        b += load(i + 4);
        c += load(i + 8);
        d += load(i + 12);
      }
      double s = 0;
      for (; i < hi; ++i) s += data[i];
      const Lanes total = (a + b) + (c + d);
      sums[t] = s + (total[0] + total[1]) + (total[2] + total[3]);
    });
  }
  for (auto& th : pool) th.join();
  double total = 0;
  for (double s : sums) total += s;
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<BenchDesign> design = bench_design(argc, argv, "bench_gd_iteration");
  if (!design) return 2;
  const long rows = design->rows, cols = design->cols;
  const int repeats = design->repeats;
  const linreg::Dataset& data = design->data;
  const linreg::MseObjective objective(data.X, data.y);
  linreg::Vector theta = linreg::Vector::Constant(cols + 1, 0.01), gradient;
  volatile double sink = 0;
  const double linreg_s =
      median_seconds(repeats, [&] { sink = objective.loss_and_gradient(theta, gradient); });
  const double read_s = median_seconds(repeats, [&] {
    sink = read_pass(data.X.data(), static_cast<std::size_t>(data.X.size())) +
           read_pass(data.y.data(), data.y.size());
  });
  double f32_s = 0.0;
  {  // --dtype f32: the same pass on a float32 copy (half the bytes)
    const linreg::MseObjective objective32(data.X, data.y, true, linreg::Precision::f32);
    f32_s = median_seconds(repeats, [&] { sink = objective32.loss_and_gradient(theta, gradient); });
  }
  (void)sink;
  const double bytes = 8.0 * static_cast<double>(rows) * static_cast<double>(cols + 1);
  std::printf(
      "{\"rows\": %ld, \"cols\": %ld, \"linreg_s\": %.6g, \"read_s\": %.6g, \"f32_s\": %.6g, "
      "\"bytes\": %.0f}\n",
      rows, cols, linreg_s, read_s, f32_s, bytes);
  return 0;
}
