#pragma once
// Largest eigenvalue of a symmetric positive semi-definite operator by power iteration.
#include <cmath>

#include "linreg/types.hpp"

namespace linreg {

struct PowerIterationResult {
  double eigenvalue = 0.0;  // the Rayleigh quotient at the last iterate (≤ λ_max)
  int iterations = 0;
  bool converged = false;
};

// `apply(v, out)` must write A·v into out (both of size `dimension`). Starts from a fixed
// vector of mixed signs, v_i = frac((i+1)·φ) − ½ (deterministic, and not orthogonal to the top
// eigenvector of any but contrived matrices; rounding breaks even that tie), and stops when the
// Rayleigh quotient changes by less than relative_tolerance, or after max_iterations. The vector
// arithmetic is written out in plain loops: for the tiny Gram matrices of narrow designs the
// iteration's overhead, not its arithmetic, is what costs.
template <class Apply>
PowerIterationResult largest_eigenvalue(Index dimension, Apply&& apply,
                                        double relative_tolerance = 1e-10,
                                        int max_iterations = 1000) {
  PowerIterationResult result;
  if (dimension == 0) {
    result.converged = true;
    return result;
  }
  constexpr double kGoldenRatio = 1.6180339887498949;
  Vector v(dimension), av(dimension);
  double norm_sq = 0.0;
  for (Index i = 0; i < dimension; ++i) {
    const double t = static_cast<double>(i + 1) * kGoldenRatio;
    v[i] = (t - std::floor(t)) - 0.5;
    norm_sq += v[i] * v[i];
  }
  for (Index i = 0; i < dimension; ++i) v[i] /= std::sqrt(norm_sq);
  double previous = 0.0;
  for (int k = 1; k <= max_iterations; ++k) {
    apply(v, av);
    double rayleigh = 0.0;  // v has unit norm
    double av_sq = 0.0;
    for (Index i = 0; i < dimension; ++i) {
      rayleigh += v[i] * av[i];
      av_sq += av[i] * av[i];
    }
    const double norm = std::sqrt(av_sq);
    result.eigenvalue = rayleigh;
    result.iterations = k;
    if (norm == 0.0 || !std::isfinite(norm)) {
      result.converged = norm == 0.0;
      return result;
    }
    if (k > 1 && std::abs(rayleigh - previous) <= relative_tolerance * std::abs(rayleigh)) {
      result.converged = true;
      return result;
    }
    previous = rayleigh;
    for (Index i = 0; i < dimension; ++i) v[i] = av[i] / norm;
  }
  return result;
}

}  // namespace linreg
