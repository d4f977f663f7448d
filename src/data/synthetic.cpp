#include "linreg/synthetic.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "linreg/random.hpp"

namespace linreg {

Dataset make_houses(Index rows, std::uint64_t seed) {
  if (rows < 0) throw std::invalid_argument("make_houses: rows must be >= 0");
  Rng rng(seed);
  Dataset d;
  d.X.resize(rows, 3);
  d.y.resize(rows);
  for (Index i = 0; i < rows; ++i) {
    d.X(i, 0) = static_cast<double>(rng.uniform_int(800, 3000));
    d.X(i, 1) = static_cast<double>(rng.uniform_int(1, 50));
    d.X(i, 2) = static_cast<double>(rng.uniform_int(1, 30));
    double price = HouseTruth::intercept;
    for (Index j = 0; j < 3; ++j)
      price += HouseTruth::weights[static_cast<std::size_t>(j)] * d.X(i, j);
    d.y[i] = price + HouseTruth::noise_sd * rng.normal();
  }
  d.feature_names = {"size", "age", "distance_to_city"};
  d.target_name = "price";
  return d;
}

Dataset make_linear(Index rows, Index cols, std::uint64_t seed, double noise_sd) {
  if (rows < 0 || cols < 0) throw std::invalid_argument("make_linear: rows and cols must be >= 0");
  if (!(noise_sd >= 0.0)) throw std::invalid_argument("make_linear: noise must be >= 0");
  Rng rng(seed);
  Dataset d;
  d.X.resize(rows, cols);
  d.y.resize(rows);
  for (Index i = 0; i < rows; ++i) {
    double y = linear_truth_intercept;
    for (Index j = 0; j < cols; ++j) {
      const double x = std::round(rng.normal() * 1e8) / 1e8;
      d.X(i, j) = x;
      y += linear_truth_weight(j) * x;
    }
    d.y[i] = y + noise_sd * rng.normal();
  }
  for (Index j = 0; j < cols; ++j) d.feature_names.push_back(fmt::format("x{}", j + 1));
  return d;
}

}  // namespace linreg
