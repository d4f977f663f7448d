#pragma once
// The fused pass behind the MSE objective (private to the library).
#include "linreg/types.hpp"

namespace linreg::detail {

// One pass over the rows of X: r = X·w + b − y (y may be null: y = 0); returns Σr². When
// gradient_w is non-null it receives scale·Σ_i r_i·x_i (size d), and *gradient_b (if non-null)
// scale·Σr. Deterministic: a fixed summation order for a given shape.
double fused_residual_pass(MatrixRef X, const double* y, const double* w, double b,
                           double* gradient_w, double* gradient_b, double scale = 1.0);

}  // namespace linreg::detail
