#pragma once
// The penalized path of data already checked, or of its moments (private to the library): what
// penalized_path(), the penalized solver and the streamed penalized fit share, so that none
// reads the data twice.
#include <vector>

#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/penalized.hpp"
#include "linreg/solver.hpp"
#include "penalized/gram_moments.hpp"

namespace linreg::detail {

// Up to this many features the path runs on the Gram matrix (covariance updates, as glmnet
// below 500); past it on the residuals, with Z held instead (O(n·p) memory, not O(p²)).
constexpr Index kCovarianceFeatures = 500;

// Whether the path of `features` columns over `rows` rows runs on the Gram matrix (covariance
// updates) rather than on the rows: options.penalized.updates, or when automatic, up to
// kCovarianceFeatures and not ridge with more features than rows.
[[nodiscard]] bool covariance_updates(const FitOptions& options, Index features, Index rows);

// Cross-validation's folds when fit() is given neither a λ nor folds (fewer rows: one per row).
constexpr long kDefaultFolds = 10;

// The path fit() runs: the given λ alone, or the cross-validated grid (kDefaultFolds, or one
// fold per row when there are fewer rows; DataError for fewer than 2 rows).
[[nodiscard]] FitOptions path_options(const FitOptions& options, Index rows);

// fit()'s summary of the path fit() ran (path_options): the report, the model at the given or
// chosen λ, the stop reason and the solver's warnings. final_loss is left to the caller (it
// needs the rows or their moments).
[[nodiscard]] FitSummary penalized_summary(PenalizedPath path, const FitOptions& options);

// The options are valid and the penalized solver's.
[[nodiscard]] PenalizedPath path_of(const CheckedData& checked, const FitOptions& options);

// The same path from the moments of each fold's rows (one entry, the whole of them, without
// cross-validation; with it, entry k holds fold k + 1, and may be empty), by covariance updates:
// for options where covariance_updates() holds and not leave-one-out. cv.fold_of_row is empty
// (the rows are not kept).
[[nodiscard]] PenalizedPath path_of(const std::vector<GramMoments>& folds,
                                    const FitOptions& options);

}  // namespace linreg::detail
