#pragma once
// The rows of a weighted least-squares fit (private to the library): minimize Σ wᵢ·rᵢ² over the
// rows of positive weight. A row of weight 0 takes no part at all (it is the same as the row left
// out, rank and degrees of freedom included), so everything weighted first keeps only the others.
#include <optional>
#include <span>
#include <vector>

#include "core/reductions.hpp"
#include "linreg/dataset.hpp"
#include "linreg/solver.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

// DataError for the first weight that is not finite or is negative ("row {first_row + i + 1}"),
// and when every weight is 0.
void check_weights(std::span<const double> weights, Index first_row = 0);

// The rows of positive weight, in order.
[[nodiscard]] std::vector<Index> positive_rows(std::span<const double> weights);

// The rows `rows` of the data, column-major, weights with them.
[[nodiscard]] Dataset rows_of(const DatasetView& data, const std::vector<Index>& rows);

// What the statistics of a weighted fit are computed on: the data without their rows of weight
// 0, or empty when there are none (after check_weights). `per_row` (one entry per row, or empty:
// cluster ids) is filtered alike.
[[nodiscard]] std::optional<Dataset> without_zero_weights(const DatasetView& data,
                                                          std::vector<long>& per_row);

// √wᵢ for each row (empty for unweighted data): what a weighted fit's statistics multiply each
// row of the design and each residual by (statsmodels' whitened wexog and wresid).
[[nodiscard]] Vector root_weights(const DatasetView& data);

// Σwᵢ in double-double, in row order.
[[nodiscard]] DoubleDouble weight_sum(std::span<const double> weights);

// a / b in double-double.
[[nodiscard]] DoubleDouble divide(DoubleDouble a, DoubleDouble b);

// Σwᵢ·vᵢ / Σwᵢ in double-double (each product exact), vᵢ = value(i) a DoubleDouble; the plain mean
// when `weights` is empty (n values).
// Over every process's rows (this process's n, the others' through `comm`): `weighted` says
// whether the rows have weights on every process (a process may hold none).
template <class Value>
[[nodiscard]] DoubleDouble weighted_mean(const Communicator& comm, bool weighted,
                                         std::span<const double> weights, Index n, Value value) {
  DoubleDouble sum;
  if (!weighted) {
    for (Index i = 0; i < n; ++i) sum += value(i);
    return shared_sum(comm, sum) / static_cast<double>(shared_count(comm, n));
  }
  for (Index i = 0; i < n; ++i) {
    const double w = weights[static_cast<std::size_t>(i)];
    const DoubleDouble v = value(i);
    DoubleDouble p = two_prod(w, v.hi);
    p.lo += w * v.lo;
    sum += p;
  }
  return divide(shared_sum(comm, sum), shared_sum(comm, weight_sum(weights)));
}

template <class Value>
[[nodiscard]] DoubleDouble weighted_mean(std::span<const double> weights, Index n, Value value) {
  return weighted_mean(SingleProcess(), !weights.empty(), weights, n, value);
}

// The unweighted problem whose least-squares solution is the weighted one's (weights all
// positive): rows multiplied by √(c·wᵢ) and, with an intercept, the columns centered first at
// their weighted means x̄ (ȳ), in double-double, so that Σ c·wᵢ·rᵢ² is its plain sum of squares
// and its solution without intercept has the slopes of the weighted fit (b = ȳ − x̄·w). A column
// `constant` over the rows becomes exactly 0, as centering takes it out entirely.
struct Whitened {
  Dataset design;  // weights empty; X_low where the data have one; one-hot structure dropped
  std::vector<DoubleDouble> x_mean;  // the weighted means (the centering, with an intercept)
  DoubleDouble y_mean;
};
[[nodiscard]] Whitened whiten(const DatasetView& data, bool intercept, double c,
                              const std::vector<bool>& constant);

// whiten() of checked data (all weights positive) with the weights scaled to mean 1 (c = n/Σw),
// so that the plain mean of the squared whitened residuals is the weighted one, Σwr²/Σw: what a
// solver given the whitened rows reports as its loss.
[[nodiscard]] Whitened whiten_to_mean_one(const CheckedData& checked, bool intercept);

// The intercept ȳ − x̄·w at the whitened rows' weighted means, in double-double.
[[nodiscard]] double intercept_at_means(const Whitened& whitened,
                                        const Eigen::Ref<const Vector>& w);

}  // namespace linreg::detail
