#pragma once
// The exact solver's core (private to the library): the QR of the centered, scaled design, the
// rank decision, the first solution and its refinement. The plain exact fit and the fit that
// absorbs a large one-hot block both run it, each with its own residual products.
#include <functional>
#include <vector>

#include "direct/least_squares_common.hpp"
#include "direct/refinement.hpp"

namespace linreg::detail {

struct ExactCore {
  Vector weights;  // in the units of the design (c.z·scale), 0 where aliased
  double intercept = 0.0;
  Index rank = 0;
  std::vector<Index> aliased;  // columns, in pivot order
  Eigen::VectorXi active;      // the other columns, in pivot order
  long steps = 0;              // refinement steps
  bool converged = false;      // the refinement met its stop rule
};

using ProductsFor = std::function<ResidualProducts(const Eigen::VectorXi& active)>;

// Where the refinement starts: the R (steps × d, upper triangular; steps = min(n, d)) and Qᵀy of
// the centered, scaled design Z = (X − x̄)/scale, and that centering and scaling.
struct ScaledTriangle {
  Matrix r;
  Vector qty;
  Vector x_mean;  // zeros without intercept
  double y_mean = 0.0;
  Vector scale;
  // A bound on the error a refinement step leaves in the scaled weights, as a multiple of that
  // step's correction (2-norms), when one is known (see refine()); 0: none.
  double step_error_bound = 0.0;
};

// From the triangle: the pivoted QR of R, the rank, the solution and its refinement.
// `products_for(active)`: the residual products for the active (non-aliased) columns.
ExactCore solve_from_triangle(const ScaledTriangle& start, Index n, const ProductsFor& products_for,
                              bool fit_intercept);

// The exact fit of the design: on a tall, well-conditioned design R comes from the Gram matrix
// (gram_triangle.hpp), otherwise, or when the refinement does not converge from it, from the
// QR of the centered, scaled design. `column_mean`: each column's mean (the data check's), which
// the Gram start centers with.
ExactCore solve_exact(const DatasetView& design, const Vector& column_mean, bool fit_intercept);

// The same from the centered, scaled design itself.
ExactCore solve_exact_core(const CenteredDesign& c, const ProductsFor& products_for,
                           bool fit_intercept);

}  // namespace linreg::detail
