#pragma once
// The mean squared error on a design whose wide one-hot blocks are kept as level codes, for
// gradient descent: f(θ) = mean((X̃·w + b − y)²) with X̃ the design standardized column by column,
// (x − μ)/s, or as given. A standardized indicator column is (1[level = j] − μ_j)/s_j, so
//   X̃·w = (dense columns)·w + w_level/s_level − Σ_j w_j·μ_j/s_j,
//   ∂f/∂w_j = (2/n)·(Σ_{rows at level j} r − μ_j·Σr)/s_j
// and a pass costs O(n) per block instead of O(n·levels): Cars24's 2,9xx car models no longer
// make each iteration read a 15,856 × 3,034 matrix. θ is laid out as for MseObjective on the
// standardized dense design, so results are interchangeable.
#include <cstdint>
#include <span>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/objective.hpp"

namespace linreg {

// Whether gradient descent with these options runs on level codes: the fused-kernel gradient
// (manual, float64) on a design with a one-hot block of at least kWideOneHot columns.
[[nodiscard]] bool uses_level_codes(const GradientDescentOptions& options,
                                    std::span<const OneHotColumns> blocks);

class OneHotMseObjective final : public DifferentiableObjective {
 public:
  // X: the raw design with its indicator columns; blocks: the one-hot blocks to keep as codes
  // (in order, not overlapping); mean, scale: the standardization of every column of X (empty:
  // none). Copies what it needs. std::invalid_argument for shapes that disagree or a block that
  // is not one-hot.
  OneHotMseObjective(MatrixRef X, VectorRef y, bool fit_intercept,
                     std::span<const OneHotColumns> blocks, const Vector& mean = {},
                     const Vector& scale = {});

  [[nodiscard]] Index n_parameters() const override { return d_ + (fit_intercept_ ? 1 : 0); }
  double loss_and_gradient(const Vector& theta, Vector& gradient) const override;
  [[nodiscard]] double loss(const Vector& theta) const override;
  // 2·λ_max(X̃ᵀX̃/n) (with the intercept's column), by power iteration through the same passes.
  [[nodiscard]] double lipschitz_constant() const override;

 private:
  struct Block {
    Index first = 0;
    std::vector<std::int32_t> level;  // per row: 0 reference, k + 1 for the block's column k
    Vector mean, scale;               // of the block's columns
  };
  // out = X̃·w + b (no y).
  void forward(const double* w, double b, Vector& out) const;
  // gradient_w = X̃ᵀu (size d), *sum_u = Σu.
  void backward(const Vector& u, double* gradient_w, double* sum_u) const;

  Index d_ = 0;
  bool fit_intercept_ = true;
  Vector y_;
  Matrix dense_;  // the other columns, standardized
  std::vector<Index> dense_columns_;
  std::vector<Block> blocks_;
  mutable Vector buffer_;  // n: residuals or products
};

}  // namespace linreg
