#include "direct/refinement.hpp"

#include <algorithm>
#include <cmath>

namespace linreg::detail {

Refinement refine(const ResidualProducts& products, Index n, const Vector& x_mean,
                  const Vector& scale, const Eigen::Ref<const Matrix>& R,
                  const Eigen::Ref<const Eigen::VectorXi>& columns, const Vector& start_weights,
                  double start_intercept, bool fit_intercept, double step_error_bound) {
  constexpr int kMaxSteps = 10;
  constexpr double kStop = 1e-17;  // relative size of the last correction
  const Index rank = columns.size();
  std::vector<DoubleDouble> w(static_cast<std::size_t>(rank));
  for (Index k = 0; k < rank; ++k) w[static_cast<std::size_t>(k)] = start_weights[columns[k]];
  DoubleDouble b = start_intercept;
  std::vector<DoubleDouble> gradient;
  DoubleDouble sum_r;
  Vector projected(rank);
  // ‖δ‖ bounds the correction in the scaled units; in the weights' units it is at most that over
  // the smallest scale.
  const double smallest_scale = rank > 0 ? scale(columns).minCoeff() : 1.0;
  Refinement out;
  for (int step = 1; step <= kMaxSteps; ++step) {
    out.steps = step;
    products(w, b, gradient, sum_r);
    // Zᵀr = S⁻¹·(Xᵀr − x̄·Σr), in the factorization's column order.
    for (Index k = 0; k < rank; ++k) {
      const Index j = columns[k];
      projected[k] =
          (gradient[static_cast<std::size_t>(k)] - DoubleDouble(x_mean[j]) * sum_r).value() /
          scale[j];
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
    const double left =
        step_error_bound > 0.0 ? step_error_bound * delta.norm() / smallest_scale : change;
    if (change <= kStop * size || left <= kStop * size) {
      out.converged = true;
      break;
    }
  }
  out.weights = Vector::Zero(start_weights.size());
  for (Index k = 0; k < rank; ++k) out.weights[columns[k]] = w[static_cast<std::size_t>(k)].value();
  out.intercept = b.value();
  return out;
}

}  // namespace linreg::detail
