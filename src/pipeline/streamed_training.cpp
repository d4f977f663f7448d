#include "pipeline/streamed_training.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <variant>

#include "linreg/errors.hpp"
#include "linreg/number_format.hpp"
#include "linreg/settings.hpp"
#include "linreg/streaming_fit.hpp"
#include "linreg/streaming_penalized.hpp"
#include "pipeline/column_checks.hpp"
#include "pipeline/missing_rows.hpp"

namespace linreg::detail {
namespace {

// A feature column of the file holds text: encoding it needs all its levels before fitting.
struct TextColumnFound {
  std::string column;
  CellLocation where;
};

// A weight is negative: the in-memory reading names its line, which a block does not know.
struct BadWeightFound {
  std::string message;  // naming its data row, for a source that cannot be read again
};

// The streamed fit of the spec's solver: the exact one, or the penalized one (which takes each
// row's fold with it when the folds come from a column).
class StreamedFitter {
 public:
  StreamedFitter(const std::vector<std::string>& features, const std::string& target,
                 const FitOptions& options) {
    if (options.solver == SolverKind::penalized) {
      penalized_.emplace(features, target, options);
    } else {
      exact_.emplace(features, target, options);
    }
  }
  using Share = std::variant<StreamingExactFit::Block, StreamingPenalizedFit::Block>;
  // `weights`: empty, or one per row.
  [[nodiscard]] Share prepare(const Matrix& X, const Vector& y, std::vector<long> folds,
                              const Vector& weights) const {
    if (penalized_ && weights.size() > 0)
      return penalized_->prepare(X, y, std::move(folds), weights);
    if (penalized_) return penalized_->prepare(X, y, std::move(folds));
    if (weights.size() > 0) return exact_->prepare(X, y, weights);
    return exact_->prepare(X, y);
  }
  void add(Share&& share) {
    if (penalized_) {
      penalized_->add(std::get<StreamingPenalizedFit::Block>(std::move(share)));
    } else {
      exact_->add(std::get<StreamingExactFit::Block>(std::move(share)));
    }
  }
  [[nodiscard]] Index rows() const { return penalized_ ? penalized_->rows() : exact_->rows(); }
  [[nodiscard]] StreamedFit finish() const {
    return penalized_ ? penalized_->finish() : exact_->finish();
  }
  [[nodiscard]] PenalizedPath path() const {
    if (!penalized_) throw std::invalid_argument("a penalized path needs the penalized solver");
    return penalized_->path();
  }

