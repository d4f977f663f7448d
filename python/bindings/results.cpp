// The library's results as Python dicts and lists (what the estimators read).
#include "results.hpp"

#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>

#include "bindings.hpp"
#include "linreg/errors.hpp"
#include "penalized_binding.hpp"
#include "python_names.hpp"

namespace py = pybind11;

namespace linreg::python {

py::list warnings_list(const std::vector<Warning>& warnings) {
  py::list out;
  for (const Warning& w : warnings)
    out.append(py::make_tuple(to_string(w.code), render_for_python(w.text)));
  return out;
}

py::dict fit_result(const FitSummary& s) {
  py::dict r;
  r["solver"] = to_string(s.solver);
  r["coef"] = Vector(s.model.weights());
  r["intercept"] = s.model.intercept();
  r["stop_reason"] = to_string(s.stop_reason);
  r["message"] = render_for_python(s.message);
  r["brief_report"] = render_for_python(s.brief_report());
  r["final_loss"] = s.final_loss;
  r["n_iter"] = s.iterations();
  r["warnings"] = warnings_list(s.warnings);
  if (s.gd) {
    const GradientDescentReport& g = *s.gd;
    r["loss_history"] = g.loss_history;
    r["learning_rate"] = g.learning_rate;
    r["learning_rate_auto"] = g.learning_rate_auto;
    r["largest_stable_learning_rate"] = g.largest_stable_learning_rate;
    r["distance_to_optimum"] = g.distance_to_optimum;
    r["loss_above_optimum"] = g.loss_above_optimum;
  }
  if (s.penalized) {
    const PenalizedReport& p = *s.penalized;
    py::dict d = path_dict(p.path);
    d["penalty"] = to_string(p.penalty);
    d["l1_ratio"] = p.l1_ratio;
    d["lambda"] = p.lambda();
    d["index"] = p.index;
    d["nonzero"] = p.nonzero();
    d["choice"] = name_in(kLambdaChoiceNames, p.choice);
    r["penalized"] = d;
  }
  if (s.direct) {
    r["rank"] = s.direct->rank;
    r["aliased"] = s.direct->aliased;
    r["refinement_steps"] = s.direct->refinement_steps;
  }
  return r;
}

// X as MatrixRef: column-major with any column stride (a Fortran-ordered array, or columns of a
// larger one) is viewed; anything else pybind11 copies into a column-major temporary.
py::dict statistics_dict(const InferenceTable& t) {
  py::list terms;
  for (const TermInference& term : t.terms) {
    py::dict row;
    row["name"] = term.name;
    row["coef"] = term.coef;
    row["se"] = term.se;
    row["t"] = term.t;
    row["p"] = term.p;
    row["ci_low"] = term.ci_low;
    row["ci_high"] = term.ci_high;
    row["vif"] = term.vif;
    row["aliased"] = term.aliased;
    terms.append(row);
  }
  py::dict r;
  r["terms"] = terms;
  r["n"] = t.n;
  r["df_model"] = t.df_model;
  r["df_residual"] = t.df_residual;
  r["exact_fit"] = t.exact_fit;
  r["r2"] = t.r2;
  r["r2_adj"] = t.r2_adj;
  r["f_stat"] = t.f_stat;
  r["f_p"] = t.f_p;
  r["sigma"] = t.sigma;
  r["log_likelihood"] = t.log_likelihood;
  r["aic"] = t.aic;
  r["bic"] = t.bic;
  r["condition_number"] = t.condition_number;
  r["covariance"] = to_string(t.covariance);
  r["df_inference"] = t.df_inference;
  r["weighted"] = t.weighted;
  const Diagnostics& d = t.diagnostics;
  py::dict diagnostics;
  diagnostics["durbin_watson"] = d.durbin_watson;
  diagnostics["omnibus"] = d.omnibus;
  diagnostics["omnibus_p"] = d.omnibus_p;
  diagnostics["skew"] = d.skew;
  diagnostics["kurtosis"] = d.kurtosis;
  diagnostics["jarque_bera"] = d.jarque_bera;
  diagnostics["jarque_bera_p"] = d.jarque_bera_p;
  diagnostics["condition_number_raw"] = d.condition_number_raw;
  diagnostics["smallest_eigenvalue"] = d.smallest_eigenvalue;
  diagnostics["notes"] = d.notes;
  r["diagnostics"] = diagnostics;
  r["warnings"] = warnings_list(t.warnings);
  return r;
}

CovarianceOptions covariance_options(const std::string& cov_type, const std::vector<long>& groups,
                                     long maxlags) {
  std::string lower = cov_type;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::optional<CovarianceType> type = find_in(kCovarianceTypeNames, lower);
  if (!type) {
    throw py::value_error(fmt::format(
        "cov_type must be one of 'nonrobust', 'HC0', 'HC1', 'HC2', 'HC3', 'cluster', 'HAC', got "
        "'{}'",
        cov_type));
  }
  if ((*type == CovarianceType::cluster) != !groups.empty())
    throw py::value_error("groups go with cov_type='cluster', and it needs them: one per row");
  if ((*type == CovarianceType::hac) != (maxlags >= 0))
    throw py::value_error("maxlags (≥ 0) goes with cov_type='HAC', and it needs it");
  CovarianceOptions c{*type, groups};
  c.lags = maxlags;
  return c;
}

OptionalStatistics statistics_if(bool wanted, const DatasetView& data, const FitSummary& summary,
                                 const FitOptions& options, const CovarianceOptions& covariance,
                                 bool influence, bool intervals) {
  OptionalStatistics out;
  if (!wanted) return out;
  try {
    out.table = infer(data, summary, options, covariance);
    // The whole covariance is a dense O(n·k²) pass, which the table itself avoids for a wide
    // one-hot block: only for get_prediction().
    if (intervals) out.covariance = coefficient_covariance(data, summary, options, covariance);
    if (influence) out.influence = linreg::influence(data, summary, options);
  } catch (const DataError& e) {
    out.reason = e.what();
  }
  return out;
}

void add_statistics(py::dict& result, const OptionalStatistics& statistics) {
  result["statistics"] =
      statistics.table ? py::object(statistics_dict(*statistics.table)) : py::object(py::none());
  result["statistics_error"] = render_for_python(statistics.reason);
  if (statistics.influence) {
    const Influence& f = *statistics.influence;
    py::dict d;
    d["fitted"] = f.fitted;
    d["residual"] = f.residual;
    d["leverage"] = f.leverage;
    d["student_internal"] = f.student_internal;
    d["student_external"] = f.student_external;
    d["cooks_distance"] = f.cooks_distance;
    d["dffits"] = f.dffits;
    result["influence"] = d;
  }
}

py::dict training_result(const TrainingResult& trained, SavedModel saved) {
  py::dict r = fit_result(trained.summary);
  std::vector<Warning> warnings = trained.data.warnings;
  warnings.insert(warnings.end(), trained.summary.warnings.begin(), trained.summary.warnings.end());
  r["warnings"] = warnings_list(warnings);
  r["terms"] = trained.data.train.feature_names;
  r["rows_used"] = trained.train.n;
  r["streamed"] = trained.data.streamed;
  r["model"] = Model{std::move(saved)};
  return r;
}

}  // namespace linreg::python
