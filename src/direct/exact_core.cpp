#include "direct/exact_core.hpp"

#include <Eigen/QR>
#include <cmath>
#include <optional>

#include "core/row_groups.hpp"
#include "direct/gram_triangle.hpp"
#include "direct/tall_qr.hpp"
#include "linreg/exact_solver.hpp"

namespace linreg::detail {
namespace {

// R and Qᵀy of Z: fixed groups of rows factored on all cores, each a block of kFoldRows at a
// time, and the groups' factors folded together in group order.
TallQr tall_skinny_qr(const Matrix& z, const Vector& y) {
  std::optional<TallQr> total;
  fold_groups_in_order<TallQr>(
      z.rows(),
      [&](Index, Index lo, Index hi) {
        TallQr part(z.cols());
        part.fold_all(z.middleRows(lo, hi - lo), y.segment(lo, hi - lo));
        return part;
      },
      [&](TallQr&& part) {
        if (total) {
          total->fold(part.r, part.qty);
        } else {
          total = std::move(part);
        }
      });
  return std::move(*total);
}

// Past one group of rows (and short of the fold size in columns) R is built from blocks of rows
// on all cores; below, one Householder QR of the whole design.
bool is_tall(Index n, Index d) { return n > kGroupRows && d < kFoldRows; }

}  // namespace

ExactCore solve_exact(const DatasetView& design, const Vector& column_mean, bool fit_intercept) {
  const ProductsFor products = [&](const Eigen::VectorXi& active) {
    return residual_products_from_rows(design, active);
  };
  const Index n = design.X.rows();
  long spent = 0;  // refinement passes of a Gram start that did not converge count too
  if (is_tall(n, design.X.cols())) {
    if (const std::optional<ScaledTriangle> gram =
            gram_triangle(design, column_mean, fit_intercept)) {
      ExactCore core = solve_from_triangle(*gram, n, products, fit_intercept);
      if (core.converged) return core;
      spent = core.steps;
    }
  }
  ExactCore qr = solve_exact_core(center_and_scale(design, fit_intercept), products, fit_intercept);
  qr.steps += spent;
  return qr;
}

ExactCore solve_exact_core(const CenteredDesign& c, const ProductsFor& products_for,
                           bool fit_intercept) {
  const Index n = c.z.rows();
  const Index d = c.z.cols();
  // Two stages: a blocked Householder QR of the tall Z (cache-friendly, level-3 updates), then
  // the column-pivoting, rank-revealing QR of its small R. Z·P = (Q₁Q₂)·R₂ is the pivoted QR of
  // Z itself; pivoting the tall matrix directly costs rank-1 updates over all n rows.
  const Index steps = std::min(n, d);
  ScaledTriangle start{Matrix(), Vector(), c.x_mean, c.y_mean, c.scale};
  if (!is_tall(n, d)) {
    const Eigen::HouseholderQR<Matrix> tall(c.z);
    start.r = tall.matrixQR().topRows(steps).triangularView<Eigen::Upper>();
    start.qty = (tall.householderQ().adjoint() * c.y_centered).head(steps);
  } else {  // n > 65,536 > d here, so steps = d
    TallQr tall = tall_skinny_qr(c.z, c.y_centered);
    start.r = std::move(tall.r);
    start.qty = std::move(tall.qty);
  }
  return solve_from_triangle(start, n, products_for, fit_intercept);
}

ExactCore solve_from_triangle(const ScaledTriangle& start, Index n, const ProductsFor& products_for,
                              bool fit_intercept) {
  const Matrix& r1 = start.r;
  const Vector& scale = start.scale;
  const Index d = r1.cols();
  const Index steps = std::min(n, d);
  ExactCore out;
  const Eigen::ColPivHouseholderQR<Matrix> qr(r1.topRows(steps).eval());
  const auto& qr_matrix = qr.matrixQR();
  // A scaled column has norm below 2√n; what is left of it after the columns pivoted before
  // it is noise when below max(n, d)·ε of that.
  const double threshold =
      ExactSolver::rank_tolerance(n, d) * 2.0 * std::sqrt(static_cast<double>(n));
  while (out.rank < steps && std::abs(qr_matrix(out.rank, out.rank)) > threshold) ++out.rank;

  const Vector qty = qr.householderQ().adjoint() * start.qty;
  const Vector leading = qr_matrix.topLeftCorner(out.rank, out.rank)
                             .triangularView<Eigen::Upper>()
                             .solve(qty.head(out.rank));
  const auto& permutation = qr.colsPermutation().indices();
  Vector w = Vector::Zero(d);
  for (Index k = 0; k < out.rank; ++k) w[permutation[k]] = leading[k] / scale[permutation[k]];
  for (Index k = out.rank; k < d; ++k) out.aliased.push_back(permutation[k]);
  const Eigen::VectorXi active = permutation.head(out.rank);
  out.active = active;
  const Refinement refined = refine(
      products_for(active), n, start.x_mean, scale, qr_matrix.topLeftCorner(out.rank, out.rank),
      active, w, start.y_mean - start.x_mean.dot(w), fit_intercept, start.step_error_bound);
  out.weights = refined.weights;
  out.intercept = refined.intercept;
  out.steps = refined.steps;
  out.converged = refined.converged;
  return out;
}

}  // namespace linreg::detail
