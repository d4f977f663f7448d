#pragma once
// A linear model y = X·w + b, with the weights in the units of the columns it is applied to.
#include "linreg/types.hpp"

namespace linreg {

class LinearModel {
 public:
  LinearModel() = default;
  LinearModel(Vector weights, double intercept);

  // X·w + b for each row of X. Throws std::invalid_argument when X has the wrong column count.
  [[nodiscard]] Vector predict(MatrixRef X) const;

  [[nodiscard]] const Vector& weights() const { return weights_; }
  [[nodiscard]] double intercept() const { return intercept_; }
  [[nodiscard]] Index n_features() const { return weights_.size(); }

 private:
  Vector weights_;
  double intercept_ = 0.0;
};

}  // namespace linreg
