#pragma once
// Solvers are strategies behind one interface. Each is given the data as checked, and does the
// preprocessing its method needs itself: gradient descent standardizes (or keeps wide one-hot
// blocks as level codes), the direct solvers work in power-of-two units on centered columns.
#include <memory>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/types.hpp"

namespace linreg {

// A dataset whose shape agrees, with at least one row and every value finite, and what the check
// learned on the way (so that no solver reads the data again for it). Refers to the data: it
// must outlive this.
struct CheckedData {
  DatasetView data;
  Vector column_magnitude;  // the largest |x| of each column
  double target_magnitude = 0.0;
  // Whether each column holds one value throughout (its smallest and largest values are equal):
  // the one definition of a constant column, the scaler's and the streamed fit's too.
  std::vector<bool> constant;
  // Each column's mean, summed per fixed row group and the groups added in order (a constant
  // column's value itself): good to (rows per group + groups)·ε of the column's RMS.
  Vector column_mean;
};

// Checks the data: std::invalid_argument when X, y and the names disagree in shape; DataError
// for 0 rows and for the first value that is not finite (naming its row and column).
[[nodiscard]] CheckedData check_data(const DatasetView& data);

class Solver {
 public:
  virtual ~Solver() = default;
  [[nodiscard]] virtual SolverKind kind() const = 0;
  // The fit of checked data, in the data's units: model, design_model (the model on what the
  // solver iterated on: standardized features when it standardized, with `scaler`), stop reason,
  // losses and the solver's own warnings. `options` are valid and name this solver.
  [[nodiscard]] virtual FitSummary fit(const CheckedData& data,
                                       const FitOptions& options) const = 0;
};

// What fit() does with a given solver: validates the options (UsageError, also when they name
// another solver), checks the data (check_data), warns about constant features, and runs the
// solver; the data's warnings come first. Nothing of the data is copied unless a solver's method
// needs it (gradient descent's standardized design; data so large or small that it is first
// brought to power-of-two units).
[[nodiscard]] FitSummary fit_with(const Solver& solver, const DatasetView& data,
                                  const FitOptions& options);

[[nodiscard]] std::unique_ptr<Solver> make_solver(SolverKind kind);

}  // namespace linreg
