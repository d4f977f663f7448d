#pragma once
// What the first reading of a distributed fit learns of each column (private to the library): the
// counts and first cells the column checks read, the levels and the training rows' level counts
// and sums the encoder is fitted from. Each block's are computed on its parsing thread and merged
// in the files' order, then every process's merged in rank order: the same numbers a one-process
// reading of all the files gives, without keeping a row.
#include <climits>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "linreg/csv.hpp"
#include "linreg/encoder.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

// A sum of values held in units of 2^-exponent (the largest value's power of two, as
// Encoder::fit sums), in double-double; sums in other units merge exactly (powers of two).
struct ScaledSum {
  int exponent = INT_MIN;  // INT_MIN: nothing summed
  DoubleDouble sum;
  void merge(const ScaledSum& other);
  // The mean of `count` values, in their own units.
  [[nodiscard]] double mean(std::int64_t count) const;
};

struct ColumnStats {
  bool text = false;            // a block read it as text
  bool numeric_values = false;  // a block read it as numbers and had some (their text is not kept)
  std::size_t missing = 0, text_values = 0, comma_numbers = 0, text_numbers = 0;
  CellLocation first_missing, first_text;
  // Text: every level seen, with the number of training rows that hold it (0: other rows only).
  std::map<std::string, std::int64_t> levels;
  // Numbers: over the training rows, their count and (when asked) sum.
  std::int64_t count = 0;
  ScaledSum sum;

  // Adds the statistics of rows that come after these.
  void merge(const ColumnStats& later);
};

// Appends the statistics as bytes, and reads them back from `at` (moved past them).
void write_stats(const ColumnStats& stats, std::string& out);
ColumnStats read_stats(const std::string& bytes, std::size_t& at);

// Adds a block's column `c` to `stats`: its counts, first cells and levels, and over `training`
// (rows of the block) the level counts, and with `sums` the numbers' count and sum (the fill
// values of MissingPolicy::mean; otherwise the fit's feature means serve).
void add_column(const CsvColumn& c, const std::vector<Index>& training, bool sums,
                ColumnStats& stats);

// The column as the whole table's checks see it (linreg/csv.hpp's counts, levels, first cells;
// no rows).
CsvColumn summary_column(const std::string& name, const ColumnStats& stats);

// The encoder's InputColumn: the levels of the training rows (sorted) and their most frequent
// (the first on ties), or the numbers' mean; DataError naming `source` when the training rows
// hold no value of it.
InputColumn input_column(const std::string& name, bool categorical, const ColumnStats& stats,
                         const std::string& source);

}  // namespace linreg::detail
