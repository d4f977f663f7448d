#pragma once
// The checks every fit makes of its data before a solver sees it (private to the library).
#include <span>
#include <string>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/types.hpp"
#include "linreg/warning.hpp"

namespace linreg::detail {

// What one pass over X and y learns besides their finiteness.
struct Magnitudes {
  Vector columns;  // the largest |x| of each column of X
  double target = 0.0;
  // Whether each column holds one value throughout: its smallest and largest values are equal.
  // This is the one definition of a constant column (the scaler, the streamed fit and the
  // warnings all use it), exact for any number of rows.
  std::vector<bool> constant;
  // Each column's mean: its sum over each fixed row group, the groups' sums added in order, over
  // the rows (a constant column's value itself). Off by at most (rows per group + groups)·ε of
  // the column's RMS.
  Vector mean;
};

// DataError naming the first value of X or y that is not finite ("row {first_row + i + 1}, column
// 'name': value inf is not finite (NaN or infinity)"); else their magnitudes, constant columns and
// means, found in the same pass (over fixed row groups on all cores).
Magnitudes require_finite(const DesignRef& X, VectorRef y,
                          std::span<const std::string> feature_names,
                          const std::string& target_name, Index first_row = 0);

// The warning for a feature that holds one value throughout; `scaled`: gradient descent
// standardizes it (its scale is taken as 1).
Warning constant_feature_warning(const std::string& name, double value, bool scaled);

}  // namespace linreg::detail
