#pragma once
// Iterative refinement of a least-squares solution by corrected semi-normal equations (Björck;
// private to the library). With the parameters held in double-double, X̃ᵀr and Σr of the
// residual r = y − X·w − b are computed in double-double from the data exactly as given, then
// the correction solves RᵀR·δ = Zᵀr with the R of the QR factorization of the centered, scaled
// design Z: a preconditioner good enough for the correction to converge in a few steps. The
// extra precision of those products is what recovers the digits that rounding in the
// factorization and the cancellation in the intercept lose.
#include <functional>
#include <vector>

#include "direct/direct_fit.hpp"
#include "linreg/types.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

// Fills xtr[k] = Σᵢ x(i, columns[k])·rᵢ and sum_r = Σᵢ rᵢ, in double-double, for the residual of
// weights w (w[k] belongs to columns[k]) and intercept b.
using ResidualProducts = std::function<void(const std::vector<DoubleDouble>& w, DoubleDouble b,
                                            std::vector<DoubleDouble>& xtr, DoubleDouble& sum_r)>;

// The products from the rows of the design (X_low included), over fixed row groups on all
// cores, combined in group order: the same sums whatever the thread count.
ResidualProducts residual_products_from_rows(const DatasetView& design,
                                             const Eigen::Ref<const Eigen::VectorXi>& columns);

struct Refinement {
  Vector weights;  // all d features; 0 for those not in `columns`
  double intercept = 0.0;
  long steps = 0;
  bool converged = false;  // the last correction was below the stop rule's bound
};

// Refines (start_weights, start_intercept) until the relative correction is below 1e-17 (at most
// 10 steps). R: the triangle of the active columns `columns` of Z = (X − x̄)/scale, in that order.
// `step_error_bound`, when not 0, bounds the error a step leaves in the scaled weights as a
// multiple β of its correction δ (for a step that shrinks the error by ρ < 1, β = κ·ρ/(1 − ρ)):
// the refinement then also stops when β·‖δ‖ is below 1e-17 of the weights, without a pass to see
// the next correction.
Refinement refine(const ResidualProducts& products, Index n, const Vector& x_mean,
                  const Vector& scale, const Eigen::Ref<const Matrix>& R,
                  const Eigen::Ref<const Eigen::VectorXi>& columns, const Vector& start_weights,
                  double start_intercept, bool fit_intercept, double step_error_bound);

}  // namespace linreg::detail
