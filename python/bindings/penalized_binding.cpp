// The penalized estimators' half of linreg._core: their keyword arguments as PenaltyOptions,
// the path as a dict, and penalized_path(X, y, …) (linreg.lasso_path).
#include "penalized_binding.hpp"

#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "linreg/penalized.hpp"

namespace py = pybind11;

namespace linreg::python {

PenaltyOptions penalty_options(const py::dict& args, double tolerance) {
  PenaltyOptions p;
  for (const auto& [key, value] : args) {
    const std::string name = py::str(key);
    if (name == "penalty") {
      p.penalty = parse_penalty(value.cast<std::string>());
    } else if (name == "l1_ratio") {
      p.l1_ratio = value.cast<double>();
    } else if (name == "lambda") {
      if (!value.is_none()) p.lambda = value.cast<double>();
    } else if (name == "lambdas") {
      if (!value.is_none()) p.lambdas = value.cast<std::vector<double>>();
    } else if (name == "n_lambda") {
      p.n_lambda = value.cast<long>();
    } else if (name == "lambda_min_ratio") {
      if (!value.is_none()) p.lambda_min_ratio = value.cast<double>();
    } else if (name == "max_sweeps") {
      p.max_sweeps = value.cast<long>();
    } else if (name == "folds") {
      p.folds = value.cast<long>();
    } else if (name == "fold_ids") {
      p.fold_ids = value.cast<std::vector<long>>();
    } else if (name == "leave_one_out") {
      p.leave_one_out = value.cast<bool>();
    } else if (name == "seed") {
      p.seed = value.cast<std::uint64_t>();
    } else if (name == "rule") {
      p.rule = parse_lambda_rule(value.cast<std::string>());
    } else {
      throw py::value_error(fmt::format("unknown penalty option '{}'", name));
    }
  }
  p.tolerance = tolerance;
  return p;
}

py::dict path_dict(const PenalizedPath& path) {
  py::dict r;
  r["lambdas"] = path.lambdas;
  r["weights"] = path.weights;
  r["intercepts"] = path.intercepts;
  r["nonzero"] = path.nonzero;
  r["deviance_explained"] = path.deviance_explained;
  r["kkt_violation"] = path.kkt_violation;
  r["sweeps"] = path.sweeps;
  r["converged"] = path.converged;
  r["lambda_max"] = path.lambda_max;
  if (path.cv) {
    const CrossValidation& cv = *path.cv;
    py::dict c;
    c["mean"] = cv.mean;
    c["standard_error"] = cv.standard_error;
    c["fold_mse"] = cv.fold_mse;
    c["lambda_min"] = cv.lambda_min;
    c["lambda_1se"] = cv.lambda_1se;
    c["index_min"] = cv.index_min;
    c["index_1se"] = cv.index_1se;
    c["folds"] = cv.folds;
    c["leave_one_out"] = cv.leave_one_out;
    r["cv"] = c;
  } else {
    r["cv"] = py::none();
  }
  return r;
}

namespace {

// X: a 2-D float64 array in Fortran order (pybind11 copies anything else).
py::dict path_of_arrays(const Eigen::Ref<const Matrix>& X, const Eigen::Ref<const Vector>& y,
                        bool fit_intercept, bool scale, const py::dict& penalty, double tolerance) {
  if (X.rows() != y.size())
    throw py::value_error(fmt::format("X has {} rows but y has {} values", X.rows(), y.size()));
  FitOptions options;
  options.solver = SolverKind::penalized;
  options.fit_intercept = fit_intercept;
  options.scaling = scale ? Scaling::standard : Scaling::none;
  options.penalized = penalty_options(penalty, tolerance);
  std::vector<std::string> names;
  for (Index j = 0; j < X.cols(); ++j) names.push_back(fmt::format("x{}", j));
  PenalizedPath path;
  {
    py::gil_scoped_release unlocked;
    const DatasetView data{DesignRef(X), y, names, "y"};
    path = penalized_path(data, options);
  }
  return path_dict(path);
}

}  // namespace

void bind_penalized(py::module_& m) {
  m.def("penalized_path", &path_of_arrays, py::arg("X"), py::arg("y"),
        py::arg("fit_intercept") = true, py::arg("scale") = true, py::arg("penalty") = py::dict(),
        py::arg("tolerance") = 1e-12, "The penalized path of y ~ X (penalized_path()), as a dict.");
}

}  // namespace linreg::python
