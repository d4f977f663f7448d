#include "linreg/svd_solver.hpp"

#include <algorithm>
#include <limits>

#include <Eigen/SVD>
#include <fmt/format.h>

#include "least_squares_common.hpp"

namespace linreg {

FitSummary SvdSolver::solve(const DesignView& design, const FitOptions& options) const {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  FitSummary s;
  s.solver = std::string(name());
  s.stop_reason = StopReason::solved;
  Vector w = Vector::Zero(d);
  double intercept = options.fit_intercept ? design.y.mean() : 0.0;
  if (d > 0) {
    const detail::CenteredDesign c = detail::center_and_scale(design, options.fit_intercept);
    Eigen::BDCSVD<Matrix> svd(c.z, Eigen::ComputeThinU | Eigen::ComputeThinV);
    svd.setThreshold(static_cast<double>(std::max<Index>({n, d, 1})) * std::numeric_limits<double>::epsilon());
    s.rank = svd.rank();
    const Vector u = svd.solve(c.y_centered);
    for (Index j = 0; j < d; ++j) w[j] = u[j] / c.scale[j];
    intercept = c.y_mean - c.x_mean.dot(w);
    if (s.rank < d) {
      s.warnings.push_back(fmt::format(
          "the design is rank deficient (rank {} of {} features): some columns are linear "
          "combinations of others; the SVD solver returns the minimum-norm solution, which spreads "
          "weight over them (--solver exact drops and names them instead)",
          s.rank, d));
    }
  }
  detail::set_solution(s, design, w, intercept, options.fit_intercept);
  return s;
}

}  // namespace linreg
