#pragma once
// A fast start for the exact solver on tall designs (private to the library): the R of the
// centered, scaled design from the Cholesky factorization of its Gram matrix, which one pass over
// the rows at matrix-multiply speed gives, where a Householder QR costs several times that.
// Rounding in the Gram matrix costs this R about κ²·ε of accuracy against QR's κ·ε, so it is
// offered only for a well-conditioned design, and only as the refinement's preconditioner: the
// final digits come from the residual products in double-double, as with the R of a QR.
#include <optional>

#include "direct/direct_fit.hpp"
#include "direct/exact_core.hpp"

namespace linreg::detail {

// The lower triangle of [Z, y − ȳ]ᵀ[Z, y − ȳ] for Z = (X − x_mean)/scale (scale: powers of two),
// with zero columns up to a multiple of 4 (so Zᵀ(y − ȳ) is row d): one pass over the rows in fixed
// groups on all cores, folded in group order, by a register-tiled kernel.
Matrix centered_gram(const DatasetView& design, const Vector& x_mean, double y_mean,
                     const Vector& scale);

// R from the Gram matrix of Z = (X − x̄)/scale, each scale a power of two near the column's standard
// deviation (its RMS without intercept), with a bound on the error a refinement step leaves. The
// step's contraction ρ is bounded by κ²·(m + 3d + 4)·ε (κ of R in the Frobenius norm, m the
// longest chain of additions in a Gram entry: what rounding separates RᵀR from ZᵀZ by) plus, with
// an intercept, √n·‖R⁻ᵀc‖ for the offset c that the computed means leave in Z. Nothing when
// Cholesky fails or ρ is above 1e-3, where the refinement would need many passes: rank
// deficiency, near-collinearity and columns whose mean dwarfs their spread belong to the pivoted
// QR.
// `column_mean`: each column's mean, summed per row group (CheckedData::column_mean); the scales
// come from the centered Gram matrix's own diagonal, so this is the one pass over the rows.
std::optional<ScaledTriangle> gram_triangle(const DatasetView& design, const Vector& column_mean,
                                            bool fit_intercept);

}  // namespace linreg::detail
