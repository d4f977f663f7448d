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
#include "linreg/metrics.hpp"
#include "linreg/model_io.hpp"
#include "options.hpp"
#include "python_names.hpp"
#include "results.hpp"

namespace py = pybind11;

namespace linreg::python {

namespace {

// `statistics`: also the statistics table (infer()), when the data leave residual degrees of
// freedom; its "statistics" entry is None otherwise, with the reason in "statistics_error".
py::dict fit_arrays(const MatrixRef& X, const Eigen::Ref<const Vector>& y,
                    const std::vector<std::string>& feature_names, const std::string& target,
                    const std::string& solver, bool fit_intercept,
                    std::optional<double> learning_rate, long max_iterations, double tolerance,
                    bool scale, const std::string& precision, bool statistics) {
  if (X.rows() != y.size())
    throw py::value_error(fmt::format("X has {} rows but y has {} values", X.rows(), y.size()));
  if (static_cast<Index>(feature_names.size()) != X.cols())
    throw py::value_error(fmt::format("X has {} columns but {} feature names were given", X.cols(),
                                      feature_names.size()));
  const FitOptions options = fit_options(solver, fit_intercept, learning_rate, max_iterations,
                                         tolerance, scale, precision);
  const DatasetView data{X, y, feature_names, target};
  FitSummary summary;
  OptionalStatistics table;
  SavedModel saved;
  {
    py::gil_scoped_release unlocked;
    summary = fit(data, options);
    // The model file of numeric inputs: each column's mean (the fill value a model file keeps)
    // and the training metrics, as the program's in-memory fit records them.
    std::vector<InputColumn> inputs(feature_names.size());
    const Vector means = X.colwise().mean().transpose();
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      inputs[j].name = feature_names[j];
      inputs[j].mean = means[static_cast<Index>(j)];
    }
    saved = make_saved_model(data, Encoder(std::move(inputs), MissingPolicy::error), options,
                             summary, evaluate_regression(y, summary.model.predict(X)));
    table = statistics_if(statistics, data, summary, options);
  }
  py::dict result = fit_result(summary);
  add_statistics(result, table);
  result["model"] = Model{std::move(saved)};
  return result;
}

}  // namespace

void bind_fit(py::module_& m) {
  m.def("fit", &fit_arrays, py::arg("X"), py::arg("y"), py::arg("feature_names"),
        py::arg("target") = "y", py::arg("solver") = "exact", py::arg("fit_intercept") = true,
        py::arg("learning_rate") = std::nullopt, py::arg("max_iterations") = 1000,
        py::arg("tolerance") = 1e-12, py::arg("scale") = true, py::arg("precision") = "f64",
        py::arg("statistics") = false,
        "Fits y ~ X with the library's fit(); a dict of the results.");
}

}  // namespace linreg::python
