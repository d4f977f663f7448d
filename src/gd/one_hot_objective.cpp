#include "linreg/one_hot_objective.hpp"

#include <stdexcept>

#include "data/one_hot_levels.hpp"
#include "numerics/power_iteration.hpp"

namespace linreg {

bool uses_level_codes(const GradientDescentOptions& options,
                      std::span<const OneHotColumns> blocks) {
  return options.gradient == GradientSource::manual && options.precision == Precision::f64 &&
         !wide_one_hot_blocks(blocks).empty();
}

OneHotMseObjective::OneHotMseObjective(MatrixRef X, VectorRef y, bool fit_intercept,
                                       std::span<const OneHotColumns> blocks, const Vector& mean,
                                       const Vector& scale)
    : d_(X.cols()), fit_intercept_(fit_intercept), y_(y) {
  const Index n = X.rows();
  if (y.size() != n) throw std::invalid_argument("OneHotMseObjective: X and y differ in rows");
  if (n == 0) throw std::invalid_argument("OneHotMseObjective: no rows");
  if ((mean.size() != 0 || scale.size() != 0) && (mean.size() != d_ || scale.size() != d_)) {
    throw std::invalid_argument(
        "OneHotMseObjective: mean and scale need one value per column, or none");
  }
  const Vector mu = mean.size() != 0 ? mean : Vector::Zero(d_);
  const Vector s = scale.size() != 0 ? scale : Vector::Ones(d_);
  Index next = 0;
  for (const auto& b : blocks) {
    if (b.first < next || b.count < 1 || b.first + b.count > d_) {
      throw std::invalid_argument(
          "OneHotMseObjective: blocks must be ranges of columns, in order, not overlapping");
    }
    for (Index j = next; j < b.first; ++j) dense_columns_.push_back(j);
    blocks_.push_back({b.first, detail::levels_of_rows(X, b), mu.segment(b.first, b.count),
                       s.segment(b.first, b.count)});
    next = b.first + b.count;
  }
  for (Index j = next; j < d_; ++j) dense_columns_.push_back(j);
  dense_.resize(n, static_cast<Index>(dense_columns_.size()));
  for (std::size_t k = 0; k < dense_columns_.size(); ++k) {
    const Index j = dense_columns_[k];
    dense_.col(static_cast<Index>(k)) = (X.col(j).array() - mu[j]) / s[j];
  }
  buffer_.resize(n);
}

void OneHotMseObjective::forward(const double* w, double b, Vector& out) const {
  Vector dense_w(static_cast<Index>(dense_columns_.size()));
  for (std::size_t k = 0; k < dense_columns_.size(); ++k)
    dense_w[static_cast<Index>(k)] = w[dense_columns_[k]];
  double shift = b;
  for (const auto& block : blocks_) {
    for (Index k = 0; k < block.mean.size(); ++k)
      shift -= w[block.first + k] * block.mean[k] / block.scale[k];
  }
  out.noalias() = dense_ * dense_w;
  out.array() += shift;
  for (const auto& block : blocks_) {
    const Index count = block.mean.size();
    Vector per_level(count + 1);
    per_level[0] = 0.0;
    for (Index k = 0; k < count; ++k) per_level[k + 1] = w[block.first + k] / block.scale[k];
    for (Index i = 0; i < out.size(); ++i)
      out[i] += per_level[block.level[static_cast<std::size_t>(i)]];
  }
}

void OneHotMseObjective::backward(const Vector& u, double* gradient_w, double* sum_u) const {
  const Vector dense_g = dense_.transpose() * u;
  for (std::size_t k = 0; k < dense_columns_.size(); ++k)
    gradient_w[dense_columns_[k]] = dense_g[static_cast<Index>(k)];
  const double total = u.sum();
  for (const auto& block : blocks_) {
    const Index count = block.mean.size();
    Vector sums = Vector::Zero(count + 1);
    for (Index i = 0; i < u.size(); ++i) sums[block.level[static_cast<std::size_t>(i)]] += u[i];
    for (Index k = 0; k < count; ++k) {
      gradient_w[block.first + k] = (sums[k + 1] - block.mean[k] * total) / block.scale[k];
    }
  }
  if (sum_u != nullptr) *sum_u = total;
}

double OneHotMseObjective::loss_and_gradient(const Vector& theta, Vector& gradient) const {
  const double n = static_cast<double>(y_.size());
  forward(theta.data(), fit_intercept_ ? theta[d_] : 0.0, buffer_);
  buffer_ -= y_;
  gradient.resize(n_parameters());
  double sum_r = 0.0;
  backward(buffer_, gradient.data(), &sum_r);
  gradient.head(d_) *= 2.0 / n;
  if (fit_intercept_) gradient[d_] = 2.0 / n * sum_r;
  return buffer_.squaredNorm() / n;
}

double OneHotMseObjective::loss(const Vector& theta) const {
  forward(theta.data(), fit_intercept_ ? theta[d_] : 0.0, buffer_);
  buffer_ -= y_;
  return buffer_.squaredNorm() / static_cast<double>(y_.size());
}

double OneHotMseObjective::lipschitz_constant() const {
  const double inv_n = 1.0 / static_cast<double>(y_.size());
  const Index p = n_parameters();
  Vector product(y_.size());
  const auto apply = [&](const Vector& v, Vector& out) {
    forward(v.data(), fit_intercept_ ? v[d_] : 0.0, product);
    double sum = 0.0;
    backward(product, out.data(), &sum);
    out.head(d_) *= inv_n;
    if (fit_intercept_) out[d_] = sum * inv_n;
  };
  return 2.0 * largest_eigenvalue(p, apply, 1e-9, 2000).eigenvalue;
}

}  // namespace linreg
