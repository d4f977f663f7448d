#include "linreg/gradient_descent.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gd/curvature.hpp"
#include "gd/descent_summary.hpp"
#include "linreg/errors.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/one_hot_objective.hpp"
#include "linreg/scaler.hpp"
#include "linreg/torch_backend.hpp"
#include "model/units.hpp"
#include "numerics/mse_kernel.hpp"
#include "numerics/narrow_pass.hpp"

namespace linreg {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
using detail::kCertifiedParameters;

// Gradient descent with a step below 2/L never increases a convex quadratic; a loss above the
// best seen by more than rounding means the step is too large. Near a zero optimum rounding
// alone moves the loss by about ε²·f(θ₀), hence the absolute slack.
// `slack` is the relative noise the loss computation itself carries: float32 sums of squares
// wander by a few 1e-6 near the optimum, float64 ones by far less.
bool loss_grew(double loss, double best_loss, double initial_loss, double slack) {
  return loss > best_loss * (1.0 + slack) + 1e4 * kEpsilon * kEpsilon * initial_loss;
}

std::string divergence_message(long iteration, double best_loss, double loss, double learning_rate,
                               double lipschitz) {
  if (iteration == 0) {
    return fmt::format(
        "gradient descent cannot start: the loss at the starting point is {} (the values are too "
        "large to square in double precision); rescale the target or the features",
        loss);
  }
  const std::string what = std::isfinite(loss)
                               ? fmt::format("the loss grew from {:.6g} to {:.6g}", best_loss, loss)
                               : fmt::format("the loss became {}", loss);
  return fmt::format(
      "gradient descent diverged at iteration {}: {}. The learning rate {:.6g} is too large for "
      "this data: it is stable only below 2/L = {:.6g}; the automatic learning rate 1/L = {:.6g} "
      "converges. The best weights seen are returned.",
      iteration, what, learning_rate, 2.0 / lipschitz, 1.0 / lipschitz);
}

// Why a run that stopped on the iteration limit is not converged, how far it is, and what fixes it.
std::string unconverged_warning(const FitSummary& s, const detail::Curvature* curvature, Index p,
                                double tolerance, bool standardized) {
  const GradientDescentReport& g = *s.gd;
  if (curvature == nullptr) {
    return fmt::format(
        "gradient descent ran all {} iterations: convergence is checked up to {} parameters (it "
        "needs their "
        "Hessian) and this fit has {}, so whether its coefficients are within `tolerance={:g}` of "
        "the least-squares "
        "optimum is not known; `solver=exact` gives the optimum",
        g.iterations, kCertifiedParameters, p, tolerance);
  }
  const double distance = g.distance_to_optimum.value_or(0.0);
  const double excess = g.loss_above_optimum.value_or(0.0);
  const double optimum_loss = s.final_loss - excess;
  std::string how_far = fmt::format(
      "its coefficients are {:.2g} (relative 2-norm) from the least-squares optimum, and its MSE "
      "is {:.3g} above "
      "the optimum's",
      distance, excess);
  if (optimum_loss > 0.0) how_far += fmt::format(" ({:.2g} relative)", excess / optimum_loss);
  // Each step shrinks the error by ρ = max |1 − lr·λ| over H's eigenvalues.
  const double mu = curvature->smallest(), top = curvature->largest();
  const double rho =
      std::max(std::abs(1.0 - g.learning_rate * mu), std::abs(1.0 - g.learning_rate * top));
  std::string more;
  if (rho < 1.0 && distance > tolerance) {
    const double steps = std::log(distance / tolerance) / -std::log(rho);
    more = steps < 1e9
               ? fmt::format("about {:.0f} more iterations would reach it (`max_iterations`)",
                             std::ceil(steps))
               : std::string("it would take more than 10⁹ more iterations");
  } else {
    more = "more iterations would not reach it at this step size";
  }
  const std::string fix =
      standardized
          ? "or use `solver=exact`: the features are standardized already, so the slowness is "
            "the design's conditioning, not its scale"
          : "or standardize the features (`scaling=standard`), or use `solver=exact`";
  return fmt::format(
      "gradient descent stopped after {} iterations short of `tolerance={:g}`: {}. The condition "
      "number of the design it "
      "iterates on is {:.3g}: {}, {}",
      g.iterations, tolerance, how_far,
      mu > 0.0 ? top / mu : std::numeric_limits<double>::infinity(), more, fix);
}

std::string not_unique_warning(Index flat, bool standardized) {
  return fmt::format(
      "the least-squares solution is not unique: the loss is flat along {} direction{} (aliased "
      "columns, or fewer "
      "rows than coefficients). Gradient descent, started from 0, returns the solution of least "
      "2-norm in {}; "
      "`solver=exact` instead sets the weights of aliased columns to 0 and names them",
      flat, flat == 1 ? "" : "s",
      standardized ? "standardized units" : "the units of the features");
}

}  // namespace

