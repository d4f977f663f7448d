#pragma once
// The estimators' keyword arguments as the library's FitOptions (names parsed by the library's
// name tables: an unknown one is its UsageError, a ValueError in Python).
#include <optional>
#include <string>

#include "linreg/fit_options.hpp"

namespace linreg::python {

[[nodiscard]] FitOptions fit_options(const std::string& solver, bool fit_intercept,
                                     std::optional<double> learning_rate, long max_iterations,
                                     double tolerance, bool scale, const std::string& precision);

}  // namespace linreg::python
