#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chart_files.hpp"
#include "commands.hpp"
#include "fit_results.hpp"
#include "format.hpp"
#include "io_util.hpp"
#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"
#include "linreg/file_output.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/model_io.hpp"
#include "linreg/random.hpp"
#include "linreg/torch_backend.hpp"

namespace linreg::cli {
namespace {

std::optional<double> parse_learning_rate(const std::string& text) {
  if (text == "auto") return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value <= 0.0) {
    throw UsageError(fmt::format("--lr must be a number > 0 or 'auto', got '{}'", text));
  }
  return value;
}

FitOptions to_options(const FitArgs& args) {
  FitOptions options;
  options.solver = parse_solver_kind(args.solver);
  options.scaling = parse_scaling(args.scale);
  options.fit_intercept = !args.no_intercept;
  options.gradient_descent.learning_rate = parse_learning_rate(args.learning_rate);
  options.gradient_descent.max_iterations = args.iterations;
  options.gradient_descent.tolerance = args.tolerance;
  options.gradient_descent.gradient = parse_gradient_source(args.grad);
  options.gradient_descent.precision = parse_precision(args.dtype);
  if (options.gradient_descent.precision == Precision::f32 && options.solver != SolverKind::gradient_descent) {
    throw UsageError("--dtype f32 is for gradient descent (--solver gd); the direct solvers compute in float64");
  }
  // Said before reading the file, not after.
  if (options.gradient_descent.gradient == GradientSource::autograd) require_torch("--grad autograd");
  return options;
}

}  // namespace

char parse_delimiter(const std::string& text) {
  if (text.empty()) return '\0';
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  throw UsageError(fmt::format("--delimiter must be one character or 'tab', got '{}'", text));
}

