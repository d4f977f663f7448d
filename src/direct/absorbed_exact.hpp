#pragma once
// The exact fit of a design with a one-hot block of many levels (private to the library).
//
// With an intercept, the block's indicators and the intercept span the indicators of every
// level, so by the Frisch–Waugh–Lovell theorem the other columns' weights are those of the
// least-squares fit of the within-level demeaned columns to the within-level demeaned target;
// each level's own effect is then the mean of its rows' residual. That replaces a QR of
// n × (p + L) by one of n × p plus O(n) sums, for L levels and p other columns: Cars24 with
// 2,9xx car models becomes a QR of 50-odd columns.
//
// The demeaned columns only precondition: the refinement works on the original problem, with
// every residual in double-double and each level's effect profiled out exactly for the current
// weights, so the result is the exact solver's (the normal equations of the whole design hold
// to double-double accuracy), and rank deficiency is decided by the same rule on the demeaned
// columns (a column constant within every level, such as a make nested in its models, is
// aliased). A level without rows is aliased as well.
#include "direct/direct_fit.hpp"
#include "direct/exact_core.hpp"

namespace linreg::detail {

// The fit with `block` absorbed; requires an intercept. std::invalid_argument when the block's
// columns are not 0/1 indicators with at most one 1 per row.
ExactCore solve_absorbing(const DatasetView& design, OneHotColumns block);

}  // namespace linreg::detail
