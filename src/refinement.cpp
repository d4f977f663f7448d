#include "refinement.hpp"

#include <algorithm>
#include <cmath>

#include "row_groups.hpp"

namespace linreg::detail {

ResidualProducts residual_products_from_rows(const DesignView& design,
                                             const Eigen::Ref<const Eigen::VectorXi>& columns) {
  const Eigen::VectorXi active = columns;
  return [design, active](const std::vector<DoubleDouble>& w, DoubleDouble b, std::vector<DoubleDouble>& xtr,
                          DoubleDouble& sum_r) {
    const Index n = design.X.rows();
    const Index rank = active.size();
    const Matrix* low = design.X_low;
    const auto x = [&](Index i, Index j) {
      return low != nullptr ? DoubleDouble(design.X(i, j), (*low)(i, j)) : DoubleDouble(design.X(i, j));
    };
    std::vector<std::vector<DoubleDouble>> group_sums(static_cast<std::size_t>(group_count(n)));
    for_each_group(n, [&](Index g, Index lo, Index hi) {
      std::vector<DoubleDouble>& acc = group_sums[static_cast<std::size_t>(g)];
      acc.assign(static_cast<std::size_t>(rank) + 1, DoubleDouble());
      for (Index i = lo; i < hi; ++i) {
        DoubleDouble fitted = b;
        for (Index k = 0; k < rank; ++k) fitted += x(i, active[k]) * w[static_cast<std::size_t>(k)];
        const DoubleDouble r = DoubleDouble(design.y[i]) - fitted;
        acc[static_cast<std::size_t>(rank)] += r;
        for (Index k = 0; k < rank; ++k) acc[static_cast<std::size_t>(k)] += x(i, active[k]) * r;
      }
    });
    xtr.assign(static_cast<std::size_t>(rank), DoubleDouble());
    sum_r = DoubleDouble();
    for (const auto& acc : group_sums) {
      for (Index k = 0; k < rank; ++k) xtr[static_cast<std::size_t>(k)] += acc[static_cast<std::size_t>(k)];
      sum_r += acc[static_cast<std::size_t>(rank)];
    }
  };
}

Refinement refine(const ResidualProducts& products, Index n, const Vector& x_mean, const Vector& scale,
                  const Eigen::Ref<const Matrix>& R, const Eigen::Ref<const Eigen::VectorXi>& columns,
                  const Vector& start_weights, double start_intercept, bool fit_intercept) {
  constexpr int kMaxSteps = 10;
  constexpr double kStop = 1e-17;  // relative size of the last correction
  const Index rank = columns.size();
  std::vector<DoubleDouble> w(static_cast<std::size_t>(rank));
  for (Index k = 0; k < rank; ++k) w[static_cast<std::size_t>(k)] = start_weights[columns[k]];
  DoubleDouble b = start_intercept;
  std::vector<DoubleDouble> gradient;
  DoubleDouble sum_r;
  Vector projected(rank);
  Refinement out;
  for (int step = 1; step <= kMaxSteps; ++step) {
    out.steps = step;
    products(w, b, gradient, sum_r);
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
  out.weights = Vector::Zero(start_weights.size());
  for (Index k = 0; k < rank; ++k) out.weights[columns[k]] = w[static_cast<std::size_t>(k)].value();
  out.intercept = b.value();
  return out;
}

}  // namespace linreg::detail
