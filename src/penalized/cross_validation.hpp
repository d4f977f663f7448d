#pragma once
// k-fold cross-validation of a penalized path (private to the library): cv.glmnet's assignment,
// error and choice of λ (linreg/penalized.hpp, CrossValidation).
#include <cstdint>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/penalized.hpp"

namespace linreg::detail {

// The folds of `options` (seeded, or its fold ids; UsageError when the ids do not give one per
// row and at least two folds), each fitted on the other rows over `lambdas` and scored on its own.
// The options are the penalized solver's.
[[nodiscard]] CrossValidation cross_validate(const DatasetView& data, const FitOptions& options,
                                             const Vector& lambdas);

// The seeded folds of rows first_row … first_row + rows − 1 (numbered from 0 over the whole
// table): each run of K rows from a multiple of K takes 1 … K in a shuffle keyed by the seed and
// the run, so a row's fold depends only on its index and the seed, not on how the rows arrive
// (a stream, blocks in parallel, ranks), and fold sizes differ by at most one, as cv.glmnet's.
[[nodiscard]] std::vector<long> seeded_fold_ids(Index first_row, Index rows, long folds,
                                                std::uint64_t seed);

// The options each fold's path runs with: the whole path's λ grid, no folds of its own.
[[nodiscard]] FitOptions cross_validation_options(const FitOptions& options, const Vector& lambdas);

// The number of folds fold ids name (their largest); UsageError unless they name at least 2.
long check_fold_ids(const std::vector<long>& ids);

// cv.mean, standard_error, fold_mse, folds and the chosen λ from each fold's error at each λ
// and its size (folds without rows left out).
void summarize_folds(const std::vector<Vector>& fold_mse, const std::vector<double>& fold_size,
                     const Vector& lambdas, CrossValidation& cv);

// Sets lambda_min, lambda_1se and their indexes from cv.mean and cv.standard_error over
// `lambdas` (from the largest down).
void choose_lambdas(CrossValidation& cv, const Vector& lambdas);

}  // namespace linreg::detail
