#pragma once
// The optional LibTorch backend (torch/): the tutorial's autograd gradients and its random
// houses, in PyTorch's own C++ API. The functions exist in every build; without LibTorch they
// throw FeatureUnavailable saying how to build with it. No torch header is included here.
#include <cstdint>
#include <memory>
#include <string>

#include "linreg/dataset.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/objective.hpp"
#include "linreg/scaler.hpp"

namespace linreg {

// Whether this build has LibTorch, and its version ("1.13.1"; empty without).
[[nodiscard]] bool torch_available() noexcept;
[[nodiscard]] std::string torch_version();
// Throws FeatureUnavailable "<what> needs LibTorch ... how to build with it" in a build without.
void require_torch(const std::string& what);

// The mean squared error on LibTorch tensors of `precision`, θ = [w; b] as for MseObjective.
// loss_and_gradient: ŷ = X·W + b, loss = mean((ŷ − y)²), and the gradient either by
// loss.backward() (autograd) or by the tutorial's formulas in tensor ops (manual). The object
// keeps W and b as tensors and takes the step itself, as the tutorial does: under no-grad,
// W −= lr·W.grad, b −= lr·b.grad, then the gradients are zeroed. X and y are copied (float32) or
// viewed (float64) and must outlive the objective.
std::unique_ptr<DifferentiableObjective> make_torch_mse_objective(MatrixRef X, VectorRef y,
                                                                  bool fit_intercept,
                                                                  GradientSource gradient,
                                                                  Precision precision);

// Standardization as the tutorial computes it on float32 tensors: μ = X.mean(0), σ = X.std(0)
// (n − 1), and (X − μ)/σ, each step rounded to float32. Used by float32 gradient descent, so it
// sees the same standardized numbers as the tutorial's PyTorch code.
StandardScaler standard_scaler_float32(MatrixRef X);
Matrix standardize_float32(const StandardScaler& scaler, MatrixRef X);

// The tutorial's 100 houses from PyTorch's generator, in its order and in float32:
// torch::manual_seed(seed); size = randint(800, 3000, {n,1}); age = randint(1, 50, {n,1});
// distance = randint(1, 30, {n,1}); noise = randn({n,1})·5000;
// price = 100000 + 300·size − 50·age − 20·distance + noise. Seed 42 gives the article's data.
Dataset make_houses_torch(Index rows = 100, std::uint64_t seed = 42);

}  // namespace linreg
