// The printed table and the JSON object of `linreg fit`, from shared pieces.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "fit_results.hpp"
#include "setting_flags.hpp"

namespace linreg::cli {
namespace {

nlohmann::ordered_json metrics_json(const RegressionMetrics& m) {
  return {{"n", m.n},
          {"r2", m.r2},
          {"mse", m.mse},
          {"rmse", m.rmse},
          {"mae", json_or_null(finite_or_undefined(m.mae))}};
}

void add_inference_json(nlohmann::ordered_json& j, const InferenceTable& t, bool vif) {
  nlohmann::ordered_json terms = nlohmann::ordered_json::object();
  for (const auto& term : t.terms) {
    terms[term.name] = {{"coef", term.coef},
                        {"se", json_or_null(term.se)},
                        {"t", json_or_null(term.t)},
                        {"p", json_or_null(term.p)},
                        {"ci_low", json_or_null(term.ci_low)},
                        {"ci_high", json_or_null(term.ci_high)}};
    if (vif) terms[term.name]["vif"] = json_or_null(term.vif);
  }
  j["inference"] = std::move(terms);
  j["df_model"] = t.df_model;
  j["df_residual"] = t.df_residual;
  j["exact_fit"] = t.exact_fit;
  j["r2"] = json_or_null(t.r2);
  j["r2_adj"] = json_or_null(t.r2_adj);
  j["f_stat"] = json_or_null(t.f_stat);
  j["f_p"] = json_or_null(t.f_p);
  j["sigma"] = t.sigma;
  j["log_likelihood"] = json_or_null(t.log_likelihood);
  j["aic"] = json_or_null(t.aic);
  j["bic"] = json_or_null(t.bic);
  j["condition_number"] = json_or_null(t.condition_number);
  j["covariance"] = to_string(t.covariance);
  j["df_inference"] = t.df_inference;
  j["weighted"] = t.weighted;
  if (t.covariance == CovarianceType::cluster) j["clusters"] = t.clusters;
  if (t.covariance == CovarianceType::hac) j["hac_lags"] = t.hac_lags;
  const Diagnostics& d = t.diagnostics;
  j["diagnostics"] = {{"durbin_watson", json_or_null(d.durbin_watson)},
                      {"omnibus", json_or_null(d.omnibus)},
                      {"omnibus_p", json_or_null(d.omnibus_p)},
                      {"skew", json_or_null(d.skew)},
                      {"kurtosis", json_or_null(d.kurtosis)},
                      {"jarque_bera", json_or_null(d.jarque_bera)},
                      {"jarque_bera_p", json_or_null(d.jarque_bera_p)},
                      {"condition_number_raw", json_or_null(d.condition_number_raw)},
                      {"smallest_eigenvalue", json_or_null(d.smallest_eigenvalue)},
                      {"notes", d.notes}};
}

void add_aliased_json(nlohmann::ordered_json& j, const FitSummary& s) {
  if (!j.contains("aliased")) j["aliased"] = s.aliased();
}

std::string p_value_text(const Statistic& p) {
  return text_or_undefined(p, [](double v) {
    if (v < 1e-16) return std::string("<1e-16");
    return v < 0.001 ? fmt::format("{:.2e}", v) : fmt::format("{:.4f}", v);
  });
}

std::string fixed_text(const Statistic& value, int decimals) {
  return text_or_undefined(value, [&](double v) { return fmt::format("{:.{}f}", v, decimals); });
}

std::string readable_text(const Statistic& value, int significant) {
  return text_or_undefined(value, [&](double v) { return readable(v, significant); });
}

}  // namespace

std::string data_line(const PreparedData& p) {
  const auto categorical = p.encoder.categorical_names();
  const std::string weighted =
      p.weight_column.empty()
          ? ""
          : fmt::format(", weighted by '{}'{}", p.weight_column,
                        p.zero_weight_rows == 0 ? ""
                                                : fmt::format(" ({} of weight 0 left out)",
                                                              plural(p.zero_weight_rows, "row")));
  return fmt::format(
      "{}: {} read, {} input columns{}, {}, target '{}'{}", p.source, plural(p.rows_read, "row"),
      p.encoder.inputs().size(),
      categorical.empty() ? "" : fmt::format(" ({} categorical)", categorical.size()),
      plural(p.train.n_features(), "feature"), p.train.target_name, weighted);
}

std::string split_line(const FitResults& r) {
  if (!r.test) return "";
  return fmt::format("split: {} for training, {} for testing",
                     thousands(static_cast<double>(r.train.n)),
                     thousands(static_cast<double>(r.test->n)));
}

// The note for a fit that streamed its rows (a file of fewer rows than columns, or a penalized
// fit that needs its rows, is fitted in memory, and has an MAE).
void note_streamed(const FitResults& r, std::vector<std::string>& lines) {
  if (r.data.distributed) {
    const int p = r.data.processes;
    lines.push_back(
        fmt::format("rows: shared among {} process{}, each streaming its share a block at a time{}",
                    p, p == 1 ? "" : "es",
                    std::isnan(r.train.mae) ? " (no MAE: it needs every row at once)" : ""));
  } else if (r.data.streamed && std::isnan(r.train.mae)) {
    lines.push_back(
        "rows: streamed a block at a time, never all in memory (MAE needs them all: --in-memory)");
  }
}

std::vector<std::string> solver_lines(const FitResults& r) {
  const FitSummary& s = r.summary;
  if (s.penalized) {
    const PenalizedReport& p = *s.penalized;
    const std::string method = p.penalty == Penalty::ridge
                                   ? "ridge (one eigendecomposition for the path)"
                               : p.penalty == Penalty::lasso
                                   ? "lasso by coordinate descent"
                                   : fmt::format("elastic net (L1 ratio {}) by coordinate descent",
                                                 readable(p.l1_ratio, 6));
    std::vector<std::string> lines{fmt::format("solver: {}, {} scaling", method,
                                               p.scaling == Scaling::standard ? "standard" : "no")};
    if (const std::optional<CrossValidation>& cv = p.path.cv) {
      lines.push_back(fmt::format(
          "λ = {} chosen by {} cross-validation ({}): λ_min = {}, λ_1se = {}, of {} on the path",
          readable(p.lambda(), 6),
          cv->leave_one_out ? "leave-one-out" : fmt::format("{}-fold", cv->folds),
          name_in(kLambdaChoiceNames, p.choice), readable(cv->lambda_min, 6),
          readable(cv->lambda_1se, 6), p.path.lambdas.size()));
    } else {
      lines.push_back(fmt::format("λ = {} (given)", readable(p.lambda(), 6)));
    }
    lines.push_back(fmt::format(
        "nonzero: {} of {} weights; stopped: {}{}", thousands(static_cast<double>(p.nonzero())),
        thousands(static_cast<double>(r.data.train.n_features())), to_string(s.stop_reason),
        p.penalty == Penalty::ridge ? ""
                                    : fmt::format(" (KKT conditions to {:.2g} of λ_max after {})",
                                                  p.kkt_violation(), plural(p.sweeps(), "sweep"))));
    note_streamed(r, lines);
    return lines;
  }
  if (s.gd) {
    const GradientDescentReport& g = *s.gd;
    return {
        fmt::format("solver: gradient descent{}, {} scaling, learning rate {}{}",
                    g.precision == Precision::f32 ? " in float32" : "",
                    s.scaler ? "standard" : "no", readable(g.learning_rate, 4),
                    g.learning_rate_auto ? fmt::format(" (auto: 1/L; stable below {})",
                                                       readable(g.largest_stable_learning_rate, 4))
                                         : ""),
        fmt::format(
            "stopped: {} after {}{}", to_string(s.stop_reason), plural(g.iterations, "iteration"),
            g.distance_to_optimum && s.stop_reason == StopReason::converged
                ? fmt::format(
                      " (coefficients within {:.2g} of the least-squares optimum, relative)",
                      *g.distance_to_optimum)
                : "")};
  }
  const std::string method = s.solver == SolverKind::exact
                                 ? "exact least squares (Householder QR, column pivoting, refined)"
                             : s.solver == SolverKind::cholesky
                                 ? "normal equations (Cholesky LDLᵀ)"
                                 : "singular value decomposition (minimum norm)";
  std::vector<std::string> lines{
      fmt::format("solver: {}, rank {} of {}", method, s.direct->rank, r.data.train.n_features())};
  note_streamed(r, lines);
  return lines;
}

TextTable coefficients_table(const FitResults& r, std::size_t max_rows) {
  const auto& names = r.data.train.feature_names;
  const LinearModel& model = r.summary.model;
  TextTable table({"term", "coefficient"});
  if (r.data.fit_intercept) table.add({"(intercept)", readable(model.intercept(), 7)});
  const std::size_t shown = std::min(names.size(), max_rows);
  for (std::size_t k = 0; k < shown; ++k)
    table.add({names[k], readable(model.weights()[static_cast<Index>(k)], 7)});
  return table;
}

TextTable metrics_table(const FitResults& r) {
  TextTable table({"set", "n", "R²", "MSE", "RMSE", "MAE"});
  const auto add = [&](const char* name, const RegressionMetrics& m) {
    table.add({name, thousands(static_cast<double>(m.n)), fmt::format("{:.4f}", m.r2),
               readable(m.mse), readable(m.rmse), readable_text(finite_or_undefined(m.mae), 6)});
  };
  add("train", r.train);
  if (r.test) add("test", *r.test);
  return table;
}

TextTable inference_table(const InferenceTable& t, bool vif) {
  std::vector<std::string> header{"term", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"};
  if (vif) header.emplace_back("VIF");
  TextTable table(header);
  for (const auto& term : t.terms) {
    std::vector<std::string> row;
    if (term.aliased) {
      row = {term.name, "NA (aliased)", "", "", "", "", ""};
    } else {
      row = {term.name,
             readable(term.coef, 7),
             readable_text(term.se, 5),
             fixed_text(term.t, 3),
             p_value_text(term.p),
             readable_text(term.ci_low, 6),
             readable_text(term.ci_high, 6)};
    }
    if (vif) row.push_back(term.vif ? readable(*term.vif, 5) : "");  // none for the intercept
    table.add(row);
  }
  return table;
}

// Which covariance the table's standard errors come from, and the t and F degrees of freedom.
std::string covariance_line(const InferenceTable& t) {
  switch (t.covariance) {
    case CovarianceType::nonrobust:
      return t.weighted ? "covariance: nonrobust, weighted (σ²·(XᵀWX)⁻¹)"
                        : "covariance: nonrobust (σ²·(XᵀX)⁻¹)";
    case CovarianceType::hac:
      return fmt::format(
          "covariance: HAC (Newey–West, Bartlett kernel, {} lags); t and F with {} degrees of "
          "freedom",
          t.hac_lags, t.df_inference);
    case CovarianceType::cluster:
      return fmt::format(
          "covariance: cluster-robust (CRV1), {} clusters; t and F with {} degrees of freedom",
          thousands(static_cast<double>(t.clusters)), t.df_inference);
    default:
      return fmt::format(
          "covariance: {} (heteroscedasticity-robust); t and F with {} degrees of "
          "freedom",
          to_string(t.covariance), t.df_inference);
  }
}

std::vector<std::string> inference_lines(const InferenceTable& t) {
  const auto significant4 = [](double v) { return fmt::format("{:.4g}", v); };
  std::vector<std::string> lines{
      fmt::format("n = {}   df model = {}   df residual = {}", thousands(static_cast<double>(t.n)),
                  t.df_model, t.df_residual),
      fmt::format("R² = {}   adjusted R² = {}   F = {} (p = {})", fixed_text(t.r2, 6),
                  fixed_text(t.r2_adj, 6), readable_text(t.f_stat, 6), p_value_text(t.f_p)),
      fmt::format("residual std error = {}   log-likelihood = {}   AIC = {}   BIC = {}",
                  readable(t.sigma, 6), readable_text(t.log_likelihood, 8), readable_text(t.aic, 8),
                  readable_text(t.bic, 8)),
      fmt::format("condition number (centered, scaled design) = {}",
                  text_or_undefined(t.condition_number, significant4)),
      covariance_line(t)};
  const Diagnostics& d = t.diagnostics;
  lines.push_back(fmt::format(
      "Durbin–Watson = {}   Omnibus = {} (p = {})   Jarque–Bera = {} (p = {})",
      fixed_text(d.durbin_watson, 3), readable_text(d.omnibus, 5), p_value_text(d.omnibus_p),
      readable_text(d.jarque_bera, 5), p_value_text(d.jarque_bera_p)));
  lines.push_back(fmt::format("skew = {}   kurtosis = {}   condition number (raw design) = {}",
                              fixed_text(d.skew, 3), fixed_text(d.kurtosis, 3),
                              text_or_undefined(d.condition_number_raw, significant4)));
  for (const std::string& note : d.notes) lines.push_back("note: " + note);
  return lines;
}

std::vector<Warning> all_warnings(const FitResults& r) {
  std::vector<Warning> warnings = r.data.warnings;
  warnings.insert(warnings.end(), r.summary.warnings.begin(), r.summary.warnings.end());
  if (r.inference)
    warnings.insert(warnings.end(), r.inference->warnings.begin(), r.inference->warnings.end());
  for (auto& w : warnings) w.text = render_for_cli(w.text);
  return warnings;
}

void print_json(const FitResults& r, const std::vector<std::filesystem::path>& chart_files,
                std::ostream& out) {
  const PreparedData& p = r.data;
  const FitSummary& s = r.summary;
  const Dataset& data = p.train;
  nlohmann::ordered_json j;
  j["solver"] = to_string(s.solver);
  j["target"] = data.target_name;
  j["intercept"] = s.model.intercept();
  j["fit_intercept"] = p.fit_intercept;
  nlohmann::ordered_json coefficients = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < data.feature_names.size(); ++k) {
    coefficients[data.feature_names[k]] = s.model.weights()[static_cast<Index>(k)];
  }
  j["coefficients"] = std::move(coefficients);
  j["scaling"] = s.penalized ? to_string(s.penalized->scaling) : s.scaler ? "standard" : "none";
  j["iterations"] = s.iterations();
  if (s.solver == SolverKind::exact) j["refinement_steps"] = s.direct->refinement_steps;
  j["message"] = s.message;
  j["stop_reason"] = to_string(s.stop_reason);
  j["final_loss"] = s.final_loss;
  if (s.gd) {
    const GradientDescentReport& g = *s.gd;
    j["learning_rate"] = g.learning_rate;
    j["learning_rate_auto"] = g.learning_rate_auto;
    j["largest_stable_learning_rate"] = g.largest_stable_learning_rate;
    j["dtype"] = to_string(g.precision);
    // ‖θ − θ*‖/‖θ*‖ and the MSE above the optimum's; null where convergence is not checked.
    j["distance_to_optimum"] = json_or_null(g.distance_to_optimum);
    j["loss_above_optimum"] = json_or_null(g.loss_above_optimum);
  } else if (s.penalized) {
    const PenalizedReport& p = *s.penalized;
    j["penalty"] = to_string(p.penalty);
    j["lambda"] = p.lambda();
    j["l1_ratio"] = p.l1_ratio;
    j["nonzero"] = p.nonzero();
    j["lambda_choice"] = name_in(kLambdaChoiceNames, p.choice);
    j["kkt_violation"] = p.kkt_violation();
    j["sweeps"] = p.sweeps();
    j["lambda_max"] = p.path.lambda_max;
    if (p.path.cv) {
      j["lambda_min"] = p.path.cv->lambda_min;
      j["lambda_1se"] = p.path.cv->lambda_1se;
      j["folds"] = p.path.cv->leave_one_out ? nlohmann::ordered_json("loo")
                                            : nlohmann::ordered_json(p.path.cv->folds);
    }
  } else {
    j["rank"] = s.direct->rank;
    j["aliased"] = s.direct->aliased;
  }
  j["categorical"] = p.encoder.categorical_names();
  j["rows_read"] = p.rows_read;
  if (!p.weight_column.empty()) {
    j["weights"] = p.weight_column;
    j["zero_weight_rows"] = p.zero_weight_rows;
  }
  j["streamed"] = p.streamed;
  if (p.distributed) j["processes"] = p.processes;
  nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
  for (const auto& w : all_warnings(r))
    warnings.push_back({{"code", to_string(w.code)}, {"text", w.text}});
  j["warnings"] = std::move(warnings);
  j["train"] = metrics_json(r.train);
  if (r.test) j["test"] = metrics_json(*r.test);
  if (r.inference) {
    add_inference_json(j, *r.inference, r.vif);
    add_aliased_json(j, s);
  }
  if (!chart_files.empty()) {
    std::vector<std::string> files;
    for (const auto& f : chart_files) files.push_back(f.string());
    j["charts"] = files;
  }
  out << j.dump(2) << '\n';
}

void print_table(const FitResults& r, std::ostream& out) {
  const auto& names = r.data.train.feature_names;
  out << "linreg fit: " << data_line(r.data) << '\n';
  if (r.test) out << split_line(r) << '\n';
  for (const auto& line : solver_lines(r)) out << line << '\n';
  out << '\n';
  if (!r.inference) {  // the statistics table lists the coefficients itself
    constexpr std::size_t kMaxRows = 40;
    coefficients_table(r, kMaxRows).print(out);
    if (names.size() > kMaxRows) {
      out << fmt::format("  … {} more (all of them: --json or --model)\n",
                         thousands(static_cast<double>(names.size() - kMaxRows)));
    }
    out << '\n';
  }
  metrics_table(r).print(out);
  if (r.inference) {
    out << '\n';
    inference_table(*r.inference, r.vif).print(out);
    out << '\n';
    for (const auto& line : inference_lines(*r.inference)) out << "  " << line << '\n';
  }
  const auto warnings = all_warnings(r);
  if (!warnings.empty()) {
    out << "\nwarnings:\n";
    for (const auto& w : warnings) out << "  - " << w.text << '\n';
  }
}

}  // namespace linreg::cli
