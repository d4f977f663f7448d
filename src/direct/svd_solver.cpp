#include "linreg/svd_solver.hpp"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <algorithm>
#include <limits>

#include "direct/direct_fit.hpp"
#include "direct/least_squares_common.hpp"
#include "linreg/settings.hpp"

namespace linreg {

FitSummary SvdSolver::fit(const CheckedData& data, const FitOptions& options) const {
  const auto solve_scaled = [](const detail::CenteredDesign& c, FitSummary& s) {
    const Index n = c.z.rows();
    const Index d = c.z.cols();
    Eigen::BDCSVD<Matrix> svd(c.z, Eigen::ComputeThinU | Eigen::ComputeThinV);
    svd.setThreshold(static_cast<double>(std::max<Index>({n, d, 1})) *
                     std::numeric_limits<double>::epsilon());
    const Index rank = s.direct->rank = svd.rank();
    if (rank < d) {
      s.warnings.push_back(
          {WarningCode::rank_deficient,
           fmt::format(
               "the design is rank deficient (rank {} of {} features): some columns are linear "
               "combinations of others; the SVD solver returns the minimum-norm solution, which "
               "spreads "
               "weight over them ({} drops and names them instead)",
               rank, d, mention(Setting::solver, "exact"))});
    }
    return Vector(svd.solve(c.y_centered));
  };
  return detail::fit_direct(data, [&](const detail::DirectDesign& direct) {
    const DatasetView& design = direct.data;
    return detail::solve_centered(design, options, kind(), solve_scaled);
  });
}

}  // namespace linreg
