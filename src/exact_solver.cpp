#include "linreg/exact_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/QR>
#include <fmt/format.h>

#include "linreg/mse_objective.hpp"

namespace linreg {

double ExactSolver::rank_tolerance(Index rows, Index cols) {
  return static_cast<double>(std::max<Index>({rows, cols, 1})) *
         std::numeric_limits<double>::epsilon();
}

FitSummary ExactSolver::solve(const DesignView& design, const FitOptions& /*options*/) const {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  FitSummary s;
  s.solver = std::string(name());
  s.stop_reason = StopReason::solved;

  // Centering removes the intercept from the factorization: b = ȳ − x̄·w afterwards.
  const Vector x_mean = design.X.colwise().mean().transpose();
  const double y_mean = design.y.mean();
  Vector w = Vector::Zero(d);
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
  s.design_model = LinearModel(w, y_mean - x_mean.dot(w));
  Vector theta(d + 1);
  theta << w, s.design_model.intercept();
  s.final_loss = MseObjective(design.X, design.y).loss(theta);
  return s;
}

}  // namespace linreg
