#pragma once
// Ridge along a path by one decomposition (private to the library): on the standardized problem
// (G + λI)·w = c, with G = ZᵀZ/n = V·diag(d)·Vᵀ from the eigendecomposition of G (covariance
// updates' problem) or from the thin SVD of Z (residual updates' problem, n × p), each λ's
// solution is V·diag(1/(d + λ))·Vᵀc, refined once against the problem itself.
#include "penalized/coordinate_descent.hpp"

namespace linreg::detail {

struct RidgeSolution {
  Vector w;
  double violation = 0.0;  // max |c − Gw − λw|, recomputed from G (or Z)
  double mean_squared_residual = 0.0;
};

class RidgePath {
 public:
  explicit RidgePath(const PenalizedProblem& problem);
  [[nodiscard]] RidgeSolution solve(double lambda) const;

 private:
  // (G + λI)⁻¹·v: through V where G has its eigenvalues, v/λ on the rest (p > n).
  [[nodiscard]] Vector apply_inverse(const Vector& v, double lambda) const;
  // c − (G + λI)·w, and ‖ỹ − Zw‖²/n.
  [[nodiscard]] Vector residual(const Vector& w, double lambda, double& mse) const;

  const PenalizedProblem& problem_;
  Matrix v_;
  Vector d_;  // eigenvalues of G (s²/n)
};

}  // namespace linreg::detail
