#include "direct/least_squares_common.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "linreg/errors.hpp"
#include "linreg/mse_objective.hpp"
#include "core/row_groups.hpp"

namespace linreg::detail {

StandardScaler column_statistics(const DesignView& design) {
  return design.column_stats != nullptr ? *design.column_stats : StandardScaler::fit(design.X);
}

CenteredDesign centering(const DesignView& design, bool fit_intercept) {
  const Index n = design.X.rows();
  const StandardScaler stats = column_statistics(design);
  CenteredDesign c;
  c.x_mean = fit_intercept ? stats.mean() : Vector::Zero(design.X.cols());
  c.y_mean = fit_intercept ? design.y.mean() : 0.0;
  c.scale = stats.rms(n).unaryExpr([](double rms) { return power_of_two_scale(rms); });
  return c;
}

CenteredDesign center_and_scale(const DesignView& design, bool fit_intercept) {
  CenteredDesign c = centering(design, fit_intercept);
  c.z = design.X.rowwise() - c.x_mean.transpose();
  for (Index j = 0; j < c.z.cols(); ++j) c.z.col(j) /= c.scale[j];
  c.y_centered = design.y.array() - c.y_mean;
  return c;
}

double power_of_two_scale(double rms) { return rms > 0.0 ? std::ldexp(1.0, std::ilogb(rms)) : 1.0; }

void warn_rank_deficiency(FitSummary& s, Index features, bool fit_intercept) {
  if (s.aliased.empty()) return;
  // A wide design can alias thousands: the first few name them, the count says the rest (the
  // summary's `aliased` holds all).
  constexpr std::size_t kNamed = 10;
  std::string names;
  for (std::size_t k = 0; k < std::min(kNamed, s.aliased.size()); ++k)
    names += (names.empty() ? "'" : ", '") + s.aliased[k] + "'";
  if (s.aliased.size() > kNamed) names += fmt::format(" and {} more", s.aliased.size() - kNamed);
  const bool one = s.aliased.size() == 1;
  s.warnings.push_back({WarningCode::rank_deficient, fmt::format(
      "the design is rank deficient (rank {} of {} features): {} {} a linear combination of the "
      "other columns{}; {} set to 0. Drop {} or use fewer columns.",
      s.rank, features, names, one ? "is" : "are", fit_intercept ? " and the intercept" : "",
      one ? "its weight is" : "their weights are", one ? "it" : "them")});
}

FitSummary solve_centered(const DesignView& design, const FitOptions& options, SolverKind solver,
                          const std::function<Vector(const CenteredDesign&, FitSummary&)>& solve_scaled,
                          bool form_z) {
  const Index d = design.X.cols();
  FitSummary s;
  s.solver = solver;
  s.stop_reason = StopReason::solved;
  Vector w = Vector::Zero(d);
  double intercept = options.fit_intercept ? design.y.mean() : 0.0;
  if (d > 0) {
    const CenteredDesign c =
        form_z ? center_and_scale(design, options.fit_intercept) : centering(design, options.fit_intercept);
    w = solve_scaled(c, s).cwiseQuotient(c.scale);
    intercept = c.y_mean - c.x_mean.dot(w);
  }
  warn_rank_deficiency(s, d, options.fit_intercept);
  set_solution(s, design, w, intercept, options.fit_intercept);
  return s;
}

namespace {

// Whether every value is finite: x·0 is 0 for finite x and NaN otherwise (no -ffast-math here).
// `largest` becomes the largest |x| (meaningful when all are finite).
bool all_finite(const double* x, Index m, double& largest) {
  double probe = 0.0;
  double top = 0.0;
#pragma omp simd reduction(+ : probe) reduction(max : top)
  for (Index i = 0; i < m; ++i) {
    probe += x[i] * 0.0;
    top = std::max(top, std::abs(x[i]));
  }
  largest = top;
  return probe == 0.0;
}

// The same for every column of X, over fixed row groups on all cores.
bool all_finite(MatrixRef X, Vector& largest) {
  const auto groups = static_cast<std::size_t>(group_count(X.rows()));
  std::vector<char> finite(groups, 1);
  Matrix tops = Matrix::Zero(X.cols(), static_cast<Index>(groups));
  for_each_group(X.rows(), [&](Index g, Index lo, Index hi) {
    for (Index j = 0; j < X.cols(); ++j) {
      if (!all_finite(X.col(j).data() + lo, hi - lo, tops(j, g))) finite[static_cast<std::size_t>(g)] = 0;
    }
  });
  largest = X.rows() == 0 || X.cols() == 0 ? Vector(Vector::Zero(X.cols())) : Vector(tops.rowwise().maxCoeff());
  return std::all_of(finite.begin(), finite.end(), [](char f) { return f != 0; });
}

}  // namespace

Magnitudes require_finite(MatrixRef X, VectorRef y, std::span<const std::string> feature_names,
                          const std::string& target_name, Index first_row) {
  Magnitudes m;
  if (!all_finite(X, m.columns)) {
    for (Index j = 0; j < X.cols(); ++j) {
      for (Index i = 0; i < X.rows(); ++i) {
        if (!std::isfinite(X(i, j))) {
          throw DataError(fmt::format("row {}, column '{}': value {} is not finite", first_row + i + 1,
                                      feature_names[static_cast<std::size_t>(j)], X(i, j)));
        }
      }
    }
  }
  if (all_finite(y.data(), y.size(), m.target)) return m;
  for (Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) {
      throw DataError(fmt::format("row {}, target '{}': value {} is not finite", first_row + i + 1,
                                  target_name, y[i]));
    }
  }
  return m;
}

Warning constant_feature_warning(const std::string& name, double value, bool scaled) {
  return {WarningCode::constant_feature,
          fmt::format("feature '{}' is constant ({:.6g}): it carries no information beyond the intercept; its "
                      "weight is 0{}",
                      name, value, scaled ? " (its scale is taken as 1, not 0)" : "")};
}

void set_solution(FitSummary& s, const DesignView& design, const Vector& w, double intercept,
                  bool fit_intercept) {
  const Index d = w.size();
  s.design_model = LinearModel(w, fit_intercept ? intercept : 0.0);
  Vector theta(d + 1);
  theta << w, s.design_model.intercept();
  s.final_loss = MseObjective(design.X, design.y).loss(theta);
}

}  // namespace linreg::detail
