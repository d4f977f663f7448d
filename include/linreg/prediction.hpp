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
  // The standard error of each row's mean, √(x·V·x) with the model file's covariance V (NaN where
  // there is no prediction); empty when the file carries no covariance.
  Vector mean_se;
};

// An interval around each prediction, as statsmodels' get_prediction().summary_frame():
// confidence: the mean's, ŷ ± t·se with se the mean's standard error (mean_ci);
// prediction: a new observation's, ŷ ± t·√(se² + σ²) (obs_ci);
// t the two-sided quantile of Student's t at `level` with the covariance's degrees of freedom.
enum class IntervalKind { confidence, prediction };
inline constexpr NameTable<IntervalKind, 2> kIntervalKindNames{
    {{IntervalKind::confidence, "confidence"}, {IntervalKind::prediction, "prediction"}}};
struct Intervals {
  Vector se;  // of the mean (confidence) or of a new observation (prediction)
  Vector lower;
  Vector upper;
};
// UsageError when the model file carries no covariance (the fit did not compute the statistics
// table) or the level is not in (0, 1).
Intervals prediction_intervals(const SavedModel& model, const Predictions& predictions,
                               IntervalKind kind, double level);

// How a table must be read for `model`: only its input columns, categorical ones as text and
// numeric ones as numbers, and the training file's missing-value tokens beside `reading`'s.
CsvOptions prediction_reading(const SavedModel& model, CsvOptions reading);

// DataError naming the table's source: missing values under a model trained with
// MissingPolicy::error, or a prediction beyond double's range.
Predictions predict_table(const SavedModel& model, const CsvTable& table);

}  // namespace linreg
