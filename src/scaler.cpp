#include "linreg/scaler.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace linreg {

StandardScaler::StandardScaler(Vector mean, Vector std_dev)
    : mean_(std::move(mean)), std_dev_(std::move(std_dev)) {
  if (mean_.size() != std_dev_.size()) {
    throw std::invalid_argument("StandardScaler: mean and std_dev differ in length");
  }
  scale_.resize(mean_.size());
  for (Index j = 0; j < mean_.size(); ++j) {
    if (!std::isfinite(mean_[j]) || !std::isfinite(std_dev_[j]) || std_dev_[j] < 0.0) {
      throw std::invalid_argument("StandardScaler: column " + std::to_string(j) +
                                  " has a non-finite mean or a negative/non-finite std_dev");
    }
    scale_[j] = is_constant(j) ? 1.0 : std_dev_[j];
  }
}

StandardScaler StandardScaler::fit(MatrixRef X) {
  const Index n = X.rows();
  if (n == 0) throw std::invalid_argument("StandardScaler::fit: no rows");
  Vector mean = X.colwise().mean().transpose();
  Vector sd = Vector::Zero(X.cols());
  if (n >= 2) {
    // Two passes (mean, then squared deviations): exact for constant columns, no cancellation.
    for (Index j = 0; j < X.cols(); ++j) {
      const double ss = (X.col(j).array() - mean[j]).square().sum();
      sd[j] = std::sqrt(ss / static_cast<double>(n - 1));
    }
  }
  return StandardScaler(std::move(mean), std::move(sd));
}

bool StandardScaler::is_constant(Index column) const {
  const double threshold = 10.0 * std::numeric_limits<double>::epsilon() * std::abs(mean_[column]);
  return std_dev_[column] <= threshold;
}

Matrix StandardScaler::transform(MatrixRef X) const {
  if (X.cols() != mean_.size()) {
    throw std::invalid_argument("StandardScaler::transform: X has " + std::to_string(X.cols()) +
                                " columns, the scaler " + std::to_string(mean_.size()));
  }
  Matrix Z(X.rows(), X.cols());
  for (Index j = 0; j < X.cols(); ++j) {
    Z.col(j) = (X.col(j).array() - mean_[j]) / scale_[j];
  }
  return Z;
}

LinearModel StandardScaler::to_original_units(const LinearModel& scaled) const {
  if (scaled.n_features() != mean_.size()) {
    throw std::invalid_argument("StandardScaler::to_original_units: model has " +
                                std::to_string(scaled.n_features()) + " weights, the scaler " +
                                std::to_string(mean_.size()) + " columns");
  }
  Vector w = scaled.weights().array() / scale_.array();
  const double b = scaled.intercept() - w.dot(mean_);
  return LinearModel(std::move(w), b);
}

}  // namespace linreg
