#include "gram_triangle.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Cholesky>

#include "linreg/scaler.hpp"
#include "least_squares_common.hpp"
#include "row_groups.hpp"

namespace linreg::detail {
namespace {

constexpr Index kGramRows = 2048;  // rows centered into a buffer per rank-k update (about 1 MB: L2)
constexpr double kMaxContraction = 1e-3;  // each refinement step gains at least three digits

// The lower triangle of [Z, y − ȳ]ᵀ[Z, y − ȳ], over fixed row groups combined in order.
Matrix centered_gram(const DesignView& design, const Vector& x_mean, double y_mean, const Vector& scale) {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  std::vector<Matrix> groups(static_cast<std::size_t>(group_count(n)));
  const Vector inverse_scale = scale.cwiseInverse();  // powers of two: exact
  for_each_group(n, [&](Index g, Index lo, Index hi) {
    Matrix& gram = groups[static_cast<std::size_t>(g)];
    gram = Matrix::Zero(d + 1, d + 1);
    Matrix buffer(kGramRows, d + 1);
    for (Index start = lo; start < hi; start += kGramRows) {
      const Index m = std::min(kGramRows, hi - start);
      for (Index j = 0; j < d; ++j) {
        buffer.col(j).head(m) = (design.X.col(j).segment(start, m).array() - x_mean[j]) * inverse_scale[j];
      }
      buffer.col(d).head(m) = design.y.segment(start, m).array() - y_mean;
      gram.selfadjointView<Eigen::Lower>().rankUpdate(buffer.topRows(m).transpose());
    }
  });
  Matrix total = Matrix::Zero(d + 1, d + 1);
  for (const Matrix& gram : groups) total.triangularView<Eigen::Lower>() += gram;
  return total;
}

}  // namespace

std::optional<ScaledTriangle> gram_triangle(const DesignView& design, bool fit_intercept) {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  std::optional<StandardScaler> own;
  const StandardScaler& stats =
      design.column_stats != nullptr ? *design.column_stats : own.emplace(StandardScaler::fit(design.X));
  ScaledTriangle out;
  out.x_mean = fit_intercept ? stats.mean() : Vector::Zero(d);
  out.y_mean = fit_intercept ? design.y.mean() : 0.0;
  out.scale = stats.rms(n).unaryExpr([](double rms) { return power_of_two_scale(rms); });

  const Matrix gram = centered_gram(design, out.x_mean, out.y_mean, out.scale);
  const Eigen::LLT<Matrix> llt(gram.topLeftCorner(d, d));
  if (llt.info() != Eigen::Success) return std::nullopt;
  out.r = llt.matrixU();
  const Matrix inverse = out.r.triangularView<Eigen::Upper>().solve(Matrix::Identity(d, d));
  const double kappa = out.r.norm() * inverse.norm();
  // Each Gram entry sums at most kGramRows products in a block, then the blocks of a group, then
  // the groups, one after another.
  const double chain = static_cast<double>(kGramRows + kGroupRows / kGramRows + group_count(n));
  out.contraction = kappa * kappa * (chain + static_cast<double>(d) + 2.0) * std::numeric_limits<double>::epsilon();
  if (!(out.contraction <= kMaxContraction)) return std::nullopt;
  out.qty = llt.matrixL().solve(gram.row(d).head(d).transpose());  // the lower triangle holds Zᵀy
  return out;
}

}  // namespace linreg::detail
