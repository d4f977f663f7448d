// The front door's work for any solver: check the options and the data, warn about the data, and
// let the solver fit (linreg/solver.hpp). A weighted fit is the solver's fit of the whitened rows.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/solver.hpp"
#include "model/data_checks.hpp"
#include "model/row_weights.hpp"

namespace linreg {
namespace {

std::vector<Warning> constant_feature_warnings(const CheckedData& checked,
                                               const FitOptions& options) {
  std::vector<Warning> warnings;
  const DatasetView& data = checked.data;
  if (!options.fit_intercept || data.n_rows() <= 1) return warnings;
  const bool scaled =
      options.solver == SolverKind::gradient_descent && options.scaling == Scaling::standard;
  for (Index j = 0; j < data.n_features(); ++j) {
    if (!checked.constant[static_cast<std::size_t>(j)]) continue;
    warnings.push_back(detail::constant_feature_warning(
        data.feature_names[static_cast<std::size_t>(j)], data.X(0, j), scaled));
  }
  return warnings;
}

// The data's warnings first, then the solver's.
void finish(FitSummary& summary, std::vector<Warning> warnings, Index features) {
  summary.message = termination_message(summary, features);
  warnings.insert(warnings.end(), std::make_move_iterator(summary.warnings.begin()),
                  std::make_move_iterator(summary.warnings.end()));
  summary.warnings = std::move(warnings);
}

// Weighted least squares: the rows of weight 0 left out, the others whitened (row_weights.hpp)
// with the weights scaled to mean 1, so that the solver's loss is the weighted mean of the
// squared residuals, and fitted without intercept; the intercept is then ȳ − x̄·w at the weighted
// means.
FitSummary fit_weighted(const Solver& solver, const DatasetView& data, const FitOptions& options) {
  detail::check_weights(data.weights);
  const std::vector<Index> rows = detail::positive_rows(data.weights);
  std::optional<Dataset> kept;
  FitOptions kept_options = options;  // fold ids follow the rows kept
  if (static_cast<Index>(rows.size()) < data.n_rows()) {
    (void)check_data(data);  // every value finite, rows of weight 0 included, named by their row
    kept = detail::without_zero_weights(data, kept_options.penalized.fold_ids);
  }
  const DatasetView positive = kept ? kept->view() : data;
  const CheckedData checked = check_data(positive);
  // The penalized solver weighs the rows itself (glmnet's weights), and so does the exact one
  // when it absorbs a wide one-hot block (whitening would lose the block's 0/1 structure).
  const bool absorbs = options.solver == SolverKind::exact && options.fit_intercept &&
                       widest_one_hot_block(positive.one_hot).has_value();
  if (options.solver == SolverKind::penalized || absorbs) {
    FitSummary summary = solver.fit(checked, kept_options);
    summary.feature_means.resize(data.n_features());
    for (Index j = 0; j < data.n_features(); ++j) {
      summary.feature_means[j] =
          detail::weighted_mean(positive.weights, positive.n_rows(), [&](Index i) {
            return DoubleDouble(positive.X(i, j));
          }).value();
    }
    finish(summary, constant_feature_warnings(checked, options), data.n_features());
    return summary;
  }
  const detail::Whitened whitened = detail::whiten_to_mean_one(checked, options.fit_intercept);
  FitOptions unweighted = options;
  unweighted.fit_intercept = false;
  FitSummary summary = solver.fit(check_data(whitened.design), unweighted);

  const Index d = data.n_features();
  Vector means(d);
  for (Index j = 0; j < d; ++j) means[j] = whitened.x_mean[static_cast<std::size_t>(j)].value();
  const Vector w = summary.model.weights();
  const bool fitted_intercept = options.fit_intercept;
  summary.model = LinearModel(w, fitted_intercept ? detail::intercept_at_means(whitened, w) : 0.0);
  if (summary.scaler) {  // the standardization was of the whitened columns: z = √w·(x − x̄)/sd
    summary.scaler =
        StandardScaler(fitted_intercept ? means : Vector::Zero(d), summary.scaler->std_dev());
    summary.design_model = LinearModel(summary.design_model.weights(),
                                       fitted_intercept ? whitened.y_mean.value() : 0.0);
  } else {
    summary.design_model = summary.model;
  }
  summary.feature_means = std::move(means);
  finish(summary, constant_feature_warnings(checked, options), d);
  return summary;
}

}  // namespace

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
  if (data.weighted()) {
    data.check_shape();
    return fit_weighted(solver, data, options);
  }
  const CheckedData checked = check_data(data);
  FitSummary summary = solver.fit(checked, options);
  summary.feature_means = checked.column_mean;
  finish(summary, constant_feature_warnings(checked, options), data.n_features());
  return summary;
}

}  // namespace linreg
