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

#include "linreg/fit.hpp"
#include "linreg/synthetic.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_exact_inmemory ROWS COLS REPEATS [RAW_OUT]\n");
    return 2;
  }
  const long rows = std::atol(argv[1]), cols = std::atol(argv[2]);
  const int repeats = std::atoi(argv[3]);
  const linreg::Dataset data = linreg::make_linear(rows, cols, 1, 1.0);
  if (argc > 4) {
    std::ofstream out(argv[4], std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.X.data()), static_cast<std::streamsize>(data.X.size() * 8));
    out.write(reinterpret_cast<const char*>(data.y.data()), static_cast<std::streamsize>(data.y.size() * 8));
    if (!out) return 1;
  }
  linreg::FitOptions options;
  options.solver = linreg::SolverKind::exact;
  std::vector<double> seconds;
  linreg::FitSummary summary;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    summary = linreg::fit(data, options);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf("{\"median_s\": %.6g, \"intercept\": %.17g, \"coefficients\": [", seconds[seconds.size() / 2],
              summary.model.intercept());
  for (linreg::Index j = 0; j < summary.model.weights().size(); ++j) {
    std::printf("%s%.17g", j ? ", " : "", summary.model.weights()[j]);
  }
  std::printf("]}\n");
  return 0;
}
