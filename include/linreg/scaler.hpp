#pragma once
// Feature standardization z = (x − μ)/σ, and the way back to original units.
#include "linreg/dataset.hpp"
#include "linreg/linear_model.hpp"
#include "linreg/types.hpp"

namespace linreg {

class StandardScaler {
 public:
  StandardScaler() = default;
  // mean: μ per column; std_dev: sample standard deviation (n−1 denominator, as torch.std).
  StandardScaler(Vector mean, Vector std_dev);

  // Learns μ and σ from the columns of X. A column that holds one value throughout (its smallest
  // and largest values are equal: the one definition of a constant column) gets that value as μ
  // and σ = 0 exactly, whatever the rounding of its moments; so does every column of a single
  // row. Large X is read once, on all cores, with the same result for any thread count; a
  // row-major X a tile of rows at a time (the tiles' moments merged in order, so its last bits can
  // differ from the column-major X's).
  static StandardScaler fit(const DesignRef& X);

  // (x − μ)/s, where s = σ except for constant columns (see is_constant), for which s = 1: such a
  // column becomes all zeros instead of NaN, gets zero gradient, and its weight stays 0 — the
  // intercept absorbs its value.
  [[nodiscard]] Matrix transform(MatrixRef X) const;

  // The model on original features equivalent to `scaled` on standardized ones:
  //   w_j = w'_j / s_j,  b = b' − Σ_j w'_j·μ_j / s_j   (the intercept must be converted too).
  [[nodiscard]] LinearModel to_original_units(const LinearModel& scaled) const;

  // A column is constant when σ = 0 (fit() gives a column of one value σ = 0 exactly).
  [[nodiscard]] bool is_constant(Index column) const;

  [[nodiscard]] const Vector& mean() const { return mean_; }
  [[nodiscard]] const Vector& std_dev() const { return std_dev_; }
  // The divisor actually used: σ, or 1 for constant columns.
  [[nodiscard]] const Vector& scale() const { return scale_; }
  [[nodiscard]] Index n_features() const { return mean_.size(); }
  // Each column's root mean square √(μ² + σ²·(n−1)/n), for the `rows` it was learned from.
  [[nodiscard]] Vector rms(Index rows) const;

 private:
  Vector mean_;
  Vector std_dev_;
  Vector scale_;
};

}  // namespace linreg
