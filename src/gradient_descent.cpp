#include "linreg/gradient_descent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "linreg/mse_objective.hpp"
#include "linreg/one_hot_objective.hpp"
#include "linreg/scaler.hpp"
#include "linreg/torch_backend.hpp"

namespace linreg {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

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
  const std::string what =
      std::isfinite(loss) ? fmt::format("the loss grew from {:.6g} to {:.6g}", best_loss, loss)
                          : fmt::format("the loss became {}", loss);
  return fmt::format(
      "gradient descent diverged at iteration {}: {}. The learning rate {:.6g} is too large for "
      "this data: it is stable only below 2/L = {:.6g}; the automatic learning rate 1/L = {:.6g} "
      "converges. The best weights seen are returned.",
      iteration, what, learning_rate, 2.0 / lipschitz, 1.0 / lipschitz);
}

}  // namespace

GradientDescentResult minimize(const DifferentiableObjective& objective, Vector start,
                               const GradientDescentOptions& options,
                               const std::vector<IterationCallback>& callbacks) {
  options.validate();
  GradientDescentResult result;
  result.lipschitz_constant = objective.lipschitz_constant();
  result.learning_rate = options.learning_rate.value_or(1.0 / result.lipschitz_constant);
  const double lr = result.learning_rate;

  Vector theta = std::move(start);
  Vector gradient(theta.size());
  Vector best = theta;
  double best_loss = std::numeric_limits<double>::infinity();
  double initial_loss = 0.0;
  double previous_loss = 0.0;
  result.loss_history.reserve(static_cast<std::size_t>(options.max_iterations));

  // The loop body is kept to plain loops over the d + 1 parameters: for the tutorial's tiny
  // problems its overhead is comparable to the pass over the data.
  const Index p = theta.size();
  const bool steps_itself = objective.takes_steps();
  const double growth_slack = options.precision == Precision::f32 ? 1e-4 : 1e-6;
  double* t = theta.data();
  const double* g = gradient.data();
  // Squared norms throughout: a square root per iteration would sit in the loop for nothing.
  const double tolerance_sq = options.tolerance * options.tolerance;
  double initial_gradient_sq = 0.0;
  long k = 0;
  for (; k < options.max_iterations; ++k) {
    const double loss = objective.loss_and_gradient(theta, gradient);
    double gradient_sq = 0.0;
    for (Index i = 0; i < p; ++i) gradient_sq += g[i] * g[i];
    if (!std::isfinite(loss) || !std::isfinite(gradient_sq) ||
        (k > 0 && loss_grew(loss, best_loss, initial_loss, growth_slack))) {
      result.stop_reason = StopReason::diverged;
      result.message = divergence_message(k, best_loss, loss, lr, result.lipschitz_constant);
      if (std::isfinite(loss)) result.loss_history.push_back(loss);
      break;
    }
    result.loss_history.push_back(loss);
    if (k == 0) {
      initial_loss = loss;
      initial_gradient_sq = gradient_sq;
    }
    if (loss < best_loss || k == 0) {
      best_loss = loss;
      for (Index i = 0; i < p; ++i) best[i] = t[i];
    }
    if (!callbacks.empty()) {
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
    const bool flat_loss =
        k > 0 && std::abs(previous_loss - loss) <= options.tolerance * previous_loss;
    const bool flat_gradient = gradient_sq <= tolerance_sq * initial_gradient_sq;
    if ((options.tolerance > 0.0 && (flat_loss || flat_gradient)) || gradient_sq == 0.0) {
      result.stop_reason = StopReason::converged;
      break;
    }
    if (steps_itself) {
      objective.step(theta, lr);
    } else {
      for (Index i = 0; i < p; ++i) t[i] -= lr * g[i];
    }
    previous_loss = loss;
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
  return result;
}

FitSummary GradientDescentSolver::solve(const DesignView& design, const FitOptions& options) const {
  const Index d = design.X.cols();
  const GradientDescentOptions& gd = options.gradient_descent;
  std::unique_ptr<DifferentiableObjective> objective;
  if (uses_level_codes(gd, design.one_hot)) {
    const StandardScaler* scaling = design.implicit_scaling;
    objective = std::make_unique<OneHotMseObjective>(design.X, design.y, options.fit_intercept,
                                                     wide_one_hot_blocks(design.one_hot),
                                                     scaling != nullptr ? scaling->mean() : Vector(),
                                                     scaling != nullptr ? scaling->scale() : Vector());
  } else if (design.implicit_scaling != nullptr) {
    throw std::logic_error("gradient descent: implicit scaling needs the one-hot objective (manual, f64)");
  } else if (gd.gradient == GradientSource::manual) {
    objective = std::make_unique<MseObjective>(design.X, design.y, options.fit_intercept, gd.precision);
  } else {
    objective = make_torch_mse_objective(design.X, design.y, options.fit_intercept, gd.gradient, gd.precision);
  }
  const GradientDescentResult r =
      minimize(*objective, Vector::Zero(objective->n_parameters()), gd, options.callbacks);

  FitSummary s;
  s.solver = std::string(name());
  s.design_model = LinearModel(r.parameters.head(d), options.fit_intercept ? r.parameters[d] : 0.0);
  s.stop_reason = r.stop_reason;
  s.iterations = r.iterations;
  s.final_loss = r.final_loss;
  s.final_gradient_norm = r.final_gradient_norm;
  s.loss_history = r.loss_history;
  s.learning_rate = r.learning_rate;
  s.learning_rate_auto = !options.gradient_descent.learning_rate.has_value();
  s.largest_stable_learning_rate = 2.0 / r.lipschitz_constant;
  s.precision = gd.precision;
  s.rank = d;
  if (r.stop_reason == StopReason::diverged) s.warnings.push_back(r.message);
  if (r.stop_reason == StopReason::max_iterations && options.gradient_descent.tolerance > 0.0) {
    const auto& h = r.loss_history;
    const double last_change =
        h.size() >= 2 ? std::abs(h[h.size() - 2] - h.back()) / h[h.size() - 2] : 0.0;
    s.warnings.push_back(fmt::format(
        "gradient descent stopped after {} iterations without converging (last relative loss "
        "change {:.3g}, tolerance {:.3g}): raise the iteration limit, or standardize the "
        "features if they are not",
        r.iterations, last_change, options.gradient_descent.tolerance));
  }
  return s;
}

}  // namespace linreg
