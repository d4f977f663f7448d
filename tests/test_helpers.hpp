#pragma once
// Shared fixtures: seeded random designs with known coefficients.
#include <cstdint>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/random.hpp"

namespace linreg::testing {

// n × d design with columns of different offsets and scales (column j: mean j·10, sd j+1), and
// y = X·w + b + noise_sd·N(0,1) with w_j = j − 1.5, b = 3.
inline Dataset random_problem(Index n, Index d, double noise_sd, std::uint64_t seed) {
  Rng rng(seed);
  Matrix X(n, d);
  for (Index j = 0; j < d; ++j) {
    for (Index i = 0; i < n; ++i)
      X(i, j) = 10.0 * static_cast<double>(j) + static_cast<double>(j + 1) * rng.normal();
  }
  Vector w(d);
  for (Index j = 0; j < d; ++j) w[j] = static_cast<double>(j) - 1.5;
  Vector y = X * w;
  for (Index i = 0; i < n; ++i) y[i] += 3.0 + noise_sd * rng.normal();
  return Dataset::from_matrix(std::move(X), std::move(y));
}

// Options for the exact solver, with or without an intercept.
inline FitOptions exact_options(bool intercept = true) {
  FitOptions o;
  o.solver = SolverKind::exact;
  o.fit_intercept = intercept;
  return o;
}

inline Vector true_weights(Index d) {
  Vector w(d);
  for (Index j = 0; j < d; ++j) w[j] = static_cast<double>(j) - 1.5;
  return w;
}

inline constexpr double kTrueIntercept = 3.0;

// Gives row i of d the integer weight 1 + i mod 3; returns those counts (for repeated_rows).
inline std::vector<Index> weigh_by_counts(Dataset& d) {
  d.weights.resize(d.n_rows());
  std::vector<Index> counts;
  for (Index i = 0; i < d.n_rows(); ++i) {
    counts.push_back(1 + i % 3);
    d.weights[i] = static_cast<double>(counts.back());
  }
  return counts;
}

// d with row i repeated counts[i] times (no weights): what integer weights stand for.
inline Dataset repeated_rows(const Dataset& d, const std::vector<Index>& counts) {
  std::vector<Index> rows;
  for (Index i = 0; i < d.n_rows(); ++i) {
    for (Index c = 0; c < counts[static_cast<std::size_t>(i)]; ++c) rows.push_back(i);
  }
  Dataset out = d;
  out.X = d.X(rows, Eigen::all);
  out.y = d.y(rows);
  out.weights.resize(0);
  return out;
}

// max_j |a_j − b_j| / max(|b_j|, floor): relative error that tolerates zero reference entries.
inline double max_relative_error(const Vector& a, const Vector& b, double floor = 1e-300) {
  double worst = 0.0;
  for (Index j = 0; j < a.size(); ++j) {
    worst = std::max(worst, std::abs(a[j] - b[j]) / std::max(std::abs(b[j]), floor));
  }
  return worst;
}

}  // namespace linreg::testing
