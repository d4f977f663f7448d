#include "linreg/dataset.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/row_groups.hpp"

namespace linreg {

Matrix from_row_major(const double* values, Index rows, Index cols) {
  Matrix out(rows, cols);
  // A tile of 64 rows is read once from the row-major source (64·cols doubles, in cache) and
  // written as 64 contiguous values into each column.
  constexpr Index kTile = 64;
  detail::for_each_group(rows, [&](Index, Index lo, Index hi) {
    for (Index first = lo; first < hi; first += kTile) {
      const Index last = std::min(hi, first + kTile);
      for (Index j = 0; j < cols; ++j) {
        double* column = out.col(j).data();
        for (Index i = first; i < last; ++i) column[i] = values[i * cols + j];
      }
    }
  });
  return out;
}

Dataset Dataset::from_matrix(Matrix X, Vector y) {
  Dataset d;
  d.X = std::move(X);
  d.y = std::move(y);
  for (Index j = 0; j < d.X.cols(); ++j) {
    std::string name = std::to_string(j + 1);
    d.feature_names.push_back(name.insert(0, 1, 'x'));
  }
  d.check_shape();
  return d;
}

std::vector<OneHotColumns> wide_one_hot_blocks(std::span<const OneHotColumns> blocks) {
  std::vector<OneHotColumns> wide;
  for (const auto& block : blocks) {
    if (block.count >= kWideOneHot) wide.push_back(block);
  }
  return wide;
}

std::optional<OneHotColumns> widest_one_hot_block(std::span<const OneHotColumns> blocks) {
  std::optional<OneHotColumns> widest;
  for (const auto& block : wide_one_hot_blocks(blocks)) {
    if (!widest || block.count > widest->count) widest = block;
  }
  return widest;
}

DatasetView Dataset::view() const {
  return DatasetView{X,      y, feature_names, target_name, X_low.size() != 0 ? &X_low : nullptr,
                     one_hot};
}

void Dataset::check_shape() const { view().check_shape(); }

void DatasetView::check_shape() const {
  if (X.rows() != y.size()) {
    throw std::invalid_argument("dataset: X has " + std::to_string(X.rows()) + " rows but y has " +
                                std::to_string(y.size()) + " values");
  }
  if (X_low != nullptr && (X_low->rows() != X.rows() || X_low->cols() != X.cols())) {
    throw std::invalid_argument("dataset: X_low must be empty or have X's shape");
  }
  Index end = 0;
  for (const auto& block : one_hot) {
    if (block.first < end || block.count < 1 || block.first + block.count > X.cols()) {
      throw std::invalid_argument(
          "dataset: one_hot blocks must be ranges of X's columns, in order, not overlapping");
    }
    end = block.first + block.count;
  }
  if (static_cast<Index>(feature_names.size()) != X.cols()) {
    throw std::invalid_argument("dataset: X has " + std::to_string(X.cols()) + " columns but " +
                                std::to_string(feature_names.size()) + " feature names");
  }
}

}  // namespace linreg
