#include "direct/least_squares_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/row_groups.hpp"
#include "linreg/errors.hpp"
#include "numerics/mse_kernel.hpp"

namespace linreg::detail {

CenteredDesign centering(const DatasetView& design, bool fit_intercept) {
  const Index n = design.X.rows();
  const StandardScaler stats = StandardScaler::fit(design.X);
  CenteredDesign c;
  c.x_mean = fit_intercept ? stats.mean() : Vector::Zero(design.X.cols());
  c.y_mean = fit_intercept ? design.y.mean() : 0.0;
  c.scale = stats.rms(n).unaryExpr([](double rms) { return power_of_two_scale(rms); });
  return c;
}

CenteredDesign center_and_scale(const DatasetView& design, bool fit_intercept) {
  CenteredDesign c = centering(design, fit_intercept);
  if (design.X.is_row_major()) {
    c.z = design.X.to_matrix();
    c.z.rowwise() -= c.x_mean.transpose();
  } else {
    c.z = design.X.matrix().rowwise() - c.x_mean.transpose();
  }
  for (Index j = 0; j < c.z.cols(); ++j) c.z.col(j) /= c.scale[j];
  c.y_centered = design.y.array() - c.y_mean;
  return c;
}

double power_of_two_scale(double rms) { return rms > 0.0 ? std::ldexp(1.0, std::ilogb(rms)) : 1.0; }

void warn_rank_deficiency(FitSummary& s, Index features, bool fit_intercept) {
  const DirectReport& r = *s.direct;
  if (r.aliased.empty()) return;
  // A wide design can alias thousands: the first few name them, the count says the rest (the
  // summary's `aliased` holds all).
  constexpr std::size_t kNamed = 10;
  std::string names;
  for (std::size_t k = 0; k < std::min(kNamed, r.aliased.size()); ++k)
    names += (names.empty() ? "'" : ", '") + r.aliased[k] + "'";
  if (r.aliased.size() > kNamed) names += fmt::format(" and {} more", r.aliased.size() - kNamed);
  const bool one = r.aliased.size() == 1;
  s.warnings.push_back(
      {WarningCode::rank_deficient,
       fmt::format("the design is rank deficient (rank {} of {} features): {} {} a linear "
                   "combination of the "
                   "other columns{}; {} set to 0. Drop {} or use fewer columns.",
                   r.rank, features, names, one ? "is" : "are",
                   fit_intercept ? " and the intercept" : "",
                   one ? "its weight is" : "their weights are", one ? "it" : "them")});
}

FitSummary solve_centered(
    const DatasetView& design, const FitOptions& options, SolverKind solver,
    const std::function<Vector(const CenteredDesign&, FitSummary&)>& solve_scaled, bool form_z) {
  const Index d = design.X.cols();
  FitSummary s;
  s.solver = solver;
  s.stop_reason = StopReason::solved;
  s.direct.emplace();
  Vector w = Vector::Zero(d);
  double intercept = options.fit_intercept ? design.y.mean() : 0.0;
  if (d > 0) {
    const CenteredDesign c = form_z ? center_and_scale(design, options.fit_intercept)
                                    : centering(design, options.fit_intercept);
    w = solve_scaled(c, s).cwiseQuotient(c.scale);
    intercept = c.y_mean - c.x_mean.dot(w);
  }
  warn_rank_deficiency(s, d, options.fit_intercept);
  set_solution(s, design, w, intercept, options.fit_intercept);
  return s;
}

namespace {

// Σ(y − b − x·w)² over the rows: one fused pass over a column-major design; a row-major one's
// rows each a dot product, the groups' sums added in order.
double residual_sum_of_squares(const DatasetView& design, const Vector& w, double b) {
  if (!design.X.is_row_major())
    return fused_residual_pass(design.X.matrix(), design.y.data(), w.data(), b, nullptr, nullptr);
  const Index d = design.X.cols();
  const double* values = design.X.row_values();
  std::vector<double> sums(static_cast<std::size_t>(group_count(design.X.rows())), 0.0);
  for_each_group(design.X.rows(), [&](Index g, Index lo, Index hi) {
    double sum = 0.0;
    for (Index i = lo; i < hi; ++i) {
      const double r = design.y[i] - b - Eigen::Map<const Vector>(values + i * d, d).dot(w);
      sum += r * r;
    }
    sums[static_cast<std::size_t>(g)] = sum;
  });
  double total = 0.0;
  for (const double sum : sums) total += sum;
  return total;
}

}  // namespace

void set_solution(FitSummary& s, const DatasetView& design, const Vector& w, double intercept,
                  bool fit_intercept) {
  s.design_model = LinearModel(w, fit_intercept ? intercept : 0.0);
  if (design.weighted()) {  // the penalized solver's weighted fit: Σwᵢrᵢ²/Σwᵢ
    const Vector r = design.y - s.design_model.predict(design.X.to_matrix());
    const Eigen::Map<const Vector> weights(design.weights.data(), design.n_rows());
    s.final_loss = weights.dot(r.cwiseProduct(r)) / weights.sum();
    return;
  }
  s.final_loss = residual_sum_of_squares(design, w, s.design_model.intercept()) /
                 static_cast<double>(design.X.rows());
}

}  // namespace linreg::detail
