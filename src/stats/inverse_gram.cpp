#include "stats/inverse_gram.hpp"

#include <Eigen/QR>
#include <Eigen/SVD>

#include "core/reductions.hpp"
#include "direct/tall_qr.hpp"

namespace linreg::detail {

Matrix merged_r(const Communicator& comm, const Matrix& rows) {
  const Index d = rows.cols();
  TallQr mine(d);
  mine.fold_all(rows, Vector::Zero(rows.rows()));
  std::vector<double> words(mine.r.data(), mine.r.data() + d * d);
  comm.combine_in_order(words, [d](const double* earlier, double* later, std::size_t) {
    TallQr both(d);
    both.r = Eigen::Map<const Matrix>(earlier, d, d);
    both.fold(Eigen::Map<const Matrix>(later, d, d), Vector::Zero(d));
    std::copy(both.r.data(), both.r.data() + d * d, later);
  });
  return Eigen::Map<const Matrix>(words.data(), d, d);
}

InverseGram::InverseGram(const std::vector<std::vector<DoubleDouble>>& z, Index n, Index m,
                         const Communicator& comm) {
  Matrix z_double(n, m);
  for (Index j = 0; j < m; ++j) {
    for (Index i = 0; i < n; ++i)
      z_double(i, j) = z[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)].value();
  }
  if (comm.size() == 1) {
    const Eigen::HouseholderQR<Matrix> qr(z_double);
    r_ = qr.matrixQR().topLeftCorner(m, m).triangularView<Eigen::Upper>();
  } else {
    r_ = merged_r(comm, z_double);
  }
  t_ = r_.triangularView<Eigen::Upper>().solve(Matrix::Identity(m, m));
  if (m > kRefinedInverseLimit) return;
  // W = Z·T in double-double, then A = WᵀW.
  std::vector<std::vector<DoubleDouble>> w(static_cast<std::size_t>(m),
                                           std::vector<DoubleDouble>(static_cast<std::size_t>(n)));
  for (Index k = 0; k < m; ++k) {
    for (Index i = 0; i < n; ++i) {
      DoubleDouble sum;
      for (Index j = 0; j <= k; ++j)
        sum += z[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)] * t_(j, k);
      w[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)] = sum;
    }
  }
  std::vector<DoubleDouble> sums;
  for (Index p = 0; p < m; ++p) {
    for (Index q = 0; q <= p; ++q) {
      DoubleDouble sum;
      for (Index i = 0; i < n; ++i) {
        sum += w[static_cast<std::size_t>(p)][static_cast<std::size_t>(i)] *
               w[static_cast<std::size_t>(q)][static_cast<std::size_t>(i)];
      }
      sums.push_back(sum);
    }
  }
  shared_sums(comm, sums);
  Matrix a(m, m);
  std::size_t at = 0;
  for (Index p = 0; p < m; ++p) {
    for (Index q = 0; q <= p; ++q) a(p, q) = a(q, p) = sums[at++].value();
  }
  a_inv_ = a.llt().solve(Matrix::Identity(m, m));
}

Vector InverseGram::diagonal() const {
  const Index m = size();
  if (a_inv_.size() == 0) return t_.rowwise().squaredNorm();
  // diag(T·A⁻¹·Tᵀ), accumulated in double-double.
  Vector out(m);
  for (Index j = 0; j < m; ++j) {
    DoubleDouble sum;
    for (Index k = j; k < m; ++k) {
      for (Index l = j; l < m; ++l)
        sum += DoubleDouble(t_(j, k)) * (DoubleDouble(a_inv_(k, l)) * t_(j, l));
    }
    out[j] = sum.value();
  }
  return out;
}

double InverseGram::quadratic(const Vector& u) const {
  const Index m = size();
  std::vector<DoubleDouble> v(static_cast<std::size_t>(m));  // Tᵀu
  for (Index k = 0; k < m; ++k) {
    DoubleDouble sum;
    for (Index j = 0; j <= k; ++j) sum += DoubleDouble(t_(j, k)) * u[j];
    v[static_cast<std::size_t>(k)] = sum;
  }
  DoubleDouble out;
  if (a_inv_.size() == 0) {
    for (const auto& x : v) out += x * x;
    return out.value();
  }
  for (Index k = 0; k < m; ++k) {
    for (Index l = 0; l < m; ++l) {
      out += v[static_cast<std::size_t>(k)] * (v[static_cast<std::size_t>(l)] * a_inv_(k, l));
    }
  }
  return out.value();
}

Vector InverseGram::apply(const Vector& u) const {
  const auto t = t_.triangularView<Eigen::Upper>();
  Vector v = t.transpose() * u;
  if (a_inv_.size() != 0) v = a_inv_ * v;
  return t * v;
}

double InverseGram::condition() const {
  const Index m = size();
  if (m == 0) return 1.0;
  if (m <= kExactConditionLimit) {
    const Eigen::JacobiSVD<Matrix> svd(r_);
    const auto& s = svd.singularValues();
    return s[m - 1] > 0 ? s[0] / s[m - 1] : std::numeric_limits<double>::infinity();
  }
  const auto r = r_.triangularView<Eigen::Upper>();
  return condition_by_power_iteration(
      m, [&](const Vector& v, Vector& out) { out = r.transpose() * (r * v); },
      [&](const Vector& v, Vector& out) { out = apply(v); });
}

}  // namespace linreg::detail
