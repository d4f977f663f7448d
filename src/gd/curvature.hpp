#pragma once
// The curvature of a least-squares objective (private to the library): the eigen-decomposition of
// its Hessian H = ∇²f, which for f = mean(r²) is constant. Gradient descent's stop rule needs its
// smallest eigenvalue μ; the distance from an iterate θ to the minimizer is then known exactly:
// θ − θ* = H⁺·∇f(θ) (the pseudo-inverse: on a singular H, from a start in H's range, gradient
// descent never leaves it and converges to the minimizer of least norm).
#include "linreg/objective.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

class Curvature {
 public:
  explicit Curvature(const Matrix& hessian);

  // μ: the smallest eigenvalue above the rounding floor (0 when there is none).
  [[nodiscard]] double smallest() const { return smallest_; }
  [[nodiscard]] double largest() const { return largest_; }
  // Eigenvalues at or below the floor: directions along which f is flat, so the minimizer is not
  // unique (aliased columns, or fewer rows than parameters).
  [[nodiscard]] Index flat_directions() const { return flat_; }
  // H⁺·g over the eigenvalues above the floor.
  [[nodiscard]] Vector pseudo_solve(const Vector& gradient) const;

 private:
  Matrix vectors_;
  Vector values_;
  double floor_ = 0.0;
  double smallest_ = 0.0;
  double largest_ = 0.0;
  Index flat_ = 0;
};

// H = (2/n)·X̃ᵀX̃ of the mean squared error on the rows of X, X̃ = [X 1] with an intercept (the
// intercept's parameter last, as MseObjective orders θ).
Matrix mse_hessian(MatrixRef X, bool fit_intercept);

// H of any quadratic objective, column by column from gradient differences:
// Hⱼ = (∇f(t·eⱼ) − ∇f(0))/t, with t a power of two large enough that ∇f(0) does not swamp the
// difference.
Matrix hessian_from_gradients(const DifferentiableObjective& objective);

}  // namespace linreg::detail
