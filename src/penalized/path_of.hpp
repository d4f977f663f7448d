#pragma once
// The penalized path of data already checked (private to the library): what penalized_path()
// and the penalized solver share, so that neither reads the data twice.
#include "linreg/fit_options.hpp"
#include "linreg/penalized.hpp"
#include "linreg/solver.hpp"

namespace linreg::detail {

// The options are valid and the penalized solver's.
[[nodiscard]] PenalizedPath path_of(const CheckedData& checked, const FitOptions& options);

}  // namespace linreg::detail
