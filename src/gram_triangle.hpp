#pragma once
// A fast start for the exact solver on tall designs (private to the library): the R of the
// centered, scaled design from the Cholesky factorization of its Gram matrix, which one pass over
// the rows at matrix-multiply speed gives, where a Householder QR costs several times that.
// Rounding in the Gram matrix costs this R about κ²·ε of accuracy against QR's κ·ε, so it is
// offered only for a well-conditioned design, and only as the refinement's preconditioner: the
// final digits come from the residual products in double-double, as with the R of a QR.
#include <optional>

#include "linreg/solver.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

struct GramTriangle {
  Matrix r;       // d × d upper triangular, RᵀR = ZᵀZ for Z = (X − x̄)/scale
  Vector qty;     // R⁻ᵀ·Zᵀ(y − ȳ)
  Vector x_mean;  // zeros without intercept
  double y_mean = 0.0;
  Vector scale;   // as center_and_scale chooses it
};

// R from the Gram matrix, or nothing when Cholesky fails or R's condition number κ is too large
// for the refinement to converge fast with it (κ²·d·ε above 1e-4, κ in the Frobenius norm): rank
// deficiency and near-collinearity belong to the pivoted QR.
std::optional<GramTriangle> gram_triangle(const DesignView& design, bool fit_intercept);

}  // namespace linreg::detail