namespace {

// minimize()'s loop on θ = t[0 … p) with ∇f in g (p entries each) and the best iterate in `best`:
// `pass()` returns f(θ) and writes ∇f(θ) into g, `step()` takes θ ← θ − lr·∇f (t and what
// the pass reads), `publish()` makes `theta`, which callbacks see, hold t. Returns the number of
// iterations run; result.stop_reason, loss_history and message as minimize() documents them,
// `best_loss` the best loss seen.
// Always inlined: the narrow MSE's loop below keeps its state in registers, the pass in line.
template <class Pass, class Step, class Publish>
[[gnu::always_inline]] inline long descend(const Pass& pass, const Step& step, const double* t,
                                           const double* g, double* best, const Index p,
                                           const Publish& publish, const Vector& theta,
                                           const GradientDescentOptions& options,
                                           const std::vector<IterationCallback>& callbacks,
                                           double curvature, GradientDescentResult& result,
                                           double& best_loss) {
  const double lr = result.learning_rate;
  const double growth_slack = options.precision == Precision::f32 ? 1e-4 : 1e-6;
  double initial_loss = 0.0;
  // Squared norms throughout: a square root per iteration would sit in the loop for nothing.
  // Converged when ‖∇f‖² ≤ c²·‖θ‖², c = μ·tol/(1 + tol) (see the header).
  const bool certify = options.tolerance > 0.0 && curvature > 0.0;
  const double c = curvature * options.tolerance / (1.0 + options.tolerance);
  const double bound_sq = c * c;
  long k = 0;
  for (; k < options.max_iterations; ++k) {
    const double loss = pass();
    double gradient_sq = 0.0;
    for (Index i = 0; i < p; ++i) gradient_sq += g[i] * g[i];
    if (!std::isfinite(loss) || !std::isfinite(gradient_sq) ||
        (k > 0 && loss_grew(loss, best_loss, initial_loss, growth_slack))) [[unlikely]] {
      result.stop_reason = StopReason::diverged;
      result.message = divergence_message(k, best_loss, loss, lr, result.lipschitz_constant);
      if (std::isfinite(loss)) result.loss_history.push_back(loss);
      break;
    }
    result.loss_history.push_back(loss);
    if (k == 0) initial_loss = loss;
    if (loss < best_loss || k == 0) {
      best_loss = loss;
      for (Index i = 0; i < p; ++i) best[i] = t[i];
    }
    if (!callbacks.empty()) [[unlikely]] {
      publish();
      const IterationInfo info{k, loss, std::sqrt(gradient_sq), &theta};
      bool stop_requested = false;
      for (const auto& callback : callbacks) {
        if (callback(info) == CallbackAction::stop) stop_requested = true;
      }
      if (stop_requested) {
        result.stop_reason = StopReason::stopped_by_callback;
        break;
      }
    }
    if (gradient_sq == 0.0) [[unlikely]] {
      result.stop_reason = StopReason::converged;
      break;
    }
    if (certify) {
      double theta_sq = 0.0;
      for (Index i = 0; i < p; ++i) theta_sq += t[i] * t[i];
      if (gradient_sq <= bound_sq * theta_sq) {
        result.stop_reason = StopReason::converged;
        break;
      }
    }
    step();
  }
  return k;
}

// The loop on the MSE of a narrow float64 design (detail::is_narrow_pass): the fused pass in line,
// θ, ∇f and the best iterate in local arrays, which the compiler keeps in registers, and θ and ∇f
// also in every lane of a vector each, so that the gradient's lane sums go straight into the step
// and the step into the next pass without a round trip through scalars (each pass waits for the
// previous step: that round trip lies on the critical path). For the tutorial's 100 × 3 fit the
// call through the objective, the pass's set-up and θ and ∇f through memory cost a third of an
// iteration, the round trip through scalars a tenth of what was left. The same operations as
// MseObjective::loss_and_gradient and the generic loop, lane for lane: the same results bit for
// bit.
template <int D, bool Intercept>
long descend_narrow(const MseObjective::Design& design, Vector& theta, Vector& gradient,
                    Vector& best, const GradientDescentOptions& options,
                    const std::vector<IterationCallback>& callbacks, double curvature,
                    GradientDescentResult& result, double& best_loss) {
  using detail::Splat;
  constexpr Index p = D + (Intercept ? 1 : 0);
  double t[p], g[p], b[p];
  Splat theta_all[p], gradient_all[p];  // θ_i and ∇f_i in every lane
  for (Index i = 0; i < p; ++i) {
    t[i] = theta[i], g[i] = gradient[i], b[i] = best[i];
    theta_all[i] = detail::splat(t[i]);
  }
  const double n = static_cast<double>(design.rows);
  const Splat scale = detail::splat(2.0 / n);
  const Splat lr = detail::splat(result.learning_rate);
  // fixed_width_pass<D, true> with w = θ (b = θ_D with an intercept, else 0) and scale 2/n.
  const auto pass = [&] {
    Splat weights[D];
    for (int j = 0; j < D; ++j) weights[j] = Splat{} + theta_all[j];
    const Splat bias = Splat{} + (Intercept ? theta_all[D] : Splat{});
    detail::NarrowSums<D> s;
    detail::narrow_sums<D, true>(design.x, design.stride, design.rows, design.y, weights, bias, s);
    for (int j = 0; j < D; ++j)
      gradient_all[j] = scale * detail::set_sums_in_all_lanes(s.gradient[j]);
    if constexpr (Intercept) gradient_all[D] = scale * detail::set_sums_in_all_lanes(s.sum_r);
    for (Index i = 0; i < p; ++i) g[i] = gradient_all[i][0];
    return detail::set_sums(s.sum_sq) / n;
  };
  const auto step = [&] {
    for (Index i = 0; i < p; ++i) {
      theta_all[i] = detail::fused_step(theta_all[i], lr, gradient_all[i]);
      t[i] = theta_all[i][0];
    }
  };
  const auto publish = [&] {
    for (Index i = 0; i < p; ++i) theta[i] = t[i];
  };
  const long k = descend(pass, step, t, g, b, p, publish, theta, options, callbacks, curvature,
                         result, best_loss);
  for (Index i = 0; i < p; ++i) theta[i] = t[i], gradient[i] = g[i], best[i] = b[i];
  return k;
}

}  // namespace

