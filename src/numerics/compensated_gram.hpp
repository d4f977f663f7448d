#pragma once
// AᵀA of a tall matrix given a block of rows at a time, each entry accurate as if summed in
// twice the working precision (Ogita, Rump and Oishi's Dot2: every product's and every sum's
// rounding error is kept by error-free transformations and added back), so sums of products that
// cancel keep their digits. Private to the library: the streaming exact fit refines its solution
// from these sums, since the rows themselves are gone by then.
#include <vector>

#include "linreg/types.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

class CompensatedGram {
 public:
  explicit CompensatedGram(Index columns);

  // Adds the rows of `block` (any number × columns()).
  void add(const Eigen::Ref<const Matrix>& block);

  // Adds another's sums (same column count), in double-double.
  void merge(const CompensatedGram& other);

  // Multiplies column j of every row added so far by 2^exponents[j] (one per column): entry (j, k)
  // by 2^(exponents[j] + exponents[k]), exactly unless it leaves the range of double.
  void scale_columns(const std::vector<int>& exponents);

  // Σᵢ aᵢⱼ·aᵢₖ over all rows added so far (symmetric in j, k).
  [[nodiscard]] DoubleDouble at(Index j, Index k) const;
  [[nodiscard]] Index columns() const { return columns_; }

  // The sums as words (each entry's high then low part), to send to another process, and back.
  [[nodiscard]] static std::size_t word_count(Index columns) {
    return static_cast<std::size_t>(columns * (columns + 1));
  }
  void to_words(double* out) const;
  static CompensatedGram from_words(Index columns, const double* words);

 private:
  [[nodiscard]] std::size_t slot(Index j, Index k) const;
  Index columns_;
  std::vector<DoubleDouble> upper_;  // packed upper triangle, row by row
};

}  // namespace linreg::detail
