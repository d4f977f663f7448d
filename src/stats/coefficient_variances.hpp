#pragma once
// The variances of the fitted coefficients per unit residual variance, diag((X̃ᵀX̃)⁻¹) over the
// estimated terms, for the statistics table (private to the library).
#include <optional>
#include <vector>

#include "linreg/dataset.hpp"
#include "stats/shared_rows.hpp"

namespace linreg::detail {

struct CoefficientVariances {
  Vector slopes;           // Var(wⱼ)/σ² for each column of `active`, in that order
  double intercept = 0.0;  // Var(b)/σ² (with an intercept)
  double condition = 1.0;  // κ of the centered, scaled active columns
};

// Through the QR of the centered, scaled active columns (inverse_gram.hpp): O(n·m²) time and
// n·m double-double numbers for m active columns. Weighted data: of the whitened design
// (row_weights.hpp), diag((XᵀWX)⁻¹).
// Over every process's rows (`shared`; this process's: `data`).
CoefficientVariances dense_variances(const SharedRows& shared, const DatasetView& data,
                                     const std::vector<Index>& active, bool intercept);

// The same from the structure of the widest one-hot block, absorbed as the exact solver absorbs
// it: with an intercept and the block's k levels as group means, only the p other active columns,
// demeaned within the levels (B̃), are factored, and for a level g with nᵍ rows and the other
// columns' level means b̄ᵍ (the reference level r):
//   Var(β)/σ² = (B̃ᵀB̃)⁻¹,  Var(b)/σ² = 1/nʳ + b̄ʳᵀ(B̃ᵀB̃)⁻¹b̄ʳ,
//   Var(γᵍ)/σ² = 1/nᵍ + 1/nʳ + (b̄ᵍ − b̄ʳ)ᵀ(B̃ᵀB̃)⁻¹(b̄ᵍ − b̄ʳ).
// O(n·p² + k·p²) instead of O(n·(k + p)²). Empty when it does not apply: no intercept, no wide
// block, an aliased column or an empty level in the block. Weighted data: nᵍ is the level's Σw,
// the means are weighted and B̃'s rows multiplied by √w.
std::optional<CoefficientVariances> absorbed_variances(const DatasetView& data,
                                                       const std::vector<Index>& active,
                                                       bool intercept);

}  // namespace linreg::detail
