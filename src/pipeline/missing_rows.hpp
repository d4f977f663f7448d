#pragma once
// Which rows missing values leave out, by the missing-value policy: the one rule for training in
// memory, training streamed, and prediction.
#include <string>
#include <vector>

#include "linreg/csv.hpp"
#include "linreg/encoder.hpp"

namespace linreg::detail {

struct MissingRowRule {
  std::vector<std::string> counted;    // columns whose missing values are counted and reported
  std::vector<std::string> leave_out;  // a missing value in one of these leaves its row out
};

// Training has a target, prediction none (""), and a weight column or none: each row needs
// both. Under `mean` only the rows without them are left out (the inputs are filled); under
// `drop` and `error` every row with a missing value in a used column (`error` refuses such data,
// and its rows are never computed on).
MissingRowRule missing_row_rule(const std::vector<std::string>& inputs, const std::string& target,
                                MissingPolicy policy, const std::string& weights = "");

// Per row of `table`, whether `rule` leaves it out; adds the table's missing values to `tally`
// (made with rule.counted).
std::vector<bool> rows_left_out(const CsvTable& table, const MissingRowRule& rule,
                                MissingTally& tally);

// The rows `skip` keeps, in order.
std::vector<Index> kept_rows(const std::vector<bool>& skip);

}  // namespace linreg::detail
