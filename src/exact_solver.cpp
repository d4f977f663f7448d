#include "linreg/exact_solver.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <Eigen/QR>
#include <fmt/format.h>

#include "linreg/double_double.hpp"
#include "least_squares_common.hpp"

namespace linreg {
namespace {

// Rows are processed in fixed groups, each on one thread, results combined in group order.
constexpr Index kGroupRows = Index{1} << 16;
// Rows folded into R at a time: the stacked (d + m) × d block stays in cache.
constexpr Index kFoldRows = 2048;

Index group_count(Index n) { return std::max<Index>(1, (n + kGroupRows - 1) / kGroupRows); }

// Calls work(g, lo, hi) for every group of rows, on up to all cores.
void for_each_group(Index n, const std::function<void(Index, Index, Index)>& work) {
  const Index groups = group_count(n);
  std::atomic<Index> next{0};
  const auto run = [&] {
    for (Index g = next++; g < groups; g = next++) work(g, g * kGroupRows, std::min(n, (g + 1) * kGroupRows));
  };
  const auto threads = static_cast<unsigned>(std::min<Index>(groups, std::max(1u, std::thread::hardware_concurrency())));
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(run);
  run();
  for (auto& h : helpers) h.join();
}

// The R factor and Qᵀy of a tall matrix, built a block of rows at a time (tall-skinny QR):
// each fold is the QR of [R; rows] applied to [Qᵀy; y].
struct TallQr {
  Matrix r;    // d × d, upper triangular
  Vector qty;  // d
  explicit TallQr(Index d) : r(Matrix::Zero(d, d)), qty(Vector::Zero(d)) {}

