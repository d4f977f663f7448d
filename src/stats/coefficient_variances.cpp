#include "stats/coefficient_variances.hpp"

#include <cmath>
#include <cstdint>
#include <optional>

#include "data/one_hot_levels.hpp"
#include "direct/least_squares_common.hpp"
#include "model/row_weights.hpp"
#include "numerics/double_double.hpp"
#include "stats/inverse_gram.hpp"

namespace linreg::detail {
namespace {

// sum/count in double-double.
DoubleDouble mean_of(DoubleDouble sum, double count) {
  return DoubleDouble(sum.hi / count) +
         DoubleDouble((sum - two_prod(sum.hi / count, count)).value() / count);
}

// Entry (i, j) of X exactly as given (X_low included).
DoubleDouble exact_entry(const DatasetView& data, Index i, Index j) {
  return data.X_low != nullptr ? DoubleDouble(data.X(i, j), (*data.X_low)(i, j))
                               : DoubleDouble(data.X(i, j));
}

}  // namespace

CoefficientVariances dense_variances(const SharedRows& shared, const DatasetView& data,
                                     const std::vector<Index>& active, bool intercept) {
  const Index n = data.n_rows();
  const auto m = static_cast<Index>(active.size());
  const double nn = static_cast<double>(shared.n);
  std::vector<std::vector<DoubleDouble>> z(static_cast<std::size_t>(m),
                                           std::vector<DoubleDouble>(static_cast<std::size_t>(n)));
  // Weighted: the whitened rows √wᵢ·(xᵢ − x̄), x̄ the weighted mean, orthogonal to the
  // intercept's column √w, whose own variance is then 1/Σw.
  const Vector root = root_weights(data);
  const auto whitened = [&](DoubleDouble c, Index i) {
    if (root.size() == 0) return c;
    const DoubleDouble p = two_prod(root[i], c.hi);
    return DoubleDouble(p.hi, p.lo + root[i] * c.lo);
  };
  Vector scale(m), v(m);
  for (Index a = 0; a < m; ++a) {
    const Index j = active[static_cast<std::size_t>(a)];
    DoubleDouble mean;
    if (intercept) {
      mean = weighted_mean(shared.comm, shared.weighted, data.weights, n,
                           [&](Index i) { return exact_entry(data, i, j); });
    }
    const auto x = data.X.matrix().col(j);
    const double squares = shared_plain_sum(
        shared.comm, root.size() == 0 ? x.squaredNorm() : x.cwiseProduct(root).squaredNorm());
    scale[a] = power_of_two_scale(std::sqrt(squares) / std::sqrt(nn));
    for (Index i = 0; i < n; ++i) {
      const DoubleDouble c = whitened(exact_entry(data, i, j) - mean, i);
      z[static_cast<std::size_t>(a)][static_cast<std::size_t>(i)] =
          DoubleDouble(c.hi / scale[a], c.lo / scale[a]);
    }
    v[a] = mean.value() / scale[a];
  }
  const InverseGram inverse(z, n, m, shared.comm);
  CoefficientVariances out;
  out.slopes = inverse.diagonal().cwiseQuotient(scale.cwiseProduct(scale));
  const double weight =
      shared.weighted ? shared_sum(shared.comm, weight_sum(data.weights)).value() : nn;
  out.intercept = 1.0 / weight + inverse.quadratic(v);
  out.condition = inverse.condition();
  return out;
}

std::optional<CoefficientVariances> absorbed_variances(const DatasetView& data,
                                                       const std::vector<Index>& active,
                                                       bool intercept) {
  if (!intercept) return std::nullopt;
  const std::optional<OneHotColumns> widest = widest_one_hot_block(data.one_hot);
  if (!widest) return std::nullopt;
  const OneHotColumns block = *widest;
  const auto in_block = [&](Index j) { return j >= block.first && j < block.first + block.count; };
  std::vector<Index> others;  // positions in `active` of the other columns
  Index block_active = 0;
  for (std::size_t a = 0; a < active.size(); ++a) {
    if (in_block(active[a])) {
      ++block_active;
    } else {
      others.push_back(static_cast<Index>(a));
    }
  }
  if (block_active != block.count) return std::nullopt;  // an aliased level: the general path

  const Index n = data.n_rows();
  const std::vector<std::int32_t> level = levels_of_rows(data.X.matrix(), block);
  const Index levels = block.count + 1;  // 0: the reference
  // Weighted rows: each level's Σw in place of its count, weighted level means, and the
  // demeaned rows multiplied by √w (the whitened design).
  const bool weighted = data.weighted();
  const auto weight = [&](Index i) {
    return weighted ? data.weights[static_cast<std::size_t>(i)] : 1.0;
  };
  std::vector<double> count(static_cast<std::size_t>(levels), 0.0);
  for (Index i = 0; i < n; ++i)
    count[static_cast<std::size_t>(level[static_cast<std::size_t>(i)])] += weight(i);
  for (const double c : count) {
    if (c == 0.0) return std::nullopt;
  }
  double nn = 0.0;  // Σw (n)
  for (const double c : count) nn += c;
  const Vector root = root_weights(data);
  const auto p = static_cast<Index>(others.size());
  const auto column = [&](Index k) {
    return active[static_cast<std::size_t>(others[static_cast<std::size_t>(k)])];
  };

  // The other columns' level means in double-double, and B̃ = B − b̄^level, scaled.
  std::vector<std::vector<DoubleDouble>> mean(
      static_cast<std::size_t>(p), std::vector<DoubleDouble>(static_cast<std::size_t>(levels)));
  std::vector<std::vector<DoubleDouble>> z(static_cast<std::size_t>(p),
                                           std::vector<DoubleDouble>(static_cast<std::size_t>(n)));
  Vector scale(p);
  for (Index k = 0; k < p; ++k) {
    const Index j = column(k);
    auto& mk = mean[static_cast<std::size_t>(k)];
    for (Index i = 0; i < n; ++i) {
      const DoubleDouble v = exact_entry(data, i, j);
      mk[static_cast<std::size_t>(level[static_cast<std::size_t>(i)])] +=
          weighted ? DoubleDouble(weight(i)) * v : v;
    }
    for (Index g = 0; g < levels; ++g)
      mk[static_cast<std::size_t>(g)] =
          mean_of(mk[static_cast<std::size_t>(g)], count[static_cast<std::size_t>(g)]);
    const auto x = data.X.matrix().col(j);
    scale[k] = power_of_two_scale((weighted ? x.cwiseProduct(root).norm() : x.norm()) /
                                  std::sqrt(static_cast<double>(n)));
    for (Index i = 0; i < n; ++i) {
      DoubleDouble c = exact_entry(data, i, j) -
                       mk[static_cast<std::size_t>(level[static_cast<std::size_t>(i)])];
      if (weighted) c = DoubleDouble(root[i]) * c;
      z[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)] =
          DoubleDouble(c.hi / scale[k], c.lo / scale[k]);
    }
  }
  const std::optional<InverseGram> within =
      p > 0 ? std::optional<InverseGram>(InverseGram(z, n, p)) : std::nullopt;
  // û_g = b̄ᵍ/scale, and d̂_g = û_g − û_reference.
  const auto scaled_mean = [&](Index g) {
    Vector u(p);
    for (Index k = 0; k < p; ++k)
      u[k] = mean[static_cast<std::size_t>(k)][static_cast<std::size_t>(g)].value() / scale[k];
    return u;
  };
  const auto quadratic = [&](const Vector& u) { return within ? within->quadratic(u) : 0.0; };
  Matrix contrast(p, block.count);  // d̂_g for the block's columns g = 1..k
  const Vector reference = scaled_mean(0);
  for (Index g = 1; g < levels; ++g) {
    // The difference of the level means in double-double, then scaled.
    for (Index k = 0; k < p; ++k) {
      const auto& mk = mean[static_cast<std::size_t>(k)];
      contrast(k, g - 1) = (mk[static_cast<std::size_t>(g)] - mk[0]).value() / scale[k];
    }
  }

