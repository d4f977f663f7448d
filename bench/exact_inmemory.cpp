// The exact fit in memory: fit() with SolverKind::exact on a seeded n × d design, timed, and
// the coefficients printed so the peer's can be compared.
//   bench_exact_inmemory ROWS COLS REPEATS [RAW_OUT]
// With RAW_OUT, also writes X (column-major float64) then y as raw doubles for
// bench/exact_sklearn.py. Prints one JSON line: {"median_s", "intercept", "coefficients"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "bench_design.hpp"
#include "linreg/fit.hpp"

int main(int argc, char** argv) {
  const std::optional<BenchDesign> design = bench_design(argc, argv, "bench_exact_inmemory");
  if (!design) return 2;
  const int repeats = design->repeats;
  const linreg::Dataset& data = design->data;
  linreg::FitOptions options;
  options.solver = linreg::SolverKind::exact;
  std::vector<double> seconds;
  linreg::FitSummary summary;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    summary = linreg::fit(data, options);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf("{\"median_s\": %.6g, \"intercept\": %.17g, \"coefficients\": [",
              seconds[seconds.size() / 2], summary.model.intercept());
  for (linreg::Index j = 0; j < summary.model.weights().size(); ++j) {
    std::printf("%s%.17g", j ? ", " : "", summary.model.weights()[j]);
  }
  std::printf("]}\n");
  return 0;
}
