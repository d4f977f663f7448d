#pragma once
// The estimators' keyword arguments as the library's FitOptions (names parsed by the library's
// name tables: an unknown one is its UsageError, a ValueError in Python).
#include <optional>
#include <string>
#include <vector>

#include "linreg/fit_options.hpp"
#include "linreg/training.hpp"

namespace linreg::python {

[[nodiscard]] FitOptions fit_options(const std::string& solver, bool fit_intercept,
                                     std::optional<double> learning_rate, long max_iterations,
                                     double tolerance, bool scale, const std::string& precision);

// A training spec for `target` with these categorical columns (none listed: automatic), the
// missing-value policy's name and the fit's options; `statistics`: the design is kept for them.
// Validated (UsageError naming the setting).
[[nodiscard]] TrainingSpec training_spec(const std::string& target,
                                         const std::vector<std::string>& categorical,
                                         const std::string& missing, FitOptions fit,
                                         bool statistics);

}  // namespace linreg::python
