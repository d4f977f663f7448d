#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <sstream>

#include "chart_files.hpp"
#include "commands.hpp"
#include "fit_results.hpp"
#include "format.hpp"
#include "io_util.hpp"
#include "linreg/csv.hpp"
#include "linreg/distributed.hpp"
#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"
#include "linreg/file_output.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/influence.hpp"
#include "linreg/model_io.hpp"
#include "linreg/mpi_world.hpp"
#include "linreg/random.hpp"
#include "linreg/torch_backend.hpp"
#include "linreg/training.hpp"
#include "setting_flags.hpp"

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
  if (!args.penalty.penalty.empty()) {
    apply_penalty(args.penalty, args.seed, true, options);
    options.penalized.tolerance = args.tolerance;
  }
  // Said before reading the file, not after.
  if (options.gradient_descent.gradient == GradientSource::autograd)
    require_torch("--grad autograd");
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
    throw UsageError(
        "--decimal , needs another field delimiter: files with decimal commas separate fields "
        "with ';' (--delimiter ';')");
  }
}

void set_columns(const std::string& target, const std::vector<std::string>& drop,
                 const std::string& categorical, const std::string& missing, TrainingSpec& spec) {
  spec.target = target;
  spec.drop = drop;
  if (categorical == "none") {
    spec.categorical = CategoricalMode::none;
  } else if (categorical != "auto") {
    spec.categorical = CategoricalMode::listed;
    spec.categorical_columns = split_list(categorical);
  }
  spec.missing = parse_missing_policy(missing);
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

// The report's statistics table costs a QR of the design's columns, all but those of a wide one-hot
// block (which the table takes from its structure): above this many it is left to an explicit
// --summary.
constexpr Index kReportInferenceLimit = 500;

Index dense_columns(const Dataset& data, bool fit_intercept) {
  if (!fit_intercept) return data.n_features();
  const std::optional<OneHotColumns> widest = widest_one_hot_block(data.one_hot);
  return data.n_features() - (widest ? widest->count : 0);
}

std::vector<PowerFeature> parse_powers(const std::vector<std::string>& specs) {
  std::vector<PowerFeature> powers;
  for (const auto& spec : specs) {
    const auto colon = spec.rfind(':');
    int degree = 0;
    const char* digits = spec.data() + colon + 1;
    const auto [end, ec] = std::from_chars(digits, spec.data() + spec.size(), degree);
    if (colon == std::string::npos || colon == 0 || ec != std::errc() ||
        end != spec.data() + spec.size()) {
      throw UsageError(fmt::format("--poly takes COL:DEG (e.g. x:10), got '{}'", spec));
    }
    powers.push_back({spec.substr(0, colon), degree});
  }
  return powers;
}

// --cov's cluster column ("cluster:COL"), or "" for the other types.
std::string cluster_column(const std::string& cov) {
  const std::string prefix = "cluster:";
  if (cov.rfind(prefix, 0) != 0) return "";
  if (cov.size() == prefix.size()) throw UsageError("--cov cluster:COL needs the column's name");
  return cov.substr(prefix.size());
}

// --cov's HAC lags ("hac:LAGS"), or −1 for the other types.
long hac_lags(const std::string& cov) {
  const std::string prefix = "hac:";
  if (cov.rfind(prefix, 0) != 0) return -1;
  const std::string lags = cov.substr(prefix.size());
  std::size_t used = 0;
  long value = -1;
  try {
    value = std::stol(lags, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (lags.empty() || used != lags.size() || value < 0)
    throw UsageError(
        fmt::format("--cov hac:LAGS takes a whole number of lags ≥ 0, got '{}'", lags));
  return value;
}

// --cov's covariance type; UsageError naming the choices.
CovarianceType covariance_type(const std::string& cov) {
  if (!cluster_column(cov).empty()) return CovarianceType::cluster;
  if (hac_lags(cov) >= 0) return CovarianceType::hac;
  if (cov == "cluster") throw UsageError("--cov cluster takes its column: cluster:COL");
  if (cov == "hac") throw UsageError("--cov hac takes its number of lags: hac:LAGS");
  const std::optional<CovarianceType> type = find_in(kCovarianceTypeNames, cov);
  if (!type) {
    throw UsageError(fmt::format(
        "--cov takes nonrobust, hc0, hc1, hc2, hc3, cluster:COL or hac:LAGS, got '{}'", cov));
  }
  return *type;
}

// The statistics' covariance options of --cov, with the training rows' clusters.
CovarianceOptions covariance_options(const std::string& cov, const PreparedData& p) {
  CovarianceOptions c{covariance_type(cov), p.clusters};
  c.lags = hac_lags(cov);
  return c;
}

// R's plot.lm panels for a least-squares fit on the training rows, each row named by its line;
// none where the influence measures are undefined (no residual degrees of freedom). `measures`:
// the influence measures when --influence computed them already (else computed here, once).
void add_diagnostic_charts(const PreparedData& p, const FitSummary& summary,
                           const FitOptions& options, std::optional<Influence>& measures,
                           FitCharts& charts) {
  if (summary.penalized || p.row_lines.empty()) return;
  if (!measures) {
    try {
      measures = influence(p.train, summary, options);
    } catch (const DataError&) {
      return;
    }
  }
  const Influence& f = *measures;
  std::vector<std::string> labels;
  labels.reserve(p.train_rows.size());
  for (const Index r : p.train_rows)
    labels.push_back(fmt::format("line {}", p.row_lines[static_cast<std::size_t>(r)]));
  const Index k = static_cast<Index>(p.train.n_features() - summary.aliased().size()) +
                  (options.fit_intercept ? 1 : 0);
  charts.named.emplace_back("qq", qq_chart(f, labels));
  charts.named.emplace_back("scale_location", scale_location_chart(f, labels, p.train.target_name));
  charts.named.emplace_back("leverage", leverage_chart(f, labels, k));
}

// Past this many coefficients a model file does not carry their covariance (1000² numbers are
// about 20 MB of JSON).
constexpr Index kSavedCovarianceLimit = 1000;

// --influence: every data row of the file by its line, with the training rows' measures (NA for
// the rows the fit left out: missing values, the test set, and where a measure is undefined).
void write_influence(const std::string& path, const PreparedData& p, const Influence& f) {
  const std::vector<std::string> names = {
      "line",           "fitted", "residual", "leverage", "student_internal", "student_external",
      "cooks_distance", "dffits"};
  Matrix values = Matrix::Constant(p.rows_read, static_cast<Index>(names.size()),
                                   std::numeric_limits<double>::quiet_NaN());
  for (Index r = 0; r < p.rows_read; ++r)
    values(r, 0) = static_cast<double>(p.row_lines[static_cast<std::size_t>(r)]);
  for (std::size_t t = 0; t < p.train_rows.size(); ++t) {
    const Index r = p.train_rows[t];
    const auto i = static_cast<Index>(t);
    values.row(r).tail(7) << f.fitted[i], f.residual[i], f.leverage[i], f.student_internal[i],
        f.student_external[i], f.cooks_distance[i], f.dffits[i];
  }
  std::ostringstream out;
  write_csv(out, names, values);
  write_file_atomically(path, out.str(), "influence table");
}

// The training specification the arguments describe.
TrainingSpec to_spec(const FitArgs& args, FitOptions options) {
  TrainingSpec spec;
  set_columns(args.target, args.drop, args.categorical, args.missing, spec);
  spec.powers = parse_powers(args.poly);
  spec.test_size = args.test_size;
  spec.seed = args.seed;
  spec.fit = std::move(options);
  spec.fold_column = args.penalty.foldid;
  spec.cluster_column = cluster_column(args.cov);
  spec.weight_column = args.weights;
  spec.streaming = args.in_memory ? Streaming::never : Streaming::automatic;
  spec.keep_design = args.summary || !args.plots_dir.empty() || !args.report_file.empty() ||
                     !args.influence_file.empty();
  spec.keep_lines =
      !args.influence_file.empty() || !args.plots_dir.empty() || !args.report_file.empty();
  return spec;
}

}  // namespace

namespace {

// What every fit ends with: the model file, then the table or the JSON object. With --model -
// the model is all there is on stdout: the table goes to stderr (--json is refused in app.cpp).
void emit(const FitArgs& args, const Streams& io, const std::optional<SavedModel>& saved,
          const FitResults& r, const std::vector<std::filesystem::path>& chart_files) {
  const bool model_on_stdout = !args.model_out.empty() && is_stdout(args.model_out);
  if (saved && io.writes_files) {
    if (model_on_stdout) {
      io.out << model_to_json(*saved);
    } else {
      save_model(*saved, args.model_out);
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
  if (progress.enabled()) {
    options.callbacks.push_back(
        gradient_descent_progress(progress, options.gradient_descent.max_iterations));
  }
  const TrainingSpec spec = to_spec(args, options);
  CsvOptions reading;
  apply_reading(args.reading, reading);
  const TrainingResult trained = [&] {
    // Under mpirun (or srun) the processes share the rows; one process given several files reads
    // them as one table the same way.
    if (started_by_mpi_launcher() || args.files.size() > 1) {
      if (std::find(args.files.begin(), args.files.end(), "-") != args.files.end())
        throw UsageError("standard input ('-') cannot be shared among processes or files");
      // The distributed fit computes the statistics table with the fit; nothing else needs the
      // rows in one place yet.
      if (!args.plots_dir.empty() || !args.report_file.empty() || !args.influence_file.empty())
        throw UsageError(
            "--plots, --report and --influence are not distributed yet: they need every row in "
            "one process (a fit of several processes or several files takes --summary)");

      const std::shared_ptr<const Communicator> world =
          started_by_mpi_launcher() ? mpi_world() : std::make_shared<SingleProcess>();
      CovarianceOptions covariance;
      covariance.type = covariance_type(args.cov);
      covariance.lags = hac_lags(args.cov);
      return train_distributed(*world, args.files, reading, spec, covariance);
    }
    InputTable input(args.file, io, progress);
    return train(input, reading, spec);
  }();
  progress.finish();
  const PreparedData& p = trained.data;
  const FitSummary& summary = trained.summary;
  FitResults r{p, summary, trained.train, trained.test, std::nullopt, {}};
  std::optional<SavedModel> saved;
  if (!args.model_out.empty()) saved = saved_model(trained, spec, reading);
  if (p.distributed) {
    r.inference = trained.statistics;
    r.vif = args.vif;
    if (saved && r.inference) {
      r.inference->warnings.push_back(
          {WarningCode::covariance_not_saved,
           "the model file leaves out the coefficients' covariance (a distributed fit's rows are "
           "not in one place): predict --interval will not work with it"});
    }
    emit(args, io, saved, r, {});
    return;
  }
  if (p.streamed) {
    emit(args, io, saved, r, {});
    return;
  }
  // named: a DataError names the file (the report instead says why it has no table).
  const auto statistics = [&](bool named) {
    return while_showing(progress,
                         fmt::format("statistics table: {} rows, {} coefficients",
                                     thousands(static_cast<double>(p.train.n_rows())),
                                     thousands(static_cast<double>(p.train.n_features()))),
                         [&] {
                           const auto table = [&] {
                             return infer(p.train, summary, options,
                                          covariance_options(args.cov, p));
                           };
                           return named ? naming_source(p.source, table) : table();
                         });
  };
  if (args.summary) r.inference = statistics(true);
  r.vif = args.vif;
  if (saved && r.inference) {
    // The coefficients' covariance goes into the model file for predict --interval: k² numbers,
    // left out past kSavedCovarianceLimit coefficients, with a warning.
    const Index k = p.train.n_features() + (options.fit_intercept ? 1 : 0);
    if (k <= kSavedCovarianceLimit) {
      saved->covariance = naming_source(p.source, [&] {
        return coefficient_covariance(p.train, summary, options, covariance_options(args.cov, p));
      });
    } else {
      r.inference->warnings.push_back(
          {WarningCode::covariance_not_saved,
           fmt::format("the model file leaves out the coefficients' covariance ({} × {} numbers, "
                       "above {} coefficients): predict --interval will not work with it",
                       k, k, kSavedCovarianceLimit)});
    }
  }
  std::optional<Influence> measures;  // --influence's, which the diagnostic charts reuse
  if (!args.influence_file.empty()) {
    measures = naming_source(p.source, [&] { return influence(p.train, summary, options); });
    write_influence(args.influence_file, p, *measures);
  }
  std::vector<std::filesystem::path> chart_files;
  if (!args.plots_dir.empty() || !args.report_file.empty()) {
    // Charts on the test set when there is one: that is where a model shows what it learned.
    const Vector predicted = r.test ? *trained.test_predictions : summary.model.predict(p.train.X);
    const Vector& weights = r.test ? p.test_weights : p.train.weights;
    FitCharts charts = make_fit_charts(
        summary, r.test ? p.y_test : p.train.y, predicted, p.train.target_name,
        r.test ? "test" : "training",
        std::span<const double>(weights.data(), static_cast<std::size_t>(weights.size())));
    add_diagnostic_charts(p, summary, options, measures, charts);
    if (summary.penalized && summary.penalized->path.cv) {  // the path that chose λ
      charts.named.emplace_back("path", path_chart(summary.penalized->path, p.train.feature_names));
      charts.named.emplace_back(
          "cv", cross_validation_chart(summary.penalized->path, p.train.target_name));
    }
    if (!args.plots_dir.empty()) chart_files = save_charts(charts, args.plots_dir);
    if (!args.report_file.empty()) {
      FitResults for_report = r;
      if (summary.penalized) {
        for_report.inference_note =
            "No statistics table: ordinary least squares' standard errors do not apply to a "
            "penalized fit's shrunken coefficients.";
      } else if (!for_report.inference &&
                 dense_columns(p.train, options.fit_intercept) > kReportInferenceLimit) {
        for_report.inference_note = fmt::format(
            "No statistics table: with {} features it costs a QR factorization of the design; "
            "--summary computes it.",
            thousands(static_cast<double>(p.train.n_features())));
      } else if (!for_report.inference) {
        try {
          for_report.inference = statistics(false);
        } catch (const DataError& e) {  // e.g. no residual degrees of freedom: still a report
          for_report.inference_note =
              fmt::format("No statistics table: {}", render_for_cli(e.what()));
        }
      }
      std::vector<Chart> shown;
      for (const auto& named : charts.named) shown.push_back(named.second);
      write_file_atomically(args.report_file, fit_report_html(for_report, shown), "report");
    }
  }
  emit(args, io, saved, r, chart_files);
}

}  // namespace linreg::cli
