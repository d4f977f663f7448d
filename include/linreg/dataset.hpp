#pragma once
// A regression dataset: the design X (rows × features), the target y, and their names.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linreg/types.hpp"

namespace linreg {

// Columns [first, first + count) of a design are the indicators of one categorical feature's
// non-reference levels (one-hot encoding): each holds only 0 and 1, and each row has at most one
// 1 among them (none: the reference level). The exact solver uses this to absorb a categorical
// with many levels instead of factoring its columns.
struct OneHotColumns {
  Index first = 0;
  Index count = 0;
};

// A column-major copy of a row-major rows × cols array (a NumPy array in C order): the designs'
// layout. Tiled and on all cores, so that the copy runs at about the speed of memory.
[[nodiscard]] Matrix from_row_major(const double* values, Index rows, Index cols);

// A design matrix by reference, in either layout: column-major (an Eigen matrix, a NumPy array in
// Fortran order) or row-major (a NumPy array in C order). The data checks and the direct solvers
// read a row-major design in place, a tile of rows at a time (rows_as_columns); what needs whole
// columns (gradient descent, the statistics table) works on a column-major copy (to_matrix()).
class DesignRef {
 public:
  // A column-major matrix (or block of one).
  template <typename Derived>
  DesignRef(const Eigen::MatrixBase<Derived>& X)  // NOLINT(google-explicit-constructor)
      : columns_(X), rows_(X.rows()), cols_(X.cols()) {}
  // rows × cols values, row i at values + i·cols.
  static DesignRef row_major(const double* values, Index rows, Index cols);

  [[nodiscard]] Index rows() const { return rows_; }
  [[nodiscard]] Index cols() const { return cols_; }
  [[nodiscard]] bool is_row_major() const { return row_values_ != nullptr; }
  // The column-major matrix; InternalError for a row-major design (code that needs whole columns
  // takes to_matrix()).
  [[nodiscard]] const MatrixRef& matrix() const;
  // A row-major design's values (row i at row_values() + i·cols()); InternalError otherwise.
  [[nodiscard]] const double* row_values() const;
  // The value at row i, column j, in either layout.
  [[nodiscard]] double operator()(Index i, Index j) const {
    return is_row_major() ? row_values_[i * cols_ + j] : columns_(i, j);
  }
  // A column-major copy.
  [[nodiscard]] Matrix to_matrix() const;

  // Rows [first, first + count) into the column-major `out` (leading dimension ld ≥ count).
  void copy_rows(Index first, Index count, double* out, Index ld) const;

  // Rows [first, first + count) as columns: column j's values at data + j·stride.
  struct Tile {
    const double* data = nullptr;
    Index stride = 0;
    [[nodiscard]] const double* col(Index j) const { return data + j * stride; }
  };
  // In place for a column-major design; a row-major one's rows are transposed into `buffer`
  // (resized to count·cols).
  [[nodiscard]] Tile rows_as_columns(Index first, Index count, std::vector<double>& buffer) const;

 private:
  DesignRef(const double* values, Index rows, Index cols);
  MatrixRef columns_;                   // a 0 × 0 stand-in when row-major
  const double* row_values_ = nullptr;  // when row-major
  Index rows_ = 0;
  Index cols_ = 0;
};

// Blocks of at least this many columns are worth their structure: the exact solver absorbs the
// widest, gradient descent keeps them as level codes.
constexpr Index kWideOneHot = 64;
// The blocks of `blocks` with at least kWideOneHot columns.
std::vector<OneHotColumns> wide_one_hot_blocks(std::span<const OneHotColumns> blocks);
// The widest of them (the first on a tie), the one the exact solver and the statistics table
// absorb; empty when there is none.
std::optional<OneHotColumns> widest_one_hot_block(std::span<const OneHotColumns> blocks);

// A dataset's parts by reference, nothing copied: what check_data() and the solvers read.
// Dataset::view() gives one; a front end that holds the numbers elsewhere (a NumPy array) builds
// one over an Eigen::Map of them. The viewed data must outlive the view.
struct DatasetView {
  DesignRef X;
  VectorRef y;
  std::span<const std::string> feature_names;
  std::string_view target_name = "y";
  const Matrix* X_low = nullptr;  // Dataset::X_low, or null when X is exact as stored
  std::span<const OneHotColumns> one_hot = {};
  // Each row's weight in a weighted fit (minimize Σ wᵢ·rᵢ²; Dataset::weights), or empty: all 1.
  std::span<const double> weights = {};

  [[nodiscard]] Index n_rows() const { return X.rows(); }
  [[nodiscard]] bool weighted() const { return !weights.empty(); }
  [[nodiscard]] Index n_features() const { return X.cols(); }

  // Throws std::invalid_argument unless rows, columns, names and weights agree
  // (Dataset::check_shape).
  void check_shape() const;
};

struct Dataset {
  Matrix X;
  // Low-order parts of X for features generated in extended precision (x^k from --poly):
  // the exact value of X(i, j) is X(i, j) + X_low(i, j). Empty when X is exact as stored.
  Matrix X_low;
  Vector y;
  std::vector<std::string> feature_names;
  std::string target_name = "y";
  // The one-hot blocks of X, if known (Encoder::one_hot_blocks): ranges within X's columns that
  // do not overlap. Their 0/1 structure is checked where it is used.
  std::vector<OneHotColumns> one_hot;
  // Each row's weight wᵢ for weighted least squares (minimize Σ wᵢ·rᵢ², statsmodels' WLS), or
  // empty for none. Finite and ≥ 0, not all 0 (fit() checks); a row of weight 0 is the same as
  // the row left out, and an integer weight the same as that many copies of the row.
  Vector weights;

  // Names the features x1..xd. Throws std::invalid_argument when X and y disagree on rows.
  static Dataset from_matrix(Matrix X, Vector y);

  [[nodiscard]] Index n_rows() const { return X.rows(); }
  [[nodiscard]] Index n_features() const { return X.cols(); }

  // Throws std::invalid_argument unless rows, columns and names agree.
  void check_shape() const;

  // The dataset by reference; also the implicit conversion, so that a Dataset goes wherever a
  // view does. It must outlive the view.
  [[nodiscard]] DatasetView view() const;
  operator DatasetView() const { return view(); }  // NOLINT(google-explicit-constructor)
};

// A copy of the viewed data, with X column-major whatever the view's layout.
[[nodiscard]] Dataset column_major_copy(const DatasetView& data);

}  // namespace linreg
