#pragma once
// Each training row's influence on a least-squares fit, as statsmodels' OLSInfluence and R's
// influence.measures compute them: leverage, studentized residuals, Cook's distance and DFFITS,
// all by their closed forms (nothing is refitted), in O(n·d²) time without the n × n hat matrix.
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"

namespace linreg {

// One entry per row, for k estimated coefficients (the intercept counted), residuals eᵢ, RSS and
// σ² = RSS/(n − k):
//   leverage hᵢ: the diagonal of the hat matrix X(XᵀX)⁻¹Xᵀ;
//   student_internal rᵢ = eᵢ/(σ·√(1 − hᵢ));
//   student_external tᵢ = eᵢ/(σ₍ᵢ₎·√(1 − hᵢ)), σ₍ᵢ₎² = (RSS − eᵢ²/(1 − hᵢ))/(n − k − 1), the
//   residual variance without row i;
//   cooks_distance Dᵢ = rᵢ²·hᵢ/((1 − hᵢ)·k);  dffits = tᵢ·√(hᵢ/(1 − hᵢ)).
// NaN where a row's quantity is undefined: hᵢ = 1 (the fit passes through the row; 1 − hᵢ within
// 8·k·ε of 0, its rounding), σ = 0 (an exact fit), or σ₍ᵢ₎ = 0.
// Weighted data (R's lm.influence): the hat matrix of the whitened design W^½X(XᵀWX)⁻¹XᵀW^½ and the
// whitened residuals √wᵢ·eᵢ in everything but `residual` (y − fitted itself); a row of weight 0
// takes no part, and its measures are NaN (its fitted value and residual are given).
struct Influence {
  Vector fitted;
  Vector residual;
  Vector leverage;
  Vector student_internal;
  Vector student_external;
  Vector cooks_distance;
  Vector dffits;
};

// Of summary.model on `data`, the aliased terms left out as in the statistics table. DataError
// when n ≤ k (no residual degrees of freedom); UsageError for a penalized fit.
Influence influence(const DatasetView& data, const FitSummary& summary, const FitOptions& options);

// The measures `part` of some rows placed at their rows `at` (part's entry k at row at[k]) of
// `rows` rows, NaN at the others (rows left out of a fit).
Influence on_rows(const Influence& part, const std::vector<Index>& at, Index rows);

}  // namespace linreg
