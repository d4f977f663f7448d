#pragma once
// The library's pipeline from a table to a trained model: which columns, missing values, the
// encoder, derived features, the train/test split, the fit and its metrics. Every front end (the
// program, Python, MPI) describes what to train in a TrainingSpec and calls train(); none of them
// prepares data itself.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "linreg/csv.hpp"
#include "linreg/dataset.hpp"
#include "linreg/encoder.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/metrics.hpp"
#include "linreg/model_io.hpp"
#include "linreg/penalized.hpp"
#include "linreg/warning.hpp"

namespace linreg {

// Which feature columns are categorical (one-hot encoded).
enum class CategoricalMode {
  automatic,  // the columns that hold text (a mostly numeric one is refused: a dirty number)
  none,       // none: a feature column that holds text is an error
  listed,     // TrainingSpec::categorical_columns, whatever they hold, and the text columns
};

// Features x², …, x^degree of a numeric column beside x itself.
struct PowerFeature {
  std::string column;
  int degree = 1;
};

// Whether the rows may be folded in a block at a time without being kept (the exact and the
// penalized solvers on a file larger than memory). Streaming happens only where it gives the
// same answer.
enum class Streaming { automatic, never };

struct TrainingSpec {
  std::string target;
  std::vector<std::string> drop;  // columns left out entirely
  CategoricalMode categorical = CategoricalMode::automatic;
  std::vector<std::string> categorical_columns;  // CategoricalMode::listed
  MissingPolicy missing = MissingPolicy::error;
  std::vector<PowerFeature> powers;
  double test_size = 0.0;  // the share of the rows held out for testing, in [0, 1)
  std::uint64_t seed = 0;  // of the shuffle that makes the split
  FitOptions fit;
  // A column of each row's cross-validation fold (1, 2, …: glmnet's foldid) for the penalized
  // solver: not a feature; its values for the training rows become fit.penalized.fold_ids.
  std::string fold_column;
  // A column of each row's cluster for the statistics table's cluster covariance (any values,
  // text or numbers; equal values are one cluster): not a feature; its values for the training
  // rows become PreparedData::clusters. The rows are kept (no streaming).
  std::string cluster_column;
  // A column of each row's weight for weighted least squares (minimize Σ wᵢ·rᵢ²; finite and
  // ≥ 0): not a feature. A row of weight 0 is left out as if it were not in the table (before the
  // split and the encoder's levels); a missing weight leaves its row out as a missing target does.
  // The fit, its metrics and the statistics are weighted.
  std::string weight_column;
  Streaming streaming = Streaming::automatic;
  // The caller needs the training design after the fit (statistics, charts): no streaming.
  bool keep_design = false;
  // Each data row's line in the file (PreparedData::row_lines), for output that names rows.
  bool keep_lines = false;

  // UsageError naming the setting: no target, a target that is dropped, categorical or given
  // powers, a test share outside [0, 1), a fold column without the penalized solver or that is
  // the target or dropped, a weight column that is the target, dropped, the fold or the cluster
  // column; and FitOptions::validate(). (A power's degree is
  // checked by the encoder, which knows the column.)
  void validate() const;
  // The reading this spec needs on top of `reading`: the dropped columns skipped, the listed
  // categorical ones read as text.
  [[nodiscard]] CsvOptions reading_options(CsvOptions reading) const;
  // Whether train() and trace_path() fold the rows in blocks: the exact or the penalized solver,
  // and nothing that needs all the rows at once (a split, powers, listed categoricals, mean
  // filling, keep_design). (The penalized fit keeps the rows itself where it needs them:
  // linreg/streaming_penalized.hpp.)
  [[nodiscard]] bool streams() const;
};

// The data after missing values, the split and the encoder.
struct PreparedData {
  std::string source;
  bool fit_intercept = true;
  Index rows_read = 0;
  std::vector<Index> train_rows;  // 0-based data rows of the table
  std::vector<Index> test_rows;
  Encoder encoder;
  Dataset train;
  Matrix X_test;
  Vector y_test;
  std::vector<Warning> warnings;
  bool streamed = false;  // folded a block at a time: `train` has the names but no rows
  // Read by the distributed pipeline (linreg/distributed.hpp: several processes, or several
  // files), by this many processes.
  bool distributed = false;
  int processes = 1;
  std::vector<long> fold_ids;  // the training rows' folds, with TrainingSpec::fold_column
  std::vector<long> clusters;  // the training rows' clusters, with TrainingSpec::cluster_column
  Vector test_weights;  // the test rows' weights, with TrainingSpec::weight_column (train.weights)
  std::string weight_column;           // TrainingSpec::weight_column
  Index zero_weight_rows = 0;          // rows left out for their weight of 0
  std::vector<std::size_t> row_lines;  // each data row's line, with TrainingSpec::keep_lines
};

// What train() returns: the data, the fit, and how well it does on the training and test rows.
struct TrainingResult {
  PreparedData data;
  FitSummary summary;
  RegressionMetrics train;
  std::optional<RegressionMetrics> test;
  std::optional<Vector> test_predictions;  // with a test split
  // The statistics table (classical covariance, diagnostics) computed with the fit where the
  // rows are not kept for infer(): a distributed fit with TrainingSpec::keep_design
  // (linreg/distributed.hpp).
  std::optional<InferenceTable> statistics;
};

// Where the rows come from. A front end opens the file or standard input, and shows progress.
class TableSource {
 public:
  virtual ~TableSource() = default;
  // The whole table.
  [[nodiscard]] virtual CsvTable read(const CsvOptions& options) = 0;
  // The table a block of rows at a time (read_csv_blocks).
  virtual void read_blocks(const CsvOptions& options, const CsvBlockTask& task) = 0;
  // False when the rows cannot be read twice (standard input).
  [[nodiscard]] virtual bool rereadable() const = 0;
  // The name messages give it ("<stdin>" for standard input).
  [[nodiscard]] virtual std::string name() const = 0;
};

// Reads, prepares and fits: streamed when spec.streams() and the file allows it (a text feature
// column needs all its levels first: then the table is read again whole, when it can be).
// UsageError for a bad spec; DataError naming the source for the data.
TrainingResult train(TableSource& source, const CsvOptions& reading, const TrainingSpec& spec);

// The preparation alone, on a table read with spec.reading_options(): the rows kept by the
// missing-value policy, the split, the encoder fitted on the training rows, the designs.
PreparedData prepare_data(const CsvTable& table, const TrainingSpec& spec);

// The fit and the metrics on prepared data (in memory).
TrainingResult fit_prepared(PreparedData data, const FitOptions& options);

// The penalized path of the spec's data (spec.fit names the penalized solver): the preparation
// of train() (streamed as there), then penalized_path() on the training rows, cross-validated
// when the options or the fold column ask.
struct PathResult {
  PreparedData data;  // without rows when streamed (data.streamed)
  PenalizedPath path;
  Index rows = 0;  // the training rows the path was fitted on
};
PathResult trace_path(TableSource& source, const CsvOptions& reading, const TrainingSpec& spec);

// The model file's contents for a trained model: its encoder, weights, what was asked for (the
// spec, the reading's missing-value tokens) and how training went.
SavedModel saved_model(const TrainingResult& trained, const TrainingSpec& spec,
                       const CsvOptions& reading);

}  // namespace linreg
