// fit() on in-memory arrays: X is viewed, not copied, when it is a float64 array in
// Fortran (column-major) order; the GIL is released while the library works.
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "linreg/dataset.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "python_names.hpp"

namespace py = pybind11;

namespace linreg::python {

namespace {

py::list warnings_of(const FitSummary& s) {
  py::list out;
  for (const Warning& w : s.warnings)
    out.append(py::make_tuple(to_string(w.code), render_for_python(w.text)));
  return out;
}

py::dict result_of(const FitSummary& s) {
  py::dict r;
  r["solver"] = to_string(s.solver);
  r["coef"] = Vector(s.model.weights());
  r["intercept"] = s.model.intercept();
  r["stop_reason"] = to_string(s.stop_reason);
  r["message"] = render_for_python(s.message);
  r["brief_report"] = render_for_python(s.brief_report());
  r["final_loss"] = s.final_loss;
  r["n_iter"] = s.iterations();
  r["warnings"] = warnings_of(s);
  if (s.gd) {
    const GradientDescentReport& g = *s.gd;
    r["loss_history"] = g.loss_history;
    r["learning_rate"] = g.learning_rate;
    r["learning_rate_auto"] = g.learning_rate_auto;
    r["largest_stable_learning_rate"] = g.largest_stable_learning_rate;
    r["distance_to_optimum"] = g.distance_to_optimum;
    r["loss_above_optimum"] = g.loss_above_optimum;
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
py::dict statistics_of(const InferenceTable& t) {
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
  py::list warnings;
  for (const Warning& w : t.warnings)
    warnings.append(py::make_tuple(to_string(w.code), render_for_python(w.text)));
  r["warnings"] = warnings;
  return r;
}

// `statistics`: also the statistics table (infer()), when the data leave residual degrees of
// freedom; its "statistics" entry is None otherwise, with the reason in "statistics_error".
py::dict fit_arrays(const MatrixRef& X, const Eigen::Ref<const Vector>& y,
                    const std::vector<std::string>& feature_names, const std::string& solver,
                    bool fit_intercept, std::optional<double> learning_rate, long max_iterations,
                    double tolerance, bool scale, const std::string& precision, bool statistics) {
  if (X.rows() != y.size())
    throw py::value_error(fmt::format("X has {} rows but y has {} values", X.rows(), y.size()));
  if (static_cast<Index>(feature_names.size()) != X.cols())
    throw py::value_error(fmt::format("X has {} columns but {} feature names were given", X.cols(),
                                      feature_names.size()));
  FitOptions options;
  options.solver = parse_solver_kind(solver);
  options.fit_intercept = fit_intercept;
  options.scaling = scale ? Scaling::standard : Scaling::none;
  options.gradient_descent.learning_rate = learning_rate;
  options.gradient_descent.max_iterations = max_iterations;
  options.gradient_descent.tolerance = tolerance;
  options.gradient_descent.precision = parse_precision(precision);
  const DatasetView data{X, y, feature_names};
  FitSummary summary;
  std::optional<InferenceTable> table;
  std::string no_table;
  {
    py::gil_scoped_release unlocked;
    summary = fit(data, options);
    if (statistics) {
      try {
        table = infer(data, summary, options);
      } catch (const DataError& e) {  // no residual degrees of freedom: the fit stands
        no_table = e.what();
      }
    }
  }
  py::dict result = result_of(summary);
  result["statistics"] = table ? py::object(statistics_of(*table)) : py::object(py::none());
  result["statistics_error"] = render_for_python(no_table);
  return result;
}

}  // namespace

void bind_fit(py::module_& m) {
  m.def("fit", &fit_arrays, py::arg("X"), py::arg("y"), py::arg("feature_names"),
        py::arg("solver") = "exact", py::arg("fit_intercept") = true,
        py::arg("learning_rate") = std::nullopt, py::arg("max_iterations") = 1000,
        py::arg("tolerance") = 1e-12, py::arg("scale") = true, py::arg("precision") = "f64",
        py::arg("statistics") = false,
        "Fits y ~ X with the library's fit(); a dict of the results.");
}

}  // namespace linreg::python
