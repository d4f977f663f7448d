#pragma once
// The fused pass behind the MSE objective (private to the library).
#include "linreg/types.hpp"

namespace linreg::detail {

// One pass over the rows of X in cache-sized blocks: r = X·w + b − y (y may be null: y = 0),
// returns Σr²; when gradient_w is non-null also accumulates Σ_i r_i·x_i into gradient_w (size
// d, zeroed by the callee) and Σr into *gradient_b. Deterministic: a fixed summation order.
double fused_residual_pass(MatrixRef X, const double* y, const double* w, double b,
                           double* gradient_w, double* gradient_b);

}  // namespace linreg::detail
