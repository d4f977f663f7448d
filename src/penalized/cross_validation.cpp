#include "penalized/cross_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/random.hpp"

namespace linreg::detail {
namespace {

std::vector<long> fold_assignment(Index n, const PenaltyOptions& options, long& count) {
  if (options.fold_ids.empty()) {
    if (options.folds > n) {
      throw UsageError(
          fmt::format("{} folds for {} rows: at most one fold per row", options.folds, n));
    }
    count = options.folds;
    return seeded_fold_ids(0, n, options.folds, options.seed);
  }
  if (static_cast<Index>(options.fold_ids.size()) != n) {
    throw UsageError(
        fmt::format("{} fold ids for {} rows: one per row", options.fold_ids.size(), n));
  }
  count = check_fold_ids(options.fold_ids);
  return options.fold_ids;
}

}  // namespace

std::vector<long> seeded_fold_ids(Index first_row, Index rows, long folds, std::uint64_t seed) {
  std::vector<long> id(static_cast<std::size_t>(rows));
  std::vector<long> order(static_cast<std::size_t>(folds));
  Index block = -1;
  for (Index i = 0; i < rows; ++i) {
    const Index row = first_row + i;
    if (row / folds != block) {
      block = row / folds;
      // Fisher–Yates over 1 … K, keyed by the block.
      KeyedRng rng(seed, static_cast<std::uint64_t>(block));
      for (long k = 0; k < folds; ++k) order[static_cast<std::size_t>(k)] = k + 1;
      for (auto k = static_cast<std::size_t>(folds); k > 1; --k) {
        const auto j = static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(k)));
        std::swap(order[k - 1], order[j]);
      }
    }
    id[static_cast<std::size_t>(i)] = order[static_cast<std::size_t>(row % folds)];
  }
  return id;
}

FitOptions cross_validation_options(const FitOptions& options, const Vector& lambdas) {
  FitOptions inner = options;
  inner.penalized.lambdas.assign(lambdas.data(), lambdas.data() + lambdas.size());
  inner.penalized.folds = 0;
  inner.penalized.fold_ids.clear();
  inner.penalized.lambda.reset();
  return inner;
}

long check_fold_ids(const std::vector<long>& ids) {
  const std::set<long> distinct(ids.begin(), ids.end());
  if (distinct.size() < 2)
    throw UsageError("the fold ids name a single fold: at least 2 are needed");
  return *distinct.rbegin();
}

CrossValidation cross_validate(const DatasetView& data, const FitOptions& options,
                               const Vector& lambdas) {
  const Index n = data.n_rows();
  CrossValidation cv;
  cv.fold_of_row = fold_assignment(n, options.penalized, cv.folds);
  const Matrix X = data.X.to_matrix();
  const Eigen::Map<const Vector> weights(data.weights.data(),
                                         static_cast<Index>(data.weights.size()));
  const FitOptions inner = cross_validation_options(options, lambdas);
  std::vector<Vector> fold_mse;
  std::vector<double> fold_size;
  for (long k = 1; k <= cv.folds; ++k) {
    std::vector<Index> train, held;
    for (Index i = 0; i < n; ++i)
      (cv.fold_of_row[static_cast<std::size_t>(i)] == k ? held : train).push_back(i);
    if (held.empty()) continue;  // a fold id no row has
    if (train.empty())
      throw UsageError(fmt::format("fold {} holds every row: nothing to train on", k));
    Dataset part = Dataset::from_matrix(X(train, Eigen::all), data.y(train));
    part.feature_names.assign(data.feature_names.begin(), data.feature_names.end());
    if (data.weighted()) part.weights = weights(train);
    const PenalizedPath path = penalized_path(part, inner);
    const Matrix predicted =
        (X(held, Eigen::all) * path.weights).rowwise() + path.intercepts.transpose();
    const Matrix errors = (-predicted).colwise() + Vector(data.y(held));
    if (data.weighted()) {  // the fold's weighted mean squared error, weighted by its total
      const Vector w = weights(held);
      fold_mse.push_back(errors.array().square().matrix().transpose() * w / w.sum());
      fold_size.push_back(w.sum());
      continue;
    }
    fold_mse.push_back(errors.array().square().colwise().mean().transpose());
    fold_size.push_back(static_cast<double>(held.size()));
  }
  summarize_folds(fold_mse, fold_size, lambdas, cv);
  return cv;
}

void summarize_folds(const std::vector<Vector>& fold_mse, const std::vector<double>& fold_size,
                     const Vector& lambdas, CrossValidation& cv) {
  const Index count = lambdas.size();
  double total = 0.0;
  for (const double size : fold_size) total += size;
  const auto folds_used = static_cast<double>(fold_mse.size());
  cv.mean = Vector::Zero(count);
  cv.standard_error = Vector::Zero(count);
  for (std::size_t k = 0; k < fold_mse.size(); ++k) cv.mean += fold_size[k] / total * fold_mse[k];
  for (std::size_t k = 0; k < fold_mse.size(); ++k)
    cv.standard_error += fold_size[k] / total * (fold_mse[k] - cv.mean).array().square().matrix();
  cv.standard_error = (cv.standard_error / (folds_used - 1.0)).cwiseSqrt();
  cv.folds = static_cast<long>(fold_mse.size());  // fold ids with gaps (1, 3, 5) name 3 folds
  cv.fold_mse.resize(count, static_cast<Index>(fold_mse.size()));
  for (std::size_t k = 0; k < fold_mse.size(); ++k)
    cv.fold_mse.col(static_cast<Index>(k)) = fold_mse[k];
  choose_lambdas(cv, lambdas);
}

void choose_lambdas(CrossValidation& cv, const Vector& lambdas) {
  const Index count = lambdas.size();
  // The path runs from the largest λ down, so the first index at the minimum is its largest λ.
  cv.mean.minCoeff(&cv.index_min);
  const double bound = cv.mean[cv.index_min] + cv.standard_error[cv.index_min];
  cv.index_1se = cv.index_min;
  for (Index k = 0; k < count; ++k) {
    if (cv.mean[k] <= bound) {
      cv.index_1se = k;
      break;
    }
  }
  cv.lambda_min = lambdas[cv.index_min];
  cv.lambda_1se = lambdas[cv.index_1se];
}

}  // namespace linreg::detail
