// Built with -ffp-contract=off: a contracted a·b + s would drop the product's rounding error that
// the error-free transformations below are there to keep.
#include "compensated_gram.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace linreg::detail {
namespace {

constexpr int kLanes = 8;            // independent accumulators: one AVX-512 or two AVX2 vectors
constexpr Index kTileRows = 256;     // rows of every column at a time: the tile stays in L1/L2

struct Lanes {
  double sum[kLanes] = {};
  double error[kLanes] = {};
};

// Dot2 over m rows, continued from `acc`: sum + error = Σ aᵢbᵢ with every rounding error kept.
void dot2(const double* a, const double* b, Index m, Lanes& acc) {
  double s[kLanes];
  double e[kLanes];
  for (int l = 0; l < kLanes; ++l) s[l] = acc.sum[l], e[l] = acc.error[l];
  Index i = 0;
  for (; i + kLanes <= m; i += kLanes) {
#pragma omp simd
    for (int l = 0; l < kLanes; ++l) {
      const double x = a[i + l];
      const double y = b[i + l];
      const double p = x * y;
      const double pe = std::fma(x, y, -p);  // x·y = p + pe exactly
      const double t = s[l] + p;             // s + p = t + q exactly (two-sum)
      const double z = t - s[l];
      const double q = (s[l] - (t - z)) + (p - z);
      s[l] = t;
      e[l] += q + pe;
    }
  }
  for (; i < m; ++i) {
    const double p = a[i] * b[i];
    const double pe = std::fma(a[i], b[i], -p);
    const double t = s[0] + p;
    const double z = t - s[0];
    e[0] += ((s[0] - (t - z)) + (p - z)) + pe;
    s[0] = t;
  }
  for (int l = 0; l < kLanes; ++l) acc.sum[l] = s[l], acc.error[l] = e[l];
}

}  // namespace

CompensatedGram::CompensatedGram(Index columns)
    : columns_(columns), upper_(static_cast<std::size_t>(columns * (columns + 1) / 2)) {}

std::size_t CompensatedGram::slot(Index j, Index k) const {
  if (j > k) std::swap(j, k);
  // Row j of the packed upper triangle starts after rows 0..j-1 (columns_ − r entries each).
  return static_cast<std::size_t>(j * columns_ - j * (j - 1) / 2 + (k - j));
}

void CompensatedGram::add(const Eigen::Ref<const Matrix>& block) {
  const Index m = block.rows();
  std::vector<Lanes> lanes(upper_.size());
  Matrix tile(std::min(m, kTileRows), columns_);
  for (Index start = 0; start < m; start += kTileRows) {
    const Index rows = std::min(kTileRows, m - start);
    tile.topRows(rows) = block.middleRows(start, rows);
    const Index stride = tile.rows();
    std::size_t p = 0;
    for (Index j = 0; j < columns_; ++j) {
      for (Index k = j; k < columns_; ++k) dot2(tile.data() + j * stride, tile.data() + k * stride, rows, lanes[p++]);
    }
  }
  for (std::size_t p = 0; p < upper_.size(); ++p) {
    DoubleDouble total = upper_[p];
    for (int l = 0; l < kLanes; ++l) total += DoubleDouble(lanes[p].sum[l]) + DoubleDouble(lanes[p].error[l]);
    upper_[p] = total;
  }
}

void CompensatedGram::merge(const CompensatedGram& other) {
  for (std::size_t p = 0; p < upper_.size(); ++p) upper_[p] += other.upper_[p];
}

DoubleDouble CompensatedGram::at(Index j, Index k) const { return upper_[slot(j, k)]; }

}  // namespace linreg::detail
