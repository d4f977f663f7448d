#include "direct/absorbed_exact.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "data/one_hot_levels.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

ExactCore solve_absorbing(const DatasetView& design, OneHotColumns block) {
  const MatrixRef& X = design.X.matrix();  // column-major (the exact solver copies a row-major one)
  const Index n = X.rows();
  const Index d = X.cols();
  const std::vector<std::int32_t> level = levels_of_rows(X, block);
  const Index levels = block.count + 1;
  // The other columns: their indices in the design.
  std::vector<Index> others;
  for (Index j = 0; j < d; ++j) {
    if (j < block.first || j >= block.first + block.count) others.push_back(j);
  }
  const auto p = static_cast<Index>(others.size());
  const Matrix* low = design.X_low;
  const auto x = [&](Index i, Index k) {
    const Index j = others[static_cast<std::size_t>(k)];
    return low != nullptr ? DoubleDouble(X(i, j), (*low)(i, j)) : DoubleDouble(X(i, j));
  };

  // Weighted rows (all of positive weight): weighted level means and sums, and each row of the
  // demeaned design multiplied by √w.
  const bool weighted = design.weighted();
  const auto weight = [&](Index i) {
    return weighted ? design.weights[static_cast<std::size_t>(i)] : 1.0;
  };
  std::vector<Index> count(static_cast<std::size_t>(levels), 0);
  std::vector<double> total(static_cast<std::size_t>(levels), 0.0);  // Σw (the count) per level
  for (Index i = 0; i < n; ++i) {
    const auto l = static_cast<std::size_t>(level[static_cast<std::size_t>(i)]);
    ++count[l];
    total[l] += weight(i);
  }

  // Within-level means (double: they only precondition) and the demeaned, scaled columns.
  Matrix mean = Matrix::Zero(levels, p + 1);  // the other columns, then y
  for (Index k = 0; k <= p; ++k) {
    for (Index i = 0; i < n; ++i) {
      mean(level[static_cast<std::size_t>(i)], k) +=
          weight(i) * (k < p ? X(i, others[static_cast<std::size_t>(k)]) : design.y[i]);
    }
  }
  for (Index g = 0; g < levels; ++g) {
    if (count[static_cast<std::size_t>(g)] > 0) mean.row(g) /= total[static_cast<std::size_t>(g)];
  }
  Vector root = Vector::Ones(n);
  if (weighted) {
    for (Index i = 0; i < n; ++i) root[i] = std::sqrt(weight(i));
  }
  CenteredDesign c;
  c.x_mean = Vector::Zero(p);
  c.scale.resize(p);
  c.z.resize(n, p);
  c.y_centered.resize(n);
  const double sqrt_n = std::sqrt(static_cast<double>(n));
  for (Index k = 0; k < p; ++k) {
    const auto raw = X.col(others[static_cast<std::size_t>(k)]);
    // Of the raw (whitened) values: the rank rule's yardstick.
    const double rms = (weighted ? raw.cwiseProduct(root).norm() : raw.norm()) / sqrt_n;
    c.scale[k] = power_of_two_scale(rms);
    for (Index i = 0; i < n; ++i)
      c.z(i, k) = root[i] * (raw[i] - mean(level[static_cast<std::size_t>(i)], k)) / c.scale[k];
  }
  for (Index i = 0; i < n; ++i)
    c.y_centered[i] = root[i] * (design.y[i] - mean(level[static_cast<std::size_t>(i)], p));

  // For weights w on the active columns: t = y − X·w in double-double, each level's effect
  // α_g = (weighted) mean of t over its rows, r = t − α_level.
  std::vector<DoubleDouble> t(static_cast<std::size_t>(n));
  std::vector<DoubleDouble> alpha(static_cast<std::size_t>(levels));
  const auto profile = [&](const Eigen::VectorXi& active, const std::vector<DoubleDouble>& w) {
    std::vector<DoubleDouble> sums(static_cast<std::size_t>(levels));
    for (Index i = 0; i < n; ++i) {
      DoubleDouble v = design.y[i];
      for (Index k = 0; k < active.size(); ++k)
        v -= x(i, active[k]) * w[static_cast<std::size_t>(k)];
      t[static_cast<std::size_t>(i)] = v;
      sums[static_cast<std::size_t>(level[static_cast<std::size_t>(i)])] +=
          weighted ? DoubleDouble(weight(i)) * v : v;
    }
    for (Index g = 0; g < levels; ++g) {
      const auto m = count[static_cast<std::size_t>(g)];
      alpha[static_cast<std::size_t>(g)] =
          m > 0 ? sums[static_cast<std::size_t>(g)] / total[static_cast<std::size_t>(g)]
                : DoubleDouble();
    }
  };
  const ProductsFor products_for = [&](const Eigen::VectorXi& active) -> ResidualProducts {
    return [&, active](const std::vector<DoubleDouble>& w, DoubleDouble,
                       std::vector<DoubleDouble>& xtr, DoubleDouble& sum_r) {
      profile(active, w);
      xtr.assign(static_cast<std::size_t>(active.size()), DoubleDouble());
      sum_r = DoubleDouble();
      for (Index i = 0; i < n; ++i) {
        DoubleDouble r = t[static_cast<std::size_t>(i)] -
                         alpha[static_cast<std::size_t>(level[static_cast<std::size_t>(i)])];
        if (weighted) r = DoubleDouble(weight(i)) * r;  // the whitened products: Σw·x·r
        sum_r += r;
        for (Index k = 0; k < active.size(); ++k)
          xtr[static_cast<std::size_t>(k)] += x(i, active[k]) * r;
      }
    };
  };
  ExactCore core = p > 0 ? solve_exact_core(c, products_for, false) : ExactCore{};

  // The level effects for the final weights, in double-double, then in the design's terms: the
  // intercept is the base level's effect (the reference, or the first level with rows when the
  // reference has none), each other level's weight its difference from that.
  const Eigen::VectorXi active = p > 0 ? core.active : Eigen::VectorXi();
  std::vector<DoubleDouble> w(static_cast<std::size_t>(active.size()));
  for (Index a = 0; a < active.size(); ++a)
    w[static_cast<std::size_t>(a)] = core.weights[active[a]];
  profile(active, w);
  Index base = 0;
  while (base < levels && count[static_cast<std::size_t>(base)] == 0) ++base;
  ExactCore out;
  out.weights = Vector::Zero(d);
  out.steps = core.steps;
  for (Index k = 0; k < p; ++k)
    out.weights[others[static_cast<std::size_t>(k)]] = p > 0 ? core.weights[k] : 0.0;
  for (const Index k : core.aliased) out.aliased.push_back(others[static_cast<std::size_t>(k)]);
  out.intercept = alpha[static_cast<std::size_t>(base)].value();
  Index levels_with_rows = 0;
  for (Index g = 1; g < levels; ++g) {
    const Index column = block.first + g - 1;
    if (count[static_cast<std::size_t>(g)] == 0 || g == base) {
      out.aliased.push_back(column);
      continue;
    }
    ++levels_with_rows;
    out.weights[column] =
        (alpha[static_cast<std::size_t>(g)] - alpha[static_cast<std::size_t>(base)]).value();
  }
  out.rank = core.rank + levels_with_rows;
  return out;
}

}  // namespace linreg::detail
