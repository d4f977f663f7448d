#pragma once
// The R factor and Qᵀy of a tall matrix built a block of rows at a time (tall-skinny QR; private
// to the library): each fold is the Householder QR of [R; rows] applied to [Qᵀy; y], so only the
// d × d triangle is kept however many rows go through.
#include <Eigen/QR>

#include "linreg/types.hpp"

namespace linreg::detail {

// Rows folded into R at a time: the stacked (d + m) × d block stays in cache.
constexpr Index kFoldRows = 2048;

struct TallQr {
  Matrix r;    // d × d, upper triangular
  Vector qty;  // d
  explicit TallQr(Index d) : r(Matrix::Zero(d, d)), qty(Vector::Zero(d)) {}

  void fold(const Eigen::Ref<const Matrix>& rows, const Eigen::Ref<const Vector>& y) {
    const Index d = r.cols();
    const Index m = rows.rows();
    Matrix stacked(d + m, d);
    stacked.topRows(d) = r;
    stacked.bottomRows(m) = rows;
    Vector rhs(d + m);
    rhs.head(d) = qty;
    rhs.tail(m) = y;
    const Eigen::HouseholderQR<Matrix> qr(stacked);
    rhs.applyOnTheLeft(qr.householderQ().adjoint());
    r = qr.matrixQR().topRows(d).triangularView<Eigen::Upper>();
    qty = rhs.head(d);
  }

  // Folds any number of rows, kFoldRows at a time.
  void fold_all(const Eigen::Ref<const Matrix>& rows, const Eigen::Ref<const Vector>& y) {
    for (Index start = 0; start < rows.rows(); start += kFoldRows) {
      const Index m = std::min(kFoldRows, rows.rows() - start);
      fold(rows.middleRows(start, m), y.segment(start, m));
    }
  }
};

}  // namespace linreg::detail
