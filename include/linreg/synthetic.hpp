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

}  // namespace linreg
