#include "penalized/gram_moments.hpp"

#include <algorithm>
#include <limits>

#include "numerics/double_double.hpp"

namespace linreg::detail {
namespace {

// The ranges and the scatter about m's means of A's rows (each multiplied by `root`, √w, when
// given).
void scatter_about_means(const Matrix& A, Index columns, const Vector* root, GramMoments& m) {
  m.low = A.colwise().minCoeff().transpose();
  m.high = A.colwise().maxCoeff().transpose();
  Matrix centered = A.rowwise() - m.mean.transpose();
  centered.rowwise() -= m.mean_low.transpose();
  if (root != nullptr) centered = root->asDiagonal() * centered;
  m.scatter = Matrix::Zero(columns, columns);
  m.scatter.selfadjointView<Eigen::Lower>().rankUpdate(centered.transpose());
  m.scatter.triangularView<Eigen::StrictlyUpper>() = m.scatter.transpose();
}

}  // namespace

GramMoments GramMoments::of(const Matrix& A, Index columns) {
  GramMoments m;
  m.count = A.rows();
  m.weight = static_cast<double>(m.count);
  m.scatter = Matrix::Zero(columns, columns);
  if (m.count == 0) {
    m.mean = Vector::Zero(columns);
    m.mean_low = Vector::Zero(columns);
    m.low = Vector::Constant(columns, std::numeric_limits<double>::infinity());
    m.high = -m.low;
    return m;
  }
  m.mean.resize(columns);
  m.mean_low.resize(columns);
  for (Index j = 0; j < columns; ++j) {
    DoubleDouble sum;
    for (Index i = 0; i < m.count; ++i) sum += DoubleDouble(A(i, j));
    const DoubleDouble mean = sum / static_cast<double>(m.count);
    m.mean[j] = mean.hi;
    m.mean_low[j] = mean.lo;
  }
  scatter_about_means(A, columns, nullptr, m);
  return m;
}

GramMoments GramMoments::of(const Matrix& A, Index columns, const Vector& weights) {
  if (A.rows() == 0) return of(A, columns);
  GramMoments m;
  m.count = A.rows();
  DoubleDouble total;
  for (Index i = 0; i < m.count; ++i) total += DoubleDouble(weights[i]);
  m.weight = total.value();
  m.mean.resize(columns);
  m.mean_low.resize(columns);
  for (Index j = 0; j < columns; ++j) {
    DoubleDouble sum;
    for (Index i = 0; i < m.count; ++i) sum += two_prod(weights[i], A(i, j));
    const DoubleDouble q(sum.hi / total.hi);  // sum/total in double-double
    const DoubleDouble mean = q + DoubleDouble((sum - q * total).value() / total.hi);
    m.mean[j] = mean.hi;
    m.mean_low[j] = mean.lo;
  }
  const Vector root = weights.cwiseSqrt();
  scatter_about_means(A, columns, &root, m);
  return m;
}

void GramMoments::merge(const GramMoments& other) {
  if (other.count == 0) return;
  if (count == 0) {
    *this = other;
    return;
  }
  const double na = weight;
  const double nb = other.weight;
  const double n = na + nb;
  Vector delta(mean.size());
  for (Index j = 0; j < mean.size(); ++j) {
    delta[j] = (DoubleDouble{other.mean[j], other.mean_low[j]} - DoubleDouble{mean[j], mean_low[j]})
                   .value();
  }
  scatter += other.scatter;
  scatter.noalias() += (na * nb / n) * delta * delta.transpose();
  for (Index j = 0; j < mean.size(); ++j) {
    const DoubleDouble moved = DoubleDouble{mean[j], mean_low[j]} + DoubleDouble(nb / n * delta[j]);
    mean[j] = moved.hi;
    mean_low[j] = moved.lo;
  }
  low = low.cwiseMin(other.low);
  high = high.cwiseMax(other.high);
  count += other.count;
  weight += other.weight;
}

Vector GramMoments::squared_errors(const Matrix& weights, const Vector& intercepts) const {
  const Index d = weights.rows();
  Vector out(weights.cols());
  Vector v(d + 1);
  for (Index k = 0; k < weights.cols(); ++k) {
    v.head(d) = -weights.col(k);
    v[d] = 1.0;
    const double offset = (v.dot(mean) - intercepts[k]) + v.dot(mean_low);
    out[k] = std::max(0.0, v.dot(scatter * v)) + weight * offset * offset;
  }
  return out;
}

}  // namespace linreg::detail
