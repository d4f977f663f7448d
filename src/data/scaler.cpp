#include "linreg/scaler.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/row_groups.hpp"

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
  const Index d = X.cols();
  // Each fixed group of rows gets two passes (mean, then squared deviations) while in cache:
  // exact for constant columns, no cancellation. The groups are then merged in order (Chan,
  // Golub and LeVeque), so memory is read once and the result does not depend on the threads.
  struct Moments {
    Vector mean;
    Vector deviations;  // Σ (x − mean)²
    double count = 0.0;
    std::vector<char> constant;  // whether these rows of the column all hold its first value
  };
  std::vector<Moments> groups(static_cast<std::size_t>(detail::group_count(n)));
  detail::for_each_group(n, [&](Index g, Index lo, Index hi) {
    Moments& m = groups[static_cast<std::size_t>(g)];
    m.count = static_cast<double>(hi - lo);
    m.mean.resize(d);
    m.deviations.resize(d);
    for (Index j = 0; j < d; ++j) {
      const auto column = X.col(j).segment(lo, hi - lo);
      m.mean[j] = column.mean();
      m.deviations[j] = (column.array() - m.mean[j]).square().sum();
    }
    m.constant.resize(static_cast<std::size_t>(d));
    for (Index j = 0; j < d; ++j) {
      const auto column = X.col(j).segment(lo, hi - lo);
      // Every value equal to the column's first: one comparison per value, stopping at the first
      // that differs (at once for most columns).
      m.constant[static_cast<std::size_t>(j)] = (column.array() == X(0, j)).all();
    }
  });
  Moments total = std::move(groups.front());
  for (std::size_t g = 1; g < groups.size(); ++g) {
    const Moments& m = groups[g];
    const double count = total.count + m.count;
    const Vector delta = m.mean - total.mean;
    total.mean += delta * (m.count / count);
    total.deviations += m.deviations + delta.cwiseAbs2() * (total.count * m.count / count);
    total.count = count;
    for (Index j = 0; j < d; ++j) {
      const auto k = static_cast<std::size_t>(j);
      total.constant[k] = total.constant[k] && m.constant[k];
    }
  }
  Vector sd = Vector::Zero(d);
  if (n >= 2) sd = (total.deviations / static_cast<double>(n - 1)).cwiseSqrt();
  for (Index j = 0; j < d; ++j) {
    if (total.constant[static_cast<std::size_t>(j)]) total.mean[j] = X(0, j), sd[j] = 0.0;
  }
  return StandardScaler(std::move(total.mean), std::move(sd));
}

Vector StandardScaler::rms(Index rows) const {
  const double n = static_cast<double>(rows);
  return (mean_.array().square() + std_dev_.array().square() * (rows > 1 ? (n - 1.0) / n : 0.0))
      .sqrt();
}

bool StandardScaler::is_constant(Index column) const { return std_dev_[column] == 0.0; }

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
