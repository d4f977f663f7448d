#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "format.hpp"
#include "io_util.hpp"
#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/model_io.hpp"
#include "linreg/random.hpp"

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
  return options;
}

char parse_delimiter(const std::string& text) {
  if (text.empty()) return '\0';
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  throw UsageError(fmt::format("--delimiter must be one character or 'tab', got '{}'", text));
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

std::string plural(Index n, const char* word) {
  return fmt::format("{} {}{}", thousands(static_cast<double>(n)), word, n == 1 ? "" : "s");
}

// What the fit command worked on, for the printed summary.
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
};

void check_target(const CsvTable& table, const std::string& target) {
  const CsvColumn& y = table.column(target);
  if (y.kind == ColumnKind::text) {
    throw DataError(located_message(
        table.source, y.first_text.line, y.first_text.column,
        fmt::format("the target '{}' must be numeric, but holds '{}': clean the value or choose "
                    "another --target",
                    target, y.first_text.value)));
  }
  if (static_cast<Index>(y.missing) == table.rows) {
    throw DataError(located_message(
        table.source, 0, 0, fmt::format("the target '{}' has no values: all {} are missing", target,
                                        thousands(static_cast<double>(table.rows)))));
  }
}

std::vector<std::string> categorical_columns(const CsvTable& table, const std::vector<std::string>& features,
                                             const std::string& mode) {
  std::vector<std::string> categorical;
  for (const auto& name : features) {
    const CsvColumn& c = table.column(name);
    if (c.kind != ColumnKind::text) continue;
    if (mode == "none") {
      throw DataError(located_message(
          table.source, c.first_text.line, c.first_text.column,
          fmt::format("column '{}' holds text ('{}'), and a model can only multiply numbers: drop it "
                      "(--drop {}) or encode it as categorical (--categorical {} or auto)",
                      name, c.first_text.value, name, name)));
    }
    categorical.push_back(name);
  }
  return categorical;
}