  void fold(const Eigen::Ref<const Matrix>& rows, const Eigen::Ref<const Vector>& y) {
    const Index d = r.cols();
    const Index m = rows.rows();
    Matrix stacked(d + m, d);
    stacked.topRows(d) = r;
    stacked.bottomRows(m) = rows;
    Vector rhs(d + m);
    rhs.head(d) = qty;
    rhs.tail(m) = y;
    const Eigen::HouseholderQR<Matrix> qr(stacked);
    rhs.applyOnTheLeft(qr.householderQ().adjoint());
    r = qr.matrixQR().topRows(d).triangularView<Eigen::Upper>();
    qty = rhs.head(d);
  }
};

// R and Qᵀy of Z: fixed groups of rows factored on all cores, each a block of kFoldRows at a
// time, then the groups' factors folded together in group order.
TallQr tall_skinny_qr(const Matrix& z, const Vector& y) {
  const Index n = z.rows();
  const Index d = z.cols();
  std::vector<TallQr> groups(static_cast<std::size_t>(group_count(n)), TallQr(d));
  for_each_group(n, [&](Index g, Index lo, Index hi) {
    TallQr& acc = groups[static_cast<std::size_t>(g)];
    for (Index start = lo; start < hi; start += kFoldRows) {
      const Index m = std::min(kFoldRows, hi - start);
      acc.fold(z.middleRows(start, m), y.segment(start, m));
    }
  });
  TallQr total = std::move(groups.front());
  for (std::size_t g = 1; g < groups.size(); ++g) total.fold(groups[g].r, groups[g].qty);
  return total;
}

struct Refinement {
  Vector weights;
  double intercept = 0.0;
  long steps = 0;
};

// Iterative refinement by corrected semi-normal equations (Björck): with the parameters held in
// double-double, compute the residual r = y − X·w − b and X̃ᵀr in double-double from the data
// exactly as given (X + X_low), then correct by solving RᵀR·δ = Zᵀr with the R of the QR
// factorization (Z: the centered, scaled columns) — a preconditioner good enough for the
// correction to converge in a few steps. The residual's extra precision is what recovers the
// digits that rounding in the factorization and the cancellation in the intercept lose.
Refinement refine(const DesignView& design, const Vector& x_mean, const Vector& scale,
                  const Eigen::Ref<const Matrix>& R, const Eigen::Ref<const Eigen::VectorXi>& columns,
                  const Vector& start_weights, double start_intercept, bool fit_intercept) {
  constexpr int kMaxSteps = 10;
  constexpr double kStop = 1e-17;  // relative size of the last correction
  const Index n = design.X.rows();
  const Index rank = columns.size();
  const Matrix* low = design.X_low;
  const auto x = [&](Index i, Index j) {
    return low != nullptr ? DoubleDouble(design.X(i, j), (*low)(i, j)) : DoubleDouble(design.X(i, j));
  };
  std::vector<DoubleDouble> w(static_cast<std::size_t>(rank));
  for (Index k = 0; k < rank; ++k) w[static_cast<std::size_t>(k)] = start_weights[columns[k]];
  DoubleDouble b = start_intercept;
  std::vector<DoubleDouble> gradient(static_cast<std::size_t>(rank));
  Vector projected(rank);
  Refinement out;
  for (int step = 1; step <= kMaxSteps; ++step) {
    out.steps = step;
    // X̃ᵀr and Σr in double-double, over fixed groups of rows on all cores, combined in group
    // order: the same sums whatever the thread count.
    std::vector<std::vector<DoubleDouble>> group_sums(static_cast<std::size_t>(group_count(n)));
    for_each_group(n, [&](Index g, Index lo, Index hi) {
      std::vector<DoubleDouble>& acc = group_sums[static_cast<std::size_t>(g)];
      acc.assign(static_cast<std::size_t>(rank) + 1, DoubleDouble());
      for (Index i = lo; i < hi; ++i) {
        DoubleDouble fitted = b;
        for (Index k = 0; k < rank; ++k) fitted += x(i, columns[k]) * w[static_cast<std::size_t>(k)];
        const DoubleDouble r = DoubleDouble(design.y[i]) - fitted;
        acc[static_cast<std::size_t>(rank)] += r;
        for (Index k = 0; k < rank; ++k) acc[static_cast<std::size_t>(k)] += x(i, columns[k]) * r;
      }
    });
    std::fill(gradient.begin(), gradient.end(), DoubleDouble());
    DoubleDouble sum_r;
    for (const auto& acc : group_sums) {
      for (Index k = 0; k < rank; ++k) gradient[static_cast<std::size_t>(k)] += acc[static_cast<std::size_t>(k)];
      sum_r += acc[static_cast<std::size_t>(rank)];
    }
    // Zᵀr = S⁻¹·(Xᵀr − x̄·Σr), in the factorization's column order.
    for (Index k = 0; k < rank; ++k) {
      const Index j = columns[k];
      projected[k] = (gradient[static_cast<std::size_t>(k)] - DoubleDouble(x_mean[j]) * sum_r).value() / scale[j];
    }
    const auto upper = R.triangularView<Eigen::Upper>();
    Vector delta = upper.transpose().solve(projected);
    upper.solveInPlace(delta);
    double change = 0.0;
    double size = 0.0;
    DoubleDouble shift;
    for (Index k = 0; k < rank; ++k) {
      const Index j = columns[k];
      const double dw = delta[k] / scale[j];
      w[static_cast<std::size_t>(k)] += dw;
      shift += DoubleDouble(x_mean[j]) * dw;
      change = std::max(change, std::abs(dw));
      size = std::max(size, std::abs(w[static_cast<std::size_t>(k)].value()));
    }
    if (fit_intercept) b += DoubleDouble(sum_r.value() / static_cast<double>(n)) - shift;
    if (change <= kStop * size) break;
  }
  out.weights = Vector::Zero(design.X.cols());
  for (Index k = 0; k < rank; ++k) out.weights[columns[k]] = w[static_cast<std::size_t>(k)].value();
  out.intercept = b.value();
  return out;
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
    if (n <= kGroupRows || d >= kFoldRows) {
      const Eigen::HouseholderQR<Matrix> tall(c.z);
      r1 = tall.matrixQR().topRows(steps).triangularView<Eigen::Upper>();
      q1ty = (tall.householderQ().adjoint() * c.y_centered).head(steps);
    } else {  // n > 65,536 > d here, so steps = d
      TallQr tall = tall_skinny_qr(c.z, c.y_centered);
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
    const Refinement refined =
        refine(design, c.x_mean, c.scale, qr_matrix.topLeftCorner(s.rank, s.rank),
               permutation.head(s.rank), w, c.y_mean - c.x_mean.dot(w), fit_intercept);
    w = refined.weights;
    intercept = refined.intercept;
    s.iterations = refined.steps;
  }
  detail::warn_rank_deficiency(s, d, fit_intercept);
  detail::set_solution(s, design, w, intercept, fit_intercept);
  return s;
}

}  // namespace linreg
