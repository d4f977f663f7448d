#include "linreg/linear_model.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace linreg {

LinearModel::LinearModel(Vector weights, double intercept)
    : weights_(std::move(weights)), intercept_(intercept) {}

Vector LinearModel::predict(MatrixRef X) const {
  if (X.cols() != weights_.size()) {
    throw std::invalid_argument("predict: X has " + std::to_string(X.cols()) +
                                " columns but the model has " + std::to_string(weights_.size()) +
                                " weights");
  }
  Vector out = X * weights_;
  out.array() += intercept_;
  return out;
}

}  // namespace linreg
