// Times the demo's scaled fit in-process: 100 synthetic houses, standardized, 1000 iterations of
// batch gradient descent at lr 0.1 (tolerance 0: every iteration runs, as in the tutorial).
// The whole fit() call is timed: standardization, Lipschitz estimate, the loop, conversion.
// Prints one JSON line: {"median_s": ..., "min_s": ..., "repeats": ..., "final_loss": ...}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "linreg/fit.hpp"
#include "linreg/synthetic.hpp"

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 200;
  const linreg::Dataset houses = linreg::make_houses(100, 42);
  linreg::FitOptions options;
  options.solver = linreg::SolverKind::gradient_descent;
  options.gradient_descent.learning_rate = 0.1;
  options.gradient_descent.max_iterations = 1000;
  options.gradient_descent.tolerance = 0.0;

  std::vector<double> seconds;
  double final_loss = 0.0;
  for (int r = 0; r < repeats + 5; ++r) {  // 5 warm-up runs
    const auto start = std::chrono::steady_clock::now();
    const linreg::FitSummary s = linreg::fit(houses, options);
    const auto stop = std::chrono::steady_clock::now();
    final_loss = s.final_loss;
    if (s.iterations() != 1000) return 1;
    if (r >= 5) seconds.push_back(std::chrono::duration<double>(stop - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf("{\"median_s\": %.9g, \"min_s\": %.9g, \"repeats\": %d, \"final_loss\": %.17g}\n",
              seconds[seconds.size() / 2], seconds.front(), repeats, final_loss);
  return 0;
}