void apply_reading(const ReadingArgs& args, CsvOptions& csv) {
  csv.delimiter = parse_delimiter(args.delimiter);
  csv.na_values = split_list(args.na_values);
  csv.decimal = args.decimal == "," ? ',' : '.';
  csv.encoding = parse_text_encoding(args.encoding);
  if (csv.decimal == ',' && csv.delimiter == ',') {
    throw UsageError("--decimal , needs another field delimiter: files with decimal commas separate fields "
                     "with ';' (--delimiter ';')");
  }
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto stop = comma == std::string::npos ? text.size() : comma;
    if (stop > start) out.push_back(text.substr(start, stop - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

namespace {

// "--na-values TOKEN" as a shell would take it (quoted where it has spaces or quotes), or "" when
// no such option can name the token: it holds a comma (the list's separator) or control bytes.
std::string na_values_option(const std::string& token) {
  if (token.find(',') != std::string::npos) return "";
  if (std::any_of(token.begin(), token.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) return "";
  const bool plain = std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("._-+/:@%").find(c) != std::string_view::npos ||
           static_cast<unsigned char>(c) >= 0x80;
  });
  if (plain) return "--na-values " + token;
  std::string quoted = "'";
  for (const char c : token) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return "--na-values " + quoted + "'";
}

// The ways out of a column's cells that are not numbers: what the counts say they are.
std::string ways_out(const CsvColumn& c, const std::string& first) {
  std::vector<std::string> ways;
  if (const std::string na = na_values_option(first); !na.empty()) ways.push_back(na + " reads such tokens as missing");
  if (c.comma_numbers > 0) {
    ways.push_back(fmt::format(
        "{} of them {} written with commas: --decimal , reads a comma as the decimal point (with --delimiter "
        "';'); thousands separators (1,000) must be removed from the file",
        thousands(static_cast<double>(c.comma_numbers)), c.comma_numbers == 1 ? "is a number" : "are numbers"));
  } else {
    ways.push_back("--decimal , for a file written with decimal commas (with --delimiter ';')");
  }
  std::string out;
  for (const auto& w : ways) out += "; " + w;
  return out;
}

}  // namespace

// A text column with more than this many levels, and more levels than half its values, is no
// category: an identifier or free text, where one-hot encoding fits the rows by heart.
namespace {

constexpr std::size_t kIdentifierLevels = 1000;

bool looks_like_identifier(const CsvColumn& c, Index rows) {
  const std::size_t values = static_cast<std::size_t>(rows) - c.missing;
  return c.levels.size() > kIdentifierLevels && 2 * c.levels.size() > values;
}

}  // namespace

void check_target_numeric(const CsvTable& table, const std::string& target) {
  const CsvColumn& y = table.column(target);
  if (y.kind == ColumnKind::text) {
    const bool one = y.text_values == 1;
    throw DataError(located_message(
        table.source, y.first_text.line, y.first_text.column,
        fmt::format("the target '{}' must be numeric, but {} of its values {}, the first '{}' here. Fix {}, or "
                    "choose another --target{}",
                    target, thousands(static_cast<double>(y.text_values)),
                    one ? "is not a number" : "are not numbers", printable(y.first_text.value), one ? "it" : "them",
                    ways_out(y, y.first_text.value))));
  }
}

void refuse_mostly_numeric(const CsvTable& table, const CsvColumn& c, const std::string& counted_in) {
  const std::size_t values = c.number_values() + c.text_values;
  throw DataError(located_message(
      table.source, c.first_text.line, c.first_text.column,
      fmt::format("column '{}' looks numeric, but '{}' here is not a number: {} of its {} values{} {} (a "
                  "column is numeric when at least {:g}% of its values are numbers{}). Fix the cells, or: "
                  "--categorical {} if it really is text{}",
                  c.name, printable(c.first_text.value), thousands(static_cast<double>(c.text_values)),
                  thousands(static_cast<double>(values)), counted_in,
                  c.text_values == 1 ? "is not a number" : "are not numbers", 100.0 * kMostlyNumericShare,
                  c.comma_numbers > 0 ? ", numbers written with commas included" : "", c.name,
                  ways_out(c, c.first_text.value))));
}

void check_target_has_values(const std::string& source, const std::string& target, Index missing, Index rows) {
  if (missing == rows) {
    throw DataError(located_message(source, 0, 0, fmt::format("the target '{}' has no values: all {} are missing",
                                                              target, thousands(static_cast<double>(rows)))));
  }
}

CsvOptions csv_options(const FitArgs& args) {
  if (std::find(args.drop.begin(), args.drop.end(), args.target) != args.drop.end()) {
    throw UsageError(fmt::format("'{}' is the target; it cannot be dropped", args.target));
  }
  CsvOptions csv;
  apply_reading(args.reading, csv);
  csv.skip_columns = args.drop;
  if (args.categorical != "auto" && args.categorical != "none") {
    csv.text_columns = split_list(args.categorical);
    if (std::find(csv.text_columns.begin(), csv.text_columns.end(), args.target) != csv.text_columns.end()) {
      throw UsageError(fmt::format("'{}' is the target; it cannot be categorical", args.target));
    }
  }
  return csv;
}

std::string missing_values_error(const std::string& missing_text) {
  return missing_text + ". Choose what to do: --missing drop (leave those rows out), --missing mean "
                        "(fill with the training mean), or --drop the column";
}

std::vector<std::string> categorical_columns(const CsvTable& table, const std::vector<std::string>& features,
                                             const std::string& mode) {
  const std::vector<std::string> listed =
      mode == "auto" || mode == "none" ? std::vector<std::string>{} : split_list(mode);
  const auto asked = [&](const std::string& name) {
    return std::find(listed.begin(), listed.end(), name) != listed.end();
  };
  // Of the dirty numeric columns, the one whose first bad cell comes first in the file.
  const CsvColumn* dirty = nullptr;
  for (const auto& name : features) {
    const CsvColumn& c = table.column(name);
    if (asked(name) || !mostly_numeric(c)) continue;
    const auto at = [](const CsvColumn& k) { return std::pair(k.first_text.line, k.first_text.column); };
    if (dirty == nullptr || at(c) < at(*dirty)) dirty = &c;
  }
  if (dirty != nullptr) refuse_mostly_numeric(table, *dirty, "");
  std::vector<std::string> categorical;
  for (const auto& name : features) {
    const CsvColumn& c = table.column(name);
    if (c.kind != ColumnKind::text) continue;
    if (!asked(name) && mode != "none" && looks_like_identifier(c, table.rows)) {
      throw DataError(located_message(
          table.source, 0, 0,
          fmt::format("column '{}' has {} distinct values in {} rows: one-hot encoded it would add a feature for "
                      "nearly every row (an identifier?), and a fit that memorizes rows. Drop it (--drop {}), or "
                      "encode it anyway (--categorical {})",
                      name, thousands(static_cast<double>(c.levels.size())), thousands(static_cast<double>(table.rows)),
                      name, name)));
    }
    if (mode == "none") {
      throw DataError(located_message(
          table.source, c.first_text.line, c.first_text.column,
          fmt::format("column '{}' holds text ('{}'), and a model can only multiply numbers: drop it "
                      "(--drop {}) or encode it as categorical (--categorical {} or auto)",
                      name, printable(c.first_text.value), name, name)));
    }
    categorical.push_back(name);
  }
  return categorical;
}

namespace {

// The report's statistics table costs a QR of the design's columns, all but those of a wide one-hot
// block (which the table takes from its structure): above this many it is left to an explicit
// --summary.
constexpr Index kReportInferenceLimit = 500;

Index dense_columns(const Dataset& data, bool fit_intercept) {
  if (!fit_intercept) return data.n_features();
  const std::optional<OneHotColumns> widest = widest_one_hot_block(data.one_hot);
  return data.n_features() - (widest ? widest->count : 0);
}

}  // namespace

Prepared prepare(const FitArgs& args, const Streams& io, ProgressLine& progress) {
  const MissingPolicy missing = parse_missing_policy(args.missing);
  const CsvTable table = read_table(args.file, io, csv_options(args), &progress);
  progress.finish();
  Prepared p;
  p.source = table.source;
  p.fit_intercept = !args.no_intercept;
  p.rows_read = table.rows;
  if (table.rows == 0) {
    throw DataError(located_message(table.source, 0, 0, "no data rows after the header"));
  }
  check_target_numeric(table, args.target);
  check_target_has_values(table.source, args.target, static_cast<Index>(table.column(args.target).missing), table.rows);
  std::vector<std::string> features;
  for (const auto& c : table.columns) {
    if (c.name != args.target) features.push_back(c.name);
  }
  const std::vector<std::string> categorical = categorical_columns(table, features, args.categorical);

  // Rows to use, by the missing-value policy.
  std::vector<std::string> used = features;
  used.push_back(args.target);
  const std::string missing_text = describe_missing(table, used);
  std::vector<Index> rows;
  if (!missing_text.empty() && missing == MissingPolicy::error) {
    throw DataError(located_message(table.source, 0, 0, missing_values_error(missing_text)));
  }
  const std::vector<bool> skip = missing == MissingPolicy::drop
                                     ? rows_with_missing(table, used)
                                     : rows_with_missing(table, {args.target});
  for (Index i = 0; i < table.rows; ++i) {
    if (!skip[static_cast<std::size_t>(i)]) rows.push_back(i);
  }
  const Index left_out = table.rows - static_cast<Index>(rows.size());
  if (left_out > 0) {
    p.warnings.push_back(fmt::format(
        "{} left out: {} ({})", plural(left_out, "row"),
        missing == MissingPolicy::drop ? "a missing value in a used column" : "the target is missing",
        missing_text));
  }
  if (rows.empty()) {
    throw DataError(located_message(table.source, 0, 0, "no rows left after leaving out missing values"));
  }

  // Seeded shuffle split.
  if (args.test_size > 0.0) {
    Rng rng(args.seed);
    for (std::size_t i = rows.size() - 1; i > 0; --i) {
      const auto k = static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i) + 1));
      std::swap(rows[i], rows[k]);
    }
    const auto n_test = static_cast<std::size_t>(std::llround(args.test_size * static_cast<double>(rows.size())));
    if (n_test == 0 || n_test >= rows.size()) {
      throw DataError(located_message(
          table.source, 0, 0,
          fmt::format("--test-size {} leaves {} test and {} training rows of {}: both need at least one",
                      args.test_size, n_test, rows.size() - n_test, rows.size())));
    }
    p.test_rows.assign(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_test));
    p.train_rows.assign(rows.begin() + static_cast<std::ptrdiff_t>(n_test), rows.end());
    std::sort(p.test_rows.begin(), p.test_rows.end());
    std::sort(p.train_rows.begin(), p.train_rows.end());
  } else {
    p.train_rows = rows;
  }

  p.encoder = Encoder::fit(table, features, categorical, p.train_rows, missing);
  for (const auto& spec : args.poly) {
    const auto colon = spec.rfind(':');
    int degree = 0;
    const char* digits = spec.data() + colon + 1;
    const auto [end, ec] = std::from_chars(digits, spec.data() + spec.size(), degree);
    if (colon == std::string::npos || colon == 0 || ec != std::errc() || end != spec.data() + spec.size()) {
      throw UsageError(fmt::format("--poly takes COL:DEG (e.g. x:10), got '{}'", spec));
    }
    const std::string column = spec.substr(0, colon);
    (void)table.column(column);  // DataError listing the columns when there is none of that name
    if (column == args.target) {
      throw UsageError(fmt::format("--poly: '{}' is the target, not a feature", column));
    }
    try {
      naming_source(table.source, [&] {
        p.encoder.set_degree(column, degree);
        return 0;
      });
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--poly {}: {}", spec, e.what()));
    }
  }
  const CsvColumn& target = table.column(args.target);
  const auto target_values = [&](const std::vector<Index>& r) {
    Vector y(static_cast<Index>(r.size()));
    for (std::size_t i = 0; i < r.size(); ++i) y[static_cast<Index>(i)] = target.numbers[static_cast<std::size_t>(r[i])];
    return y;
  };
  EncodeReport train_report;
  p.train.X = p.encoder.transform(table, p.train_rows, &train_report,
                                  p.encoder.has_powers() ? &p.train.X_low : nullptr);
  p.train.y = target_values(p.train_rows);
  p.train.feature_names = p.encoder.feature_names();
  p.train.one_hot = p.encoder.one_hot_blocks();
  p.train.target_name = args.target;
  if (train_report.filled > 0) {
    p.warnings.push_back(fmt::format("{} filled with training means (most frequent level for categorical columns)",
                                     plural(train_report.filled, "missing value")));
  }
  if (!p.test_rows.empty()) {
    EncodeReport test_report;
    p.X_test = p.encoder.transform(table, p.test_rows, &test_report);
    p.y_test = target_values(p.test_rows);
    for (std::size_t k = 0; k < test_report.unseen_columns.size(); ++k) {
      p.warnings.push_back(fmt::format(
          "{} of the test set had a level of '{}' not seen in training: predicted at the reference level",
          plural(test_report.unseen_counts[k], "row"), test_report.unseen_columns[k]));
    }
  }
  return p;
}

