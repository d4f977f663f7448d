#pragma once
// The parts of linreg._core, one function per file that adds its functions to the module.
#include <pybind11/pybind11.h>

#include "linreg/model_io.hpp"

namespace linreg::python {

// A trained model as the program saves it (encoder, weights, what was asked for): the class
// linreg._core.Model (bind_table), which fit and train return.
struct Model {
  SavedModel saved;
};

// fit(X, y, feature_names, ...): the fit of in-memory arrays.
void bind_fit(pybind11::module_& m);
// train(columns, ...) and the Model class: tables (pandas DataFrames) through the pipeline.
void bind_table(pybind11::module_& m);
// fit_csv(path, target, ...) and read_csv(path, ...): files through the pipeline and the reader.
void bind_csv(pybind11::module_& m);
// penalized_path(X, y, ...): the penalized path of in-memory arrays (linreg.lasso_path).
void bind_penalized(pybind11::module_& m);

}  // namespace linreg::python
