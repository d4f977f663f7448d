#include "linreg/cholesky_solver.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <limits>

#include "direct/direct_fit.hpp"
#include "direct/gram_triangle.hpp"
#include "direct/least_squares_common.hpp"

namespace linreg {

FitSummary CholeskySolver::fit(const CheckedData& data, const FitOptions& options) const {
  return detail::fit_direct(data, [&](const detail::DirectDesign& direct) {
    const DatasetView& design = direct.data;
    const auto solve_scaled = [&](const detail::CenteredDesign& c, FitSummary& s) {
      const Index n = design.X.rows();
      const Index d = design.X.cols();
      // ZᵀZ and Zᵀy_c in one pass over the rows, Z never formed (the lower triangle; Zᵀy_c in row
      // d).
      const Matrix full = detail::centered_gram(design, c.x_mean, c.y_mean, c.scale);
      const Matrix gram = full.topLeftCorner(d, d).triangularView<Eigen::Lower>();
      const Vector rhs = full.row(d).head(d).transpose();
      const Eigen::LDLT<Matrix> ldlt(gram);
      const Vector diagonal = ldlt.vectorD();
      const double threshold = static_cast<double>(std::max<Index>({n, d, 1})) *
                               std::numeric_limits<double>::epsilon() *
                               diagonal.cwiseAbs().maxCoeff();
      // LDLᵀ with pivoting: P·G·Pᵀ = L·D·Lᵀ; D's small entries belong to columns that the others
      // (nearly) span. P moves original column j to position indices[j]; D is in that order.
      const Eigen::PermutationMatrix<Eigen::Dynamic> permutation(ldlt.transpositionsP());
      std::vector<Index> column_at(static_cast<std::size_t>(d));
      for (Index j = 0; j < d; ++j)
        column_at[static_cast<std::size_t>(permutation.indices()[j])] = j;
      std::vector<Index> kept;
      for (Index k = 0; k < d; ++k) {
        const Index j = column_at[static_cast<std::size_t>(k)];
        if (std::abs(diagonal[k]) > threshold) {
          kept.push_back(j);
        } else {
          s.direct->aliased.push_back(design.feature_names[static_cast<std::size_t>(j)]);
        }
      }
      std::sort(kept.begin(), kept.end());
      // Solve on the well-determined columns only; the aliased ones keep weight 0.
      const Index m = s.direct->rank = static_cast<Index>(kept.size());
      Matrix sub(m, m);
      Vector sub_rhs(m);
      for (Index a = 0; a < m; ++a) {
        const Index i = kept[static_cast<std::size_t>(a)];
        sub_rhs[a] = rhs[i];
        for (Index b = 0; b < m; ++b) {
          const Index j = kept[static_cast<std::size_t>(b)];
          sub(a, b) = i >= j ? gram(i, j) : gram(j, i);
        }
      }
      const Vector u_kept = sub.ldlt().solve(sub_rhs);
      Vector u = Vector::Zero(d);
      for (Index a = 0; a < m; ++a) u[kept[static_cast<std::size_t>(a)]] = u_kept[a];
      return u;
    };
    return detail::solve_centered(design, options, kind(), solve_scaled, /*form_z=*/false);
  });
}

}  // namespace linreg
