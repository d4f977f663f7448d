#pragma once
// The tutorial's synthetic houses: price = 100000 + 300·size − 50·age − 20·distance + N(0, 5000²).
#include <array>
#include <cstdint>

#include "linreg/dataset.hpp"

namespace linreg {

struct HouseTruth {
  static constexpr double intercept = 100000.0;
  static constexpr std::array<double, 3> weights = {300.0, -50.0, -20.0};
  static constexpr double noise_sd = 5000.0;
};

// Integer size in [800, 3000), age in [1, 50), distance_to_city in [1, 30) and the noise, drawn
// house by house in that order (so the first k houses do not depend on `rows`); features named
// size, age, distance_to_city and the target price.
Dataset make_houses(Index rows, std::uint64_t seed);

// Benchmark data with known coefficients: features x1..xd ~ N(0, 1) rounded to 8 decimals,
// y = linear_truth_intercept + Σ_j linear_truth_weight(j)·x_j + noise_sd·N(0, 1), row by row.
Dataset make_linear(Index rows, Index cols, std::uint64_t seed, double noise_sd);
inline constexpr double linear_truth_intercept = 1.0;
// w_j = (−1)^j·(j + 1)/2 for j = 0, 1, …: 0.5, −1, 1.5, −2, …
inline double linear_truth_weight(Index j) {
  return (j % 2 == 0 ? 1.0 : -1.0) * static_cast<double>(j + 1) / 2.0;
}

}  // namespace linreg
