#include "penalized/ridge.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <vector>

namespace linreg::detail {

RidgePath::RidgePath(const PenalizedProblem& problem) : problem_(problem) {
  if (problem.covariance()) {
    const Eigen::SelfAdjointEigenSolver<Matrix> eigen(problem.gram);
    v_ = eigen.eigenvectors();
    d_ = eigen.eigenvalues().cwiseMax(0.0);  // G is semidefinite: rounding below 0 is 0
    return;
  }
  const Eigen::BDCSVD<Matrix> svd(problem.z, Eigen::ComputeThinV);
  v_ = svd.matrixV();
  d_ = svd.singularValues().array().square() / static_cast<double>(problem.z.rows());
}

Vector RidgePath::apply_inverse(const Vector& v, double lambda) const {
  const Vector along = v_.transpose() * v;
  Vector inside = along;
  for (Index k = 0; k < inside.size(); ++k)
    inside[k] = d_[k] + lambda > 0.0 ? along[k] / (d_[k] + lambda) : 0.0;
  Vector out = v_ * inside;
  if (v_.cols() < v_.rows() && lambda > 0.0) out += (v - v_ * along) / lambda;
  return out;
}

Vector RidgePath::residual(const Vector& w, double lambda, double& mse) const {
  if (problem_.covariance()) {
    const Vector gw = problem_.gram * w;
    mse = problem_.yy - 2.0 * problem_.c.dot(w) + w.dot(gw);
    return problem_.c - gw - lambda * w;
  }
  const Vector r = problem_.y - problem_.z * w;
  const double n = static_cast<double>(problem_.z.rows());
  mse = r.squaredNorm() / n;
  return problem_.z.transpose() * r / n - lambda * w;
}

RidgeSolution RidgePath::solve(double lambda) const {
  RidgeSolution out;
  out.w = apply_inverse(problem_.c, lambda);
  double mse = 0.0;
  out.w += apply_inverse(residual(out.w, lambda, mse), lambda);  // one refinement step
  out.violation = residual(out.w, lambda, out.mean_squared_residual).cwiseAbs().maxCoeff();
  return out;
}

namespace {

// The squared left-out residuals of rows [first, first + count) at every λ (count × L).
Matrix left_out_squares(const DatasetView& data, const RowStandardization& rows,
                        const RidgePath& ridge, const Matrix& weights, const Matrix& inverse_d,
                        Index first, Index count) {
  const Index p = data.n_features();
  const double n = static_cast<double>(data.n_rows());
  Matrix z(count, p);
  data.X.copy_rows(first, count, z.data(), count);
  for (Index j = 0; j < p; ++j) z.col(j) = (z.col(j).array() - rows.mean[j]) / rows.scale[j];
  const Matrix projected = z * ridge.eigenvectors();
  // h_i − 1/n at every λ: Σ_k P_ik²/(n·(d_k + λ)).
  const Matrix leverage = projected.array().square().matrix() * inverse_d;
  Matrix residual = -(z * weights);
  residual.colwise() += (data.y.segment(first, count).array() - rows.y_mean).matrix();
  const double base = rows.intercept ? 1.0 / n : 0.0;
  return (residual.array() / (1.0 - base - leverage.array())).square();
}

}  // namespace

CrossValidation ridge_leave_one_out(const DatasetView& data, const RowStandardization& rows,
                                    const RidgePath& ridge, const Matrix& weights,
                                    const Vector& lambdas) {
  const Index n = data.n_rows();
  const Index count = lambdas.size();
  const Vector& d = ridge.eigenvalues();
  Matrix inverse_d(d.size(), count);  // 1/(n·(d_k + λ)), 0 where d_k + λ is 0
  for (Index l = 0; l < count; ++l) {
    for (Index k = 0; k < d.size(); ++k) {
      const double denominator = static_cast<double>(n) * (d[k] + lambdas[l]);
      inverse_d(k, l) = denominator > 0.0 ? 1.0 / denominator : 0.0;
    }
  }
  constexpr Index kBlock = 4096;
  // Two passes: the mean of e², then the spread about it (no cancellation).
  CrossValidation cv;
  cv.folds = static_cast<long>(n);
  cv.leave_one_out = true;
  cv.mean = Vector::Zero(count);
  for (Index first = 0; first < n; first += kBlock) {
    const Index rows_here = std::min(kBlock, n - first);
    cv.mean += left_out_squares(data, rows, ridge, weights, inverse_d, first, rows_here)
                   .colwise()
                   .sum()
                   .transpose();
  }
  cv.mean /= static_cast<double>(n);
  cv.standard_error = Vector::Zero(count);
  for (Index first = 0; first < n; first += kBlock) {
    const Index rows_here = std::min(kBlock, n - first);
    const Matrix squares =
        left_out_squares(data, rows, ridge, weights, inverse_d, first, rows_here);
    cv.standard_error += (squares.rowwise() - cv.mean.transpose())
                             .array()
                             .square()
                             .colwise()
                             .sum()
                             .matrix()
                             .transpose();
  }
  const double nn = static_cast<double>(n);
  cv.standard_error =
      n > 1 ? Vector((cv.standard_error / (nn * (nn - 1.0))).cwiseSqrt()) : Vector::Zero(count);
  cv.fold_of_row.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i)
    cv.fold_of_row[static_cast<std::size_t>(i)] = static_cast<long>(i) + 1;
  return cv;
}

}  // namespace linreg::detail
