#pragma once
// Penalized least squares along a path of penalties, as glmnet and scikit-learn write it:
//   (1/2n)·Σ(y − b − x·w)² + λ·(r·‖w‖₁ + (1 − r)/2·‖w‖²),
// r the L1 ratio (1: lasso; between 0 and 1: elastic net; 0: ridge). The intercept b is never
// penalized. Lasso and elastic net by coordinate descent on the standardized features
// (covariance or residual updates), warm-started down the path with sequential strong rules,
// each solution finished by a direct solve on its active set and accepted only when the KKT
// conditions hold, checked over every feature; ridge by one decomposition for the whole path.
#include <cstdint>
#include <optional>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/names.hpp"
#include "linreg/types.hpp"

namespace linreg {

enum class Penalty { ridge, lasso, elastic_net };
inline constexpr NameTable<Penalty, 3> kPenaltyNames{
    {{Penalty::ridge, "ridge"}, {Penalty::lasso, "lasso"}, {Penalty::elastic_net, "elasticnet"}}};
[[nodiscard]] std::string to_string(Penalty penalty);
[[nodiscard]] Penalty parse_penalty(const std::string& name);  // UsageError listing the names

// How coordinate descent keeps its gradient (glmnet's type.gaussian): on the Gram matrix of the
// features (covariance: O(p²) memory, O(p) per update; glmnet's choice below 500 features) or on
// the residuals (naive: O(n·p) memory for the standardized features, O(n) per update).
// automatic: covariance up to 500 features.
enum class CoordinateUpdates { automatic, covariance, residual };
inline constexpr NameTable<CoordinateUpdates, 3> kCoordinateUpdateNames{
    {{CoordinateUpdates::automatic, "auto"},
     {CoordinateUpdates::covariance, "covariance"},
     {CoordinateUpdates::residual, "naive"}}};

struct PenaltyOptions {
  Penalty penalty = Penalty::lasso;
  // r: in (0, 1] for the elastic net; the lasso takes 1 and ridge 0, whatever this says. Ridge's
  // grid starts where glmnet's does, at the λ_max of r = 0.001.
  double l1_ratio = 1.0;
  // standard: each feature divided by its population standard deviation (1/n, as glmnet) before
  // it is penalized, the weights reported in the original units; none: the raw features are
  // penalized (scikit-learn's convention).
  Scaling scaling = Scaling::standard;
  bool fit_intercept = true;
  // Converged at a λ when the largest KKT violation over all features is at most this times
  // λ_max·r: the largest |∂_j| of the smooth part at w = 0, the scale of the gradient that
  // rounding in it is measured against.
  double tolerance = 1e-12;
  long max_sweeps = 100000;  // coordinate-descent sweeps per λ
  CoordinateUpdates updates = CoordinateUpdates::automatic;
  // The path: explicit penalties (any order; sorted from the largest), or `n_lambda` values
  // log-spaced from λ_max (the smallest λ with all weights 0) down to λ_max·lambda_min_ratio
  // (empty: 1e-4 when rows > features, else 0.01, as glmnet).
  std::vector<double> lambdas;
  long n_lambda = 100;
  std::optional<double> lambda_min_ratio;
  // Cross-validation over the path (cv.glmnet): `folds` > 1 assigns each row to one of that many
  // folds by a seeded shuffle of 1, 2, …, K, 1, 2, … (every fold within one row of n/K); or
  // `fold_ids` gives each row's fold (1 … K, glmnet's foldid; at least 2 distinct). Each fold's
  // fit standardizes its own training rows and runs on the whole data's grid.
  long folds = 0;
  std::uint64_t seed = 42;
  std::vector<long> fold_ids;

  // The L1 ratio the penalty means: 1 for the lasso, 0 for ridge, l1_ratio for the elastic net.
  [[nodiscard]] double effective_l1_ratio() const;
  // UsageError naming the field: the ratio, the tolerance, the counts, the folds, a λ that is
  // not finite and ≥ 0.
  void validate() const;
};

// Cross-validated error along the path: per λ the mean squared error of the held-out rows,
// averaged over the folds weighted by their sizes, and its standard error (cv.glmnet's cvm and
// cvsd: √(Σ n_k·(m_k − m)²/Σ n_k/(K − 1))). lambda_min: the largest λ at the smallest mean;
// lambda_1se: the largest λ whose mean is within one standard error of it.
struct CrossValidation {
  Vector mean;
  Vector standard_error;
  double lambda_min = 0.0;
  double lambda_1se = 0.0;
  Index index_min = 0;
  Index index_1se = 0;
  long folds = 0;
  std::vector<long> fold_of_row;  // 1 … K
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
};

// The path of `options` over the data (at least one row, finite values: DataError otherwise).
[[nodiscard]] PenalizedPath penalized_path(const DatasetView& data, const PenaltyOptions& options);

}  // namespace linreg
