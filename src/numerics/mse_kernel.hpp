#pragma once
// The fused pass behind the MSE objective (private to the library).
#include "linreg/types.hpp"
#include "numerics/narrow_pass.hpp"

namespace linreg::detail {

// Rows per chunk of the multi-threaded pass: 64k rows keep a chunk's partial sums accurate and
// give 2M rows 31 chunks to share among the cores. A pass over at most this many rows is one piece.
inline constexpr Index kChunkRows = Index{1} << 16;

// Whether fused_residual_pass on a float64 design of this shape is one fixed_width_pass
// (narrow_pass.hpp), with y: fixed_width_pass<cols, true>.
inline bool is_narrow_pass(Index rows, Index cols) {
  return rows >= kLanes && rows <= kChunkRows && cols >= 1 && cols <= kNarrowColumns;
}

// One pass over the rows of X: r = X·w + b − y (y may be null: y = 0); returns Σr². When
// gradient_w is non-null it receives scale·Σ_i r_i·x_i (size d), and *gradient_b (if non-null)
// scale·Σr. Deterministic: a fixed summation order for a given shape.
double fused_residual_pass(MatrixRef X, const double* y, const double* w, double b,
                           double* gradient_w, double* gradient_b, double scale = 1.0);

// The same on float32 data: residuals and each 256-row block's sums in float32 (w and b rounded
// to float once per pass), the blocks' sums added up in double.
double fused_residual_pass(const Eigen::Ref<const MatrixF>& X, const float* y, const double* w,
                           double b, double* gradient_w, double* gradient_b, double scale = 1.0);

}  // namespace linreg::detail
