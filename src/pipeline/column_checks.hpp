#pragma once
// The checks of a table's columns before training: a numeric target with values, which feature
// columns are categorical, dirty numbers, identifiers. Shared by the in-memory and streamed paths.
#include <set>
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
// The fold column's values at `rows` (of the table): whole numbers from 1. DataError at the
// cell for text or a missing value; the first other value that is not a fold number goes to
// `bad` (its row in the table and its value; the ids are then incomplete), for the caller to
// name with throw_bad_fold once it knows the rows before the table (a block of a stream).
struct BadFold {
  Index row = -1;
  double value = 0.0;
};
// The rows of `rows` whose weight in column `name` is positive (a row of weight 0 takes no part):
// DataError at the line of a negative weight (table.lines when recorded) and when every weight is
// 0. The column is numeric (the reader was asked so); its missing values were left out before.
// `rows_before`: the data rows before the table's (a shard of the files), for the message (−1:
// not known, the message names the line only); with
// `whole_table` false the table is a part of the data, and no weight above 0 in it is no error.
std::vector<Index> positive_weight_rows(const CsvTable& table, const std::string& name,
                                        const std::vector<Index>& rows, Index rows_before = 0,
                                        bool whole_table = true);
// DataError: every weight in the column is 0.
[[noreturn]] void refuse_all_zero_weights(const std::string& source, const std::string& name);
// The warning for the rows the missing-value policy left out, from MissingTally::describe().
Warning rows_left_out_warning(Index left_out, const TrainingSpec& spec,
                              const std::string& missing_text);
// The warning for the values filled under MissingPolicy::mean, if any.
Warning values_filled_warning(Index filled);
// The target's values at `rows` (of the table; a numeric column).
Vector target_values(const CsvColumn& target, const std::vector<Index>& rows);
// DataError: the split leaves no test or no training rows.
[[noreturn]] void refuse_split(const std::string& source, const TrainingSpec& spec, Index test,
                               Index train);
// The warning for test rows with a level of `column` not seen in training.
Warning unseen_level_warning(Index rows, const std::string& column);
// The encoder's powers of TrainingSpec::powers; UsageError naming the setting.
void add_powers(const CsvTable& table, const TrainingSpec& spec, Encoder& encoder);
// The weights in column `name` of the rows `rows`.
Vector weights_of(const CsvTable& table, const std::string& name, const std::vector<Index>& rows);

std::vector<long> fold_ids_of(const CsvTable& table, const std::string& name,
                              const std::vector<Index>& rows, BadFold& bad);
[[noreturn]] void throw_bad_fold(const std::string& source, const std::string& name,
                                 const BadFold& bad, Index rows_before);
// DataError unless the fold ids found name at least 2 folds.
void check_fold_count(const std::string& source, const std::string& name,
                      const std::set<long>& folds);

// Each of `rows`' cluster, numbered from 0 by value (text or numbers); DataError at the cell for
// a missing value.
std::vector<long> cluster_ids_of(const CsvTable& table, const std::string& name,
                                 const std::vector<Index>& rows);

// The missing-value error's message, from describe_missing's text.
std::string missing_values_error(const std::string& missing_text);

}  // namespace linreg::detail
