#pragma once
// The moments of the rows of A = [X, y] that covariance updates need of them (private to the
// library): count, means and the scatter matrix about the means, so that rows folded in a block
// at a time, or a fold's rows left out, give the Gram matrix a pass over the rows would.
// Blocks merge by the pairwise update of Chan, Golub and LeVeque (1979), which adds scatter
// about each block's own mean and a rank-one term for the shift between means: no sum of raw
// squares, so nothing cancels when a column's mean dwarfs its spread. The means are kept in
// double-double: the shift between two blocks' means is then exact to rounding of the shift
// itself, not of the means (a column at 1e8 ± 1 would otherwise lose 1e8·ε of it per merge).
#include "linreg/types.hpp"

namespace linreg::detail {

// Weighted rows (weights wᵢ > 0): the weighted means and the scatter Σwᵢ(a − ā)(a − ā)ᵀ, with
// `weight` = Σwᵢ in place of the count wherever the count weighs (Chan's merge, the errors).
struct GramMoments {
  Index count = 0;
  double weight = 0.0;  // Σwᵢ; the count, unweighted
  Vector mean;          // of each column of A (features, then the target), rounded
  Vector mean_low;      // and what the rounding left: the mean is mean + mean_low
  Matrix scatter;       // Σ(a − mean)(a − mean)ᵀ, both triangles
  Vector low;           // each column's smallest value
  Vector high;          // and its largest: equal for a constant column

  // The moments of the rows of A (rows × (d + 1), the target last); of `columns` columns and no
  // rows when A has none.
  [[nodiscard]] static GramMoments of(const Matrix& A, Index columns);
  // The same of weighted rows (`weights` one per row of A, all > 0).
  [[nodiscard]] static GramMoments of(const Matrix& A, Index columns, const Vector& weights);
  // Folds in other's rows (the same columns).
  void merge(const GramMoments& other);
  // Σ(y − b − x·w)² over the rows for each column w of `weights` and entry b of `intercepts`:
  // from the moments, Σ(v·(a − ā))² + n·(v·ā − b)² with v = (−w, 1) (weighted: Σwᵢ(…)², with
  // Σw for n).
  [[nodiscard]] Vector squared_errors(const Matrix& weights, const Vector& intercepts) const;
};

}  // namespace linreg::detail
