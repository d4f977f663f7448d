#include "linreg/prediction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "linreg/errors.hpp"
#include "linreg/settings.hpp"
#include "pipeline/missing_rows.hpp"

namespace linreg {

CsvOptions prediction_reading(const SavedModel& model, CsvOptions reading) {
  for (const auto& token : model.na_values) {
    if (std::find(reading.na_values.begin(), reading.na_values.end(), token) ==
        reading.na_values.end()) {
      reading.na_values.push_back(token);
    }
  }
  reading.use_columns = model.encoder.input_names();
  reading.text_columns = model.encoder.categorical_names();
  reading.numeric_columns = model.encoder.numeric_names();
  return reading;
}

Predictions predict_table(const SavedModel& model, const CsvTable& table) {
  const Encoder& encoder = model.encoder;
  const detail::MissingRowRule rule =
      detail::missing_row_rule(encoder.input_names(), "", encoder.missing());
  MissingTally tally(rule.counted);
  const std::vector<bool> skip = detail::rows_left_out(table, rule, tally);
  if (const std::string missing = tally.describe();
      !missing.empty() && encoder.missing() == MissingPolicy::error) {
    throw DataError(located_message(
        table.source, 0, 0,
        fmt::format(
            "{}. The model was trained with {}; fill the values, or retrain with {} or drop",
            missing, mention(Setting::missing, "error"), mention(Setting::missing, "mean"))));
  }
  const std::vector<Index> rows = detail::kept_rows(skip);
  EncodeReport report;
  const Matrix design = encoder.transform(table, rows, &report);
  const Vector predicted = model.predict(design);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (std::isfinite(predicted[static_cast<Index>(k)])) continue;
    // inf or inf − inf: inputs so far outside the training data that X·w leaves double's range.
    throw DataError(located_message(table.source, 0, 0,
                                    fmt::format("row {}: its prediction is beyond the range of "
                                                "double precision (its values are far outside "
                                                "what the model was trained on)",
                                                rows[k] + 1)));
  }
  Predictions out;
  out.values = Vector::Constant(table.rows, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < rows.size(); ++k)
    out.values[rows[k]] = predicted[static_cast<Index>(k)];
  if (model.covariance) {
    out.mean_se = Vector::Constant(table.rows, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      out.mean_se[rows[k]] =
          std::sqrt(model.covariance->mean_variance(design.row(static_cast<Index>(k)).transpose()));
    }
  }
  for (std::size_t i = 0; i < skip.size(); ++i) {
    if (skip[i]) out.missing_rows.push_back(static_cast<Index>(i));
  }
  for (std::size_t k = 0; k < report.unseen_columns.size(); ++k) {
    out.warnings.push_back(
        {WarningCode::unseen_level,
         fmt::format("{} row(s) had a level of '{}' not seen in training; predicted at its "
                     "reference level",
                     report.unseen_counts[k], report.unseen_columns[k])});
  }
  if (!out.missing_rows.empty()) {
    out.warnings.push_back({WarningCode::no_prediction,
                            fmt::format("{} row(s) with missing values have no prediction (NA)",
                                        out.missing_rows.size())});
  }
  if (report.filled > 0) {
    out.warnings.push_back(
        {WarningCode::values_filled,
         fmt::format("{} missing value(s) filled with training means/modes", report.filled)});
  }
  return out;
}

Intervals prediction_intervals(const SavedModel& model, const Predictions& predictions,
                               IntervalKind kind, double level) {
  if (!model.covariance) {
    throw UsageError(
        "the model file has no covariance of its coefficients, which intervals need: save it "
        "from a fit that computes the statistics table (linreg fit --summary --model FILE)");
  }
  if (!(level > 0.0 && level < 1.0))
    throw UsageError(fmt::format("the interval's level must be between 0 and 1, got {}", level));
  const CoefficientCovariance& v = *model.covariance;
  const boost::math::students_t student(static_cast<double>(v.df));
  const double t = boost::math::quantile(boost::math::complement(student, (1.0 - level) / 2.0));
  Intervals out;
  out.se = kind == IntervalKind::confidence
               ? predictions.mean_se
               : Vector((predictions.mean_se.array().square() + v.sigma2).sqrt());
  out.lower = predictions.values - t * out.se;
  out.upper = predictions.values + t * out.se;
  return out;
}

}  // namespace linreg
