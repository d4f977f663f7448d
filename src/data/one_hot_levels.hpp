#pragma once
// Level codes of a one-hot block (private to the library).
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "linreg/dataset.hpp"

namespace linreg::detail {

// Level of each row: 0 for the reference (no indicator set), k + 1 for the block's column k.
// std::invalid_argument unless every value is 0 or 1 with at most one 1 per row.
inline std::vector<std::int32_t> levels_of_rows(MatrixRef X, OneHotColumns block) {
  std::vector<std::int32_t> level(static_cast<std::size_t>(X.rows()), 0);
  for (Index k = 0; k < block.count; ++k) {
    const auto column = X.col(block.first + k);
    for (Index i = 0; i < X.rows(); ++i) {
      const double v = column[i];
      if (v == 0.0) continue;
      auto& l = level[static_cast<std::size_t>(i)];
      if (v != 1.0 || l != 0) {
        throw std::invalid_argument(
            fmt::format("design columns {}..{} are declared one-hot, but row {} {}",
                        block.first + 1, block.first + block.count, i + 1,
                        v != 1.0 ? fmt::format("holds {} in column {}", v, block.first + k + 1)
                                 : std::string("has two 1s")));
      }
      l = static_cast<std::int32_t>(k + 1);
    }
  }
  return level;
}

}  // namespace linreg::detail
