#pragma once
// What a penalized fit asks for (FitOptions::penalized, used when the solver is
// SolverKind::penalized): the penalty, the path of λ, how λ is chosen, and the solver's
// stopping rule. The objective, as glmnet and scikit-learn write it:
//   (1/2n)·Σ(y − b − x·w)² + λ·(r·‖w‖₁ + (1 − r)/2·‖w‖²),
// r the L1 ratio (1: lasso; between 0 and 1: elastic net; 0: ridge); the intercept b is never
// penalized. FitOptions::scaling says whether the features are standardized first (population
// SD, as glmnet) and FitOptions::fit_intercept whether there is a b.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "linreg/names.hpp"

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

// Which cross-validated λ a fit takes (cv.glmnet's s): the one of least error, or the largest
// within one standard error of it (glmnet's default for predict and coef).
enum class LambdaRule { min, one_se };
inline constexpr NameTable<LambdaRule, 2> kLambdaRuleNames{
    {{LambdaRule::min, "min"}, {LambdaRule::one_se, "1se"}}};

struct PenaltyOptions {
  Penalty penalty = Penalty::lasso;
  // r: in (0, 1] for the elastic net; the lasso takes 1 and ridge 0, whatever this says. Ridge's
  // grid is glmnet's: from the λ_max of r = 0.001 on y/s_y, max|c|/(0.001·s_y) in these units.
  double l1_ratio = 1.0;
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
  // Ridge only: leave-one-out cross-validation in closed form (scikit-learn's RidgeCV), from the
  // one decomposition the path already has: e_i/(1 − h_ii) for every row at every λ, the features
  // standardized once on all the rows. Exclusive with folds and fold ids.
  bool leave_one_out = false;

  // What fit() returns: the model at `lambda` (alone on its path), or, without one, at the λ
  // that cross-validation chooses by `rule` (10 folds when neither folds, fold ids nor
  // leave-one-out are given, as cv.glmnet).
  std::optional<double> lambda;
  LambdaRule rule = LambdaRule::one_se;

  // The L1 ratio the penalty means: 1 for the lasso, 0 for ridge, l1_ratio for the elastic net.
  [[nodiscard]] double effective_l1_ratio() const;
  // Whether the path is cross-validated (folds, fold ids or leave-one-out).
  [[nodiscard]] bool cross_validates() const {
    return folds > 0 || !fold_ids.empty() || leave_one_out;
  }
  // UsageError naming the field: the ratio, the tolerance, the counts, the folds, a λ that is
  // not finite and ≥ 0, leave-one-out with another penalty than ridge or with folds, a fixed
  // λ together with cross-validation.
  void validate() const;
};

[[nodiscard]] std::string to_string(LambdaRule rule);
[[nodiscard]] LambdaRule parse_lambda_rule(const std::string& name);  // min, 1se

}  // namespace linreg
