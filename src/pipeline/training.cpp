#include "linreg/training.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/number_format.hpp"
#include "linreg/random.hpp"
#include "linreg/settings.hpp"
#include "pipeline/column_checks.hpp"
#include "pipeline/missing_rows.hpp"
#include "pipeline/streamed_training.hpp"

namespace linreg {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The split: a seeded shuffle of the kept rows, the first test_size of them for testing; both
// parts back in file order.
void split_rows(std::vector<Index> rows, const TrainingSpec& spec, const std::string& source,
                PreparedData& p) {
  if (spec.test_size == 0.0) {
    p.train_rows = std::move(rows);
    return;
  }
  Rng rng(spec.seed);
  for (std::size_t i = rows.size() - 1; i > 0; --i) {
    const auto k = static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i) + 1));
    std::swap(rows[i], rows[k]);
  }
  const auto n_test =
      static_cast<std::size_t>(std::llround(spec.test_size * static_cast<double>(rows.size())));
  if (n_test == 0 || n_test >= rows.size()) {
    detail::refuse_split(source, spec, static_cast<Index>(n_test),
                         static_cast<Index>(rows.size() - n_test));
  }
  p.test_rows.assign(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_test));
  p.train_rows.assign(rows.begin() + static_cast<std::ptrdiff_t>(n_test), rows.end());
  std::sort(p.test_rows.begin(), p.test_rows.end());
  std::sort(p.train_rows.begin(), p.train_rows.end());
}

}  // namespace

void TrainingSpec::validate() const {
  if (target.empty()) throw UsageError("no target: name the column to predict");
  if (contains(drop, target))
    throw UsageError(fmt::format("'{}' is the target; it cannot be dropped", target));
  if (categorical == CategoricalMode::listed && contains(categorical_columns, target)) {
    throw UsageError(fmt::format("'{}' is the target; it cannot be categorical", target));
  }
  for (const auto& power : powers) {
    if (power.column == target)
      throw UsageError(
          fmt::format("{}: '{}' is the target, not a feature", mention(Setting::powers), target));
  }
  if (!fold_column.empty()) {
    if (fit.solver != SolverKind::penalized)
      throw UsageError("a fold column is for cross-validating a penalized fit");
    if (fold_column == target || contains(drop, fold_column))
      throw UsageError(fmt::format("the fold column '{}' is the target or dropped", fold_column));
    if (fit.penalized.lambda)
      throw UsageError("a fold column cross-validates: it takes no fixed λ");
  }
  if (!cluster_column.empty()) {
    if (cluster_column == target || contains(drop, cluster_column) || cluster_column == fold_column)
      throw UsageError(fmt::format(
          "the cluster column '{}' is the target, dropped or the fold column", cluster_column));
  }
  if (!weight_column.empty()) {
    if (weight_column == target || contains(drop, weight_column) || weight_column == fold_column ||
        weight_column == cluster_column)
      throw UsageError(fmt::format(
          "the weight column '{}' is the target, dropped, the fold or the cluster column",
          weight_column));
  }
  if (!(test_size >= 0.0 && test_size < 1.0)) {
    throw UsageError(fmt::format(
        "the test share must be 0 (no test set) or between 0 and 1, got {}", test_size));
  }
  fit.validate();
}

CsvOptions TrainingSpec::reading_options(CsvOptions reading) const {
  reading.skip_columns = drop;
  // A bad weight is named by its line.
  reading.record_lines = reading.record_lines || keep_lines || !weight_column.empty();
  if (!weight_column.empty()) reading.numeric_columns.push_back(weight_column);
  if (categorical == CategoricalMode::listed) reading.text_columns = categorical_columns;
  return reading;
}

bool TrainingSpec::streams() const {
  const bool solver = fit.solver == SolverKind::exact || fit.solver == SolverKind::penalized;
  return streaming == Streaming::automatic && solver && !keep_design && test_size == 0.0 &&
         cluster_column.empty() && powers.empty() && categorical != CategoricalMode::listed &&
         missing != MissingPolicy::mean;
}

