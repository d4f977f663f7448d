// linreg._core: the library behind the Python package. Thin: it turns arrays and keyword
// arguments into the library's types, calls the same pipeline functions as the program, and turns
// results and errors back. Validation of user input happens first in Python (scikit-learn's own
// rules); the checks here keep a wrong call from ever reaching the library with bad shapes.
#include <pybind11/pybind11.h>

#include <exception>
#include <stdexcept>

#include "bindings.hpp"
#include "linreg/errors.hpp"
#include "python_names.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "The linreg C++ library (use the linreg package, not this module).";
  // Errors keep the library's message, in Python's words: bad data and bad settings are
  // ValueError, a file that cannot be read OSError, anything else (a bug) RuntimeError.
  py::register_exception_translator([](std::exception_ptr thrown) {
    using linreg::python::render_for_python;
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const linreg::DataError& e) {
      PyErr_SetString(PyExc_ValueError, render_for_python(e.what()).c_str());
    } catch (const linreg::IoError& e) {
      PyErr_SetString(PyExc_OSError, render_for_python(e.what()).c_str());
    } catch (const std::invalid_argument& e) {  // UsageError, FeatureUnavailable, a shape
      PyErr_SetString(PyExc_ValueError, render_for_python(e.what()).c_str());
    } catch (const std::bad_alloc&) {
      throw;  // pybind11 makes it MemoryError
    } catch (const py::error_already_set&) {
      throw;
    } catch (const py::builtin_exception&) {
      throw;
    } catch (const std::exception& e) {  // InternalError and the rest: a bug in linreg
      PyErr_SetString(PyExc_RuntimeError,
                      ("linreg internal error: " + render_for_python(e.what())).c_str());
    }
  });
  linreg::python::bind_fit(m);
  linreg::python::bind_table(m);
  linreg::python::bind_csv(m);
  linreg::python::bind_penalized(m);
}
