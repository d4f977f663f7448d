#pragma once
// Largest eigenvalue of a symmetric positive semi-definite operator by power iteration.
#include <functional>

#include "linreg/types.hpp"

namespace linreg {

struct PowerIterationResult {
  double eigenvalue = 0.0;  // the Rayleigh quotient at the last iterate (≤ λ_max)
  int iterations = 0;
  bool converged = false;
};

// `apply(v, out)` must write A·v into out. Starts from a fixed pseudo-random vector (so the
// result is deterministic), stops when the Rayleigh quotient changes by less than
// relative_tolerance or after max_iterations.
PowerIterationResult largest_eigenvalue(Index dimension,
                                        const std::function<void(const Vector&, Vector&)>& apply,
                                        double relative_tolerance = 1e-10,
                                        int max_iterations = 1000);

// λ_max(X̃ᵀX̃/n) for X̃ = [X 1] (the design with its intercept column). Forms the (d+1)² Gram
// matrix when d ≤ gram_limit (one O(n·d²) product, then cheap iterations); otherwise applies
// X̃ᵀX̃ matrix-free, one pass over X per iteration.
double largest_eigenvalue_of_mean_gram(MatrixRef X, Index gram_limit = 512);

}  // namespace linreg
