// CSV files from Python: fit_csv() trains on a file through the pipeline (streamed when the
// spec allows, as the program does), read_csv() reads one with the program's reader.
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "linreg/csv.hpp"
#include "linreg/csv_file_source.hpp"
#include "linreg/errors.hpp"
#include "linreg/inference.hpp"
#include "linreg/training.hpp"
#include "options.hpp"
#include "python_names.hpp"
#include "results.hpp"

namespace py = pybind11;

namespace linreg::python {

namespace {

CsvOptions reading(std::optional<std::string> delimiter, const std::vector<std::string>& na_values,
                   const std::string& decimal, const std::string& encoding) {
  CsvOptions o;
  if (delimiter) {
    if (*delimiter == "tab") *delimiter = "\t";
    if (delimiter->size() != 1)
      throw py::value_error(fmt::format("delimiter must be one character, got '{}'", *delimiter));
    o.delimiter = (*delimiter)[0];
  }
  o.na_values = na_values;
  if (decimal.size() != 1) throw py::value_error("decimal must be '.' or ','");
  o.decimal = decimal[0];
  o.encoding = parse_text_encoding(encoding);
  o.validate();
  return o;
}

py::dict fit_csv(const std::string& path, const std::string& target,
                 const std::vector<std::string>& drop, const std::vector<std::string>& categorical,
                 const std::string& missing, bool in_memory, std::optional<std::string> delimiter,
                 const std::vector<std::string>& na_values, const std::string& decimal,
                 const std::string& encoding, const std::string& solver, bool fit_intercept,
                 std::optional<double> learning_rate, long max_iterations, double tolerance,
                 bool scale, const std::string& precision, bool statistics,
                 const std::string& cov_type, const std::vector<long>& groups, bool influence,
                 bool intervals, const std::string& weights) {
  TrainingSpec spec = training_spec(target, categorical, missing,
                                    fit_options(solver, fit_intercept, learning_rate,
                                                max_iterations, tolerance, scale, precision),
                                    statistics);
  spec.drop = drop;
  spec.streaming = in_memory ? Streaming::never : Streaming::automatic;
  spec.weight_column = weights;
  spec.validate();
  const CsvOptions options = reading(delimiter, na_values, decimal, encoding);
  const CovarianceOptions covariance = covariance_options(cov_type, groups);
  std::optional<TrainingResult> trained;
  OptionalStatistics table;
  {
    py::gil_scoped_release unlocked;
    CsvFileSource source(path);
    trained = train(source, options, spec);
    table = statistics_if(statistics, trained->data.train, trained->summary, spec.fit, covariance,
                          influence, intervals);
  }
  SavedModel saved = saved_model(*trained, spec, options);
  saved.covariance = table.covariance;
  py::dict r = training_result(*trained, std::move(saved));
  add_statistics(r, table);
  return r;
}

// The columns of a file: (name, "numeric", float64 array with NaN missing) or
// (name, "text", (int32 codes with -1 missing, levels)).
py::list read_csv_columns(const std::string& path, std::optional<std::string> delimiter,
                          const std::vector<std::string>& na_values, const std::string& decimal,
                          const std::string& encoding) {
  const CsvOptions options = reading(delimiter, na_values, decimal, encoding);
  CsvTable table;
  {
    py::gil_scoped_release unlocked;
    CsvFileSource source(path);
    table = source.read(options);
  }
  py::list columns;
  for (CsvColumn& c : table.columns) {
    if (c.kind == ColumnKind::numeric) {
      columns.append(py::make_tuple(
          c.name, "numeric",
          py::array_t<double>(static_cast<py::ssize_t>(c.numbers.size()), c.numbers.data())));
    } else {
      columns.append(py::make_tuple(
          c.name, "text",
          py::make_tuple(
              py::array_t<std::int32_t>(static_cast<py::ssize_t>(c.codes.size()), c.codes.data()),
              c.levels)));
    }
  }
  return columns;
}

}  // namespace

void bind_csv(py::module_& m) {
  m.def("fit_csv", &fit_csv, py::arg("path"), py::arg("target"), py::arg("drop"),
        py::arg("categorical"), py::arg("missing") = "error", py::arg("in_memory") = false,
        py::arg("delimiter") = std::nullopt, py::arg("na_values") = std::vector<std::string>{},
        py::arg("decimal") = ".", py::arg("encoding") = "utf8", py::arg("solver") = "exact",
        py::arg("fit_intercept") = true, py::arg("learning_rate") = std::nullopt,
        py::arg("max_iterations") = 1000, py::arg("tolerance") = 1e-12, py::arg("scale") = true,
        py::arg("precision") = "f64", py::arg("statistics") = false,
        py::arg("cov_type") = "nonrobust", py::arg("groups") = std::vector<long>(),
        py::arg("influence") = false, py::arg("intervals") = false, py::arg("weights") = "",
        "Trains on a CSV file through the pipeline (train()), streamed where it can be.");
  m.def("read_csv", &read_csv_columns, py::arg("path"), py::arg("delimiter") = std::nullopt,
        py::arg("na_values") = std::vector<std::string>{}, py::arg("decimal") = ".",
        py::arg("encoding") = "utf8", "The columns of a CSV file, read as the program reads it.");
}

}  // namespace linreg::python
