#pragma once
// Coordinate descent with covariance updates for one λ of a lasso or elastic-net path (private
// to the library), on the standardized problem
//   min ½·wᵀGw − cᵀw + λ·(r·‖w‖₁ + (1 − r)/2·‖w‖²),   G = ZᵀZ/n, c = Zᵀỹ/n.
// The iterate's negative gradient q = c − Gw is kept up to date, O(p) per changed weight; each
// solution is finished by a direct solve on its active set (the system the KKT conditions give
// when the signs are known) and accepted when the KKT conditions, with q recomputed in full, hold
// over every feature.
#include <vector>

#include "linreg/types.hpp"

namespace linreg::detail {

struct CovarianceProblem {
  Matrix gram;  // G, p × p (both triangles)
  Vector c;
};

struct CoordinateDescentResult {
  long sweeps = 0;
  bool converged = false;
  double violation = 0.0;  // the largest KKT violation over all features, absolute
};

// The largest KKT violation of w at (λ, r), with q = c − Gw recomputed into `q`: for w_j ≠ 0,
// |q_j − λ(1 − r)w_j − λr·sign(w_j)|; for w_j = 0, how far |q_j| exceeds λr.
[[nodiscard]] double kkt_violation(const CovarianceProblem& problem, double lambda, double r,
                                   const Vector& w, Vector& q);

// Minimizes from `w` (a warm start; the solution on return) over the features `eligible` marks
// (a strong set: features outside it stay 0 unless the KKT check over all features finds them
// violating, when they join it). Converged when the violation is at most `tolerance`.
[[nodiscard]] CoordinateDescentResult coordinate_descent(const CovarianceProblem& problem,
                                                         double lambda, double r, double tolerance,
                                                         long max_sweeps,
                                                         std::vector<bool>& eligible, Vector& w);

}  // namespace linreg::detail
