// fit() on in-memory arrays: a float64 X is viewed, not copied, in either order (the library reads
// a C-order array's rows in place); the GIL is released while the library works.
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <optional>
#include <span>
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
#include "penalized_binding.hpp"
#include "python_names.hpp"
#include "results.hpp"

namespace py = pybind11;

namespace linreg::python {

namespace {

// X: a 2-D float64 array, contiguous in Fortran order (a column-major design) or in C order (a
// row-major one), viewed in place either way.
// `statistics`: also the statistics table (infer()), when the data leave residual degrees of
// freedom; its "statistics" entry is None otherwise, with the reason in "statistics_error".
// "model" is the model file of numeric inputs (linreg._core.Model).
py::dict fit_arrays(const py::array& X_array, const Eigen::Ref<const Vector>& y,
                    const std::vector<std::string>& feature_names, const std::string& target,
                    const std::string& solver, bool fit_intercept,
                    std::optional<double> learning_rate, long max_iterations, double tolerance,
                    bool scale, const std::string& precision, bool statistics,
                    const std::optional<py::dict>& penalty, const std::string& cov_type,
                    const std::vector<long>& groups, bool influence, bool intervals,
                    const std::optional<Vector>& sample_weight, long maxlags) {
  if (X_array.ndim() != 2 || !py::isinstance<py::array_t<double>>(X_array))
    throw py::value_error("X must be a 2-D float64 array");
  const bool fortran = (X_array.flags() & py::array::f_style) != 0;
  if (!fortran && (X_array.flags() & py::array::c_style) == 0)
    throw py::value_error("X must be contiguous (C or Fortran order)");
  const Index n = X_array.shape(0), d = X_array.shape(1);
  const auto* values = static_cast<const double*>(X_array.data());
  if (n != y.size())
    throw py::value_error(fmt::format("X has {} rows but y has {} values", n, y.size()));
  if (static_cast<Index>(feature_names.size()) != d)
    throw py::value_error(
        fmt::format("X has {} columns but {} feature names were given", d, feature_names.size()));
  FitOptions options = fit_options(solver, fit_intercept, learning_rate, max_iterations, tolerance,
                                   scale, precision);
  if (penalty) {
    options.solver = SolverKind::penalized;
    options.penalized = penalty_options(*penalty, tolerance);
  }
  const CovarianceOptions covariance = covariance_options(cov_type, groups, maxlags);
  if (sample_weight && sample_weight->size() != n)
    throw py::value_error(
        fmt::format("X has {} rows but sample_weight has {} values", n, sample_weight->size()));
  const std::span<const double> weights =
      sample_weight ? std::span<const double>(sample_weight->data(),
                                              static_cast<std::size_t>(sample_weight->size()))
                    : std::span<const double>();
  FitSummary summary;
  OptionalStatistics table;
  SavedModel saved;
  {
    py::gil_scoped_release unlocked;
    const Eigen::Map<const Matrix> columns(values, fortran ? n : 0, fortran ? d : 0);
    const DesignRef X = fortran ? DesignRef(columns) : DesignRef::row_major(values, n, d);
    const DatasetView data{X, y, feature_names, target, nullptr, {}, weights};
    summary = fit(data, options);
    // The model file of numeric inputs: each column's mean (the fill value a model file keeps,
    // as the fit's data check found it) and the training metrics from the fit's own MSE, without
    // another pass over X for the predictions (MAE, which needs them, is left out as for a
    // streamed fit).
    std::vector<InputColumn> inputs(feature_names.size());
    const Vector& means = summary.feature_means;
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      inputs[j].name = feature_names[j];
      inputs[j].mean = means[static_cast<Index>(j)];
    }
    // Weighted: the fit's loss is Σwr²/Σw, and R² is about the weighted mean.
    RegressionMetrics train;
    const Vector w = sample_weight ? *sample_weight : Vector::Ones(n);
    train.n = (w.array() > 0.0).count();
    train.mse = summary.final_loss;
    train.rmse = std::sqrt(train.mse);
    const double total = w.sum();
    train.r2 =
        r2_from_sums(train.mse * total, w.dot((y.array() - w.dot(y) / total).square().matrix()));
    train.mae = std::numeric_limits<double>::quiet_NaN();
    saved = make_saved_model(data, Encoder(std::move(inputs), MissingPolicy::error), options,
                             summary, train);
    table = statistics_if(statistics, data, summary, options, covariance, influence, intervals);
    saved.covariance = table.covariance;
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
        py::arg("statistics") = false, py::arg("penalty") = std::nullopt,
        py::arg("cov_type") = "nonrobust", py::arg("groups") = std::vector<long>(),
        py::arg("influence") = false, py::arg("intervals") = false,
        py::arg("sample_weight") = std::nullopt, py::arg("maxlags") = -1,
        "Fits y ~ X with the library's fit() (weighted least squares with sample_weight); a dict "
        "of the results.");
}

}  // namespace linreg::python
