// The lasso path on Friedman, Hastie and Tibshirani's (2010) design: X_ij = b·Z_i + W_ij with
// b = √(ρ/(1 − ρ)) (pairwise correlation ρ), β_j = (−1)^j·exp(−(2j − 1)/20), y = Xβ + noise at a
// signal-to-noise ratio of 3. penalized_path() with the default grid (100 λ, standardized
// features), timed from the data in memory to the last weights.
//   bench_lasso_path ROWS COLS RHO REPEATS OUT_DIR
// Writes OUT_DIR/X.f64 (column-major float64), OUT_DIR/y.f64 and OUT_DIR/lambdas.txt (the grid,
// for the peers), and prints one JSON line: {"median_s", "lambdas", "coefficients" (at the last
// λ), "intercept", "kkt" (linreg's own measure at the last λ), "sweeps"}.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "linreg/penalized.hpp"
#include "linreg/random.hpp"

namespace {

linreg::Dataset fht_design(linreg::Index n, linreg::Index p, double rho) {
  linreg::Rng rng(20100101);
  const double b = std::sqrt(rho / (1.0 - rho));
  linreg::Dataset d =
      linreg::Dataset::from_matrix(linreg::Matrix::Zero(n, p), linreg::Vector::Zero(n));
  for (linreg::Index i = 0; i < n; ++i) {
    const double z = rng.normal();
    for (linreg::Index j = 0; j < p; ++j) d.X(i, j) = b * z + rng.normal();
  }
  linreg::Vector beta(p);
  for (linreg::Index j = 0; j < p; ++j)
    beta[j] =
        (j % 2 == 0 ? -1.0 : 1.0) * std::exp(-(2.0 * static_cast<double>(j + 1) - 1.0) / 20.0);
  const linreg::Vector signal = d.X * beta;
  const double sd = std::sqrt((signal.array() - signal.mean()).square().mean());
  for (linreg::Index i = 0; i < n; ++i) d.y[i] = signal[i] + sd / 3.0 * rng.normal();
  return d;
}

void write_raw(const std::string& path, const double* values, std::size_t count) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values),
            static_cast<std::streamsize>(count * sizeof(double)));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: bench_lasso_path ROWS COLS RHO REPEATS OUT_DIR\n");
    return 2;
  }
  const linreg::Index n = std::atol(argv[1]), p = std::atol(argv[2]);
  const double rho = std::atof(argv[3]);
  const int repeats = std::atoi(argv[4]);
  const std::string dir = argv[5];
  const linreg::Dataset data = fht_design(n, p, rho);
  write_raw(dir + "/X.f64", data.X.data(), static_cast<std::size_t>(data.X.size()));
  write_raw(dir + "/y.f64", data.y.data(), static_cast<std::size_t>(data.y.size()));

  linreg::FitOptions options;
  options.solver = linreg::SolverKind::penalized;
  options.penalized.penalty = linreg::Penalty::lasso;
  std::vector<double> seconds;
  linreg::PenalizedPath path;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    path = linreg::penalized_path(data, options);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::ofstream grid(dir + "/lambdas.txt");
  grid.precision(17);
  for (linreg::Index k = 0; k < path.lambdas.size(); ++k) grid << path.lambdas[k] << "\n";
  const linreg::Index last = path.lambdas.size() - 1;
  long sweeps = 0;
  for (const long s : path.sweeps) sweeps += s;
  std::printf(
      "{\"median_s\": %.6g, \"intercept\": %.17g, \"kkt\": %.3g, \"sweeps\": %ld, "
      "\"coefficients\": [",
      seconds[seconds.size() / 2], path.intercepts[last], path.kkt_violation.maxCoeff(), sweeps);
  for (linreg::Index j = 0; j < p; ++j)
    std::printf("%s%.17g", j ? ", " : "", path.weights(j, last));
  std::printf("]}\n");
  return 0;
}
