#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "io_util.hpp"
#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"
#include "linreg/model_io.hpp"

namespace linreg::cli {

namespace {

// The model file, or standard input for '-'.
SavedModel read_model(const PredictArgs& args, const Streams& io) {
  if (args.model != "-") return load_model(args.model);
  if (args.file == "-") {
    throw UsageError("--model - and FILE - both read standard input: give one of them a file name");
  }
  std::ostringstream text;
  text << io.in.rdbuf();
  return model_from_json(text.str(), "<stdin>");
}

}  // namespace

void run_predict(const PredictArgs& args, const Streams& io) {
  const SavedModel model = read_model(args, io);
  const Encoder& encoder = model.encoder;
  CsvOptions csv;
  apply_reading(args.reading, csv);
  // The training file's missing-value tokens are missing here too, beside those given now.
  for (const auto& token : model.na_values) {
    if (std::find(csv.na_values.begin(), csv.na_values.end(), token) == csv.na_values.end()) {
      csv.na_values.push_back(token);
    }
  }
  csv.use_columns = encoder.input_names();
  csv.text_columns = encoder.categorical_names();
  csv.numeric_columns = encoder.numeric_names();
  ProgressLine progress(io.err, io.err_is_terminal && !args.quiet, io.progress_delay);
  const CsvTable table = read_table(args.file, io, csv, &progress);
  progress.finish();

  // Rows that can be predicted, by the model's missing-value policy.
  std::vector<Index> rows;
  const std::string missing = describe_missing(table, encoder.input_names());
  if (!missing.empty() && encoder.missing() == MissingPolicy::error) {
    throw DataError(located_message(
        table.source, 0, 0,
        missing + ". The model was trained with --missing error; fill the values, or retrain with "
                  "--missing mean or drop"));
  }
  const std::vector<bool> skip = encoder.missing() == MissingPolicy::drop
                                     ? rows_with_missing(table, encoder.input_names())
                                     : std::vector<bool>(static_cast<std::size_t>(table.rows), false);
  for (Index i = 0; i < table.rows; ++i) {
    if (!skip[static_cast<std::size_t>(i)]) rows.push_back(i);
  }
  EncodeReport report;
  const Vector predicted = model.predict(encoder.transform(table, rows, &report));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (std::isfinite(predicted[static_cast<Index>(k)])) continue;
    // inf or inf − inf: inputs so far outside the training data that X·w leaves double's range.
    throw DataError(located_message(
        table.source, 0, 0,
        fmt::format("row {}: its prediction is beyond the range of double precision (its values are far outside "
                    "what the model was trained on)",
                    rows[k] + 1)));
  }
  Vector out = Vector::Constant(table.rows, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < rows.size(); ++k) out[rows[k]] = predicted[static_cast<Index>(k)];

  for (std::size_t k = 0; k < report.unseen_columns.size(); ++k) {
    io.err << fmt::format(
        "linreg: warning: {} row(s) had a level of '{}' not seen in training; predicted at its "
        "reference level\n",
        report.unseen_counts[k], report.unseen_columns[k]);
  }
  if (table.rows > static_cast<Index>(rows.size())) {
    io.err << fmt::format("linreg: warning: {} row(s) with missing values have no prediction (NA)\n",
                          table.rows - static_cast<Index>(rows.size()));
  }
  if (report.filled > 0) {
    io.err << fmt::format("linreg: warning: {} missing value(s) filled with training means/modes\n",
                          report.filled);
  }
  write_output(args.out, io, "predictions",
               [&](std::ostream& o) { write_csv(o, {"prediction"}, out); });
}

}  // namespace linreg::cli
