// Built with -ffp-contract=off: a contracted a·b + s would drop the product's rounding error that
// the error-free transformations below are there to keep.
#include "numerics/compensated_gram.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "numerics/dot2.hpp"

namespace linreg::detail {
namespace {

constexpr Index kTileRows = 256;  // rows of every column at a time: the tile stays in L1/L2

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
      for (Index k = j; k < columns_; ++k)
        dot2<false>(tile.data() + j * stride, tile.data() + k * stride, nullptr, rows, lanes[p++]);
    }
  }
  for (std::size_t p = 0; p < upper_.size(); ++p) {
    upper_[p] += lanes[p].total();
  }
}

void CompensatedGram::merge(const CompensatedGram& other) {
  for (std::size_t p = 0; p < upper_.size(); ++p) upper_[p] += other.upper_[p];
}

void CompensatedGram::scale_columns(const std::vector<int>& exponents) {
  for (Index j = 0; j < columns_; ++j) {
    for (Index k = j; k < columns_; ++k) {
      DoubleDouble& v = upper_[slot(j, k)];
      const int e = exponents[static_cast<std::size_t>(j)] + exponents[static_cast<std::size_t>(k)];
      v = DoubleDouble(std::ldexp(v.hi, e), std::ldexp(v.lo, e));
    }
  }
}

void CompensatedGram::to_words(double* out) const {
  for (const DoubleDouble& v : upper_) {
    *out++ = v.hi;
    *out++ = v.lo;
  }
}

CompensatedGram CompensatedGram::from_words(Index columns, const double* words) {
  CompensatedGram g(columns);
  for (DoubleDouble& v : g.upper_) {
    v = DoubleDouble(words[0], words[1]);
    words += 2;
  }
  return g;
}

DoubleDouble CompensatedGram::at(Index j, Index k) const { return upper_[slot(j, k)]; }

}  // namespace linreg::detail
