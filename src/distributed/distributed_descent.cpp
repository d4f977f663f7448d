#include "distributed/distributed_descent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/reductions.hpp"
#include "distributed/collective.hpp"
#include "gd/curvature.hpp"
#include "gd/descent_summary.hpp"
#include "linreg/errors.hpp"
#include "linreg/gradient_descent.hpp"
#include "linreg/lipschitz.hpp"
#include "linreg/objective.hpp"
#include "linreg/scaler.hpp"
#include "model/data_checks.hpp"
#include "model/units.hpp"
#include "numerics/double_double.hpp"
#include "numerics/mse_kernel.hpp"

namespace linreg::detail {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The mean squared error over every process's rows: a pass over this process's rows
// (fused_residual_pass, as MseObjective's), then one reduction of [Σr², Xᵀr, Σr].
class SharedMse final : public DifferentiableObjective {
 public:
  SharedMse(const Communicator& comm, MatrixRef X, VectorRef y, bool intercept, Index rows,
            double lipschitz)
      : comm_(comm),
        X_(X),
        y_(y),
        intercept_(intercept),
        rows_(static_cast<double>(rows)),
        lipschitz_(lipschitz) {}

  [[nodiscard]] Index n_parameters() const override { return X_.cols() + (intercept_ ? 1 : 0); }

  double loss_and_gradient(const Vector& theta, Vector& gradient) const override {
    const Index d = X_.cols();
    std::vector<double> words(static_cast<std::size_t>(d + 2), 0.0);
    if (X_.rows() > 0) {
      words[0] = fused_residual_pass(X_, y_.data(), theta.data(), intercept_ ? theta[d] : 0.0,
                                     words.data() + 1, intercept_ ? words.data() + 1 + d : nullptr);
    }
    comm_.combine_in_order(words, add_plain);
    gradient.resize(n_parameters());
    for (Index j = 0; j < gradient.size(); ++j)
      gradient[j] = words[static_cast<std::size_t>(j + 1)] * (2.0 / rows_);
    return words[0] / rows_;
  }

  [[nodiscard]] double loss(const Vector& theta) const override {
    const Index d = X_.cols();
    std::vector<double> words = {0.0};
    if (X_.rows() > 0) {
      words[0] = fused_residual_pass(X_, y_.data(), theta.data(), intercept_ ? theta[d] : 0.0,
                                     nullptr, nullptr);
    }
    comm_.combine_in_order(words, add_plain);
    return words[0] / rows_;
  }

  [[nodiscard]] double lipschitz_constant() const override { return lipschitz_; }

 private:
  const Communicator& comm_;
  MatrixRef X_;
  VectorRef y_;
  bool intercept_;
  double rows_;
  double lipschitz_;
};

// Σ over every process of f(j, i) for columns j and this process's rows i, in double-double.
template <typename F>
std::vector<DoubleDouble> column_sums(const Communicator& comm, Index columns, Index rows,
                                      const F& f) {
  std::vector<DoubleDouble> sums(static_cast<std::size_t>(columns));
  for (Index j = 0; j < columns; ++j) {
    for (Index i = 0; i < rows; ++i) sums[static_cast<std::size_t>(j)] += f(j, i);
  }
  shared_sums(comm, sums);
  return sums;
}

}  // namespace

