#include "options.hpp"

#include <utility>

namespace linreg::python {

FitOptions fit_options(const std::string& solver, bool fit_intercept,
                       std::optional<double> learning_rate, long max_iterations, double tolerance,
                       bool scale, const std::string& precision) {
  FitOptions options;
  options.solver = parse_solver_kind(solver);
  options.fit_intercept = fit_intercept;
  options.scaling = scale ? Scaling::standard : Scaling::none;
  options.gradient_descent.learning_rate = learning_rate;
  options.gradient_descent.max_iterations = max_iterations;
  options.gradient_descent.tolerance = tolerance;
  options.gradient_descent.precision = parse_precision(precision);
  return options;
}

TrainingSpec training_spec(const std::string& target, const std::vector<std::string>& categorical,
                           const std::string& missing, FitOptions fit, bool statistics) {
  TrainingSpec spec;
  spec.target = target;
  spec.categorical = categorical.empty() ? CategoricalMode::automatic : CategoricalMode::listed;
  spec.categorical_columns = categorical;
  spec.missing = parse_missing_policy(missing);
  spec.fit = std::move(fit);
  spec.keep_design = statistics;
  spec.validate();
  return spec;
}

}  // namespace linreg::python