namespace {

// What every fit ends with: the model file, then the table or the JSON object. With --model -
// the model is all there is on stdout: the table goes to stderr (--json is refused in app.cpp).
void emit(const FitArgs& args, const Streams& io, const FitOptions& options, const FitResults& r,
          const std::vector<std::filesystem::path>& chart_files) {
  const bool model_on_stdout = !args.model_out.empty() && is_stdout(args.model_out);
  if (!args.model_out.empty()) {
    SavedModel saved = make_saved_model(r.data.train, r.data.encoder, options, r.summary, r.train);
    saved.test_size = args.test_size;
    saved.seed = args.seed;
    saved.na_values = split_list(args.reading.na_values);
    if (model_on_stdout) {
      io.out << model_to_json(saved);
    } else {
      save_model(saved, args.model_out);
    }
  }
  if (args.json) {
    print_json(r, chart_files, io.out);
    return;
  }
  std::ostream& out = model_on_stdout ? io.err : io.out;
  print_table(r, out);
  if (model_on_stdout) out << "\nmodel written to stdout\n";
  if (!args.model_out.empty() && !model_on_stdout) {
    out << "\nmodel saved to " << args.model_out << '\n';
  }
  if (!chart_files.empty()) out << '\n' << files_line("charts", chart_files) << '\n';
  if (!args.report_file.empty()) out << "report: " << args.report_file << '\n';
}

}  // namespace