FitSummary descend_shared(const Communicator& comm, MatrixRef X, VectorRef y,
                          const std::vector<std::string>& names, const std::string& target,
                          Index first_row, const FitOptions& options) {
  const Index d = X.cols();
  const Index here = X.rows();
  const bool intercept = options.fit_intercept;
  const bool standardized = options.scaling == Scaling::standard;
  collectively(comm, [&] {
    if (here > 0) (void)require_finite(X, y, names, target, first_row);
  });
  // Magnitudes (units), and each column's extremes (the one rule for a constant column).
  std::vector<double> top(static_cast<std::size_t>(3 * d + 1), -kInfinity);
  for (Index j = 0; j < d && here > 0; ++j) {
    top[static_cast<std::size_t>(j)] = X.col(j).cwiseAbs().maxCoeff();
    top[static_cast<std::size_t>(d + 1 + j)] = X.col(j).maxCoeff();
    top[static_cast<std::size_t>(2 * d + 1 + j)] = -X.col(j).minCoeff();
  }
  if (here > 0) top[static_cast<std::size_t>(d)] = y.cwiseAbs().maxCoeff();
  comm.combine_in_order(top, take_max);
  std::vector<std::int64_t> count = {here};
  comm.sum(count);
  const Index n = count[0];
  if (n == 0) throw DataError("cannot fit a model to 0 rows of data");
  Vector magnitude(d);
  std::vector<bool> constant(static_cast<std::size_t>(d));
  for (Index j = 0; j < d; ++j) {
    magnitude[j] = top[static_cast<std::size_t>(j)];
    constant[static_cast<std::size_t>(j)] =
        top[static_cast<std::size_t>(d + 1 + j)] == -top[static_cast<std::size_t>(2 * d + 1 + j)];
  }
  const Units units = units_for(magnitude, top[static_cast<std::size_t>(d)], standardized);
  Matrix Xu = X;
  Vector yu = y;
  for (Index j = 0; j < d; ++j)
    scale_by_power_of_two(Xu.col(j), -units.column[static_cast<std::size_t>(j)]);
  scale_by_power_of_two(yu, -units.target);

  // The standardization's moments over all rows (two passes: the mean, then the deviations).
  const double nd = static_cast<double>(n);
  const std::vector<DoubleDouble> sums =
      column_sums(comm, d, here, [&](Index j, Index i) { return DoubleDouble(Xu(i, j)); });
  Vector mean(d), sd = Vector::Zero(d);
  for (Index j = 0; j < d; ++j) mean[j] = (sums[static_cast<std::size_t>(j)] / nd).value();
  const std::vector<DoubleDouble> deviations = column_sums(comm, d, here, [&](Index j, Index i) {
    const DoubleDouble e = DoubleDouble(Xu(i, j)) - DoubleDouble(mean[j]);
    return e * e;
  });
  for (Index j = 0; j < d; ++j) {
    if (n >= 2) sd[j] = std::sqrt((deviations[static_cast<std::size_t>(j)] / (nd - 1.0)).value());
    if (constant[static_cast<std::size_t>(j)]) {
      mean[j] = std::ldexp(top[static_cast<std::size_t>(d + 1 + j)],
                           -units.column[static_cast<std::size_t>(j)]);
      sd[j] = 0.0;
    }
  }
  const StandardScaler stats(mean, sd);
  const StandardScaler scaler = intercept ? stats : StandardScaler(Vector::Zero(d), stats.rms(n));
  const Matrix design = standardized ? scaler.transform(Xu) : Xu;

  // The mean Gram matrix of [X 1] (the Hessian's half): the step size 1/L and the stop rule.
  const Index p = d + (intercept ? 1 : 0);
  std::vector<double> gram_words(static_cast<std::size_t>(p * p), 0.0);
  if (here > 0) {
    Eigen::Map<Matrix> g(gram_words.data(), p, p);
    g = mse_hessian(design, intercept) * (static_cast<double>(here) / 2.0);
  }
  comm.combine_in_order(gram_words, add_plain);
  const Matrix mean_gram = Eigen::Map<const Matrix>(gram_words.data(), p, p) / nd;
  const GradientDescentOptions& gd = options.gradient_descent;
  std::optional<Curvature> curvature;
  if (gd.tolerance > 0.0 && p <= kCertifiedParameters) curvature.emplace(2.0 * mean_gram);
  const SharedMse objective(comm, design, yu, intercept, n,
                            2.0 * largest_eigenvalue_of_symmetric(mean_gram));
  GradientDescentResult run = minimize(objective, Vector::Zero(p), gd, options.callbacks,
                                       curvature ? curvature->smallest() : 0.0);
  FitSummary summary =
      descent_summary(std::move(run), curvature ? &*curvature : nullptr, d, n, options);

  std::vector<Warning> warnings;
  if (intercept && n > 1) {
    for (Index j = 0; j < d; ++j) {
      if (!constant[static_cast<std::size_t>(j)]) continue;
      warnings.push_back(constant_feature_warning(names[static_cast<std::size_t>(j)],
                                                  top[static_cast<std::size_t>(d + 1 + j)],
                                                  standardized));
    }
  }
  if (!standardized) {
    if (std::optional<Warning> w = mixed_scales_warning(names, stats, n))
      warnings.push_back(std::move(*w));
    summary.model = summary.design_model;
  } else {
    summary.model = scaler.to_original_units(summary.design_model);
    summary.scaler = scaler;
  }
  from_units(summary, units, names, target);
  summary.feature_means.resize(d);
  for (Index j = 0; j < d; ++j)
    summary.feature_means[j] = std::ldexp(mean[j], units.column[static_cast<std::size_t>(j)]);
  summary.message = termination_message(summary, d);
  warnings.insert(warnings.end(), summary.warnings.begin(), summary.warnings.end());
  summary.warnings = std::move(warnings);
  return summary;
}

RegressionMetrics evaluate_shared(const Communicator& comm, VectorRef y, VectorRef predicted,
                                  VectorRef weights) {
  const Index here = y.size();
  const bool weighted = weights.size() > 0;
  // Power-of-two units at the largest magnitude, so that no square overflows.
  std::vector<double> top = {
      here > 0 ? std::max(y.cwiseAbs().maxCoeff(), predicted.cwiseAbs().maxCoeff()) : 0.0};
  comm.combine_in_order(top, take_max);
  const int e = top[0] > 0.0 ? std::ilogb(top[0]) : 0;
  const auto w = [&](Index i) { return weighted ? weights[i] : 1.0; };
  const auto value = [&](Index i) { return std::ldexp(y[i], -e); };
  const auto residual = [&](Index i) { return std::ldexp(y[i] - predicted[i], -e); };
  Index positive = 0;
  for (Index i = 0; i < here; ++i) positive += w(i) > 0.0 ? 1 : 0;
  // Σw, Σw·y, Σw·r², Σw·|r|; then Σw·(y − ȳ)².
  const std::vector<DoubleDouble> sums = column_sums(comm, 4, here, [&](Index j, Index i) {
    const double r = residual(i);
    switch (j) {
      case 0:
        return DoubleDouble(w(i));
      case 1:
        return DoubleDouble(w(i)) * DoubleDouble(value(i));
      case 2:
        return DoubleDouble(w(i)) * (DoubleDouble(r) * DoubleDouble(r));
      default:
        return DoubleDouble(w(i)) * DoubleDouble(std::abs(r));
    }
  });
  const double total = sums[0].value();
  const DoubleDouble mean = sums[1] / total;
  const std::vector<DoubleDouble> spread = column_sums(comm, 1, here, [&](Index, Index i) {
    const DoubleDouble c = DoubleDouble(value(i)) - mean;
    return DoubleDouble(w(i)) * (c * c);
  });
  RegressionMetrics m;
  m.n = shared_count(comm, positive);
  const double ss_res = sums[2].value(), ss_tot = spread[0].value();
  m.mse = std::ldexp(ss_res / total, 2 * e);
  m.rmse = std::sqrt(m.mse);
  m.mae = std::ldexp(sums[3].value() / total, e);
  m.r2 = r2_from_sums(ss_res, ss_tot);
  return m;
}

}  // namespace linreg::detail
