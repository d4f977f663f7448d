#include <fmt/format.h>

#include <sstream>

#include "commands.hpp"
#include "io_util.hpp"
#include "linreg/errors.hpp"
#include "linreg/model_io.hpp"
#include "linreg/prediction.hpp"
#include "setting_flags.hpp"

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
  if (!args.interval.empty() && !model.covariance) {  // said before the rows are read
    (void)prediction_intervals(model, Predictions{}, IntervalKind::confidence, args.level);
  }
  CsvOptions csv;
  apply_reading(args.reading, csv);
  ProgressLine progress(io.err, io.err_is_terminal && !args.quiet, io.progress_delay);
  const CsvTable table = read_table(args.file, io, prediction_reading(model, csv), &progress);
  progress.finish();
  const Predictions predictions = predict_table(model, table);
  for (const auto& warning : predictions.warnings)
    io.err << "linreg: warning: " << render_for_cli(warning.text) << '\n';
  if (args.interval.empty()) {
    write_output(args.out, io, "predictions",
                 [&](std::ostream& o) { write_csv(o, {"prediction"}, predictions.values); });
    return;
  }
  const IntervalKind kind = *find_in(kIntervalKindNames, args.interval);
  const Intervals intervals = prediction_intervals(model, predictions, kind, args.level);
  Matrix columns(predictions.values.size(), 4);
  columns << predictions.values, intervals.se, intervals.lower, intervals.upper;
  write_output(args.out, io, "predictions", [&](std::ostream& o) {
    write_csv(o, {"prediction", "se", "lower", "upper"}, columns);
  });
}

}  // namespace linreg::cli
