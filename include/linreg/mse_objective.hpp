#pragma once
// Mean squared error of a linear model, f(θ) = mean((X·w + b − y)²), θ = [w; b]; without an
// intercept θ = w and b = 0.
#include <optional>

#include "linreg/fit_options.hpp"
#include "linreg/objective.hpp"

namespace linreg {

class MseObjective final : public DifferentiableObjective {
 public:
  // Keeps references: X and y must outlive the objective. Needs at least one row. With
  // Precision::f32 the passes run on float32 copies of X and y (half the bytes to read; each
  // 256-row block summed in float32, the blocks in double); θ, the gradient and the loss stay
  // double.
  MseObjective(MatrixRef X, VectorRef y, bool fit_intercept = true,
               Precision precision = Precision::f64);

  [[nodiscard]] Index n_parameters() const override { return X_.cols() + (fit_intercept_ ? 1 : 0); }

  // ∂f/∂w = (2/n)·Xᵀr, ∂f/∂b = (2/n)·Σr with r = X·w + b − y, computed in one pass over the
  // rows: residuals of a block of rows are formed and folded into the gradient while the block
  // is still in cache, so no temporary of size n·d (or n) is ever made.
  double loss_and_gradient(const Vector& theta, Vector& gradient) const override;
  [[nodiscard]] double loss(const Vector& theta) const override;

  // 2·λ_max(X̃ᵀX̃)/n with X̃ = [X 1] (X without intercept), λ_max by power iteration.
  [[nodiscard]] double lipschitz_constant() const override;

  // The float64 data the passes read (column-major X: x(i, j) = x[j·stride + i]); none with
  // Precision::f32. For gradient descent, whose loop runs narrow designs' passes in line.
  struct Design {
    const double* x;
    Index stride;
    Index rows;
    Index cols;
    const double* y;
    bool intercept;
  };
  [[nodiscard]] std::optional<Design> float64_design() const;

 private:
  [[nodiscard]] double pass(const Vector& theta, double* gradient, double scale) const;

  MatrixRef X_;
  VectorRef y_;
  bool fit_intercept_;
  bool float32_ = false;
  MatrixF X32_;  // float32 copies, Precision::f32 only
  VectorF y32_;
};

}  // namespace linreg
