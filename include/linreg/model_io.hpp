#pragma once
// The model file: versioned JSON with separate config, preprocessing and weights blocks.
// Model I/O is kept apart from the model: LinearModel itself never touches a file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/encoder.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/linear_model.hpp"
#include "linreg/metrics.hpp"
#include "linreg/scaler.hpp"

namespace linreg {

inline constexpr int kModelFormatVersion = 1;

// A penalized model's penalty (config.penalty in the file): what was fitted, at which λ, and how
// that λ was chosen.
struct SavedPenalty {
  Penalty penalty = Penalty::lasso;
  double l1_ratio = 1.0;
  double lambda = 0.0;
  LambdaChoice choice = LambdaChoice::given;
  long folds = 0;  // of the cross-validation that chose λ (0 when given; n for leave-one-out)
  long nonzero = 0;
};

struct SavedModel {
  // config: what was asked for
  std::string target_name;
  std::vector<std::string> feature_names;  // the design's features (after one-hot encoding)
  SolverKind solver = SolverKind::exact;
  Scaling scaling = Scaling::standard;
  bool fit_intercept = true;
  std::optional<double> learning_rate;  // empty: auto
  long max_iterations = 0;
  double tolerance = 0.0;
  double test_size = 0.0;
  std::uint64_t seed = 0;
  // Tokens the training file's reading took as missing beside the built-in ones (CsvOptions::
  // na_values): predict reads them as missing too. Optional in the file (none when absent).
  std::vector<std::string> na_values;
  std::optional<SavedPenalty> penalty;  // the penalized solver's
  // The coefficients' covariance, for intervals around predictions: saved when the fit computed
  // the statistics table (optional in the file, key "inference"; none when absent).
  std::optional<CoefficientCovariance> covariance;
  // preprocessing: how input columns become features (applied at predict time), and the
  // scaler used in training (informative: the weights below are already in original units)
  Encoder encoder;
  std::optional<StandardScaler> scaler;
  // weights, in original units
  LinearModel model;
  // how training went
  StopReason stop_reason = StopReason::solved;
  long iterations = 0;
  long refinement_steps = 0;  // exact: refinement steps of the solution
  RegressionMetrics train;

  // Predictions for a design built by `encoder` (columns in feature_names order).
  [[nodiscard]] Vector predict(MatrixRef X) const { return model.predict(X); }
};

SavedModel make_saved_model(const DatasetView& data, const Encoder& encoder,
                            const FitOptions& options, const FitSummary& summary,
                            const RegressionMetrics& train);

std::string model_to_json(const SavedModel& saved);
// DataError naming `source` and the key when a key is missing, has the wrong type or the
// format_version is not one this build reads.
SavedModel model_from_json(const std::string& text, const std::string& source);

// Written to a temporary file in the same folder, flushed to disk, then renamed over `path`:
// a crash leaves either the old file or the new one, never half a model.
void save_model(const SavedModel& saved, const std::filesystem::path& path);
SavedModel load_model(const std::filesystem::path& path);

}  // namespace linreg