PreparedData prepare_data(const CsvTable& table, const TrainingSpec& spec) {
  PreparedData p;
  p.source = table.source;
  p.fit_intercept = spec.fit.fit_intercept;
  p.rows_read = table.rows;
  p.row_lines = table.lines;
  if (table.rows == 0)
    throw DataError(located_message(table.source, 0, 0, "no data rows after the header"));
  detail::check_target_numeric(table, spec.target);
  detail::check_target_has_values(
      table.source, spec.target, static_cast<Index>(table.column(spec.target).missing), table.rows);
  std::vector<std::string> features;
  for (const auto& c : table.columns) {
    if (c.name != spec.target && c.name != spec.fold_column && c.name != spec.cluster_column &&
        c.name != spec.weight_column)
      features.push_back(c.name);
  }
  const std::vector<std::string> categorical =
      detail::categorical_columns(table, features, spec.categorical, spec.categorical_columns);

  const detail::MissingRowRule rule =
      detail::missing_row_rule(features, spec.target, spec.missing, spec.weight_column);
  MissingTally tally(rule.counted);
  std::vector<Index> rows = detail::kept_rows(detail::rows_left_out(table, rule, tally));
  const std::string missing_text = tally.describe();
  if (!missing_text.empty() && spec.missing == MissingPolicy::error) {
    throw DataError(
        located_message(table.source, 0, 0, detail::missing_values_error(missing_text)));
  }
  const Index left_out = table.rows - static_cast<Index>(rows.size());
  if (left_out > 0)
    p.warnings.push_back(detail::rows_left_out_warning(left_out, spec, missing_text));
  if (rows.empty())
    throw DataError(
        located_message(table.source, 0, 0, "no rows left after leaving out missing values"));
  // Rows of weight 0 go as if they were not in the table: the split, the levels and the
  // degrees of freedom are those of the others.
  if (!spec.weight_column.empty()) {
    const auto before = static_cast<Index>(rows.size());
    rows = detail::positive_weight_rows(table, spec.weight_column, rows);
    p.weight_column = spec.weight_column;
    p.zero_weight_rows = before - static_cast<Index>(rows.size());
  }
  split_rows(rows, spec, table.source, p);
  if (!spec.weight_column.empty()) {
    p.train.weights = detail::weights_of(table, spec.weight_column, p.train_rows);
    p.test_weights = detail::weights_of(table, spec.weight_column, p.test_rows);
  }
  if (!spec.fold_column.empty()) {
    detail::BadFold bad;
    p.fold_ids = detail::fold_ids_of(table, spec.fold_column, p.train_rows, bad);
    if (bad.row >= 0) detail::throw_bad_fold(table.source, spec.fold_column, bad, 0);
    detail::check_fold_count(table.source, spec.fold_column,
                             std::set<long>(p.fold_ids.begin(), p.fold_ids.end()));
  }

  if (!spec.cluster_column.empty())
    p.clusters = detail::cluster_ids_of(table, spec.cluster_column, p.train_rows);
  p.encoder = Encoder::fit(table, features, categorical, p.train_rows, spec.missing);
  detail::add_powers(table, spec, p.encoder);
  const CsvColumn& target = table.column(spec.target);
  EncodeReport train_report;
  p.train.X = p.encoder.transform(table, p.train_rows, &train_report,
                                  p.encoder.has_powers() ? &p.train.X_low : nullptr);
  p.train.y = detail::target_values(target, p.train_rows);
  p.train.feature_names = p.encoder.feature_names();
  p.train.one_hot = p.encoder.one_hot_blocks();
  p.train.target_name = spec.target;
  if (train_report.filled > 0)
    p.warnings.push_back(detail::values_filled_warning(train_report.filled));
  if (!p.test_rows.empty()) {
    EncodeReport test_report;
    p.X_test = p.encoder.transform(table, p.test_rows, &test_report);
    p.y_test = detail::target_values(target, p.test_rows);
    for (std::size_t k = 0; k < test_report.unseen_columns.size(); ++k) {
      p.warnings.push_back(detail::unseen_level_warning(test_report.unseen_counts[k],
                                                        test_report.unseen_columns[k]));
    }
  }
  return p;
}

TrainingResult fit_prepared(PreparedData data, const FitOptions& options) {
  TrainingResult r;
  r.data = std::move(data);
  const PreparedData& p = r.data;
  FitOptions with_folds = options;
  if (!p.fold_ids.empty()) with_folds.penalized.fold_ids = p.fold_ids;
  r.summary = naming_source(p.source, [&] { return fit(p.train, with_folds); });
  const auto span = [](const Vector& v) {
    return std::span<const double>(v.data(), static_cast<std::size_t>(v.size()));
  };
  r.train =
      evaluate_regression(p.train.y, r.summary.model.predict(p.train.X), span(p.train.weights));
  if (!p.test_rows.empty()) {
    r.test_predictions = r.summary.model.predict(p.X_test);
    r.test = evaluate_regression(p.y_test, *r.test_predictions, span(p.test_weights));
  }
  return r;
}

SavedModel saved_model(const TrainingResult& trained, const TrainingSpec& spec,
                       const CsvOptions& reading) {
  SavedModel saved = make_saved_model(trained.data.train, trained.data.encoder, spec.fit,
                                      trained.summary, trained.train);
  saved.test_size = spec.test_size;
  saved.seed = spec.seed;
  saved.na_values = reading.na_values;
  return saved;
}

PathResult trace_path(TableSource& source, const CsvOptions& reading, const TrainingSpec& spec) {
  spec.validate();
  if (spec.streams()) {
    if (std::optional<PathResult> streamed =
            detail::path_streamed(source, spec.reading_options(reading), spec))
      return std::move(*streamed);
  }
  const CsvTable table = source.read(spec.reading_options(reading));
  PathResult r{prepare_data(table, spec), {}, 0};
  r.rows = r.data.train.n_rows();
  FitOptions options = spec.fit;
  if (!r.data.fold_ids.empty()) options.penalized.fold_ids = r.data.fold_ids;
  r.path = naming_source(r.data.source, [&] { return penalized_path(r.data.train, options); });
  return r;
}

TrainingResult train(TableSource& source, const CsvOptions& reading, const TrainingSpec& spec) {
  spec.validate();
  const CsvOptions options = spec.reading_options(reading);
  if (spec.streams()) {
    if (std::optional<TrainingResult> streamed = detail::train_streamed(source, options, spec))
      return std::move(*streamed);
  }
  const CsvTable table = source.read(options);
  return fit_prepared(prepare_data(table, spec), spec.fit);
}

}  // namespace linreg
