#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "format.hpp"
#include "io_util.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/model_io.hpp"

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
  options.gradient_descent.learning_rate = parse_learning_rate(args.learning_rate);
  options.gradient_descent.max_iterations = args.iterations;
  options.gradient_descent.tolerance = args.tolerance;
  return options;
}

void print_json(const Dataset& data, const FitSummary& s, const RegressionMetrics& train,
                std::ostream& out) {
  nlohmann::ordered_json j;
  j["solver"] = s.solver;
  j["target"] = data.target_name;
  j["intercept"] = s.model.intercept();
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
  j["warnings"] = s.warnings;
  j["train"] = {{"n", train.n}, {"r2", train.r2}, {"mse", train.mse}, {"rmse", train.rmse},
                {"mae", train.mae}};
  out << j.dump(2) << '\n';
}

void print_table(const Dataset& data, const std::string& source, const FitSummary& s,
                 const RegressionMetrics& train, std::ostream& out) {
  out << fmt::format("linreg fit: {}: {} rows, {} features, target '{}'\n", source,
                     thousands(static_cast<double>(data.n_rows())), data.n_features(),
                     data.target_name);
  if (s.solver == "gd") {
    out << fmt::format("solver: gradient descent, {} scaling, learning rate {}{}\n",
                       s.scaler ? "standard" : "no", readable(s.learning_rate, 4),
                       s.learning_rate_auto
                           ? fmt::format(" (auto: 1/L; stable below {})",
                                         readable(s.largest_stable_learning_rate, 4))
                           : "");
    out << fmt::format("stopped: {} after {} iteration{}\n", to_string(s.stop_reason),
                       thousands(static_cast<double>(s.iterations)), s.iterations == 1 ? "" : "s");
  } else {
    out << fmt::format("solver: exact least squares (Householder QR, column pivoting), rank {} of {}\n",
                       s.rank, data.n_features());
  }
  out << '\n';
  TextTable coefficients({"term", "coefficient"});
  coefficients.add({"(intercept)", readable(s.model.intercept(), 7)});
  for (std::size_t k = 0; k < data.feature_names.size(); ++k) {
    coefficients.add({data.feature_names[k], readable(s.model.weights()[static_cast<Index>(k)], 7)});
  }
  coefficients.print(out);
  out << '\n';
  TextTable metrics({"set", "n", "R²", "MSE", "RMSE", "MAE"});
  metrics.add({"train", thousands(static_cast<double>(train.n)), fmt::format("{:.4f}", train.r2),
               readable(train.mse), readable(train.rmse), readable(train.mae)});
  metrics.print(out);
  if (!s.warnings.empty()) {
    out << "\nwarnings:\n";
    for (const auto& w : s.warnings) out << "  - " << w << '\n';
  }
}

}  // namespace

void run_fit(const FitArgs& args, const Streams& io) {
  const FitOptions options = to_options(args);
  const NumericTable table = read_table(args.file, io);
  if (table.values.rows() == 0) {
    throw DataError(located_message(table.source, 0, 0, "no data rows after the header"));
  }
  const Dataset data = to_dataset(table, args.target, args.drop);
  const FitSummary summary = fit(data, options);
  const RegressionMetrics train = evaluate_regression(data.y, summary.model.predict(data.X));

  if (!args.model_out.empty()) {
    save_model(make_saved_model(data, options, summary, train), args.model_out);
  }
  if (args.json) {
    print_json(data, summary, train, io.out);
  } else {
    print_table(data, table.source, summary, train, io.out);
    if (!args.model_out.empty()) io.out << "\nmodel saved to " << args.model_out << '\n';
  }
}

}  // namespace linreg::cli