GradientDescentResult minimize(const DifferentiableObjective& objective, Vector start,
                               const GradientDescentOptions& options,
                               const std::vector<IterationCallback>& callbacks, double curvature) {
  options.validate();
  GradientDescentResult result;
  result.lipschitz_constant = objective.lipschitz_constant();
  result.learning_rate = options.learning_rate.value_or(1.0 / result.lipschitz_constant);

  Vector theta = std::move(start);
  Vector gradient(theta.size());
  Vector best = theta;
  double best_loss = std::numeric_limits<double>::infinity();
  result.loss_history.reserve(static_cast<std::size_t>(options.max_iterations));

  const Index p = theta.size();
  // The MSE of a narrow float64 design runs the loop with its pass in line.
  const auto* mse = dynamic_cast<const MseObjective*>(&objective);
  const std::optional<MseObjective::Design> design =
      mse != nullptr ? mse->float64_design() : std::nullopt;
  const bool narrow =
      design && p == mse->n_parameters() && detail::is_narrow_pass(design->rows, design->cols);
  long k = 0;
  switch (narrow ? 2 * design->cols + (design->intercept ? 1 : 0) : 0) {
#define LINREG_NARROW(D)                                                                        \
  case 2 * D:                                                                                   \
    k = descend_narrow<D, false>(*design, theta, gradient, best, options, callbacks, curvature, \
                                 result, best_loss);                                            \
    break;                                                                                      \
  case 2 * D + 1:                                                                               \
    k = descend_narrow<D, true>(*design, theta, gradient, best, options, callbacks, curvature,  \
                                result, best_loss);                                             \
    break;
    LINREG_NARROW(1)
    LINREG_NARROW(2)
    LINREG_NARROW(3)
    LINREG_NARROW(4)
    LINREG_NARROW(5)
    LINREG_NARROW(6)
    LINREG_NARROW(7)
    LINREG_NARROW(8)
#undef LINREG_NARROW
    default: {
      // The loop body is kept to plain loops over the d + 1 parameters: for the tutorial's tiny
      // problems its overhead is comparable to the pass over the data.
      const auto pass = [&] { return objective.loss_and_gradient(theta, gradient); };
      const bool steps_itself = objective.takes_steps();
      const double lr = result.learning_rate;
      double* t = theta.data();
      const double* g = gradient.data();
      const auto step = [&] {
        if (steps_itself) {
          objective.step(theta, lr);
        } else {
          for (Index i = 0; i < p; ++i) t[i] = std::fma(-lr, g[i], t[i]);  // as fused_step
        }
      };
      k = descend(
          pass, step, t, g, best.data(), p, [] {}, theta, options, callbacks, curvature, result,
          best_loss);
    }
  }
  result.iterations = k;

  switch (result.stop_reason) {
    case StopReason::diverged:
      result.parameters = std::move(best);
      result.final_loss = best_loss;
      objective.loss_and_gradient(result.parameters, gradient);
      break;
    case StopReason::converged:
    case StopReason::stopped_by_callback:
      result.parameters = std::move(theta);
      result.final_loss = result.loss_history.back();
      break;
    default:  // max_iterations: θ was updated after the last recorded loss
      result.stop_reason = StopReason::max_iterations;
      result.parameters = std::move(theta);
      result.final_loss = objective.loss_and_gradient(result.parameters, gradient);
      break;
  }
  result.final_gradient_norm = gradient.norm();
  result.final_gradient = std::move(gradient);
  return result;
}