void run_fit(const FitArgs& args, const Streams& io) {
  FitOptions options = to_options(args);
  ProgressLine progress(io.err, io.err_is_terminal && !args.quiet, io.progress_delay);
  if (can_stream(args)) {
    if (const std::optional<StreamedData> streamed = stream_fit(args, io, progress, options)) {
      progress.finish();
      const FitResults r{streamed->prepared, streamed->fit.summary, streamed->fit.training, std::nullopt,
                         std::nullopt, {}};
      emit(args, io, options, r, {});
      return;
    }
    progress.restart();
  }
  const Prepared p = prepare(args, io, progress);
  progress.restart();
  if (progress.enabled()) {
    options.callbacks.push_back(gradient_descent_progress(progress, options.gradient_descent.max_iterations));
  }
  const FitSummary summary = naming_source(p.source, [&] { return fit(p.train, options); });
  progress.finish();
  FitResults r{p, summary, evaluate_regression(p.train.y, summary.model.predict(p.train.X)), std::nullopt,
               std::nullopt, {}};
  std::optional<Vector> test_predictions;
  if (!p.test_rows.empty()) {
    test_predictions = summary.model.predict(p.X_test);
    r.test = evaluate_regression(p.y_test, *test_predictions);
  }
  // named: a DataError names the file (the report instead says why it has no table).
  const auto statistics = [&](bool named) {
    return while_showing(progress, fmt::format("statistics table: {} rows, {} coefficients", thousands(static_cast<double>(p.train.n_rows())),
                                               thousands(static_cast<double>(p.train.n_features()))),
                         [&] {
                           const auto table = [&] { return infer(p.train, summary, options); };
                           return named ? naming_source(p.source, table) : table();
                         });
  };
  if (args.summary) r.inference = statistics(true);
  std::vector<std::filesystem::path> chart_files;
  if (!args.plots_dir.empty() || !args.report_file.empty()) {
    // Charts on the test set when there is one: that is where a model shows what it learned.
    const Vector predicted = r.test ? *test_predictions : summary.model.predict(p.train.X);
    const FitCharts charts = make_fit_charts(summary, r.test ? p.y_test : p.train.y, predicted,
                                             p.train.target_name, r.test ? "test" : "training");
    if (!args.plots_dir.empty()) chart_files = save_charts(charts, args.plots_dir);
    if (!args.report_file.empty()) {
      FitResults for_report = r;
      if (!for_report.inference && dense_columns(p.train, options.fit_intercept) > kReportInferenceLimit) {
        for_report.inference_note = fmt::format(
            "No statistics table: with {} features it costs a QR factorization of the design; "
            "--summary computes it.", thousands(static_cast<double>(p.train.n_features())));
      } else if (!for_report.inference) {
        try {
          for_report.inference = statistics(false);
        } catch (const DataError& e) {  // e.g. no residual degrees of freedom: still a report
          for_report.inference_note = fmt::format("No statistics table: {}", e.what());
        }
      }
      std::vector<Chart> shown;
      for (const auto& named : charts.named) shown.push_back(named.second);
      write_file_atomically(args.report_file, fit_report_html(for_report, shown), "report");
    }
  }
  emit(args, io, options, r, chart_files);
}

}  // namespace linreg::cli
