#pragma once
// The subcommands: each parses nothing itself (app.cpp does), reads its settings struct, and
// throws linreg::DataError for data trouble, UsageError for bad arguments.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app.hpp"
#include "linreg/csv.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/training.hpp"

namespace linreg::cli {

using linreg::UsageError;

struct DemoArgs {
  std::uint64_t seed = 42;
  std::string rng = "ours";     // ours, or torch: PyTorch's generator and float32, as the article
  std::string grad = "manual";  // manual or autograd
  std::string plots_dir;        // empty: no charts
};
void run_demo(const DemoArgs& args, const Streams& io);

struct GenerateHouseArgs {
  long rows = 100;
  std::uint64_t seed = 42;
  std::string out;  // empty: stdout
};
void run_generate_house(const GenerateHouseArgs& args, const Streams& io);

struct GenerateLinearArgs {
  long rows = 1000;
  long cols = 20;
  std::uint64_t seed = 42;
  double noise = 1.0;
  std::string out;  // empty: stdout
};
void run_generate_linear(const GenerateLinearArgs& args, const Streams& io);

// How the CSV's bytes are read, shared by fit and predict.
struct ReadingArgs {
  std::string delimiter;  // empty: detect; one character, or "tab"
  std::string na_values;  // comma-separated tokens read as missing, beside the built-in ones
  std::string decimal = ".";
  std::string encoding = "utf8";
};
// Sets the delimiter, missing-value tokens, decimal separator and encoding of `csv`; UsageError
// for a bad delimiter, or a decimal comma with ',' as the delimiter.
void apply_reading(const ReadingArgs& args, CsvOptions& csv);
// "a,b,,c" -> {"a", "b", "c"}: the comma-separated lists of the options.
std::vector<std::string> split_list(const std::string& text);
char parse_delimiter(const std::string& text);
// The columns of a spec from the flags --target, --drop, --categorical (auto, none or a list)
// and --missing (fit and path alike).
void set_columns(const std::string& target, const std::vector<std::string>& drop,
                 const std::string& categorical, const std::string& missing,
                 TrainingSpec& spec);  // UsageError unless one character or "tab"

// The penalty's flags, shared by fit and path. Empty strings: not given.
struct PenaltyArgs {
  std::string penalty;              // ridge, lasso or elasticnet; empty: no penalty (fit)
  std::optional<double> l1_ratio;   // elasticnet only (default 0.5, scikit-learn's)
  std::string lambda;               // fit: a number >= 0, or cv (the default)
  std::string lambda_rule = "1se";  // fit with cv: min or 1se (glmnet's default)
  long nlambda = PenaltyOptions{}.n_lambda;
  std::optional<double> lambda_min_ratio;
  std::string folds;   // a count >= 2, or loo (ridge); fit's default 10, path's none
  std::string foldid;  // a column of fold numbers
};

struct FitArgs {
  std::string file;                // the first of `files`
  std::vector<std::string> files;  // one table: several files have the same header
  std::string target;
  std::vector<std::string> drop;
  std::string solver = "exact";
  std::string learning_rate = "auto";
  long iterations = GradientDescentOptions{}.max_iterations;
  double tolerance = GradientDescentOptions{}.tolerance;
  std::string scale = "standard";
  std::string grad = "manual";  // manual or autograd
  std::string dtype = "f64";    // f64 or f32 (gd)
  bool no_intercept = false;
  std::vector<std::string> poly;     // COL:DEG
  std::string categorical = "auto";  // auto, none, or a comma-separated list of columns
  std::string missing = "error";
  double test_size = 0.0;
  std::uint64_t seed = 0;
  ReadingArgs reading;
  std::string model_out;
  std::string plots_dir;       // empty: no charts
  std::string report_file;     // empty: no HTML report
  std::string influence_file;  // empty: no influence table
  bool quiet = false;          // no progress bar
  bool json = false;
  bool summary = false;
  bool vif = false;  // the VIF column in the statistics table (implies summary)
  std::string cov =
      "nonrobust";         // the table's covariance: a type, or cluster:COL (implies summary)
  bool in_memory = false;  // never stream, even when the exact solver could
  std::string weights;     // the weight column (weighted least squares), or ""
  PenaltyArgs penalty;
};
void run_fit(const FitArgs& args, const Streams& io);

struct PathArgs {
  std::string file;
  std::string target;
  std::vector<std::string> drop;
  std::string categorical = "auto";
  std::string missing = "error";
  bool no_intercept = false;
  std::string scale = "standard";
  double tolerance = PenaltyOptions{}.tolerance;
  std::uint64_t seed = 0;  // of the folds
  ReadingArgs reading;
  PenaltyArgs penalty;
  std::string plots_dir;  // empty: no charts
  bool quiet = false;
  bool json = false;
  bool in_memory = false;  // never stream
  std::string weights;     // the weight column, or ""
};
void run_path(const PathArgs& args, const Streams& io);

// The penalty flags into the options: solver penalized, FitOptions::penalized (the fold column,
// --foldid, goes to the TrainingSpec); `fit`: a fixed λ, or cross-validation by 10 folds unless
// told otherwise, and the rule. UsageError for a bad value (--lambda, --folds).
void apply_penalty(const PenaltyArgs& args, std::uint64_t seed, bool fit, FitOptions& options);

struct PredictArgs {
  std::string model;
  std::string file;
  std::string out;  // empty: stdout
  ReadingArgs reading;
  bool quiet = false;    // no progress bar
  std::string interval;  // empty, confidence or prediction
  double level = 0.95;
};
void run_predict(const PredictArgs& args, const Streams& io);

}  // namespace linreg::cli
