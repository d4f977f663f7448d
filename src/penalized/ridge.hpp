#pragma once
// Ridge along a path by one decomposition (private to the library): on the standardized problem
// (G + λI)·w = c, with G = ZᵀZ/n = V·diag(d)·Vᵀ from the eigendecomposition of G (covariance
// updates' problem) or from the thin SVD of Z (residual updates' problem, n × p), each λ's
// solution is V·diag(1/(d + λ))·Vᵀc, refined once against the problem itself.
#include "linreg/dataset.hpp"
#include "linreg/penalized.hpp"
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
  // G's eigenvectors (p × m: m = p from G, min(n, p) from the SVD of Z) and eigenvalues.
  [[nodiscard]] const Matrix& eigenvectors() const { return v_; }
  [[nodiscard]] const Vector& eigenvalues() const { return d_; }

 private:
  // (G + λI)⁻¹·v: through V where G has its eigenvalues, v/λ on the rest (p > n).
  [[nodiscard]] Vector apply_inverse(const Vector& v, double lambda) const;
  // c − (G + λI)·w, and ‖ỹ − Zw‖²/n.
  [[nodiscard]] Vector residual(const Vector& w, double lambda, double& mse) const;

  const PenalizedProblem& problem_;
  Matrix v_;
  Vector d_;  // eigenvalues of G (s²/n)
};

// The standardization of the rows: z = (x − mean)/scale (mean 0 without intercept), ỹ = y − ȳ.
struct RowStandardization {
  const Vector& mean;
  const Vector& scale;
  double y_mean = 0.0;
  bool intercept = true;
};

// Leave-one-out cross-validation of ridge in closed form (scikit-learn's RidgeCV; Hastie,
// Tibshirani and Friedman, ESL 7.10): with the intercept unpenalized, the hat matrix of row i is
// h_i = 1/n + Σ_k (z_i·v_k)²/(n·(d_k + λ)), and the left-out residual (ỹ_i − z_i·w)/(1 − h_i).
// `weights` holds the standardized solution at each λ (p × L). The rows are read a block at a
// time (nothing n × p is kept); the mean and standard error are cv.glmnet's with n folds of one
// row (cvsd = √(Σ(e_i² − m)²/(n·(n − 1)))).
[[nodiscard]] CrossValidation ridge_leave_one_out(const DatasetView& data,
                                                  const RowStandardization& rows,
                                                  const RidgePath& ridge, const Matrix& weights,
                                                  const Vector& lambdas);

}  // namespace linreg::detail
