#pragma once
// The parts of linreg._core, one function per file that adds its functions to the module.
#include <pybind11/pybind11.h>

namespace linreg::python {

// fit(X, y, feature_names, ...): the fit of in-memory arrays.
void bind_fit(pybind11::module_& m);

}  // namespace linreg::python
