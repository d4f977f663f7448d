#include "linreg/exact_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/QR>
#include <fmt/format.h>

#include "linreg/double_double.hpp"
#include "linreg/mse_objective.hpp"

namespace linreg {
namespace {

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
    std::fill(gradient.begin(), gradient.end(), DoubleDouble());
    DoubleDouble sum_r;
    for (Index i = 0; i < n; ++i) {
      DoubleDouble fitted = b;
      for (Index k = 0; k < rank; ++k) fitted += x(i, columns[k]) * w[static_cast<std::size_t>(k)];
      const DoubleDouble r = DoubleDouble(design.y[i]) - fitted;
      sum_r += r;
      for (Index k = 0; k < rank; ++k) gradient[static_cast<std::size_t>(k)] += x(i, columns[k]) * r;
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
  FitSummary s;
  s.solver = std::string(name());
  s.stop_reason = StopReason::solved;

  // Centering removes the intercept from the factorization: b = ȳ − x̄·w afterwards. Without
  // an intercept nothing is centered and b = 0.
  const bool intercept_on = options.fit_intercept;
  const Vector x_mean =
      intercept_on ? Vector(design.X.colwise().mean().transpose()) : Vector::Zero(d);
  const double y_mean = intercept_on ? design.y.mean() : 0.0;
  Vector w = Vector::Zero(d);
  double intercept = y_mean;
  if (d > 0) {
    // Each centered column is divided by a power of two near the RMS of its raw values: exact
    // in binary, and it makes every column's stored values about 1 in size, so one absolute
    // pivot threshold measures each column against its own rounding noise.
    Matrix z = design.X.rowwise() - x_mean.transpose();
    Vector scale(d);
    const double sqrt_n = std::sqrt(static_cast<double>(n));
    for (Index j = 0; j < d; ++j) {
      const double rms = design.X.col(j).norm() / sqrt_n;
      scale[j] = rms > 0.0 ? std::ldexp(1.0, std::ilogb(rms)) : 1.0;
      z.col(j) /= scale[j];
    }
    const Vector y_centered = design.y.array() - y_mean;
    const Eigen::ColPivHouseholderQR<Matrix> qr(z);
    const auto& qr_matrix = qr.matrixQR();
    const Index steps = std::min(n, d);
    // A scaled column has norm below 2√n; what is left of it after the columns pivoted before
    // it is noise when below max(n, d)·ε of that.
    const double threshold = rank_tolerance(n, d) * 2.0 * sqrt_n;
    s.rank = 0;
    while (s.rank < steps && std::abs(qr_matrix(s.rank, s.rank)) > threshold) ++s.rank;

    const Vector qty = qr.householderQ().adjoint() * y_centered;
    const Vector leading = qr_matrix.topLeftCorner(s.rank, s.rank)
                               .triangularView<Eigen::Upper>()
                               .solve(qty.head(s.rank));
    const auto& permutation = qr.colsPermutation().indices();
    for (Index k = 0; k < s.rank; ++k) w[permutation[k]] = leading[k] / scale[permutation[k]];
    for (Index k = s.rank; k < d; ++k) {
      s.aliased.push_back(design.feature_names[static_cast<std::size_t>(permutation[k])]);
    }
    const Refinement refined =
        refine(design, x_mean, scale, qr_matrix.topLeftCorner(s.rank, s.rank), permutation.head(s.rank), w,
               y_mean - x_mean.dot(w), intercept_on);
    w = refined.weights;
    intercept = refined.intercept;
    s.iterations = refined.steps;
  }
  if (!s.aliased.empty()) {
    std::string names;
    for (const auto& a : s.aliased) names += (names.empty() ? "'" : ", '") + a + "'";
    s.warnings.push_back(fmt::format(
        "the design is rank deficient (rank {} of {} features): {} {} a linear combination of "
        "the other columns and the intercept; {} set to 0. Drop {} or use fewer columns.",
        s.rank, d, names, s.aliased.size() == 1 ? "is" : "are",
        s.aliased.size() == 1 ? "its weight is" : "their weights are",
        s.aliased.size() == 1 ? "it" : "them"));
  }
  s.design_model = LinearModel(w, intercept);
  Vector theta(d + 1);
  theta << w, s.design_model.intercept();
  s.final_loss = MseObjective(design.X, design.y).loss(theta);
  return s;
}

}  // namespace linreg
