// The LibTorch backend: the only translation unit that includes a torch header (each costs
// about 20 s to compile). Built when CMake finds Torch (LINREG_WITH_TORCH=AUTO|ON).
#include "linreg/torch_backend.hpp"

#include <fmt/format.h>
#include <torch/torch.h>
#include <torch/version.h>

#include "linreg/mse_objective.hpp"

namespace linreg {
namespace {

torch::Dtype dtype_of(Precision precision) {
  return precision == Precision::f32 ? torch::kFloat32 : torch::kFloat64;
}

// An Eigen column-major matrix as an n × d tensor of `dtype`: a view without copying for float64
// (strides {1, n}: torch's matmul handles the transposed layout), a converted copy for float32.
torch::Tensor as_tensor(MatrixRef X, torch::Dtype dtype) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  // from_blob does not take const data; the tensor is only read.
  auto* data = const_cast<double*>(X.data());
  const torch::Tensor view =
      torch::from_blob(data, {X.rows(), X.cols()}, {1, X.outerStride()}, options);
  return dtype == torch::kFloat64 ? view : view.to(dtype);
}

torch::Tensor as_column(VectorRef y, torch::Dtype dtype) {
  auto* data = const_cast<double*>(y.data());
  const torch::Tensor view = torch::from_blob(data, {y.size(), 1}, {y.innerStride(), 1},
                                              torch::TensorOptions().dtype(torch::kFloat64));
  return dtype == torch::kFloat64 ? view : view.to(dtype);
}

// The tutorial's model and loss on tensors, W (d × 1) and b (1) held here.
class TorchMseObjective final : public DifferentiableObjective {
 public:
  TorchMseObjective(MatrixRef X, VectorRef y, bool fit_intercept, GradientSource gradient,
                    Precision precision)
      : reference_(X, y, fit_intercept),
        fit_intercept_(fit_intercept),
        gradient_(gradient),
        dtype_(dtype_of(precision)),
        X_(as_tensor(X, dtype_)),
        y_(as_column(y, dtype_)),
        n_(X.rows()),
        d_(X.cols()) {
    const auto options =
        torch::TensorOptions().dtype(dtype_).requires_grad(gradient_ == GradientSource::autograd);
    W_ = torch::zeros({d_, 1}, options);
    b_ = torch::zeros({1}, options);
  }

  [[nodiscard]] Index n_parameters() const override { return d_ + (fit_intercept_ ? 1 : 0); }

  double loss_and_gradient(const Vector& theta, Vector& gradient) const override {
    load(theta);
    gradient.resize(n_parameters());
    if (gradient_ == GradientSource::autograd) {
      if (W_.grad().defined()) W_.mutable_grad().zero_();
      if (b_.grad().defined()) b_.mutable_grad().zero_();
      const torch::Tensor loss = (prediction() - y_).pow(2).mean();
      loss.backward();
      grad_W_ = W_.grad();
      grad_b_ = b_.grad();
      store(grad_W_, grad_b_, gradient);
      return loss.item<double>();
    }
    // By hand, as the tutorial writes it: ∂L/∂W = (2/n)·Xᵀ(ŷ − y), ∂L/∂b = (2/n)·Σ(ŷ − y).
    const torch::Tensor error = prediction() - y_;
    grad_W_ = (2.0 / static_cast<double>(n_)) * X_.t().mm(error);
    grad_b_ = (2.0 / static_cast<double>(n_)) * error.sum().reshape({1});
    store(grad_W_, grad_b_, gradient);
    return error.pow(2).mean().item<double>();
  }

  [[nodiscard]] double loss(const Vector& theta) const override {
    torch::NoGradGuard no_grad;
    load(theta);
    return (prediction() - y_).pow(2).mean().item<double>();
  }

  // The Lipschitz constant is a property of the data, not of how gradients are taken.
  [[nodiscard]] double lipschitz_constant() const override {
    return reference_.lipschitz_constant();
  }

  [[nodiscard]] bool takes_steps() const override { return true; }

  void step(Vector& theta, double learning_rate) const override {
    {
      torch::NoGradGuard no_grad;
      W_ -= learning_rate * grad_W_;
      if (fit_intercept_) b_ -= learning_rate * grad_b_;
    }
    if (gradient_ == GradientSource::autograd) {
      W_.mutable_grad().zero_();
      b_.mutable_grad().zero_();
    }
    theta.resize(n_parameters());
    store(W_.detach(), b_.detach(), theta);
  }

