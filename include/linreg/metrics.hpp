#pragma once
// Regression metrics. All take the true values first, the predictions second, and throw
// std::invalid_argument on empty or mismatched inputs (a metric of nothing has no value).
#include <span>

#include "linreg/types.hpp"

namespace linreg {

double mean_squared_error(VectorRef y_true, VectorRef y_pred);
double root_mean_squared_error(VectorRef y_true, VectorRef y_pred);
double mean_absolute_error(VectorRef y_true, VectorRef y_pred);

// R² = 1 − SS_res/SS_tot. When SS_tot = 0 (a constant target) the ratio is undefined; as
// scikit-learn does, R² is then 1 if the predictions are exact (SS_res = 0) and 0 otherwise.
double r2_score(VectorRef y_true, VectorRef y_pred);
// The same rule from the two sums, for a caller that has them (the streamed fit): the one place
// the constant-target case is decided. (The statistics table leaves R² undefined there instead,
// as statsmodels and R do: linreg/inference.hpp.)
double r2_from_sums(double ss_res, double ss_tot);

struct RegressionMetrics {
  Index n = 0;
  double r2 = 0.0;
  double mse = 0.0;
  double rmse = 0.0;
  double mae = 0.0;
};

// With `weights` (one per value, finite and ≥ 0, not all 0; empty: all 1) every mean and sum of
// squares is weighted, as scikit-learn's sample_weight: MSE = Σwᵢrᵢ²/Σwᵢ, MAE = Σwᵢ|rᵢ|/Σwᵢ, and R²
// about the weighted mean (statsmodels' WLS rsquared). n counts the values of positive weight.
RegressionMetrics evaluate_regression(VectorRef y_true, VectorRef y_pred,
                                      std::span<const double> weights = {});

}  // namespace linreg
