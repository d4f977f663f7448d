#include "linreg/fit.hpp"

#include "linreg/solver.hpp"

namespace linreg {

FitSummary fit(const DatasetView& data, const FitOptions& options) {
  options.validate();
  return fit_with(*make_solver(options.solver), data, options);
}

}  // namespace linreg
