// The penalized path: the standardized problem from one pass over the rows (the centered Gram
// matrix of the exact solver's Gram start, direct/gram_triangle.hpp), from the rows' moments
// (streamed), or the rows themselves (residual updates); the λ grid, warm starts and sequential
// strong rules, ridge's one decomposition, cross-validation, and the weights back in the data's
// units.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

#include "direct/gram_triangle.hpp"
#include "linreg/errors.hpp"
#include "linreg/penalized.hpp"
#include "linreg/settings.hpp"
#include "linreg/solver.hpp"
#include "model/row_weights.hpp"
#include "penalized/coordinate_descent.hpp"
#include "penalized/cross_validation.hpp"
#include "penalized/path_of.hpp"
#include "penalized/ridge.hpp"

namespace linreg {

namespace {

// The standardized problem and what converts its weights back: Z = (X − mean)/scale, ỹ = y − ȳ.
struct Standardized {
  detail::PenalizedProblem problem;
  Vector mean;  // zeros without intercept
  double y_mean = 0.0;
  Vector scale;  // population SD (RMS without intercept); 1 for a constant column or unscaled
};

// Each column's scale from its sum of squares about the mean (n·variance): √(ss/n) when
// standardizing, else 1; 1 also for a constant column, which takes no part.
Vector scales_of(const Vector& sums_of_squares, double count, const std::vector<bool>& constant,
                 const FitOptions& options) {
  Vector scale = Vector::Ones(sums_of_squares.size());
  if (options.scaling != Scaling::standard) return scale;
  for (Index j = 0; j < scale.size(); ++j) {
    const double sd = std::sqrt(sums_of_squares[j] / count);
    if (sd > 0.0 && !constant[static_cast<std::size_t>(j)]) scale[j] = sd;
  }
  return scale;
}

// Whether column j takes part: centered, a constant column is zero.
bool takes_part(const std::vector<bool>& constant, const FitOptions& options, Index j) {
  return !(options.fit_intercept && constant[static_cast<std::size_t>(j)]);
}

// Covariance updates: the problem from the lower triangle of the Gram matrix g of
// [X − s.mean, y − s.y_mean] over `count` rows (d + 1 columns or more, the target's at d).
void gram_problem(const Matrix& g, double count, const std::vector<bool>& constant,
                  const FitOptions& options, Standardized& s) {
  const Index d = s.mean.size();
  s.scale = scales_of(g.diagonal().head(d), count, constant, options);
  detail::PenalizedProblem& p = s.problem;
  p.gram = Matrix::Zero(d, d);
  p.c = Vector::Zero(d);
  for (Index j = 0; j < d; ++j) {
    if (!takes_part(constant, options, j)) continue;
    for (Index k = 0; k <= j; ++k) {
      if (!takes_part(constant, options, k)) continue;
      p.gram(j, k) = p.gram(k, j) = g(j, k) / (count * s.scale[j] * s.scale[k]);
    }
    p.c[j] = g(d, j) / (count * s.scale[j]);
  }
  p.diagonal = p.gram.diagonal();
  p.yy = g(d, d) / count;
}

// Residual updates: Z and ỹ themselves.
void residual_problem(const CheckedData& checked, const FitOptions& options, Standardized& s) {
  const DatasetView& data = checked.data;
  const Index d = data.n_features();
  const double count = static_cast<double>(data.n_rows());
  detail::PenalizedProblem& p = s.problem;
  p.z = data.X.to_matrix();
  p.z.rowwise() -= s.mean.transpose();
  for (Index j = 0; j < d; ++j) {
    if (!takes_part(checked.constant, options, j)) p.z.col(j).setZero();
  }
  s.scale = scales_of(p.z.colwise().squaredNorm().transpose(), count, checked.constant, options);
  for (Index j = 0; j < d; ++j) p.z.col(j) /= s.scale[j];
  p.y = data.y.array() - s.y_mean;
  p.c = p.z.transpose() * p.y / count;
  p.diagonal = p.z.colwise().squaredNorm().transpose() / count;
  p.yy = p.y.squaredNorm() / count;
}

Standardized standardize(const CheckedData& checked, const FitOptions& options) {
  Standardized s;
  s.mean = options.fit_intercept ? checked.column_mean : Vector::Zero(checked.data.n_features());
  s.y_mean = options.fit_intercept ? checked.data.y.mean() : 0.0;
  const DatasetView& data = checked.data;
  if (detail::covariance_updates(options, data.n_features(), data.n_rows())) {
    const Matrix g = detail::centered_gram(data, s.mean, s.y_mean, Vector::Ones(data.n_features()));
    gram_problem(g, static_cast<double>(data.n_rows()), checked.constant, options, s);
  } else {
    residual_problem(checked, options, s);
  }
  return s;
}

// From moments (covariance updates): about the means with an intercept, about 0 without.
Standardized standardize(const detail::GramMoments& m, const FitOptions& options) {
  const Index d = m.mean.size() - 1;
  Standardized s;
  Matrix g = m.scatter;
  if (options.fit_intercept) {
    s.mean = m.mean.head(d);
    s.y_mean = m.mean[d];
  } else {
    s.mean = Vector::Zero(d);
    g.noalias() += m.weight * m.mean * m.mean.transpose();
  }
  std::vector<bool> constant(static_cast<std::size_t>(d));
  for (Index j = 0; j < d; ++j) constant[static_cast<std::size_t>(j)] = m.low[j] == m.high[j];
  gram_problem(g, m.weight, constant, options, s);
  return s;
}

Vector lambda_grid(const PenaltyOptions& options, double lambda_max, Index n, Index d) {
  if (!options.lambdas.empty()) {
    std::vector<double> sorted = options.lambdas;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    return Eigen::Map<const Vector>(sorted.data(), static_cast<Index>(sorted.size()));
  }
  const double ratio = options.lambda_min_ratio.value_or(n > d ? 1e-4 : 1e-2);
  const auto count = static_cast<Index>(options.n_lambda);
  Vector grid(count);
  for (Index k = 0; k < count; ++k) {
    const double t = count == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(count - 1);
    grid[k] = lambda_max * std::pow(ratio, t);
  }
  return grid;
}

// Stores the standardized solution w at path index k: the weights in the data's units, the
// intercept (s.mean and s.y_mean are 0 without one), the nonzero count, the deviance explained.
void record(const Standardized& s, const Vector& w, double mse, Index k, PenalizedPath& path) {
  const Vector original = w.cwiseQuotient(s.scale);
  path.weights.col(k) = original;
  path.intercepts[k] = s.y_mean - s.mean.dot(original);
  path.nonzero.push_back(static_cast<Index>((w.array() != 0.0).count()));
  path.deviance_explained[k] = s.problem.yy > 0.0 ? 1.0 - mse / s.problem.yy : 0.0;
}

// Ridge: one decomposition for the whole path, and leave-one-out from it when asked.
void ridge_path(const CheckedData* checked, const Standardized& s, const FitOptions& options,
                double scale, PenalizedPath& path) {
  const detail::RidgePath ridge(s.problem);
  Matrix standardized(s.problem.features(), path.lambdas.size());
  for (Index k = 0; k < path.lambdas.size(); ++k) {
    const detail::RidgeSolution solution = ridge.solve(path.lambdas[k]);
    path.kkt_violation[k] = solution.violation / scale;
    path.sweeps.push_back(0);
    path.converged.push_back(solution.violation <= options.penalized.tolerance * scale);
    record(s, solution.w, solution.mean_squared_residual, k, path);
    standardized.col(k) = solution.w;
  }
  if (!options.penalized.leave_one_out) return;
  const detail::RowStandardization rows{s.mean, s.scale, s.y_mean, options.fit_intercept};
  if (checked == nullptr)
    throw std::invalid_argument("ridge's leave-one-out needs the rows, not their moments");
  path.cv = detail::ridge_leave_one_out(checked->data, rows, ridge, standardized, path.lambdas);
  detail::choose_lambdas(*path.cv, path.lambdas);
}

// The lasso and the elastic net: coordinate descent down the path, warm-started.
void descent_path(const Standardized& s, const FitOptions& options, double r, double scale,
                  PenalizedPath& path) {
  const detail::PenalizedProblem& problem = s.problem;
  const Index d = problem.features();
  Vector w = Vector::Zero(d);
  detail::ActiveProducts products;
  detail::ActiveFactor factor;
  Vector q = problem.c;  // c − Gw at the previous λ's solution (w = 0 to start)
  double previous = std::max(path.lambda_max, path.lambdas.size() > 0 ? path.lambdas[0] : 0.0);
  for (Index k = 0; k < path.lambdas.size(); ++k) {
    const double lambda = path.lambdas[k];
    // Sequential strong rule (Tibshirani et al. 2012): |q_j| < r·(2λ − λ_prev) likely stays 0.
    std::vector<bool> eligible(static_cast<std::size_t>(d));
    for (Index j = 0; j < d; ++j)
      eligible[static_cast<std::size_t>(j)] =
          w[j] != 0.0 || std::abs(q[j]) >= r * (2.0 * lambda - previous);
    const detail::CoordinateDescentResult result =
        detail::coordinate_descent(problem, lambda, r, options.penalized.tolerance * scale,
                                   options.penalized.max_sweeps, eligible, w, q, products, factor);
    previous = lambda;
    path.kkt_violation[k] = result.violation / scale;
    path.sweeps.push_back(result.sweeps);
    path.converged.push_back(result.converged);
    record(s, w, result.mean_squared_residual, k, path);
  }
}

// The path of the standardized problem over n rows; `checked`, the rows, for ridge's
// leave-one-out (absent from moments, which do not take it).
PenalizedPath solve_path(const Standardized& s, Index n, const FitOptions& options,
                         const CheckedData* checked) {
  const PenaltyOptions& penalty = options.penalized;
  const Index d = s.mean.size();
  const double r = penalty.effective_l1_ratio();
  PenalizedPath path;
  const double largest = d == 0 ? 0.0 : s.problem.c.cwiseAbs().maxCoeff();
  // Ridge has no λ with every weight 0: glmnet starts its path where an L1 ratio of 0.001 would,
  // λ_g = max|c|/0.001, and its ridge λ_g is λ_g/s_y here (it divides y by its SD s_y inside):
  // λ_max = max|c|/(0.001·s_y), glmnet's grid in this objective's units, whatever y's units.
  const double y_sd = std::sqrt(s.problem.yy);
  path.lambda_max = r > 0.0 ? largest / r : largest / (1e-3 * (y_sd > 0.0 ? y_sd : 1.0));
  path.lambdas = lambda_grid(penalty, path.lambda_max, n, d);
  const Index count = path.lambdas.size();
  path.weights = Matrix::Zero(d, count);
  path.intercepts = Vector::Zero(count);
  path.deviance_explained = Vector::Zero(count);
  path.kkt_violation = Vector::Zero(count);
  // The tolerance is relative to the largest |q_j| at w = 0 (λ_max·r when r > 0): the scale of
  // the gradient, which rounding in q = c − Gw is measured against.
  const double scale = std::max(largest, std::numeric_limits<double>::min());
  if (penalty.penalty == Penalty::ridge) {
    ridge_path(checked, s, options, scale, path);
  } else {
    descent_path(s, options, r, scale, path);
  }
  return path;
}

// The cv_at_grid_edge warning when the cross-validated error is least at the path's end.
void warn_at_grid_edge(PenalizedPath& path) {
  const Index count = path.lambdas.size();
  if (path.cv && count > 1 && path.cv->index_min == count - 1) {
    path.warnings.push_back(
        {WarningCode::cv_at_grid_edge,
         fmt::format("the cross-validated error is least at the smallest λ of the path ({:.6g}): "
                     "it may fall further below; a smaller {} extends the path",
                     path.lambdas[count - 1], mention(Setting::lambda_min_ratio))});
  }
}

// Whether the path is cross-validated by folds (seeded or given): leave-one-out, which
// PenaltyOptions::cross_validates() counts too, is ridge_path's own.
bool k_fold(const PenaltyOptions& penalty) {
  return penalty.folds > 0 || !penalty.fold_ids.empty();
}

}  // namespace

namespace detail {

bool covariance_updates(const FitOptions& options, Index features, Index rows) {
  // Ridge with more features than rows works on Z itself: its thin SVD (n × n work) keeps the
  // conditioning of Z, where the eigendecomposition of G = ZᵀZ/n would square it.
  const bool wide_ridge = options.penalized.penalty == Penalty::ridge && features > rows;
  return options.penalized.updates == CoordinateUpdates::automatic
             ? features <= kCovarianceFeatures && !wide_ridge
             : options.penalized.updates == CoordinateUpdates::covariance;
}

namespace {

// Weighted (rows all of positive weight): glmnet's objective (1/2)·Σwᵢrᵢ²/Σwᵢ + λ·P(w) with its
// weighted standardization, as the plain path of the whitened rows √(wᵢ·n/Σw)·(xᵢ − x̄) (weighted
// means; row_weights.hpp) without intercept, whose RMS scaling is then the weighted SD; the
// intercepts are ȳ − x̄·w. Folds refit their own rows, weighted, each centered at its own means,
// and are scored by their weighted mean squared error, weighted by their total weight
// (cv.glmnet's).
PenalizedPath weighted_path_of(const CheckedData& checked, const FitOptions& options) {
  const DatasetView& data = checked.data;
  if (options.penalized.leave_one_out)
    throw UsageError(
        "ridge's leave-one-out is not available for weighted fits yet: cross-validate by folds");
  const detail::Whitened whitened = detail::whiten_to_mean_one(checked, options.fit_intercept);
  FitOptions inner = options;
  inner.fit_intercept = false;
  inner.penalized.folds = 0;
  inner.penalized.fold_ids.clear();
  PenalizedPath path = path_of(check_data(whitened.design), inner);
  if (options.fit_intercept) {
    for (Index k = 0; k < path.lambdas.size(); ++k)
      path.intercepts[k] = detail::intercept_at_means(whitened, path.weights.col(k));
  }
  if (k_fold(options.penalized)) {
    path.cv = cross_validate(data, options, path.lambdas);
    warn_at_grid_edge(path);
  }
  return path;
}

}  // namespace

PenalizedPath path_of(const CheckedData& checked, const FitOptions& options) {
  if (checked.data.weighted()) return weighted_path_of(checked, options);
  const Standardized s = standardize(checked, options);
  PenalizedPath path = solve_path(s, checked.data.n_rows(), options, &checked);
  if (k_fold(options.penalized)) path.cv = cross_validate(checked.data, options, path.lambdas);
  warn_at_grid_edge(path);
  return path;
}

PenalizedPath path_of(const std::vector<GramMoments>& folds, const FitOptions& options) {
  GramMoments total;
  for (const GramMoments& fold : folds) total.merge(fold);
  PenalizedPath path = solve_path(standardize(total, options), total.count, options, nullptr);
  if (!k_fold(options.penalized)) return path;
  const FitOptions inner = cross_validation_options(options, path.lambdas);
  std::vector<Vector> fold_mse;
  std::vector<double> fold_size;
  for (std::size_t k = 0; k < folds.size(); ++k) {
    if (folds[k].count == 0) continue;  // a fold id no row has
    GramMoments train;
    for (std::size_t j = 0; j < folds.size(); ++j) {
      if (j != k) train.merge(folds[j]);
    }
    if (train.count == 0)
      throw UsageError(fmt::format("fold {} holds every row: nothing to train on", k + 1));
    const PenalizedPath part = solve_path(standardize(train, inner), train.count, inner, nullptr);
    const double size = folds[k].weight;  // weighted rows: the fold's Σw (cv.glmnet's)
    fold_mse.push_back(folds[k].squared_errors(part.weights, part.intercepts) / size);
    fold_size.push_back(size);
  }
  path.cv.emplace();
  summarize_folds(fold_mse, fold_size, path.lambdas, *path.cv);
  warn_at_grid_edge(path);
  return path;
}

}  // namespace detail

PenalizedPath penalized_path(const DatasetView& data, const FitOptions& options) {
  options.validate();
  if (options.solver != SolverKind::penalized) {
    throw UsageError(
        fmt::format("a penalized path needs the options of the penalized solver, not {}",
                    to_string(options.solver)));
  }
  if (data.weighted()) {  // the rows of weight 0 left out, as if they were not there
    detail::check_weights(data.weights);
    FitOptions kept_options = options;
    if (const std::optional<Dataset> kept =
            detail::without_zero_weights(data, kept_options.penalized.fold_ids))
      return detail::path_of(check_data(*kept), kept_options);
  }
  return detail::path_of(check_data(data), options);
}

}  // namespace linreg
