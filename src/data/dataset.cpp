#include "linreg/dataset.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "core/row_groups.hpp"
#include "linreg/errors.hpp"

namespace linreg {
namespace {

using Quad = double __attribute__((vector_size(4 * sizeof(double))));

Quad load(const double* p) {
  Quad v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void store(double* p, Quad v) { std::memcpy(p, &v, sizeof v); }

#if defined(__clang__)
#define LINREG_SHUFFLE(a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#else
using QuadMask = long long __attribute__((vector_size(4 * sizeof(long long))));
#define LINREG_SHUFFLE(a, b, ...) __builtin_shuffle(a, b, QuadMask{__VA_ARGS__})
#endif

// The 4 × 4 block at `in` (rows in_stride apart) transposed into `out` (columns out_stride
// apart), in registers: copies only, so exact.
void transpose_quad(const double* in, Index in_stride, double* out, Index out_stride) {
  const Quad r0 = load(in), r1 = load(in + in_stride), r2 = load(in + 2 * in_stride),
             r3 = load(in + 3 * in_stride);
  const Quad t0 = LINREG_SHUFFLE(r0, r1, 0, 4, 2, 6), t1 = LINREG_SHUFFLE(r0, r1, 1, 5, 3, 7);
  const Quad t2 = LINREG_SHUFFLE(r2, r3, 0, 4, 2, 6), t3 = LINREG_SHUFFLE(r2, r3, 1, 5, 3, 7);
  store(out, LINREG_SHUFFLE(t0, t2, 0, 1, 4, 5));
  store(out + out_stride, LINREG_SHUFFLE(t1, t3, 0, 1, 4, 5));
  store(out + 2 * out_stride, LINREG_SHUFFLE(t0, t2, 2, 3, 6, 7));
  store(out + 3 * out_stride, LINREG_SHUFFLE(t1, t3, 2, 3, 6, 7));
}
#undef LINREG_SHUFFLE

// Rows [first, last) of the row-major `values` (cols per row) into the column-major `out` (leading
// dimension ld; row `first` goes to out's row 0). A tile of 64 rows is read once from the source
// (64·cols doubles, in cache) and written as 64 contiguous values into each column, 4 × 4 blocks
// transposed in registers and the edges one value at a time.
void transpose_rows(const double* values, Index cols, Index first, Index last, double* out,
                    Index ld) {
  constexpr Index kTile = 64;
  const Index wide = cols / 4 * 4;
  for (Index start = first; start < last; start += kTile) {
    const Index end = std::min(last, start + kTile);
    const Index tall = start + (end - start) / 4 * 4;
    for (Index j = 0; j < wide; j += 4) {
      for (Index i = start; i < tall; i += 4)
        transpose_quad(values + i * cols + j, cols, out + j * ld + (i - first), ld);
    }
    for (Index j = 0; j < cols; ++j) {
      double* column = out + j * ld - first;
      const Index from = j < wide ? tall : start;
      for (Index i = from; i < end; ++i) column[i] = values[i * cols + j];
    }
  }
}

const Matrix& empty_matrix() {
  static const Matrix empty;
  return empty;
}

}  // namespace

Matrix from_row_major(const double* values, Index rows, Index cols) {
  Matrix out(rows, cols);
  detail::for_each_group(rows, [&](Index, Index lo, Index hi) {
    transpose_rows(values, cols, lo, hi, out.data() + lo, rows);
  });
  return out;
}

DesignRef::DesignRef(const double* values, Index rows, Index cols)
    : columns_(empty_matrix()), row_values_(values), rows_(rows), cols_(cols) {}

DesignRef DesignRef::row_major(const double* values, Index rows, Index cols) {
  if (values == nullptr || rows < 0 || cols < 0) {
    throw std::invalid_argument("DesignRef::row_major: no values, or a negative shape");
  }
  return {values, rows, cols};
}

const MatrixRef& DesignRef::matrix() const {
  if (is_row_major()) {
    throw InternalError("a row-major design was read as a column-major matrix (take to_matrix())");
  }
  return columns_;
}

const double* DesignRef::row_values() const {
  if (!is_row_major()) throw InternalError("a column-major design was read as rows");
  return row_values_;
}

Matrix DesignRef::to_matrix() const {
  return is_row_major() ? from_row_major(row_values_, rows_, cols_) : Matrix(columns_);
}

void DesignRef::copy_rows(Index first, Index count, double* out, Index ld) const {
  if (is_row_major()) {
    transpose_rows(row_values_, cols_, first, first + count, out, ld);
    return;
  }
  for (Index j = 0; j < cols_; ++j)
    Eigen::Map<Vector>(out + j * ld, count) = columns_.col(j).segment(first, count);
}

DesignRef::Tile DesignRef::rows_as_columns(Index first, Index count,
                                           std::vector<double>& buffer) const {
  if (!is_row_major()) return {columns_.data() + first, columns_.outerStride()};
  buffer.resize(static_cast<std::size_t>(count * cols_));
  copy_rows(first, count, buffer.data(), count);
  return {buffer.data(), count};
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

Dataset column_major_copy(const DatasetView& data) {
  Dataset out;
  out.X = data.X.to_matrix();
  if (data.X_low != nullptr) out.X_low = *data.X_low;
  out.y = data.y;
  out.feature_names.assign(data.feature_names.begin(), data.feature_names.end());
  out.target_name = data.target_name;
  out.one_hot.assign(data.one_hot.begin(), data.one_hot.end());
  out.weights =
      Eigen::Map<const Vector>(data.weights.data(), static_cast<Index>(data.weights.size()));
  return out;
}

DatasetView Dataset::view() const {
  return DatasetView{
      X,
      y,
      feature_names,
      target_name,
      X_low.size() != 0 ? &X_low : nullptr,
      one_hot,
      std::span<const double>(weights.data(), static_cast<std::size_t>(weights.size()))};
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
  if (weighted() && static_cast<Index>(weights.size()) != X.rows()) {
    throw std::invalid_argument("dataset: X has " + std::to_string(X.rows()) + " rows but " +
                                std::to_string(weights.size()) + " weights");
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
