#include "linreg/exact_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/QR>
#include <fmt/format.h>

#include "least_squares_common.hpp"
#include "refinement.hpp"
#include "row_groups.hpp"
#include "tall_qr.hpp"

namespace linreg {
namespace {

// R and Qᵀy of Z: fixed groups of rows factored on all cores, each a block of kFoldRows at a
// time, then the groups' factors folded together in group order.
detail::TallQr tall_skinny_qr(const Matrix& z, const Vector& y) {
  const Index d = z.cols();
  std::vector<detail::TallQr> groups(static_cast<std::size_t>(detail::group_count(z.rows())), detail::TallQr(d));
  detail::for_each_group(z.rows(), [&](Index g, Index lo, Index hi) {
    groups[static_cast<std::size_t>(g)].fold_all(z.middleRows(lo, hi - lo), y.segment(lo, hi - lo));
  });
  detail::TallQr total = std::move(groups.front());
  for (std::size_t g = 1; g < groups.size(); ++g) total.fold(groups[g].r, groups[g].qty);
  return total;
}

}  // namespace

double ExactSolver::rank_tolerance(Index rows, Index cols) {
  return static_cast<double>(std::max<Index>({rows, cols, 1})) *
         std::numeric_limits<double>::epsilon();
}

FitSummary ExactSolver::solve(const DesignView& design, const FitOptions& options) const {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  const bool fit_intercept = options.fit_intercept;
  FitSummary s;
  s.solver = std::string(name());
  s.stop_reason = StopReason::solved;
  Vector w = Vector::Zero(d);
  double intercept = fit_intercept ? design.y.mean() : 0.0;
  if (d > 0) {
    const detail::CenteredDesign c = detail::center_and_scale(design, fit_intercept);
    // Two stages: a blocked Householder QR of the tall Z (cache-friendly, level-3 updates), then
    // the column-pivoting, rank-revealing QR of its small R. Z·P = (Q₁Q₂)·R₂ is the pivoted QR of
    // Z itself; pivoting the tall matrix directly costs rank-1 updates over all n rows.
    const Index steps = std::min(n, d);
    Matrix r1;
    Vector q1ty;
    if (n <= detail::kGroupRows || d >= detail::kFoldRows) {
      const Eigen::HouseholderQR<Matrix> tall(c.z);
      r1 = tall.matrixQR().topRows(steps).triangularView<Eigen::Upper>();
      q1ty = (tall.householderQ().adjoint() * c.y_centered).head(steps);
    } else {  // n > 65,536 > d here, so steps = d
      detail::TallQr tall = tall_skinny_qr(c.z, c.y_centered);
      r1 = std::move(tall.r);
      q1ty = std::move(tall.qty);
    }
    const Eigen::ColPivHouseholderQR<Matrix> qr(r1);
    const auto& qr_matrix = qr.matrixQR();
    // A scaled column has norm below 2√n; what is left of it after the columns pivoted before
    // it is noise when below max(n, d)·ε of that.
    const double threshold = rank_tolerance(n, d) * 2.0 * std::sqrt(static_cast<double>(n));
    s.rank = 0;
    while (s.rank < steps && std::abs(qr_matrix(s.rank, s.rank)) > threshold) ++s.rank;

    const Vector qty = qr.householderQ().adjoint() * q1ty;
    const Vector leading = qr_matrix.topLeftCorner(s.rank, s.rank)
                               .triangularView<Eigen::Upper>()
                               .solve(qty.head(s.rank));
    const auto& permutation = qr.colsPermutation().indices();
    for (Index k = 0; k < s.rank; ++k) w[permutation[k]] = leading[k] / c.scale[permutation[k]];
    for (Index k = s.rank; k < d; ++k) {
      s.aliased.push_back(design.feature_names[static_cast<std::size_t>(permutation[k])]);
    }
    const auto active = permutation.head(s.rank);
    const detail::Refinement refined = detail::refine(
        detail::residual_products_from_rows(design, active), n, c.x_mean, c.scale,
        qr_matrix.topLeftCorner(s.rank, s.rank), active, w, c.y_mean - c.x_mean.dot(w), fit_intercept);
    w = refined.weights;
    intercept = refined.intercept;
    s.iterations = refined.steps;
  }
  detail::warn_rank_deficiency(s, d, fit_intercept);
  detail::set_solution(s, design, w, intercept, fit_intercept);
  return s;
}

}  // namespace linreg