 private:
  std::optional<StreamingExactFit> exact_;
  std::optional<StreamingPenalizedFit> penalized_;
};

// What one streamed reading leaves: the prepared data without its rows (names, counts,
// warnings) and the fitter holding their state.
struct StreamedReading {
  PreparedData data;
  std::vector<std::string> features;
  std::optional<StreamedFitter> fitter;
};

// Reads the source a block at a time into the fitter. Empty when a feature column turned out to
// hold text and the source can be read again (see train_streamed).
std::optional<StreamedReading> read_streamed(TableSource& source, const CsvOptions& options,
                                             const TrainingSpec& spec) {
  const MissingPolicy missing = spec.missing;
  const std::string& target = spec.target;
  const std::string& fold_column = spec.fold_column;
  const std::string& weight_column = spec.weight_column;
  StreamedReading out;
  // Set up by whichever block is parsed first (every block has the same columns).
  std::once_flag setup;
  std::string source_name;
  std::vector<std::string>& features = out.features;
  std::optional<MissingRowRule> rule;
  std::optional<StreamedFitter>& fitter = out.fitter;
  std::optional<MissingTally> tally;
  std::set<long> folds_seen;
  Index rows_read = 0;
  Index zero_weights = 0;
  Index target_missing = 0;
  bool missing_found = false;
  // On a parsing thread: checks, the rows to keep, and the block's share of the fit.
  const auto task = [&](CsvTable&& parsed) -> std::function<void(Index)> {
    std::call_once(setup, [&] {
      source_name = parsed.source;
      (void)parsed.column(target);  // DataError listing the columns when there is none
      if (!fold_column.empty()) (void)parsed.column(fold_column);  // DataError when absent
      if (!weight_column.empty()) (void)parsed.column(weight_column);
      for (const auto& c : parsed.columns) {
        if (c.name != target && c.name != fold_column && c.name != weight_column)
          features.push_back(c.name);
      }
      // Names are checked before any row is folded in (a column named like the intercept term).
      std::vector<InputColumn> named(features.size());
      for (std::size_t j = 0; j < features.size(); ++j) named[j].name = features[j];
      naming_source(source_name, [&] { return Encoder(std::move(named), missing); });
      fitter.emplace(features, target, spec.fit);
      rule = missing_row_rule(features, target, missing, weight_column);
      tally.emplace(rule->counted);
    });
    const CsvTable block = std::move(parsed);
    check_target_numeric(block, target);
    if (spec.categorical == CategoricalMode::none)
      (void)categorical_columns(block, features, CategoricalMode::none, {});
    for (const auto& name : features) {
      const CsvColumn& c = block.column(name);
      if (c.kind != ColumnKind::text) continue;
      // From a file the in-memory path reads it again, and counts over the whole table.
      if (!source.rereadable() && mostly_numeric(c))
        refuse_mostly_numeric(block, c, " in one block of rows");
      throw TextColumnFound{name, c.first_text};
    }
    auto counts = std::make_shared<MissingTally>(rule->counted);
    const std::vector<bool> skip = rows_left_out(block, *rule, *counts);
    const auto kept = static_cast<Index>(std::count(skip.begin(), skip.end(), false));
    Matrix X(kept, static_cast<Index>(features.size()));
    Vector y(kept);
    for (std::size_t j = 0; j <= features.size(); ++j) {
      const std::vector<double>& values =
          block.column(j < features.size() ? features[j] : target).numbers;
      Index out = 0;
      for (Index i = 0; i < block.rows; ++i) {
        if (skip[static_cast<std::size_t>(i)]) continue;
        if (j < features.size()) {
          X(out++, static_cast<Index>(j)) = values[static_cast<std::size_t>(i)];
        } else {
          y[out++] = values[static_cast<std::size_t>(i)];
        }
      }
    }
    // The kept rows' weights; a negative one is named in file order, as a bad fold is.
    Vector weights;
    BadFold bad_weight;
    Index zero_here = 0;
    if (!weight_column.empty()) {
      const std::vector<Index> kept_at = kept_rows(skip);
      weights = weights_of(block, weight_column, kept_at);
      for (Index k = 0; k < weights.size(); ++k) {
        if (weights[k] < 0.0 && bad_weight.row < 0)
          bad_weight = {kept_at[static_cast<std::size_t>(k)], weights[k]};
        zero_here += weights[k] == 0.0 ? 1 : 0;
      }
    }
    BadFold bad;
    std::vector<long> folds;
    if (!fold_column.empty()) folds = fold_ids_of(block, fold_column, kept_rows(skip), bad);
    auto block_folds = std::make_shared<std::set<long>>(folds.begin(), folds.end());
    // A fold number that is not one is named in file order, where its row's place is known.
    auto share = bad.row >= 0 || bad_weight.row >= 0
                     ? nullptr
                     : std::make_shared<StreamedFitter::Share>(
                           fitter->prepare(X, y, std::move(folds), weights));
    // In file order: the counts, and the merge. Only O(d²) numbers and the counts wait for it;
    // the block's rows are freed here, on the parsing thread.
    const Index rows = block.rows;
    const auto target_missing_here = static_cast<Index>(block.column(target).missing);
    return [&, counts, share, block_folds, bad, bad_weight, zero_here, rows,
            target_missing_here](Index first_row) {
      if (bad_weight.row >= 0) {
        throw BadWeightFound{located_message(
            source_name, 0, 0,
            fmt::format("the weight column '{}' holds {} in data row {}: weights must be ≥ 0",
                        weight_column, bad_weight.value, first_row + bad_weight.row + 1))};
      }
      if (bad.row >= 0) throw_bad_fold(source_name, fold_column, bad, first_row);
      zero_weights += zero_here;
      folds_seen.insert(block_folds->begin(), block_folds->end());
      rows_read += rows;
      target_missing += target_missing_here;
      tally->merge(*counts);
      // Under --missing error the file is read to the end, to name every column with missing
      // values as the in-memory path does, but nothing more is fitted.
      missing_found =
          missing_found || (missing == MissingPolicy::error && tally->rows_affected() > 0);
      if (!missing_found) fitter->add(std::move(*share));
    };
  };
  try {
    naming_source(source.name(), [&] {
      source.read_blocks(options, task);
      return 0;
    });
  } catch (const BadWeightFound& found) {
    if (source.rereadable()) return std::nullopt;
    throw DataError(found.message);
  } catch (const TextColumnFound& found) {
    if (source.rereadable()) return std::nullopt;
    throw DataError(located_message(
        source_name, found.where.line, found.where.column,
        fmt::format("column '{}' holds text ('{}'): encoding it as categorical needs all of its "
                    "levels before "
                    "fitting, and a fit from standard input streams its rows without keeping them. "
                    "Read the "
                    "data from a file, add {}, or {}",
                    found.column, printable(found.where.value), mention(Setting::in_memory),
                    mention(Setting::drop, found.column))));
  }
  if (!fitter || rows_read == 0) {
    const std::string name = !source_name.empty() ? source_name : source.name();
    throw DataError(located_message(name, 0, 0, "no data rows after the header"));
  }
  check_target_has_values(source_name, target, target_missing, rows_read);
  PreparedData& p = out.data;
  p.source = source_name;
  p.fit_intercept = spec.fit.fit_intercept;
  p.rows_read = rows_read;
  const std::string missing_text = tally->describe();
  if (!missing_text.empty()) {
    if (missing == MissingPolicy::error) {
      throw DataError(located_message(source_name, 0, 0, missing_values_error(missing_text)));
    }
    p.warnings.push_back({WarningCode::rows_left_out,
                          fmt::format("{} left out: a missing value in a used column ({})",
                                      plural(tally->rows_affected(), "row"), missing_text)});
  }
  if (fitter->rows() == 0) {
    throw DataError(located_message(
        source_name, 0, 0,
        zero_weights > 0
            ? fmt::format("every weight in the weight column '{}' is 0: a weighted fit needs at "
                          "least one row of positive weight",
                          weight_column)
            : std::string("no rows left after leaving out missing values")));
  }
  p.weight_column = weight_column;
  p.zero_weight_rows = zero_weights;
  if (!fold_column.empty()) check_fold_count(source_name, fold_column, folds_seen);
  p.train.X = Matrix(0, static_cast<Index>(features.size()));
  p.train.feature_names = features;
  p.train.target_name = target;
  p.streamed = true;
  return out;
}

}  // namespace

std::optional<TrainingResult> train_streamed(TableSource& source, const CsvOptions& options,
                                             const TrainingSpec& spec) {
  std::optional<StreamedReading> reading = read_streamed(source, options, spec);
  if (!reading) return std::nullopt;
  TrainingResult out;
  out.data = std::move(reading->data);
  PreparedData& p = out.data;
  StreamedFit fit = naming_source(p.source, [&] { return reading->fitter->finish(); });
  out.summary = std::move(fit.summary);
  out.train = fit.training;
  const std::vector<std::string>& features = reading->features;
  std::vector<InputColumn> inputs;
  for (std::size_t j = 0; j < features.size(); ++j) {
    InputColumn c;
    c.name = features[j];
    c.mean = fit.feature_means[static_cast<Index>(j)];
    inputs.push_back(std::move(c));
  }
  // The names were checked before the first row.
  p.encoder = Encoder(std::move(inputs), spec.missing);
  return out;
}

std::optional<PathResult> path_streamed(TableSource& source, const CsvOptions& options,
                                        const TrainingSpec& spec) {
  std::optional<StreamedReading> reading = read_streamed(source, options, spec);
  if (!reading) return std::nullopt;
  PathResult out{std::move(reading->data), {}, reading->fitter->rows()};
  out.path = naming_source(out.data.source, [&] { return reading->fitter->path(); });
  return out;
}

}  // namespace linreg::detail
