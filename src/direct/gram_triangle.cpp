#include "direct/gram_triangle.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/row_groups.hpp"
#include "direct/least_squares_common.hpp"

namespace linreg::detail {
namespace {

constexpr double kMaxContraction = 1e-3;  // each refinement step gains at least three digits

// The Gram kernel's lanes, as GCC/Clang vector extensions: the widest registers the target has.
#if defined(__AVX512F__)
constexpr Index kWidth = 8;
#elif defined(__AVX__)
constexpr Index kWidth = 4;
#else
constexpr Index kWidth = 2;
#endif
using Pack = double __attribute__((vector_size(kWidth * sizeof(double))));
constexpr Index kTile = 4;  // columns on each side of a tile of sums: 16 packs stay in registers

Pack load(const double* p) {
  Pack v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// gram(j, k) += Σᵢ b(i, j)·b(i, k) for k ≤ j, over `rows` rows (a multiple of kWidth) of the
// column-major b (leading dimension ld; cols columns, a multiple of kTile). Each tile of sums is
// accumulated in registers lane by lane, then its lanes are added in order: no packing of the
// operands, as a general matrix product would do for every block.
void add_lower_gram(const double* b, Index ld, Index rows, Index cols, Matrix& gram) {
  for (Index j0 = 0; j0 < cols; j0 += kTile) {
    for (Index k0 = 0; k0 <= j0; k0 += kTile) {
      Pack acc[kTile][kTile] = {};
      for (Index i = 0; i < rows; i += kWidth) {
        Pack x[kTile];
        Pack y[kTile];
        for (Index p = 0; p < kTile; ++p)
          x[p] = load(b + (j0 + p) * ld + i), y[p] = load(b + (k0 + p) * ld + i);
        for (Index p = 0; p < kTile; ++p) {
          for (Index q = 0; q < kTile; ++q) acc[p][q] += x[p] * y[q];
        }
      }
      for (Index p = 0; p < kTile; ++p) {
        for (Index q = 0; q < kTile && k0 + q <= j0 + p; ++q) {
          double sum = 0.0;
          for (Index l = 0; l < kWidth; ++l) sum += acc[p][q][l];
          gram(j0 + p, k0 + q) += sum;
        }
      }
    }
  }
}

// Columns of the Gram matrix: Z, y and zeros up to a multiple of kTile.
Index gram_columns(Index d) { return (d + 1 + kTile - 1) / kTile * kTile; }

// Rows centered into the buffer at a time: about 1 MB (L2), at most 2048, a multiple of kWidth.
Index gram_rows(Index d) {
  return std::clamp<Index>((Index{1} << 17) / gram_columns(d), 8, 2048) / kWidth * kWidth;
}

}  // namespace

Matrix centered_gram(const DatasetView& design, const Vector& x_mean, double y_mean,
                     const Vector& scale) {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  const Index cols = gram_columns(d);
  const Index block_rows = gram_rows(d);
  const Vector inverse_scale = scale.cwiseInverse();  // powers of two: exact
  Matrix total = Matrix::Zero(cols, cols);
  fold_groups_in_order<Matrix>(
      n,
      [&](Index, Index lo, Index hi) {
        Matrix gram = Matrix::Zero(cols, cols);
        Matrix buffer = Matrix::Zero(block_rows, cols);
        for (Index start = lo; start < hi; start += block_rows) {
          const Index m = std::min(block_rows, hi - start);
          if (design.X.is_row_major()) {  // the rows as columns, then centered and scaled there
            design.X.copy_rows(start, m, buffer.data(), block_rows);
            for (Index j = 0; j < d; ++j) {
              buffer.col(j).head(m) =
                  (buffer.col(j).head(m).array() - x_mean[j]) * inverse_scale[j];
            }
          } else {
            for (Index j = 0; j < d; ++j) {
              buffer.col(j).head(m) =
                  (design.X.matrix().col(j).segment(start, m).array() - x_mean[j]) *
                  inverse_scale[j];
            }
          }
          buffer.col(d).head(m) = design.y.segment(start, m).array() - y_mean;
          const Index padded = (m + kWidth - 1) / kWidth * kWidth;
          buffer.middleRows(m, padded - m).setZero();
          add_lower_gram(buffer.data(), block_rows, padded, cols, gram);
        }
        return gram;
      },
      [&](Matrix&& gram) { total.triangularView<Eigen::Lower>() += gram; });
  return total;
}

std::optional<ScaledTriangle> gram_triangle(const DatasetView& design, const Vector& column_mean,
                                            bool fit_intercept) {
  const Index n = design.X.rows();
  const Index d = design.X.cols();
  ScaledTriangle out;
  out.x_mean = fit_intercept ? column_mean : Vector::Zero(d);
  out.y_mean = fit_intercept ? design.y.mean() : 0.0;
  // The Gram matrix of the centered columns in their own units first: scaling by powers of two
  // commutes exactly with its products and sums (the units keep them far from overflow and
  // underflow), so scaling it afterwards gives the scaled columns' matrix bit for bit.
  Matrix gram = centered_gram(design, out.x_mean, out.y_mean, Vector::Ones(d));
  // Each column scaled by a power of two near the spread of what the Gram matrix sums, read off
  // its diagonal: the standard deviation once centered (n − 1), the RMS if not. Z's columns are
  // then about equal in norm, so κ of R measures the design rather than its units or offsets, and
  // the bound is tight.
  const double count = static_cast<double>(n);
  const double dof = fit_intercept ? std::max(count - 1.0, 1.0) : count;
  const Vector sums_of_squares = gram.diagonal().head(d);
  out.scale =
      (sums_of_squares / dof).cwiseSqrt().unaryExpr([](double s) { return power_of_two_scale(s); });
  Vector unscale = Vector::Ones(gram.rows());  // y's column (d) and the padding keep scale 1
  unscale.head(d) = out.scale.cwiseInverse();
  for (Index j = 0; j < gram.cols(); ++j) {
    gram.col(j).tail(gram.rows() - j).array() *= unscale[j] * unscale.tail(gram.rows() - j).array();
  }
  const Eigen::LLT<Matrix> llt(gram.topLeftCorner(d, d));
  if (llt.info() != Eigen::Success) return std::nullopt;
  out.r = llt.matrixU();
  const Matrix inverse = out.r.triangularView<Eigen::Upper>().solve(Matrix::Identity(d, d));
  const double kappa = out.r.norm() * inverse.norm();
  constexpr double eps = std::numeric_limits<double>::epsilon();
  // What separates RᵀR from ZᵀZ: the rounding of the Gram matrix (each entry a chain of additions:
  // block_rows/kWidth rows per lane, the lanes, the blocks of a group, the groups) and of
  // Cholesky, and the two triangular solves of every step.
  const Index block_rows = gram_rows(d);
  const double chain =
      static_cast<double>(block_rows / kWidth + kWidth + kGroupRows / block_rows + group_count(n));
  double rho = kappa * kappa * (chain + 3.0 * static_cast<double>(d) + 4.0) * eps;
  if (fit_intercept) {
    // The means Z is centered with are off by up to (rows per group + 2·groups + 2)·ε of each
    // column's RMS (summed per group, then merged), so each column of Z keeps an offset c. The
    // refinement corrects the intercept and the weights apart, as if Z were centered exactly; the
    // offset couples them, which adds √n·‖R⁻ᵀc‖ to the factor (large when a column's mean is far
    // above its spread: such a column goes to the QR, whose scaling sees it).
    const double mean_error = static_cast<double>(kGroupRows + 2 * group_count(n) + 2) * eps;
    const Vector rms = (out.x_mean.array().square() + sums_of_squares.array() / count).sqrt();
    const Vector offset = (rms.array() * mean_error / out.scale.array()).matrix();
    rho += std::sqrt(static_cast<double>(n)) * (inverse.transpose() * offset).norm();
  }
  if (!(rho <= kMaxContraction)) return std::nullopt;
  // The bound holds in the norm R gives the scaled weights; in the 2-norm it costs a factor κ.
  out.step_error_bound = kappa * rho / (1.0 - rho);
  out.qty = llt.matrixL().solve(gram.row(d).head(d).transpose());  // the lower triangle holds Zᵀy
  return out;
}

}  // namespace linreg::detail