  CoefficientVariances out;
  out.slopes.resize(static_cast<Index>(active.size()));
  const double reference_count = count[0];
  const Vector within_diagonal = within ? within->diagonal() : Vector();
  for (Index k = 0; k < p; ++k)
    out.slopes[others[static_cast<std::size_t>(k)]] = within_diagonal[k] / (scale[k] * scale[k]);
  for (std::size_t a = 0; a < active.size(); ++a) {
    if (!in_block(active[a])) continue;
    const Index g = active[a] - block.first + 1;
    out.slopes[static_cast<Index>(a)] = 1.0 / count[static_cast<std::size_t>(g)] +
                                        1.0 / reference_count + quadratic(contrast.col(g - 1));
  }
  out.intercept = 1.0 / reference_count + quadratic(reference);

  // κ of the whole centered, scaled active design Z, the quantity the dense path reports, from
  // products with ZᵀZ (through the rows, one-hot columns as level codes) and with (ZᵀZ)⁻¹ (the
  // block formulas above, written as a product).
  const Index kb = block.count;
  Vector block_scale(kb), block_mean(kb), other_mean(p);
  for (Index g = 0; g < kb; ++g) {
    block_mean[g] = count[static_cast<std::size_t>(g + 1)] / nn;
    // The dense path's scale: the RMS of the (whitened) column, √(Σw over the level / n).
    block_scale[g] = power_of_two_scale(
        std::sqrt(count[static_cast<std::size_t>(g + 1)] / static_cast<double>(n)));
  }
  for (Index k = 0; k < p; ++k) {
    const auto x = data.X.matrix().col(column(k));
    other_mean[k] =
        weighted ? x.dot(Eigen::Map<const Vector>(data.weights.data(), n)) / nn : x.mean();
  }
  const Index dim = kb + p;  // the block's columns first, then the others
  const auto gram = [&](const Vector& v, Vector& result) {
    Vector t(n);
    double shift = 0.0;
    for (Index g = 0; g < kb; ++g) shift += block_mean[g] * v[g] / block_scale[g];
    for (Index k = 0; k < p; ++k) shift += other_mean[k] * v[kb + k] / scale[k];
    for (Index i = 0; i < n; ++i) {
      const auto l = level[static_cast<std::size_t>(i)];
      t[i] = (l > 0 ? v[l - 1] / block_scale[l - 1] : 0.0) - shift;
    }
    for (Index k = 0; k < p; ++k) t += data.X.matrix().col(column(k)) * (v[kb + k] / scale[k]);
    if (weighted) t.array() *= Eigen::Map<const Vector>(data.weights.data(), n).array();
    const double total = t.sum();
    result.setZero(dim);
    for (Index i = 0; i < n; ++i) {
      const auto l = level[static_cast<std::size_t>(i)];
      if (l > 0) result[l - 1] += t[i];
    }
    for (Index g = 0; g < kb; ++g) result[g] = (result[g] - block_mean[g] * total) / block_scale[g];
    for (Index k = 0; k < p; ++k)
      result[kb + k] = (data.X.matrix().col(column(k)).dot(t) - other_mean[k] * total) / scale[k];
  };
  const auto inverse = [&](const Vector& v, Vector& result) {
    // (ZᵀZ)⁻¹ = S·M·S, M the centered Gram's inverse in raw units; with w = S·v:
    // q = D̂·w_γ − v_β, (M·w)_γ = w_γ/n + Σw_γ/nʳ + D̂ᵀ·C·q, and S·(M·w)_β = −C·q.
    const Vector w_block = v.head(kb).cwiseProduct(block_scale);
    Vector cq = Vector::Zero(p);
    if (within) cq = within->apply(contrast * w_block - v.tail(p));
    const Vector through = contrast.transpose() * cq;
    const double sum = w_block.sum();
    result.resize(dim);
    for (Index g = 0; g < kb; ++g) {
      result[g] = block_scale[g] * (w_block[g] / count[static_cast<std::size_t>(g + 1)] +
                                    sum / reference_count + through[g]);
    }
    result.tail(p) = -cq;
  };
  out.condition = condition_by_power_iteration(dim, gram, inverse);
  return out;
}

}  // namespace linreg::detail
