#pragma once
// Coordinate descent for one λ of a lasso or elastic-net path (private to the library), on the
// standardized problem
//   min (1/2n)·‖ỹ − Zw‖² + λ·(r·‖w‖₁ + (1 − r)/2·‖w‖²),   G = ZᵀZ/n, c = Zᵀỹ/n,
// by covariance updates (the negative gradient q = c − Gw kept, O(p) per changed weight; for few
// features) or by residual updates (r = ỹ − Zw kept, O(n) per weight; for many). Once the signs
// of the active weights hold still, the KKT conditions on the active set are a linear system,
// solved directly; a solution is accepted when the KKT conditions, with the gradient recomputed
// in full, hold over every feature.
#include <vector>

#include "linreg/types.hpp"

namespace linreg::detail {

struct PenalizedProblem {
  Vector c;         // Zᵀỹ/n
  Vector diagonal;  // G_jj = ‖z_j‖²/n (0 for a feature that takes no part)
  double yy = 0.0;  // ‖ỹ‖²/n
  // Covariance updates: G (both triangles). Residual updates: Z and ỹ instead (gram empty).
  Matrix gram;
  Matrix z;
  Vector y;

  [[nodiscard]] bool covariance() const { return z.size() == 0; }
  [[nodiscard]] Index features() const { return c.size(); }
};

// With residual updates, the inner products z_jᵀz_k/n among the features that have been active,
// kept across the λ of a path: each direct solve on the active set reads its Gram matrix from
// here, computing only the products of features new to it (O(n) each).
class ActiveProducts {
 public:
  // G_AA for the features `active` (of problem.z).
  [[nodiscard]] Matrix gram(const PenalizedProblem& problem, const std::vector<Index>& active);

 private:
  std::vector<Index> slot_;      // per feature: its row in products_, or −1
  std::vector<Index> features_;  // per row of products_: its feature
  Matrix products_;              // capacity × capacity; the first features_.size() in use
};

// The Cholesky factor of the last active-set system, kept across the λ of a path: the lasso's
// system G_AA·v = c_A − λ·σ_A has the same matrix at every λ with the same active set, and a
// feature that joins adds a row to the factor (O(m²·k) for k new features, not O(m³)). Any other
// change (a feature leaving, a new L2 term) factors afresh.
struct ActiveFactor {
  std::vector<Index> order;  // the features of the factored system, in its order
  double l2 = -1.0;          // the ridge term on its diagonal (−1: nothing factored)
  Matrix lower;              // L, L·Lᵀ = G_OO + l2·I
};

struct CoordinateDescentResult {
  long sweeps = 0;
  bool converged = false;
  double violation = 0.0;              // the largest KKT violation over all features, absolute
  double mean_squared_residual = 0.0;  // ‖ỹ − Zw‖²/n at the solution
};

// Minimizes from `w` (a warm start; the solution on return) over the features `eligible` marks
// (a strong set: features outside it stay 0 unless the KKT check over all features finds them
// violating, when they join it). Converged when the largest KKT violation — for w_j ≠ 0,
// |q_j − λ(1 − r)·w_j − λr·sign(w_j)|, for w_j = 0 how far |q_j| exceeds λr — is at most
// `tolerance`. `q`: on entry the negative gradient c − Gw at the warm start when known (the
// previous λ's; empty otherwise), on return the one at the solution, recomputed in full.
// `products`: the path's cache of inner products for residual updates (unused with covariance
// updates); `factor`: its cache of the active-set factor.
[[nodiscard]] CoordinateDescentResult coordinate_descent(const PenalizedProblem& problem,
                                                         double lambda, double r, double tolerance,
                                                         long max_sweeps,
                                                         std::vector<bool>& eligible, Vector& w,
                                                         Vector& q, ActiveProducts& products,
                                                         ActiveFactor& factor);

}  // namespace linreg::detail