namespace {

// Feature scales more than this far apart make unscaled gradient descent crawl.
constexpr double kScaleRatioWarning = 100.0;

}  // namespace

namespace detail {

std::optional<Warning> mixed_scales_warning(std::span<const std::string> names,
                                            const StandardScaler& stats, Index rows) {
  const Vector column_rms = stats.rms(rows);
  std::string largest = "(intercept)", smallest = "(intercept)";
  double hi = 1.0, lo = 1.0;
  for (Index j = 0; j < stats.n_features(); ++j) {
    const double rms = column_rms[j];
    if (rms == 0.0) continue;
    const auto& name = names[static_cast<std::size_t>(j)];
    if (rms > hi) hi = rms, largest = name;
    if (rms < lo) lo = rms, smallest = name;
  }
  if (hi / lo <= kScaleRatioWarning) return std::nullopt;
  return Warning{
      WarningCode::mixed_scales,
      fmt::format(
          "feature scales differ by {:.4g}x ('{}' has RMS {:.4g}, '{}' {:.4g}) and scaling is "
          "off: gradient descent must use a step small enough for the largest scale, so weights of "
          "small-scale features (and the intercept) will learn slowly. Standardize the features "
          "(`scaling=standard`) to fix this.",
          hi / lo, largest, hi, smallest, lo)};
}

}  // namespace detail