Prepared prepare(const FitArgs& args, const Streams& io) {
  const MissingPolicy missing = parse_missing_policy(args.missing);
  if (std::find(args.drop.begin(), args.drop.end(), args.target) != args.drop.end()) {
    throw UsageError(fmt::format("'{}' is the target; it cannot be dropped", args.target));
  }
  CsvOptions csv;
  csv.delimiter = parse_delimiter(args.delimiter);
  csv.skip_columns = args.drop;
  if (args.categorical != "auto" && args.categorical != "none") {
    csv.text_columns = split_list(args.categorical);
    if (std::find(csv.text_columns.begin(), csv.text_columns.end(), args.target) != csv.text_columns.end()) {
      throw UsageError(fmt::format("'{}' is the target; it cannot be categorical", args.target));
    }
  }
  const CsvTable table = read_table(args.file, io, csv);
  Prepared p;
  p.source = table.source;
  p.fit_intercept = !args.no_intercept;
  p.rows_read = table.rows;
  if (table.rows == 0) {
    throw DataError(located_message(table.source, 0, 0, "no data rows after the header"));
  }
  check_target(table, args.target);
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
    throw DataError(located_message(
        table.source, 0, 0,
        missing_text + ". Choose what to do: --missing drop (leave those rows out), --missing mean "
                       "(fill with the training mean), or --drop the column"));
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
      throw DataError(fmt::format("--test-size {} leaves {} test and {} training rows of {}: both need at least one",
                                  args.test_size, n_test, rows.size() - n_test, rows.size()));
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
    p.encoder.set_degree(spec.substr(0, colon), degree);
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

nlohmann::ordered_json metrics_json(const RegressionMetrics& m) {
  return {{"n", m.n}, {"r2", m.r2}, {"mse", m.mse}, {"rmse", m.rmse}, {"mae", m.mae}};
}

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

void add_inference_json(nlohmann::ordered_json& j, const InferenceTable& t) {
  nlohmann::ordered_json terms = nlohmann::ordered_json::object();
  for (const auto& term : t.terms) {
    terms[term.name] = {{"coef", term.coef},
                        {"se", number_or_null(term.se)},
                        {"t", number_or_null(term.t)},
                        {"p", number_or_null(term.p)},
                        {"ci_low", number_or_null(term.ci_low)},
                        {"ci_high", number_or_null(term.ci_high)}};
  }
  j["inference"] = std::move(terms);
  j["df_model"] = t.df_model;
  j["df_residual"] = t.df_residual;
  j["r2"] = t.r2;
  j["r2_adj"] = t.r2_adj;
  j["f_stat"] = number_or_null(t.f_stat);
  j["f_p"] = number_or_null(t.f_p);
  j["sigma"] = t.sigma;
  j["log_likelihood"] = number_or_null(t.log_likelihood);
  j["aic"] = number_or_null(t.aic);
  j["bic"] = number_or_null(t.bic);
  j["condition_number"] = number_or_null(t.condition_number);
}

void add_aliased_json(nlohmann::ordered_json& j, const FitSummary& s) {
  if (!j.contains("aliased")) j["aliased"] = s.aliased;
}

std::string p_value_text(double p) {
  if (!std::isfinite(p)) return "NA";
  if (p < 1e-16) return "<1e-16";
  return p < 0.001 ? fmt::format("{:.2e}", p) : fmt::format("{:.4f}", p);
}

void print_inference(const InferenceTable& t, std::ostream& out) {
  TextTable table({"term", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"});
  for (const auto& term : t.terms) {
    if (term.aliased) {
      table.add({term.name, "NA (aliased)", "", "", "", "", ""});
      continue;
    }
    table.add({term.name, readable(term.coef, 7), readable(term.se, 5), fmt::format("{:.3f}", term.t),
               p_value_text(term.p), readable(term.ci_low, 6), readable(term.ci_high, 6)});
  }
  table.print(out);
  out << '\n';
  out << fmt::format("  n = {}   df model = {}   df residual = {}\n", thousands(static_cast<double>(t.n)),
                     t.df_model, t.df_residual);
  out << fmt::format("  R² = {:.6f}   adjusted R² = {:.6f}   F = {} (p = {})\n", t.r2, t.r2_adj,
                     readable(t.f_stat, 6), p_value_text(t.f_p));
  out << fmt::format("  residual std error = {}   log-likelihood = {}   AIC = {}   BIC = {}\n",
                     readable(t.sigma, 6), readable(t.log_likelihood, 8), readable(t.aic, 8), readable(t.bic, 8));
  out << fmt::format("  condition number (centered, scaled design) = {:.4g}\n", t.condition_number);
}

void print_json(const Prepared& p, const FitSummary& s, const RegressionMetrics& train,
                const std::optional<RegressionMetrics>& test, const std::optional<InferenceTable>& inference,
                std::ostream& out) {
  const Dataset& data = p.train;
  nlohmann::ordered_json j;
  j["solver"] = s.solver;
  j["target"] = data.target_name;
  j["intercept"] = s.model.intercept();
  j["fit_intercept"] = p.fit_intercept;
  nlohmann::ordered_json coefficients = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < data.feature_names.size(); ++k) {
    coefficients[data.feature_names[k]] = s.model.weights()[static_cast<Index>(k)];
  }
  j["coefficients"] = std::move(coefficients);
  j["scaling"] = s.scaler ? "standard" : "none";
  j["iterations"] = s.iterations;
  j["stop_reason"] = to_string(s.stop_reason);
  j["final_loss"] = s.final_loss;
  if (s.solver == "gd") {
    j["learning_rate"] = s.learning_rate;
    j["learning_rate_auto"] = s.learning_rate_auto;
    j["largest_stable_learning_rate"] = s.largest_stable_learning_rate;
  } else {
    j["rank"] = s.rank;
    j["aliased"] = s.aliased;
  }
  j["categorical"] = p.encoder.categorical_names();
  j["rows_read"] = p.rows_read;
  std::vector<std::string> warnings = p.warnings;
  warnings.insert(warnings.end(), s.warnings.begin(), s.warnings.end());
  if (inference) warnings.insert(warnings.end(), inference->warnings.begin(), inference->warnings.end());
  j["warnings"] = warnings;
  j["train"] = metrics_json(train);
  if (test) j["test"] = metrics_json(*test);
  if (inference) {
    add_inference_json(j, *inference);
    add_aliased_json(j, s);
  }
  out << j.dump(2) << '\n';
}

void print_table(const Prepared& p, const FitSummary& s, const RegressionMetrics& train,
                 const std::optional<RegressionMetrics>& test, const std::optional<InferenceTable>& inference,
                 std::ostream& out) {
  const Dataset& data = p.train;
  const auto categorical = p.encoder.categorical_names();
  out << fmt::format("linreg fit: {}: {} read, {} input columns{}, {}, target '{}'\n", p.source,
                     plural(p.rows_read, "row"), p.encoder.inputs().size(),
                     categorical.empty() ? "" : fmt::format(" ({} categorical)", categorical.size()),
                     plural(data.n_features(), "feature"), data.target_name);
  if (test) {
    out << fmt::format("split: {} for training, {} for testing\n", thousands(static_cast<double>(train.n)),
                       thousands(static_cast<double>(test->n)));
  }
  if (s.solver == "gd") {
    out << fmt::format("solver: gradient descent, {} scaling, learning rate {}{}\n",
                       s.scaler ? "standard" : "no", readable(s.learning_rate, 4),
                       s.learning_rate_auto
                           ? fmt::format(" (auto: 1/L; stable below {})",
                                         readable(s.largest_stable_learning_rate, 4))
                           : "");
    out << fmt::format("stopped: {} after {}\n", to_string(s.stop_reason), plural(s.iterations, "iteration"));
  } else {
    const std::string method = s.solver == "exact"      ? "exact least squares (Householder QR, column pivoting, refined)"
                               : s.solver == "cholesky" ? "normal equations (Cholesky LDLᵀ)"
                                                        : "singular value decomposition (minimum norm)";
    out << fmt::format("solver: {}, rank {} of {}\n", method, s.rank, data.n_features());
  }
  out << '\n';
  constexpr std::size_t kMaxRows = 40;
  TextTable coefficients({"term", "coefficient"});
  if (p.fit_intercept) coefficients.add({"(intercept)", readable(s.model.intercept(), 7)});
  const std::size_t shown = std::min(data.feature_names.size(), kMaxRows);
  for (std::size_t k = 0; k < shown; ++k) {
    coefficients.add({data.feature_names[k], readable(s.model.weights()[static_cast<Index>(k)], 7)});
  }
  if (!inference) {  // the statistics table lists the coefficients itself
    coefficients.print(out);
    if (shown < data.feature_names.size()) {
      out << fmt::format("  … {} more (all of them: --json or --model)\n",
                         thousands(static_cast<double>(data.feature_names.size() - shown)));
    }
    out << '\n';
  }
  TextTable metrics({"set", "n", "R²", "MSE", "RMSE", "MAE"});
  const auto add = [&](const char* name, const RegressionMetrics& m) {
    metrics.add({name, thousands(static_cast<double>(m.n)), fmt::format("{:.4f}", m.r2), readable(m.mse),
                 readable(m.rmse), readable(m.mae)});
  };
  add("train", train);
  if (test) add("test", *test);
  metrics.print(out);
  std::vector<std::string> warnings = p.warnings;
  warnings.insert(warnings.end(), s.warnings.begin(), s.warnings.end());
  if (inference) {
    out << '\n';
    print_inference(*inference, out);
    warnings.insert(warnings.end(), inference->warnings.begin(), inference->warnings.end());
  }
  if (!warnings.empty()) {
    out << "\nwarnings:\n";
    for (const auto& w : warnings) out << "  - " << w << '\n';
  }
}

}  // namespace

void run_fit(const FitArgs& args, const Streams& io) {
  FitOptions options = to_options(args);
  const Prepared p = prepare(args, io);
  const FitSummary summary = fit(p.train, options);
  const RegressionMetrics train = evaluate_regression(p.train.y, summary.model.predict(p.train.X));
  std::optional<RegressionMetrics> test;
  if (!p.test_rows.empty()) test = evaluate_regression(p.y_test, summary.model.predict(p.X_test));

  if (!args.model_out.empty()) {
    SavedModel saved = make_saved_model(p.train, p.encoder, options, summary, train);
    saved.test_size = args.test_size;
    saved.seed = args.seed;
    save_model(saved, args.model_out);
  }
  std::optional<InferenceTable> inference;
  if (args.summary) inference = infer(p.train, summary, options);
  if (args.json) {
    print_json(p, summary, train, test, inference, io.out);
  } else {
    print_table(p, summary, train, test, inference, io.out);
    if (!args.model_out.empty()) io.out << "\nmodel saved to " << args.model_out << '\n';
  }
}

}  // namespace linreg::cli
