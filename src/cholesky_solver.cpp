#include "linreg/cholesky_solver.hpp"

#include <algorithm>
#include <limits>

#include <Eigen/Cholesky>

#include "least_squares_common.hpp"

namespace linreg {

FitSummary CholeskySolver::solve(const DesignView& design, const FitOptions& options) const {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  FitSummary s;
  s.solver = std::string(name());
  s.stop_reason = StopReason::solved;
  Vector w = Vector::Zero(d);
  double intercept = options.fit_intercept ? design.y.mean() : 0.0;
  if (d > 0) {
    const detail::CenteredDesign c = detail::center_and_scale(design, options.fit_intercept);
    Matrix gram = Matrix::Zero(d, d);
    gram.selfadjointView<Eigen::Lower>().rankUpdate(c.z.transpose());
    const Vector rhs = c.z.transpose() * c.y_centered;
    const Eigen::LDLT<Matrix> ldlt(gram);
    const Vector diagonal = ldlt.vectorD();
    const double largest = diagonal.cwiseAbs().maxCoeff();
    const double threshold =
        static_cast<double>(std::max<Index>({n, d, 1})) * std::numeric_limits<double>::epsilon() * largest;
    // LDLᵀ with pivoting: P·G·Pᵀ = L·D·Lᵀ; D's small entries belong to columns that the others
    // (nearly) span. Solve on the well-determined columns only.
    // P moves original column j to position indices[j]; D is in the permuted order.
    const Eigen::PermutationMatrix<Eigen::Dynamic> permutation(ldlt.transpositionsP());
    std::vector<Index> column_at(static_cast<std::size_t>(d));
    for (Index j = 0; j < d; ++j) column_at[static_cast<std::size_t>(permutation.indices()[j])] = j;
    std::vector<Index> kept;
    for (Index k = 0; k < d; ++k) {
      const Index j = column_at[static_cast<std::size_t>(k)];
      if (std::abs(diagonal[k]) > threshold) {
        kept.push_back(j);
      } else {
        s.aliased.push_back(design.feature_names[static_cast<std::size_t>(j)]);
      }
    }
    std::sort(kept.begin(), kept.end());
    s.rank = static_cast<Index>(kept.size());
    const auto m = static_cast<Index>(kept.size());
    Matrix sub(m, m);
    Vector sub_rhs(m);
    for (Index a = 0; a < m; ++a) {
      sub_rhs[a] = rhs[kept[static_cast<std::size_t>(a)]];
      for (Index b = 0; b < m; ++b) {
        const Index i = kept[static_cast<std::size_t>(a)], j = kept[static_cast<std::size_t>(b)];
        sub(a, b) = i >= j ? gram(i, j) : gram(j, i);
      }
    }
    const Vector u = sub.ldlt().solve(sub_rhs);
    for (Index a = 0; a < m; ++a) {
      const Index j = kept[static_cast<std::size_t>(a)];
      w[j] = u[a] / c.scale[j];
    }
    intercept = c.y_mean - c.x_mean.dot(w);
  }
  detail::warn_rank_deficiency(s, d, options.fit_intercept);
  detail::set_solution(s, design, w, intercept, options.fit_intercept);
  return s;
}

}  // namespace linreg
