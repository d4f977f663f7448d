#pragma once
// (ZᵀZ)⁻¹ for the centered, scaled active columns Z of a design (private to the library), the
// factor behind the statistics table's standard errors. T = R⁻¹ from a double QR of Z
// preconditions; for up to kRefinedInverseLimit columns A = Tᵀ(ZᵀZ)T ≈ I is formed in
// double-double from Z exactly as given, so (ZᵀZ)⁻¹ = T·A⁻¹·Tᵀ whatever rounding T carries (only
// A's own, tiny, conditioning matters: this is what keeps the standard errors accurate on Filip).
// Above the limit, (ZᵀZ)⁻¹ = T·Tᵀ from the double R alone.
#include <cmath>
#include <limits>
#include <vector>

#include "linreg/communicator.hpp"
#include "linreg/types.hpp"
#include "numerics/double_double.hpp"
#include "numerics/power_iteration.hpp"

namespace linreg::detail {

inline constexpr Index kRefinedInverseLimit = 200;

class InverseGram {
 public:
  // z[j][i]: column j, row i (n rows, m columns); with `comm`, these are this process's rows of
  // a Z shared among processes: R from a tall-skinny QR of each process's rows merged in rank
  // order, A's sums completed over the processes (one process: a Householder QR of Z, as is).
  InverseGram(const std::vector<std::vector<DoubleDouble>>& z, Index n, Index m,
              const Communicator& comm = SingleProcess());

  [[nodiscard]] Index size() const { return t_.rows(); }
  [[nodiscard]] Vector diagonal() const;  // diag((ZᵀZ)⁻¹)
  [[nodiscard]] double quadratic(
      const Vector& u) const;  // uᵀ(ZᵀZ)⁻¹u, accumulated in double-double
  [[nodiscard]] Vector apply(const Vector& u) const;  // (ZᵀZ)⁻¹u
  // κ(Z) = σ_max/σ_min: from the singular values of R up to kExactConditionLimit columns, else by
  // power iteration on ZᵀZ and (ZᵀZ)⁻¹ (a few significant digits; each step O(m²)).
  [[nodiscard]] double condition() const;

 private:
  Matrix r_;      // R of Z (m × m, upper triangular)
  Matrix t_;      // R⁻¹
  Matrix a_inv_;  // A⁻¹, empty above kRefinedInverseLimit
};

inline constexpr Index kExactConditionLimit = 500;

// The R factor of the rows of every process (this process's: `rows`, any number), from a
// tall-skinny QR of each process's rows merged in rank order (TSQR): the same on every process.
Matrix merged_r(const Communicator& comm, const Matrix& rows);

// κ = √(λ_max(G)·λ_max(G⁻¹)) of a symmetric positive definite G given by its products
// (`gram(v, out)`, `inverse(v, out)`): the condition number of Z for G = ZᵀZ, by power iteration on
// both; infinity when it is not finite.
template <class Gram, class InverseGramApply>
double condition_by_power_iteration(Index m, Gram&& gram, InverseGramApply&& inverse) {
  // Clustered top eigenvalues slow the vector, not the value: 1e-8 on the Rayleigh quotient is far
  // below the digits a condition number is read to.
  const double top = largest_eigenvalue(m, gram, 1e-8, 3000).eigenvalue;
  const double inverse_top = largest_eigenvalue(m, inverse, 1e-8, 3000).eigenvalue;
  const double k2 = top * inverse_top;
  return std::isfinite(k2) && k2 > 0.0 ? std::sqrt(k2) : std::numeric_limits<double>::infinity();
}

}  // namespace linreg::detail
