#pragma once
// Penalized least squares along a path of penalties (the objective: linreg/penalty_options.hpp).
// Lasso and elastic net by coordinate descent on the standardized features
// (covariance or residual updates), warm-started down the path with sequential strong rules,
// each solution finished by a direct solve on its active set and accepted only when the KKT
// conditions hold, checked over every feature; ridge by one decomposition for the whole path.
#include <cstdint>
#include <optional>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/types.hpp"
#include "linreg/warning.hpp"

namespace linreg {

// Cross-validated error along the path: per λ the mean squared error of the held-out rows,
// averaged over the folds weighted by their sizes, and its standard error (cv.glmnet's cvm and
// cvsd: √(Σ n_k·(m_k − m)²/Σ n_k/(K − 1))). lambda_min: the largest λ at the smallest mean;
// lambda_1se: the largest λ whose mean is within one standard error of it.
struct CrossValidation {
  Vector mean;
  Vector standard_error;
  // Each fold's mean squared error at each λ (λ × folds; scikit-learn's mse_path_); empty for
  // leave-one-out, whose folds are the rows.
  Matrix fold_mse;
  double lambda_min = 0.0;
  double lambda_1se = 0.0;
  Index index_min = 0;
  Index index_1se = 0;
  long folds = 0;
  std::vector<long> fold_of_row;  // 1 … K
  bool leave_one_out = false;     // ridge's closed form: each row its own fold
};

// What a path found, one column (or entry) per λ, from the largest λ down.
struct PenalizedPath {
  Vector lambdas;
  Matrix weights;              // features × λ, in the features' original units
  Vector intercepts;           // 0 without intercept
  std::vector<Index> nonzero;  // nonzero weights at each λ
  // 1 − RSS/TSS at each λ (TSS about the mean; about 0 without intercept): glmnet's dev.ratio.
  Vector deviance_explained;
  // The largest KKT violation over all features at each λ, divided by λ_max·r (what the
  // tolerance bounds), measured on the standardized problem with its gradient recomputed in full.
  Vector kkt_violation;
  std::vector<long> sweeps;  // coordinate-descent sweeps at each λ
  std::vector<bool> converged;
  double lambda_max = 0.0;
  std::optional<CrossValidation> cv;  // with folds or fold ids
  // cv_at_grid_edge when the cross-validated error is least at the path's smallest λ.
  std::vector<Warning> warnings;
};

// The path of options.penalized over the data, with options.scaling and options.fit_intercept
// (at least one row, finite values: DataError otherwise; UsageError for options that do not
// name the penalized solver). Without cross-validation `lambda` and `rule` play no part here.
[[nodiscard]] PenalizedPath penalized_path(const DatasetView& data, const FitOptions& options);

}  // namespace linreg
