#pragma once
// Gradient descent and the metrics over rows shared among processes (private to the library):
// each process keeps its rows; every pass over them is one reduction of d + 2 numbers (Σr², Xᵀr,
// Σr) in rank order, so every process takes the same steps and stops at the same iteration.
#include <string>
#include <vector>

#include "linreg/communicator.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/metrics.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

// GradientDescentSolver's fit (through fit_with: the data's checks and warnings, power-of-two
// units, standardization, the automatic learning rate 1/L, the certified stop rule, the model
// back in the data's units) of every process's rows, this process's being X and y (after
// `first_row` rows of the others, for messages). Unweighted, float64 with the hand-written
// gradient, dense columns. The same summary on every process. Collective.
FitSummary descend_shared(const Communicator& comm, MatrixRef X, VectorRef y,
                          const std::vector<std::string>& names, const std::string& target,
                          Index first_row, const FitOptions& options);

// evaluate_regression() over every process's rows (this one's: y, predictions, weights or none),
// sums in double-double in power-of-two units. Collective.
RegressionMetrics evaluate_shared(const Communicator& comm, VectorRef y, VectorRef predicted,
                                  VectorRef weights);

}  // namespace linreg::detail
