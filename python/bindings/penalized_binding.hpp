#pragma once
// The penalized estimators' options and results (penalized_binding.cpp).
#include <pybind11/pybind11.h>

#include "linreg/penalized.hpp"
#include "linreg/penalty_options.hpp"

namespace linreg::python {

// {"penalty": "lasso", "l1_ratio": …, "lambda": …, "lambdas": […], "n_lambda", "lambda_min_ratio",
// "max_sweeps", "folds", "fold_ids", "leave_one_out", "seed", "rule"} as PenaltyOptions with
// this tolerance; ValueError for an unknown key, the library's UsageError for a bad name.
[[nodiscard]] PenaltyOptions penalty_options(const pybind11::dict& args, double tolerance);

// The path's arrays (weights features × λ) and, when cross-validated, its "cv" dict (else None).
[[nodiscard]] pybind11::dict path_dict(const PenalizedPath& path);

}  // namespace linreg::python
