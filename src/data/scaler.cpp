#include "linreg/scaler.hpp"

#include <algorithm>
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

namespace {

// The moments of some rows of every column.
struct Moments {
  Vector mean;
  Vector deviations;  // Σ (x − mean)²
  double count = 0.0;
  std::vector<char> constant;  // whether these rows of the column all hold its first value

  // The rows of a tile (m rows, in cache): two passes each (mean, then squared deviations), exact
  // for constant columns, no cancellation. `first`: each column's first value.
  static Moments of(const DesignRef::Tile& tile, Index m, Index d, const Vector& first) {
    Moments out;
    out.count = static_cast<double>(m);
    out.mean.resize(d);
    out.deviations.resize(d);
    out.constant.resize(static_cast<std::size_t>(d));
    for (Index j = 0; j < d; ++j) {
      const Eigen::Map<const Vector> column(tile.col(j), m);
      out.mean[j] = column.mean();
      out.deviations[j] = (column.array() - out.mean[j]).square().sum();
    }
    for (Index j = 0; j < d; ++j) {
      const Eigen::Map<const Vector> column(tile.col(j), m);
      // Every value equal to the column's first: one comparison per value, stopping at the first
      // that differs (at once for most columns).
      out.constant[static_cast<std::size_t>(j)] = (column.array() == first[j]).all();
    }
    return out;
  }

  // Adds the moments of the rows that follow these (Chan, Golub and LeVeque).
  void merge(const Moments& m) {
    const double total = count + m.count;
    const Vector delta = m.mean - mean;
    mean += delta * (m.count / total);
    deviations += m.deviations + delta.cwiseAbs2() * (count * m.count / total);
    count = total;
    for (std::size_t k = 0; k < constant.size(); ++k) constant[k] = constant[k] && m.constant[k];
  }
};

// Rows of a row-major design read at a time, transposed into columns that stay in cache for both
// passes.
constexpr Index kTileRows = 512;

}  // namespace

StandardScaler StandardScaler::fit(const DesignRef& X) {
  const Index n = X.rows();
  if (n == 0) throw std::invalid_argument("StandardScaler::fit: no rows");
  const Index d = X.cols();
  Vector first(d);
  for (Index j = 0; j < d; ++j) first[j] = X(0, j);
  // Each fixed group of rows is read once (a row-major one a tile of rows at a time, the tiles
  // merged in order); the groups are then merged in order, so the result does not depend on the
  // threads.
  std::vector<Moments> groups(static_cast<std::size_t>(detail::group_count(n)));
  detail::for_each_group(n, [&](Index g, Index lo, Index hi) {
    Moments& group = groups[static_cast<std::size_t>(g)];
    if (!X.is_row_major()) {
      group = Moments::of({X.matrix().data() + lo, X.matrix().outerStride()}, hi - lo, d, first);
      return;
    }
    std::vector<double> buffer;
    for (Index start = lo; start < hi; start += kTileRows) {
      const Index m = std::min(kTileRows, hi - start);
      Moments tile = Moments::of(X.rows_as_columns(start, m, buffer), m, d, first);
      if (start == lo) {
        group = std::move(tile);
      } else {
        group.merge(tile);
      }
    }
  });
  Moments total = std::move(groups.front());
  for (std::size_t g = 1; g < groups.size(); ++g) total.merge(groups[g]);
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