namespace {

// What gradient descent iterates on: X as given or standardized, or with its wide one-hot blocks
// as level codes standardized implicitly by `implicit_scaling`.
struct GdDesign {
  MatrixRef X;
  VectorRef y;
  std::span<const OneHotColumns> one_hot;
  const StandardScaler* implicit_scaling = nullptr;
};

FitSummary solve(const GdDesign& design, const FitOptions& options) {
  const Index d = design.X.cols();
  const GradientDescentOptions& gd = options.gradient_descent;
  std::unique_ptr<DifferentiableObjective> objective;
  if (uses_level_codes(gd, design.one_hot)) {
    const StandardScaler* scaling = design.implicit_scaling;
    objective = std::make_unique<OneHotMseObjective>(
        design.X, design.y, options.fit_intercept, wide_one_hot_blocks(design.one_hot),
        scaling != nullptr ? scaling->mean() : Vector(),
        scaling != nullptr ? scaling->scale() : Vector());
  } else if (design.implicit_scaling != nullptr) {
    throw std::logic_error(
        "gradient descent: implicit scaling needs the one-hot objective (manual, f64)");
  } else if (gd.gradient == GradientSource::manual) {
    objective =
        std::make_unique<MseObjective>(design.X, design.y, options.fit_intercept, gd.precision);
  } else {
    objective = make_torch_mse_objective(design.X, design.y, options.fit_intercept, gd.gradient,
                                         gd.precision);
  }
  const Index p = objective->n_parameters();
  const bool codes = uses_level_codes(gd, design.one_hot);
  std::optional<detail::Curvature> curvature;
  if (gd.tolerance > 0.0 && p <= kCertifiedParameters) {
    curvature.emplace(codes ? detail::hessian_from_gradients(*objective)
                            : detail::mse_hessian(design.X, options.fit_intercept));
  }
  GradientDescentResult r = minimize(*objective, Vector::Zero(p), gd, options.callbacks,
                                     curvature ? curvature->smallest() : 0.0);
  return detail::descent_summary(std::move(r), curvature ? &*curvature : nullptr, d,
                                 design.X.rows(), options);
}

}  // namespace

namespace detail {

FitSummary descent_summary(GradientDescentResult r, const Curvature* curvature, Index d, Index rows,
                           const FitOptions& options) {
  const GradientDescentOptions& gd = options.gradient_descent;
  const auto p = static_cast<Index>(r.parameters.size());
  FitSummary s;
  s.solver = SolverKind::gradient_descent;
  s.design_model = LinearModel(r.parameters.head(d), options.fit_intercept ? r.parameters[d] : 0.0);
  s.stop_reason = r.stop_reason;
  s.final_loss = r.final_loss;
  GradientDescentReport& g = s.gd.emplace();
  g.iterations = r.iterations;
  g.final_gradient_norm = r.final_gradient_norm;
  g.loss_history = std::move(r.loss_history);
  g.learning_rate = r.learning_rate;
  g.learning_rate_auto = !options.gradient_descent.learning_rate.has_value();
  g.largest_stable_learning_rate = 2.0 / r.lipschitz_constant;
  g.precision = gd.precision;
  if (r.stop_reason == StopReason::diverged)
    s.warnings.push_back({WarningCode::diverged, r.message});
  if (curvature && r.stop_reason != StopReason::diverged) {
    // θ − θ* = H⁺·∇f(θ) exactly for a quadratic, and f(θ) − f* = ½·∇fᵀ·H⁺·∇f.
    const Vector step = curvature->pseudo_solve(r.final_gradient);
    const double optimum_norm = (r.parameters - step).norm();
    g.distance_to_optimum = optimum_norm > 0.0 ? step.norm() / optimum_norm : step.norm();
    g.loss_above_optimum = std::max(0.0, 0.5 * r.final_gradient.dot(step));
  }
  if (r.stop_reason == StopReason::max_iterations && gd.tolerance > 0.0) {
    s.warnings.push_back(
        {WarningCode::not_converged,
         unconverged_warning(s, curvature, p, gd.tolerance, options.scaling == Scaling::standard)});
  }
  const Index flat = curvature ? curvature->flat_directions() : std::max<Index>(0, p - rows);
  if (flat > 0)
    s.warnings.push_back(
        {WarningCode::not_unique, not_unique_warning(flat, options.scaling == Scaling::standard)});
  return s;
}

}  // namespace detail

