// The LibTorch backend's functions in a build without LibTorch: each says how to get it.
#include "linreg/torch_backend.hpp"

namespace linreg {

void require_torch(const std::string& what) {
  throw FeatureUnavailable(what +
                           " needs LibTorch, and this linreg was built without it: install it "
                           "(scripts/setup --with-torch, Debian package libtorch-dev) and rebuild "
                           "(scripts/build --with-torch, or cmake -DLINREG_WITH_TORCH=ON)");
}

bool torch_available() noexcept { return false; }

std::string torch_version() { return ""; }

std::unique_ptr<DifferentiableObjective> make_torch_mse_objective(MatrixRef, VectorRef, bool,
                                                                  GradientSource gradient,
                                                                  Precision) {
  require_torch(gradient == GradientSource::autograd ? "autograd gradients (--grad autograd)"
                                                     : "float32 gradient descent");
  return nullptr;
}

StandardScaler standard_scaler_float32(MatrixRef) {
  require_torch("float32 standardization");
  return {};
}

Matrix standardize_float32(const StandardScaler&, MatrixRef) {
  require_torch("float32 standardization");
  return {};
}

Dataset make_houses_torch(Index, std::uint64_t) {
  require_torch("PyTorch's random generator (--rng torch)");
  return {};
}

}  // namespace linreg
