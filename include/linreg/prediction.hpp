#pragma once
// A saved model's predictions for raw rows: the columns it was trained on, encoded as in
// training, missing values by its policy.
#include <string>
#include <vector>

#include "linreg/csv.hpp"
#include "linreg/model_io.hpp"
#include "linreg/warning.hpp"

namespace linreg {

struct Predictions {
  Vector values;                    // one per row of the table; NaN for the rows without one
  std::vector<Index> missing_rows;  // 0-based rows with no prediction: a missing input value
                                    // under MissingPolicy::drop
  std::vector<Warning> warnings;    // unseen levels, rows without a prediction, filled values
};

// How a table must be read for `model`: only its input columns, categorical ones as text and
// numeric ones as numbers, and the training file's missing-value tokens beside `reading`'s.
CsvOptions prediction_reading(const SavedModel& model, CsvOptions reading);

// DataError naming the table's source: missing values under a model trained with
// MissingPolicy::error, or a prediction beyond double's range.
Predictions predict_table(const SavedModel& model, const CsvTable& table);

}  // namespace linreg
