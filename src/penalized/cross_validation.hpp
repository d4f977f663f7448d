#pragma once
// k-fold cross-validation of a penalized path (private to the library): cv.glmnet's assignment,
// error and choice of λ (linreg/penalized.hpp, CrossValidation).
#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/penalized.hpp"

namespace linreg::detail {

// The folds of `options` (seeded, or its fold ids; UsageError when the ids do not give one per
// row and at least two folds), each fitted on the other rows over `lambdas` and scored on its own.
// The options are the penalized solver's.
[[nodiscard]] CrossValidation cross_validate(const DatasetView& data, const FitOptions& options,
                                             const Vector& lambdas);

// Sets lambda_min, lambda_1se and their indexes from cv.mean and cv.standard_error over
// `lambdas` (from the largest down).
void choose_lambdas(CrossValidation& cv, const Vector& lambdas);

}  // namespace linreg::detail
