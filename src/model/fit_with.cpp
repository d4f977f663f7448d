// The front door's work for any solver: check the options and the data, warn about the data, and
// let the solver fit (linreg/solver.hpp).
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/solver.hpp"
#include "model/data_checks.hpp"

namespace linreg {

CheckedData check_data(const DatasetView& data) {
  data.check_shape();
  if (data.n_rows() == 0) throw DataError("cannot fit a model to 0 rows of data");
  detail::Magnitudes m =
      detail::require_finite(data.X, data.y, data.feature_names, std::string(data.target_name));
  return CheckedData{data, std::move(m.columns), m.target, std::move(m.constant),
                     std::move(m.mean)};
}

FitSummary fit_with(const Solver& solver, const DatasetView& data, const FitOptions& options) {
  options.validate();
  if (options.solver != solver.kind()) {
    throw UsageError(fmt::format("the options name the solver '{}', but the solver given is '{}'",
                                 to_string(options.solver), to_string(solver.kind())));
  }
  const CheckedData checked = check_data(data);
  std::vector<Warning> warnings;
  if (options.fit_intercept && data.n_rows() > 1) {
    const bool scaled =
        options.solver == SolverKind::gradient_descent && options.scaling == Scaling::standard;
    for (Index j = 0; j < data.n_features(); ++j) {
      if (!checked.constant[static_cast<std::size_t>(j)]) continue;
      warnings.push_back(detail::constant_feature_warning(
          data.feature_names[static_cast<std::size_t>(j)], data.X(0, j), scaled));
    }
  }
  FitSummary summary = solver.fit(checked, options);
  summary.feature_means = checked.column_mean;
  summary.message = termination_message(summary, data.n_features());
  warnings.insert(warnings.end(), std::make_move_iterator(summary.warnings.begin()),
                  std::make_move_iterator(summary.warnings.end()));
  summary.warnings = std::move(warnings);
  return summary;
}

}  // namespace linreg
