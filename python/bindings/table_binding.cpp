// Tables from pandas: a DataFrame's columns become the library's CsvTable (numeric columns as
// float64 with NaN missing, the others as text), so that training and prediction run the
// program's pipeline (missing-value policy, one-hot encoder, fit) and a model is the program's
// model file.
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "linreg/csv.hpp"
#include "linreg/errors.hpp"
#include "linreg/inference.hpp"
#include "linreg/model_io.hpp"
#include "linreg/prediction.hpp"
#include "linreg/training.hpp"
#include "options.hpp"
#include "python_names.hpp"
#include "results.hpp"

namespace py = pybind11;

namespace linreg::python {

namespace {

using Codes = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

// A text column from pandas.factorize: codes (-1 missing) into `values`. The values are named as
// the reader names them (numbers in shortest form, so "5" and "5.0" are one level) and sorted
// byte-wise, the reader's order.
CsvColumn text_column(std::string name, const Eigen::Ref<const Codes>& codes,
                      const std::vector<std::string>& values) {
  CsvColumn c;
  c.name = std::move(name);
  c.kind = ColumnKind::text;
  std::vector<std::string> named(values.size());
  std::map<std::string, std::int32_t> level_of;
  for (std::size_t k = 0; k < values.size(); ++k) {
    named[k] = normalized_text(values[k]);
    level_of.emplace(named[k], 0);
  }
  for (auto& [level, code] : level_of) {
    code = static_cast<std::int32_t>(c.levels.size());
    c.levels.push_back(level);
  }
  std::vector<std::int32_t> remap(values.size());
  std::vector<bool> number(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    remap[k] = level_of.at(named[k]);
    number[k] = parses_as_number(values[k]);
  }
  c.codes.resize(static_cast<std::size_t>(codes.size()));
  for (Index i = 0; i < codes.size(); ++i) {
    const std::int64_t code = codes[i];
    if (code < 0) {
      c.codes[static_cast<std::size_t>(i)] = -1;
      ++c.missing;
      continue;
    }
    if (code >= static_cast<std::int64_t>(values.size()))
      throw py::value_error(fmt::format("column '{}': a code beyond its values", c.name));
    const auto k = static_cast<std::size_t>(code);
    c.codes[static_cast<std::size_t>(i)] = remap[k];
    if (!number[k]) {
      if (c.text_values == 0) c.first_text.value = values[k];
      ++c.text_values;
    } else {
      ++c.text_numbers;
    }
  }
  return c;
}

CsvColumn numeric_column(std::string name, const Eigen::Ref<const Vector>& numbers) {
  CsvColumn c;
  c.name = std::move(name);
  c.kind = ColumnKind::numeric;
  c.numbers.assign(numbers.data(), numbers.data() + numbers.size());
  for (const double v : c.numbers) {
    if (std::isnan(v)) {
      ++c.missing;
    } else if (!std::isfinite(v)) {
      throw py::value_error(
          fmt::format("column '{}' holds {}, which is not a finite number", c.name, v));
    }
  }
  return c;
}

// columns: (name, "numeric", float64 array) or (name, "text", (codes, values)), all of `rows`.
CsvTable table_of(const py::list& columns, Index rows, const std::string& source) {
  CsvTable table;
  table.source = source;
  table.rows = rows;
  for (const py::handle item : columns) {
    const auto [name, kind, payload] =
        item.cast<std::tuple<std::string, std::string, py::object>>();
    if (kind == "numeric") {
      table.columns.push_back(numeric_column(name, payload.cast<Vector>()));
    } else if (kind == "text") {
      const auto [codes, values] = payload.cast<std::pair<Codes, std::vector<std::string>>>();
      table.columns.push_back(text_column(name, codes, values));
    } else {
      throw py::value_error(fmt::format("column '{}': unknown kind '{}'", name, kind));
    }
    const CsvColumn& c = table.columns.back();
    const auto size =
        static_cast<Index>(c.kind == ColumnKind::numeric ? c.numbers.size() : c.codes.size());
    if (size != rows)
      throw py::value_error(fmt::format("column '{}' has {} rows, not {}", name, size, rows));
  }
  table.index_columns();
  return table;
}

py::dict train_columns(const py::list& columns, Index rows, const std::string& source,
                       const std::string& target, const std::vector<std::string>& categorical,
                       const std::string& missing, const std::string& solver, bool fit_intercept,
                       std::optional<double> learning_rate, long max_iterations, double tolerance,
                       bool scale, const std::string& precision, bool statistics,
                       const std::string& cov_type, const std::vector<long>& groups, bool influence,
                       bool intervals, const std::string& weights, long maxlags) {
  TrainingSpec spec = training_spec(target, categorical, missing,
                                    fit_options(solver, fit_intercept, learning_rate,
                                                max_iterations, tolerance, scale, precision),
                                    statistics);
  spec.weight_column = weights;
  spec.validate();
  const CsvTable table = table_of(columns, rows, source);
  CovarianceOptions covariance = covariance_options(cov_type, groups, maxlags);
  std::optional<TrainingResult> trained;
  OptionalStatistics statistics_table;
  {
    py::gil_scoped_release unlocked;
    trained = fit_prepared(prepare_data(table, spec), spec.fit);
    // groups: one per row of the table; the rows a missing value or a weight of 0 left out go.
    if (static_cast<Index>(covariance.clusters.size()) == rows) {
      std::vector<long> kept;
      for (const Index row : trained->data.train_rows)
        kept.push_back(covariance.clusters[static_cast<std::size_t>(row)]);
      covariance.clusters = std::move(kept);
    }
    statistics_table = statistics_if(statistics, trained->data.train, trained->summary, spec.fit,
                                     covariance, influence, intervals);
    // One row per row of the table: NaN for those a missing value or a weight of 0 left out.
    if (statistics_table.influence)
      statistics_table.influence =
          on_rows(*statistics_table.influence, trained->data.train_rows, rows);
  }
  SavedModel saved = saved_model(*trained, spec, CsvOptions{});
  saved.covariance = statistics_table.covariance;
  py::dict r = training_result(*trained, std::move(saved));
  add_statistics(r, statistics_table);
  return r;
}

py::tuple predict_columns(const Model& model, const py::list& columns, Index rows,
                          const std::string& source) {
  const CsvTable table = table_of(columns, rows, source);
  Predictions p;
  {
    py::gil_scoped_release unlocked;
    p = predict_table(model.saved, table);
  }
  return py::make_tuple(p.values, p.missing_rows, warnings_list(p.warnings));
}

// statsmodels' get_prediction().summary_frame() columns at `level`: the model's predictions and
// their intervals (prediction_intervals).
py::dict interval_columns(const Model& model, const py::list& columns, Index rows, double level,
                          const std::string& source) {
  const CsvTable table = table_of(columns, rows, source);
  Predictions p;
  Intervals mean, observation;
  {
    py::gil_scoped_release unlocked;
    p = predict_table(model.saved, table);
    mean = prediction_intervals(model.saved, p, IntervalKind::confidence, level);
    observation = prediction_intervals(model.saved, p, IntervalKind::prediction, level);
  }
  py::dict r;
  r["mean"] = p.values;
  r["mean_se"] = mean.se;
  r["mean_ci_lower"] = mean.lower;
  r["mean_ci_upper"] = mean.upper;
  r["obs_ci_lower"] = observation.lower;
  r["obs_ci_upper"] = observation.upper;
  r["warnings"] = warnings_list(p.warnings);
  return r;
}

}  // namespace

void bind_table(py::module_& m) {
  py::class_<Model>(m, "Model", "A trained model: the program's model file in memory.")
      .def_static(
          "load", [](const std::string& path) { return Model{load_model(path)}; }, py::arg("path"))
      .def_static(
          "from_json",
          [](const std::string& text, const std::string& source) {
            return Model{model_from_json(text, source)};
          },
          py::arg("text"), py::arg("source") = "<model>")
      .def("to_json", [](const Model& m) { return model_to_json(m.saved); })
      .def(
          "save", [](const Model& m, const std::string& path) { save_model(m.saved, path); },
          py::arg("path"))
      .def_property_readonly("target_name", [](const Model& m) { return m.saved.target_name; })
      .def_property_readonly("terms", [](const Model& m) { return m.saved.feature_names; })
      .def_property_readonly("inputs", [](const Model& m) { return m.saved.encoder.input_names(); })
      .def_property_readonly("categorical",
                             [](const Model& m) { return m.saved.encoder.categorical_names(); })
      .def_property_readonly("missing",
                             [](const Model& m) { return to_string(m.saved.encoder.missing()); })
      .def_property_readonly("solver", [](const Model& m) { return to_string(m.saved.solver); })
      .def_property_readonly("fit_intercept", [](const Model& m) { return m.saved.fit_intercept; })
      .def_property_readonly("penalty",
                             [](const Model& m) -> py::object {
                               if (!m.saved.penalty) return py::none();
                               const SavedPenalty& p = *m.saved.penalty;
                               py::dict d;
                               d["penalty"] = to_string(p.penalty);
                               d["l1_ratio"] = p.l1_ratio;
                               d["lambda"] = p.lambda;
                               d["n"] = m.saved.train.n;
                               d["standardize"] = m.saved.scaling == Scaling::standard;
                               return d;
                             })
      .def_property_readonly("coef", [](const Model& m) { return m.saved.model.weights(); })
      .def_property_readonly("intercept", [](const Model& m) { return m.saved.model.intercept(); })
      .def("predict", &predict_columns, py::arg("columns"), py::arg("rows"),
           py::arg("source") = "<DataFrame>")
      .def("intervals", &interval_columns, py::arg("columns"), py::arg("rows"),
           py::arg("level") = 0.95, py::arg("source") = "<DataFrame>")
      .def(py::pickle(
          [](const Model& m) { return model_to_json(m.saved); },
          [](const std::string& text) { return Model{model_from_json(text, "<pickle>")}; }));
  m.def("train", &train_columns, py::arg("columns"), py::arg("rows"),
        py::arg("source") = "<DataFrame>", py::arg("target"), py::arg("categorical"),
        py::arg("missing") = "error", py::arg("solver") = "exact", py::arg("fit_intercept") = true,
        py::arg("learning_rate") = std::nullopt, py::arg("max_iterations") = 1000,
        py::arg("tolerance") = 1e-12, py::arg("scale") = true, py::arg("precision") = "f64",
        py::arg("statistics") = false, py::arg("cov_type") = "nonrobust",
        py::arg("groups") = std::vector<long>(), py::arg("influence") = false,
        py::arg("intervals") = false, py::arg("weights") = "", py::arg("maxlags") = -1,
        "Trains on a table of columns through the library's pipeline (prepare_data, "
        "fit_prepared); the model is the program's model file.");
}

}  // namespace linreg::python
