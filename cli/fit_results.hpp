#pragma once
// What `linreg fit` worked on and found, and the pieces every front end shows of it: the
// printed table, the JSON object and the HTML report are built from the same tables.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "linreg/chart.hpp"
#include "linreg/dataset.hpp"
#include "linreg/errors.hpp"
#include "linreg/encoder.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/metrics.hpp"
#include "linreg/streaming_fit.hpp"

namespace linreg::cli {

// The data after reading, splitting and encoding.
struct Prepared {
  std::string source;
  bool fit_intercept = true;
  Index rows_read = 0;
  std::vector<Index> train_rows;
  std::vector<Index> test_rows;
  Encoder encoder;
  Dataset train;
  Matrix X_test;
  Vector y_test;
  std::vector<std::string> warnings;
  bool streamed = false;  // folded in a block at a time (train has names, no rows)
};

// Reads FILE (shown on `progress`), leaves out or fills missing values, splits, encodes.
// DataError / UsageError.
Prepared prepare(const FitArgs& args, const Streams& io, ProgressLine& progress);

// Shared by the in-memory and the streaming reading of `fit`.
CsvOptions csv_options(const FitArgs& args);  // UsageError for a dropped or categorical target
char parse_delimiter(const std::string& text);
std::vector<std::string> split_list(const std::string& text);
// Runs `work` and names `source` in its DataErrors that do not name it yet: the library's
// messages about the data ("the target 'y' reaches ...") do not know which file it came from.
template <typename Work>
auto naming_source(const std::string& source, const Work& work) {
  try {
    return work();
  } catch (const DataError& e) {
    const std::string what = e.what();
    if (what.rfind(source + ":", 0) == 0) throw;
    throw DataError(located_message(source, 0, 0, what));
  }
}

// DataError at the target's first text value.
void check_target_numeric(const CsvTable& table, const std::string& target);
// DataError at the first cell of a mostly numeric text column (mostly_numeric) that is not a
// number: how many such cells there are (counted_in says where they were counted, "" for the
// whole table) and the ways out.
[[noreturn]] void refuse_mostly_numeric(const CsvTable& table, const CsvColumn& c, const std::string& counted_in);
// DataError when every target value is missing.
void check_target_has_values(const std::string& source, const std::string& target, Index missing, Index rows);
// The feature columns that hold text; DataError at the first text value when `mode` is "none".
std::vector<std::string> categorical_columns(const CsvTable& table, const std::vector<std::string>& features,
                                             const std::string& mode);
// The missing-value error's message, from describe_missing's text.
std::string missing_values_error(const std::string& missing_text);

// The streaming path: `fit --solver exact` folds the file into a StreamingExactFit a block of
// rows at a time and never holds the rows, when nothing asked for needs them (a test split,
// charts, a report, --poly, --missing mean, listed categorical columns, --summary, --in-memory).
bool can_stream(const FitArgs& args);
struct StreamedData {
  Prepared prepared;  // train holds the names but no rows
  StreamedFit fit;
};
// Empty when a feature column of a file turned out to hold text (categorical encoding needs all
// its levels first): the caller reads the file again in memory. From standard input that is a
// DataError instead, since the rows read are gone.
std::optional<StreamedData> stream_fit(const FitArgs& args, const Streams& io, ProgressLine& progress,
                                       const FitOptions& options);

struct FitResults {
  const Prepared& data;
  const FitSummary& summary;
  RegressionMetrics train;
  std::optional<RegressionMetrics> test;
  std::optional<InferenceTable> inference;  // with --summary (and for the report)
  std::string inference_note;               // why there is no statistics table, when there is none
};

// "cars.csv: 1,000 rows read, 5 input columns, 4 features, target 'price'".
std::string data_line(const FitResults& r);
// "split: 800 for training, 200 for testing"; empty without a test set.
std::string split_line(const FitResults& r);
// How the solver ran: one or two lines.
std::vector<std::string> solver_lines(const FitResults& r);
// (intercept) and the features with their coefficients, the first `max_rows` features.
TextTable coefficients_table(const FitResults& r, std::size_t max_rows);
TextTable metrics_table(const FitResults& r);
TextTable inference_table(const InferenceTable& t);
// n, degrees of freedom, R², F, σ, log-likelihood, AIC, BIC, condition number.
std::vector<std::string> inference_lines(const InferenceTable& t);
// The data's, the solver's and the statistics' warnings, in that order.
std::vector<std::string> all_warnings(const FitResults& r);

void print_table(const FitResults& r, std::ostream& out);
void print_json(const FitResults& r, const std::vector<std::filesystem::path>& chart_files, std::ostream& out);

// The self-contained HTML report (`--report FILE`): the tables above and the charts inline.
std::string fit_report_html(const FitResults& r, const std::vector<Chart>& charts);

}  // namespace linreg::cli
