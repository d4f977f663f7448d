// The refinement's residual products from the rows of the design. Built with -ffp-contract=off
// (see dot2.hpp).
#include <algorithm>

#include "core/row_groups.hpp"
#include "direct/refinement.hpp"
#include "numerics/dot2.hpp"

namespace linreg::detail {
namespace {

constexpr Index kBlockRows = 1024;  // rows at a time: their columns stay in cache for both sweeps

// Where a group's sums go: one set of lanes for each active column, then one for Σr.
using GroupLanes = std::vector<Lanes>;

// The residual rᵢ = yᵢ − b − Σₖ xᵢₖ·wₖ of rows [lo, lo + m), as rh + rl in double-double (`x`:
// those rows of X, as columns). With kLow the data is X + X_low. Each row's sum is kept as in
// Dot2: every product's and every subtraction's rounding error goes to its error term, and w's
// low parts add in double.
template <bool kLow>
void block_residual(const DatasetView& design, const DesignRef::Tile& x_rows,
                    const Eigen::VectorXi& active, const std::vector<DoubleDouble>& w,
                    DoubleDouble b, Index lo, Index m, double* rh, double* rl) {
  const double* y = design.y.data() + lo;
#pragma omp simd
  for (Index i = 0; i < m; ++i) {
    const double t = y[i] - b.hi;  // y − b.hi = t + q exactly
    const double z = t - y[i];
    rh[i] = t;
    rl[i] = ((y[i] - (t - z)) + (-b.hi - z)) - b.lo;
  }
  for (Index k = 0; k < active.size(); ++k) {
    const Index j = active[k];
    const double* x = x_rows.col(j);
    const double* x_low = kLow ? design.X_low->col(j).data() + lo : nullptr;
    const double wh = w[static_cast<std::size_t>(k)].hi;
    const double wl = w[static_cast<std::size_t>(k)].lo;
#pragma omp simd
    for (Index i = 0; i < m; ++i) {
      const double p = x[i] * wh;
      const double pe = std::fma(x[i], wh, -p);  // x·wh = p + pe exactly
      const double t = rh[i] - p;                // rh − p = t + q exactly
      const double z = t - rh[i];
      const double q = (rh[i] - (t - z)) + (-p - z);
      rh[i] = t;
      double small = pe + x[i] * wl;
      if constexpr (kLow) small += x_low[i] * wh;
      rl[i] += q - small;
    }
  }
#pragma omp simd
  for (Index i = 0; i < m; ++i) {  // normalize: |rl| ≤ ulp(rh)/2
    const double s = rh[i] + rl[i];
    rl[i] = rl[i] - (s - rh[i]);
    rh[i] = s;
  }
}

// Adds Xₖᵀr and Σr of rows [lo, lo + m) to the group's lanes.
template <bool kLow>
void block_products(const DatasetView& design, const DesignRef::Tile& x_rows,
                    const Eigen::VectorXi& active, Index lo, Index m, const double* rh,
                    const double* rl, GroupLanes& lanes) {
  const std::size_t rank = static_cast<std::size_t>(active.size());
  static const std::vector<double> ones(static_cast<std::size_t>(kBlockRows), 1.0);
  dot2<true>(ones.data(), rh, rl, m, lanes[rank]);
  for (std::size_t k = 0; k < rank; ++k) {
    const Index j = active[static_cast<Eigen::Index>(k)];
    const double* x = x_rows.col(j);
    dot2<true>(x, rh, rl, m, lanes[k]);
    if constexpr (kLow) {
      // X_low·r is of the size of the products' rounding errors: in double, as an error term.
      const double* x_low = design.X_low->col(j).data() + lo;
      double extra[kLanes] = {};
      Index i = 0;
      for (; i + kLanes <= m; i += kLanes) {
#pragma omp simd
        for (int l = 0; l < kLanes; ++l) extra[l] += x_low[i + l] * rh[i + l];
      }
      for (; i < m; ++i) extra[0] += x_low[i] * rh[i];
      for (int l = 0; l < kLanes; ++l) lanes[k].error[l] += extra[l];
    }
  }
}

template <bool kLow>
void group_products(const DatasetView& design, const Eigen::VectorXi& active,
                    const std::vector<DoubleDouble>& w, DoubleDouble b, Index lo, Index hi,
                    GroupLanes& lanes) {
  double rh[kBlockRows];
  double rl[kBlockRows];
  std::vector<double> rows;  // a row-major design's block, as columns
  for (Index start = lo; start < hi; start += kBlockRows) {
    const Index m = std::min(kBlockRows, hi - start);
    const DesignRef::Tile x_rows = design.X.rows_as_columns(start, m, rows);
    block_residual<kLow>(design, x_rows, active, w, b, start, m, rh, rl);
    block_products<kLow>(design, x_rows, active, start, m, rh, rl, lanes);
  }
}

}  // namespace

ResidualProducts residual_products_from_rows(const DatasetView& design,
                                             const Eigen::Ref<const Eigen::VectorXi>& columns) {
  const Eigen::VectorXi active = columns;
  return [design, active](const std::vector<DoubleDouble>& w, DoubleDouble b,
                          std::vector<DoubleDouble>& xtr, DoubleDouble& sum_r) {
    const Index n = design.X.rows();
    const std::size_t rank = static_cast<std::size_t>(active.size());
    std::vector<GroupLanes> groups(static_cast<std::size_t>(group_count(n)), GroupLanes(rank + 1));
    for_each_group(n, [&](Index g, Index lo, Index hi) {
      GroupLanes& lanes = groups[static_cast<std::size_t>(g)];
      if (design.X_low != nullptr) {
        group_products<true>(design, active, w, b, lo, hi, lanes);
      } else {
        group_products<false>(design, active, w, b, lo, hi, lanes);
      }
    });
    xtr.assign(rank, DoubleDouble());
    sum_r = DoubleDouble();
    for (const GroupLanes& lanes : groups) {
      for (std::size_t k = 0; k < rank; ++k) xtr[k] += lanes[k].total();
      sum_r += lanes[rank].total();
    }
  };
}

}  // namespace linreg::detail
