#pragma once
// What a gradient descent fit reports from its run (private to the library): the in-memory solver
// and the distributed one (src/distributed/) make the same summary, warnings and stop rule.
#include <optional>
#include <span>
#include <string>

#include "gd/curvature.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/gradient_descent.hpp"
#include "linreg/scaler.hpp"
#include "linreg/warning.hpp"

namespace linreg::detail {

// Convergence is certified up to this many parameters: it needs the p × p Hessian's eigenvalues.
constexpr Index kCertifiedParameters = 500;

// The summary of run `r` on a design of `d` features and `rows` rows, in the design's units:
// the design model, the report, and the warnings (diverged, not converged with how far and how
// long, not unique). `curvature`: the Hessian's, when known.
FitSummary descent_summary(GradientDescentResult r, const Curvature* curvature, Index d, Index rows,
                           const FitOptions& options);

// The warning that unscaled features' scales (`stats` of `rows` rows) are far apart, if they are.
// What sets a weight's learning speed is its column's curvature mean(x²) (RMS scale), and the
// intercept's column is all ones.
std::optional<Warning> mixed_scales_warning(std::span<const std::string> names,
                                            const StandardScaler& stats, Index rows);

}  // namespace linreg::detail