namespace {

// The fit in the units it is given: standardization (or level codes), the solve, and the model
// back in those units.
FitSummary fit_in_units(const DatasetView& data, const std::vector<bool>& constant,
                        const FitOptions& options) {
  const GradientDescentOptions& gd = options.gradient_descent;
  const MatrixRef& X = data.X.matrix();  // column-major here (fit() copies a row-major design)
  // float32 gradient descent on LibTorch tensors standardizes as the tutorial's float32 tensors
  // do (the fused float32 kernel standardizes in double, then rounds once).
  const bool float32 = gd.precision == Precision::f32 && gd.gradient != GradientSource::manual;
  StandardScaler stats = float32 ? standard_scaler_float32(X) : StandardScaler::fit(X);
  if (float32) {
    // float32 moments of a constant column are rounding noise: it is constant (linreg/solver.hpp),
    // its mean its value and its standard deviation 0.
    Vector mean = stats.mean(), sd = stats.std_dev();
    for (Index j = 0; j < mean.size(); ++j) {
      if (constant[static_cast<std::size_t>(j)]) mean[j] = X(0, j), sd[j] = 0.0;
    }
    stats = StandardScaler(std::move(mean), std::move(sd));
  }
  std::vector<Warning> warnings;
  if (options.scaling == Scaling::none) {
    if (std::optional<Warning> w =
            detail::mixed_scales_warning(data.feature_names, stats, data.n_rows()))
      warnings.push_back(std::move(*w));
    FitSummary summary = solve(GdDesign{X, data.y, data.one_hot}, options);
    summary.model = summary.design_model;
    warnings.insert(warnings.end(), summary.warnings.begin(), summary.warnings.end());
    summary.warnings = std::move(warnings);
    return summary;
  }
  // Without an intercept the means cannot be taken out: divide by each column's RMS only.
  const StandardScaler scaler =
      options.fit_intercept
          ? stats
          : StandardScaler(Vector::Zero(stats.n_features()), stats.rms(data.n_rows()));
  // Wide one-hot blocks go to the fused-kernel gradient descent as level codes, standardized
  // implicitly, rather than as thousands of dense columns.
  FitSummary summary;
  if (uses_level_codes(gd, data.one_hot)) {
    summary = solve(GdDesign{X, data.y, data.one_hot, &scaler}, options);
  } else {
    const Matrix scaled =
        float32 && options.fit_intercept ? standardize_float32(scaler, X) : scaler.transform(X);
    summary = solve(GdDesign{scaled, data.y, {}}, options);
  }
  summary.model = scaler.to_original_units(summary.design_model);
  summary.scaler = scaler;
  return summary;
}

}  // namespace

FitSummary GradientDescentSolver::fit(const CheckedData& checked, const FitOptions& options) const {
  const DatasetView& data = checked.data;
  // Without scaling gradient descent follows the raw columns' curvature (its learning rate is in
  // their units): there only the target is rescaled, and a column whose squares leave the range of
  // double precision is refused.
  const bool standardized = options.scaling == Scaling::standard;
  if (!standardized) {
    for (Index j = 0; j < checked.column_magnitude.size(); ++j) {
      // Squares of such values, summed over the rows, leave the range of double (2^±1022).
      const double m = checked.column_magnitude[j];
      if (m == 0.0 || std::abs(std::ilogb(m)) <= 480) continue;
      throw DataError(
          fmt::format("column '{}' holds values of about {:.3g}: gradient descent on unscaled "
                      "features sums their squares, "
                      "which are beyond the range of double precision; standardize the features, "
                      "or use an exact solver",
                      data.feature_names[static_cast<std::size_t>(j)], m));
    }
  }
  const detail::Units units =
      detail::units_for(checked.column_magnitude, checked.target_magnitude, standardized);
  if (!units.any()) {
    // Gradient descent reads whole columns: a row-major design is copied (column-major) first.
    if (data.X.is_row_major())
      return fit_in_units(column_major_copy(data), checked.constant, options);
    return fit_in_units(data, checked.constant, options);
  }
  FitSummary summary = fit_in_units(detail::in_units(data, units), checked.constant, options);
  detail::from_units(summary, units, data.feature_names, data.target_name);
  return summary;
}

}  // namespace linreg
