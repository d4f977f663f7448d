#pragma once
// The checks of a table's columns before training: a numeric target with values, which feature
// columns are categorical, dirty numbers, identifiers. Shared by the in-memory and streamed paths.
#include <string>
#include <vector>

#include "linreg/csv.hpp"
#include "linreg/training.hpp"

namespace linreg::detail {

// DataError at the target's first text value.
void check_target_numeric(const CsvTable& table, const std::string& target);
// DataError at the first cell of a mostly numeric text column (mostly_numeric) that is not a
// number: how many such cells there are (counted_in says where they were counted, "" for the
// whole table) and the ways out.
[[noreturn]] void refuse_mostly_numeric(const CsvTable& table, const CsvColumn& c,
                                        const std::string& counted_in);
// DataError when every target value is missing.
void check_target_has_values(const std::string& source, const std::string& target, Index missing,
                             Index rows);
// The feature columns to encode as categorical: the text columns, and the listed ones under
// CategoricalMode::listed. DataError at the first dirty numeric column, for an identifier-like
// text column that is not listed, and for any text column under CategoricalMode::none.
std::vector<std::string> categorical_columns(const CsvTable& table,
                                             const std::vector<std::string>& features,
                                             CategoricalMode mode,
                                             const std::vector<std::string>& listed);
// The missing-value error's message, from describe_missing's text.
std::string missing_values_error(const std::string& missing_text);

}  // namespace linreg::detail