 private:
  [[nodiscard]] torch::Tensor prediction() const {
    return fit_intercept_ ? X_.mm(W_) + b_ : X_.mm(W_);
  }
  // θ into W and b (exact for float64; for float32, θ holds float32 values written by step()).
  void load(const Vector& theta) const {
    torch::NoGradGuard no_grad;
    auto* data = const_cast<double*>(theta.data());
    W_.copy_(torch::from_blob(data, {d_, 1}, torch::TensorOptions().dtype(torch::kFloat64)));
    b_.fill_(fit_intercept_ ? theta[d_] : 0.0);
  }
  void store(const torch::Tensor& w, const torch::Tensor& b, Vector& out) const {
    const torch::Tensor w64 = w.to(torch::kFloat64).contiguous();
    std::copy_n(w64.data_ptr<double>(), d_, out.data());
    if (fit_intercept_) out[d_] = b.to(torch::kFloat64).item<double>();
  }

  MseObjective reference_;
  bool fit_intercept_;
  GradientSource gradient_;
  torch::Dtype dtype_;
  torch::Tensor X_, y_;
  Index n_, d_;
  mutable torch::Tensor W_, b_, grad_W_, grad_b_;
};

}  // namespace

bool torch_available() noexcept { return true; }

void require_torch(const std::string& /*what*/) {}

std::string torch_version() {
  return fmt::format("{}.{}.{}", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH);
}

std::unique_ptr<DifferentiableObjective> make_torch_mse_objective(MatrixRef X, VectorRef y,
                                                                  bool fit_intercept,
                                                                  GradientSource gradient,
                                                                  Precision precision) {
  if (X.rows() == 0) throw std::invalid_argument("the objective needs at least one row");
  return std::make_unique<TorchMseObjective>(X, y, fit_intercept, gradient, precision);
}

// A float32 or float64 tensor (any layout) into a column-major Eigen matrix.
Matrix to_matrix(const torch::Tensor& t) {
  const torch::Tensor t64 = t.to(torch::kFloat64).contiguous();
  Matrix out(t64.size(0), t64.dim() > 1 ? t64.size(1) : 1);
  const double* data = t64.data_ptr<double>();
  for (Index i = 0; i < out.rows(); ++i) {
    for (Index j = 0; j < out.cols(); ++j) out(i, j) = data[i * out.cols() + j];
  }
  return out;
}

StandardScaler standard_scaler_float32(MatrixRef X) {
  const torch::Tensor x = as_tensor(X, torch::kFloat32);
  return StandardScaler(to_matrix(x.mean(0).reshape({-1, 1})).col(0),
                        to_matrix(x.std(0).reshape({-1, 1})).col(0));
}

Matrix standardize_float32(const StandardScaler& scaler, MatrixRef X) {
  const torch::Tensor x = as_tensor(X, torch::kFloat32);
  const torch::Tensor mu = as_column(scaler.mean(), torch::kFloat32).reshape({1, -1});
  const torch::Tensor s = as_column(scaler.scale(), torch::kFloat32).reshape({1, -1});
  return to_matrix((x - mu) / s);
}

Dataset make_houses_torch(Index rows, std::uint64_t seed) {
  if (rows < 0) throw std::invalid_argument("make_houses_torch: rows must be >= 0");
  torch::manual_seed(seed);
  const torch::Tensor size = torch::randint(800, 3000, {rows, 1}).to(torch::kFloat32);
  const torch::Tensor age = torch::randint(1, 50, {rows, 1}).to(torch::kFloat32);
  const torch::Tensor distance = torch::randint(1, 30, {rows, 1}).to(torch::kFloat32);
  const torch::Tensor noise = torch::randn({rows, 1}) * 5000;
  const torch::Tensor X = torch::cat({size, age, distance}, 1);
  const torch::Tensor price = 100000 + 300 * size - 50 * age - 20 * distance + noise;
  Dataset d;
  d.X = to_matrix(X);
  d.y = to_matrix(price).col(0);
  d.feature_names = {"size", "age", "distance_to_city"};
  d.target_name = "price";
  return d;
}

}  // namespace linreg
