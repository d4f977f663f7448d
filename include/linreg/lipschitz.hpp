#pragma once
// The curvature of the mean squared error: the largest eigenvalue of the design's mean Gram
// matrix, which is the Lipschitz constant L/2 of the MSE's gradient (gradient descent's step 1/L).
#include "linreg/types.hpp"

namespace linreg {

// λ_max(X̃ᵀX̃/n) for X̃ = [X 1] (the design with its intercept column), or X̃ = X without
// intercept. Forms the Gram matrix when d ≤ gram_limit (one O(n·d²) product, then cheap
// iterations); otherwise applies X̃ᵀX̃ matrix-free, one pass over X per iteration.
double largest_eigenvalue_of_mean_gram(MatrixRef X, bool with_intercept = true,
                                       Index gram_limit = 512);

// λ_max of a symmetric positive semidefinite matrix (a mean Gram matrix formed already: the
// distributed fit's, summed over processes), by the same iteration.
double largest_eigenvalue_of_symmetric(const Matrix& gram);

}  // namespace linreg
