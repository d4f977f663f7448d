// `linreg path`: a penalized model's whole path over λ, cross-validated when asked, as a table,
// a JSON object and the path and cv charts.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "chart_files.hpp"
#include "commands.hpp"
#include "fit_results.hpp"
#include "format.hpp"
#include "io_util.hpp"
#include "linreg/chart.hpp"
#include "linreg/number_format.hpp"
#include "linreg/training.hpp"
#include "setting_flags.hpp"

namespace linreg::cli {
namespace {

using json = nlohmann::ordered_json;

TrainingSpec path_spec(const PathArgs& args) {
  TrainingSpec spec;
  set_columns(args.target, args.drop, args.categorical, args.missing, spec);
  spec.fit.scaling = parse_scaling(args.scale);
  spec.fit.fit_intercept = !args.no_intercept;
  apply_penalty(args.penalty, args.seed, false, spec.fit);
  spec.fit.penalized.tolerance = args.tolerance;
  spec.fold_column = args.penalty.foldid;
  spec.streaming = args.in_memory ? Streaming::never : Streaming::automatic;
  spec.weight_column = args.weights;
  return spec;
}

json values(const Vector& v) {
  json a = json::array();
  for (Index k = 0; k < v.size(); ++k) a.push_back(v[k]);
  return a;
}

void print_path_json(const PathResult& r, const TrainingSpec& spec,
                     const std::vector<std::filesystem::path>& chart_files, std::ostream& out) {
  const PenalizedPath& path = r.path;
  const Dataset& data = r.data.train;
  json j;
  j["penalty"] = to_string(spec.fit.penalized.penalty);
  j["l1_ratio"] = spec.fit.penalized.effective_l1_ratio();
  j["scaling"] = to_string(spec.fit.scaling);
  j["fit_intercept"] = spec.fit.fit_intercept;
  j["target"] = data.target_name;
  j["rows_read"] = r.data.rows_read;
  j["n"] = r.rows;
  j["lambda_max"] = path.lambda_max;
  j["lambda"] = values(path.lambdas);
  j["nonzero"] = path.nonzero;
  j["deviance_explained"] = values(path.deviance_explained);
  j["kkt_violation"] = values(path.kkt_violation);
  j["sweeps"] = path.sweeps;
  j["converged"] = path.converged;
  j["intercept"] = values(path.intercepts);
  json coefficients = json::object();
  for (std::size_t k = 0; k < data.feature_names.size(); ++k)
    coefficients[data.feature_names[k]] = values(path.weights.row(static_cast<Index>(k)));
  j["coefficients"] = std::move(coefficients);
  const std::optional<CrossValidation>& cv = path.cv;
  j["folds"] = !cv ? json(nullptr) : cv->leave_one_out ? json("loo") : json(cv->folds);
  j["cv_mean"] = cv ? values(cv->mean) : json(nullptr);
  j["cv_se"] = cv ? values(cv->standard_error) : json(nullptr);
  j["lambda_min"] = cv ? json(cv->lambda_min) : json(nullptr);
  j["lambda_1se"] = cv ? json(cv->lambda_1se) : json(nullptr);
  json warnings = json::array();
  std::vector<Warning> all = r.data.warnings;
  all.insert(all.end(), r.path.warnings.begin(), r.path.warnings.end());
  for (const auto& w : all)
    warnings.push_back({{"code", to_string(w.code)}, {"text", render_for_cli(w.text)}});
  j["warnings"] = std::move(warnings);
  if (!chart_files.empty()) {
    std::vector<std::string> files;
    for (const auto& f : chart_files) files.push_back(f.string());
    j["charts"] = files;
  }
  out << j.dump(2) << '\n';
}

void print_path_table(const PathResult& r, const TrainingSpec& spec,
                      const std::vector<std::filesystem::path>& chart_files, std::ostream& out) {
  const PenalizedPath& path = r.path;
  const PenaltyOptions& p = spec.fit.penalized;
  out << "linreg path: " << data_line(r.data) << '\n';
  const std::string penalty = p.penalty == Penalty::elastic_net
                                  ? fmt::format("elastic net (L1 ratio {})", readable(p.l1_ratio))
                                  : to_string(p.penalty);
  out << fmt::format("{} path: {} values of λ from {} down to {}, {} scaling\n", penalty,
                     path.lambdas.size(), readable(path.lambdas[0], 6),
                     readable(path.lambdas[path.lambdas.size() - 1], 6),
                     spec.fit.scaling == Scaling::standard ? "standard" : "no");
  const std::optional<CrossValidation>& cv = path.cv;
  if (cv) {
    out << fmt::format(
        "cross-validation: {}; λ_min = {}, λ_1se = {}\n",
        cv->leave_one_out ? "leave-one-out (closed form)" : plural(cv->folds, "fold"),
        readable(cv->lambda_min, 6), readable(cv->lambda_1se, 6));
  }
  out << '\n';
  std::vector<std::string> header{"λ", "nonzero", "% dev"};
  if (cv) header.insert(header.end(), {"CV MSE", "CV SE", ""});
  TextTable table(header);
  for (Index k = 0; k < path.lambdas.size(); ++k) {
    std::vector<std::string> row{readable(path.lambdas[k], 5),
                                 thousands(static_cast<double>(path.nonzero[k])),
                                 fmt::format("{:.2f}", 100.0 * path.deviance_explained[k])};
    if (cv) {
      std::string mark = k == cv->index_min ? "min" : "";
      if (k == cv->index_1se) mark += mark.empty() ? "1se" : ", 1se";
      row.insert(row.end(), {readable(cv->mean[k], 6), readable(cv->standard_error[k], 4), mark});
    }
    table.add(std::move(row));
  }
  table.print(out);
  long unconverged = 0;
  for (const bool c : path.converged) unconverged += c ? 0 : 1;
  out << fmt::format(
      "\nKKT conditions: the largest violation along the path is {:.2g} of λ_max{}\n",
      path.kkt_violation.maxCoeff(),
      unconverged == 0 ? "" : fmt::format(" ({} did not converge)", plural(unconverged, "λ")));
  std::vector<Warning> warnings = r.data.warnings;
  warnings.insert(warnings.end(), path.warnings.begin(), path.warnings.end());
  if (!warnings.empty()) {
    out << "\nwarnings:\n";
    for (const auto& w : warnings) out << "  - " << render_for_cli(w.text) << '\n';
  }
  if (!chart_files.empty()) out << '\n' << files_line("charts", chart_files) << '\n';
}

}  // namespace

void run_path(const PathArgs& args, const Streams& io) {
  const TrainingSpec spec = path_spec(args);
  CsvOptions reading;
  apply_reading(args.reading, reading);
  ProgressLine progress(io.err, io.err_is_terminal && !args.quiet, io.progress_delay);
  InputTable input(args.file, io, progress);
  const PathResult r = trace_path(input, reading, spec);
  progress.finish();
  std::vector<std::filesystem::path> chart_files;
  if (!args.plots_dir.empty()) {
    FitCharts charts;
    charts.named.emplace_back("path", path_chart(r.path, r.data.train.feature_names));
    if (r.path.cv)
      charts.named.emplace_back("cv", cross_validation_chart(r.path, r.data.train.target_name));
    chart_files = save_charts(charts, args.plots_dir);
  }
  if (args.json) {
    print_path_json(r, spec, chart_files, io.out);
  } else {
    print_path_table(r, spec, chart_files, io.out);
  }
}

}  // namespace linreg::cli
