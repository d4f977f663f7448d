#pragma once
// What the direct solvers (exact, Cholesky, SVD) see and the frame they share (private to the
// library): the checked data in power-of-two units (model/units.hpp), solved there, and the
// result converted back. Centering and the columns' power-of-two scales are theirs too
// (least_squares_common.hpp); nothing is standardized.
#include <functional>
#include <span>
#include <string>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/solver.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

// The data as a direct solver sees it. Views: the data must outlive the call.
struct DesignView {
  MatrixRef X;
  VectorRef y;
  std::span<const std::string> feature_names;
  const Matrix* X_low = nullptr;  // the low-order parts of X, or null (see Dataset::X_low)
  std::span<const OneHotColumns> one_hot = {};  // the one-hot blocks of X (see Dataset::one_hot)
};

// The view of a dataset.
[[nodiscard]] DesignView view_of(const Dataset& data);

// Runs `solve` on the data in power-of-two units (`solve` fills design_model and what else it
// reports) and returns the summary in the data's units, `model` equal to `design_model`.
[[nodiscard]] FitSummary fit_direct(const CheckedData& data,
                                    const std::function<FitSummary(const DesignView&)>& solve);

}  // namespace linreg::detail
