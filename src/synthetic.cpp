#include "linreg/synthetic.hpp"

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
    for (Index j = 0; j < 3; ++j) price += HouseTruth::weights[static_cast<std::size_t>(j)] * d.X(i, j);
    d.y[i] = price + HouseTruth::noise_sd * rng.normal();
  }
  d.feature_names = {"size", "age", "distance_to_city"};
  d.target_name = "price";
  return d;
}

}  // namespace linreg
