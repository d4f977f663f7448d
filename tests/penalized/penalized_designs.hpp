#pragma once
// The penalized tests' designs and options.
#include <cmath>
#include <cstdint>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/random.hpp"

namespace linreg::testing_designs {

// FHT 2010's design: X_ij = b·Z_i + W_ij with pairwise correlation ρ, then each column given its
// own scale and offset; β_j = (−1)^j·exp(−(2j − 1)/20); noise for a signal-to-noise ratio of 3.
inline Dataset correlated_design(Index n, Index p, double rho, std::uint64_t seed) {
  Rng rng(seed);
  const double b = std::sqrt(rho / (1.0 - rho));
  Dataset d = Dataset::from_matrix(Matrix::Zero(n, p), Vector::Zero(n));
  Vector scale(p), offset(p), beta(p);
  for (Index j = 0; j < p; ++j) {
    scale[j] = 0.5 + 2.5 * rng.uniform();
    offset[j] = 2.0 * rng.normal();
    beta[j] =
        (j % 2 == 0 ? -1.0 : 1.0) * std::exp(-(2.0 * static_cast<double>(j + 1) - 1.0) / 20.0);
  }
  for (Index i = 0; i < n; ++i) {
    const double z = rng.normal();
    for (Index j = 0; j < p; ++j) d.X(i, j) = (b * z + rng.normal()) * scale[j] + offset[j];
  }
  const Vector signal = d.X * beta;
  const double sd = std::sqrt((signal.array() - signal.mean()).square().mean());
  for (Index i = 0; i < n; ++i) d.y[i] = 4.0 + signal[i] + sd / 3.0 * rng.normal();
  return d;
}

inline FitOptions lasso_options() {
  FitOptions o;
  o.solver = SolverKind::penalized;
  o.penalized.penalty = Penalty::lasso;
  return o;
}

}  // namespace linreg::testing_designs
