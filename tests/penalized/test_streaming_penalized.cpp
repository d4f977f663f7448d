// The streamed penalized fit against the in-memory one on the same rows: the path, the
// cross-validation and fit()'s summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/penalized.hpp"
#include "linreg/streaming_penalized.hpp"
#include "penalized/cross_validation.hpp"
#include "penalized_designs.hpp"

namespace linreg {
namespace {

using testing_designs::correlated_design;
using testing_designs::lasso_options;

// Blocks of irregular sizes, the first shorter than the features (kept as rows at first).
std::vector<Index> block_sizes(Index n) {
  std::vector<Index> sizes;
  const Index pattern[] = {3, 137, 64, 401, 1, 250};
  for (Index at = 0, k = 0; at < n; ++k) {
    const Index size = std::min(pattern[k % 6], n - at);
    sizes.push_back(size);
    at += size;
  }
  return sizes;
}

StreamingPenalizedFit streamed(const Dataset& d, const FitOptions& options,
                               const std::vector<long>& folds = {}) {
  StreamingPenalizedFit fitter(d.feature_names, "y", options);
  Index at = 0;
  for (const Index size : block_sizes(d.n_rows())) {
    std::vector<long> f;
    if (!folds.empty()) f.assign(folds.begin() + at, folds.begin() + at + size);
    fitter.add(d.X.middleRows(at, size), d.y.segment(at, size), f);
    at += size;
  }
  return fitter;
}

// The largest difference between two matrices, relative to the largest entry of the first.
double relative_difference(const Matrix& a, const Matrix& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(a.cwiseAbs().maxCoeff(), 1e-300);
}

// The same algorithm on Gram matrices a few ulps apart (the moments' pairwise merge against one
// pass over the rows): each solution ends in a direct solve on its active set, so the two agree
// to rounding times the active set's conditioning (about 1e-14 on these designs), not merely to
// the KKT tolerance (1e-10 of λ_max) both meet.
constexpr double kAgreement = 1e-11;

TEST(StreamingPenalized, LassoPathAndCrossValidationEqualTheInMemoryOnes) {
  const Dataset d = correlated_design(2000, 20, 0.5, 31);
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 40;
  o.penalized.folds = 5;
  const PenalizedPath memory = penalized_path(d, o);
  const PenalizedPath stream = streamed(d, o).path();
  ASSERT_EQ(stream.lambdas.size(), memory.lambdas.size());
  EXPECT_LE(relative_difference(memory.lambdas, stream.lambdas), 1e-14);
  EXPECT_LE(relative_difference(memory.weights, stream.weights), kAgreement);
  EXPECT_LE(relative_difference(memory.intercepts, stream.intercepts), kAgreement);
  EXPECT_EQ(memory.nonzero, stream.nonzero);
  for (Index k = 0; k < stream.lambdas.size(); ++k) EXPECT_LE(stream.kkt_violation[k], 1e-10);
  ASSERT_TRUE(memory.cv && stream.cv);
  // The same seeded folds: each fold's error agrees.
  EXPECT_LE(relative_difference(memory.cv->fold_mse, stream.cv->fold_mse), kAgreement);
  EXPECT_LE(relative_difference(memory.cv->standard_error, stream.cv->standard_error), kAgreement);
  EXPECT_EQ(memory.cv->index_min, stream.cv->index_min);
  EXPECT_EQ(memory.cv->index_1se, stream.cv->index_1se);
  EXPECT_EQ(stream.cv->folds, 5);
}

// Weighted rows: the weighted moments' path, cross-validation and fit against the in-memory
// weighted ones (the whitened rows), rows of weight 0 left out of both.
TEST(StreamingPenalized, WeightedRowsEqualTheInMemoryWeightedFit) {
  Dataset d = correlated_design(1500, 8, 0.5, 41);
  d.weights = Vector::LinSpaced(1500, 0.2, 3.0);
  for (Index i = 0; i < 1500; i += 13) {
    d.weights[i] = 0.0;
    d.y[i] += 1e3;
  }
  for (const Penalty penalty : {Penalty::lasso, Penalty::elastic_net, Penalty::ridge}) {
    SCOPED_TRACE(to_string(penalty));
    FitOptions o = lasso_options();
    o.penalized.penalty = penalty;
    o.penalized.n_lambda = 30;
    o.penalized.folds = 5;
    StreamingPenalizedFit fitter(d.feature_names, "y", o);
    Index at = 0;
    for (const Index size : block_sizes(d.n_rows())) {
      fitter.add(fitter.prepare(d.X.middleRows(at, size), d.y.segment(at, size), {},
                                d.weights.segment(at, size)));
      at += size;
    }
    EXPECT_EQ(fitter.rows(), 1500 - 116);
    const PenalizedPath got = fitter.path(), want = penalized_path(d, o);
    EXPECT_LT(relative_difference(got.weights, want.weights), kAgreement);
    EXPECT_LT(relative_difference(got.intercepts, want.intercepts), kAgreement);
    ASSERT_TRUE(got.cv && want.cv);
    EXPECT_LT(relative_difference(got.cv->mean, want.cv->mean), kAgreement);
    EXPECT_EQ(got.cv->index_min, want.cv->index_min);
    FitOptions chosen = o;
    chosen.penalized.folds = 0;
    chosen.penalized.lambda = want.lambdas[10];
    StreamingPenalizedFit one(d.feature_names, "y", chosen);
    one.add(one.prepare(d.X, d.y, {}, d.weights));
    const StreamedFit streamed_fit = one.finish();
    const FitSummary in_memory = fit(d, chosen);
    EXPECT_NEAR(streamed_fit.summary.final_loss, in_memory.final_loss,
                1e-12 * in_memory.final_loss);
    EXPECT_NEAR(streamed_fit.feature_means[2], in_memory.feature_means[2],
                1e-14 * std::abs(in_memory.feature_means[2]));
  }
}

TEST(StreamingPenalized, FitEqualsFitForEachPenaltyAndConvention) {
  const Dataset d = correlated_design(900, 12, 0.8, 32);
  for (const Penalty penalty : {Penalty::lasso, Penalty::elastic_net, Penalty::ridge}) {
    for (const bool intercept : {true, false}) {
      for (const Scaling scaling : {Scaling::standard, Scaling::none}) {
        SCOPED_TRACE(testing::Message() << to_string(penalty) << " intercept " << intercept
                                        << " scaling " << to_string(scaling));
        FitOptions o = lasso_options();
        o.penalized.penalty = penalty;
        if (penalty == Penalty::elastic_net) o.penalized.l1_ratio = 0.4;
        o.fit_intercept = intercept;
        o.scaling = scaling;
        o.penalized.lambda = 0.03;
        const FitSummary memory = fit(d, o);
        const StreamedFit stream = streamed(d, o).finish();
        EXPECT_LE(relative_difference(memory.model.weights(), stream.summary.model.weights()),
                  kAgreement);
        EXPECT_NEAR(memory.model.intercept(), stream.summary.model.intercept(),
                    kAgreement * std::max(1.0, std::abs(memory.model.intercept())));
        EXPECT_EQ(memory.stop_reason, stream.summary.stop_reason);
        ASSERT_TRUE(stream.summary.penalized);
        EXPECT_EQ(stream.summary.penalized->lambda(), 0.03);
        EXPECT_EQ(stream.summary.penalized->nonzero(), memory.penalized->nonzero());
        // The training MSE from the moments against the one from the rows: the same residuals,
        // summed two ways (relative rounding of the quadratic form, ~1e-13 here).
        EXPECT_NEAR(stream.summary.final_loss, memory.final_loss, 1e-10 * memory.final_loss);
        EXPECT_NEAR(stream.training.r2,
                    1.0 - memory.final_loss * 900 / (d.y.array() - d.y.mean()).square().sum(),
                    1e-10);
        EXPECT_TRUE(std::isnan(stream.training.mae));
        EXPECT_LE(relative_difference(memory.feature_means, stream.feature_means), 1e-14);
      }
    }
  }
}

TEST(StreamingPenalized, CrossValidatedFitChoosesTheSameLambda) {
  const Dataset d = correlated_design(1500, 8, 0.3, 33);
  FitOptions o = lasso_options();
  o.penalized.penalty = Penalty::elastic_net;
  o.penalized.l1_ratio = 0.7;
  for (const LambdaRule rule : {LambdaRule::min, LambdaRule::one_se}) {
    o.penalized.rule = rule;
    const FitSummary memory = fit(d, o);  // the default 10 seeded folds
    const StreamedFit stream = streamed(d, o).finish();
    ASSERT_TRUE(stream.summary.penalized);
    EXPECT_EQ(stream.summary.penalized->index, memory.penalized->index);
    EXPECT_EQ(stream.summary.penalized->choice, memory.penalized->choice);
    EXPECT_EQ(stream.summary.penalized->path.cv->folds, 10);
    EXPECT_LE(relative_difference(memory.model.weights(), stream.summary.model.weights()),
              kAgreement);
  }
}

TEST(StreamingPenalized, FoldsGivenWithTheBlocksEqualFoldIds) {
  const Dataset d = correlated_design(1200, 10, 0.5, 34);
  std::vector<long> folds(1200);
  for (std::size_t i = 0; i < folds.size(); ++i) folds[i] = 1 + static_cast<long>((i * 7) % 4);
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 25;
  FitOptions with_ids = o;
  with_ids.penalized.fold_ids = folds;
  const PenalizedPath memory = penalized_path(d, with_ids);
  const PenalizedPath stream = streamed(d, o, folds).path();
  ASSERT_TRUE(stream.cv);
  EXPECT_EQ(stream.cv->folds, 4);
  EXPECT_LE(relative_difference(memory.cv->fold_mse, stream.cv->fold_mse), kAgreement);
  EXPECT_EQ(memory.cv->index_min, stream.cv->index_min);
  // fit() with the folds from the blocks cross-validates on them too.
  const FitSummary memory_fit = fit(d, with_ids);
  const StreamedFit stream_fit = streamed(d, o, folds).finish();
  EXPECT_EQ(stream_fit.summary.penalized->index, memory_fit.penalized->index);
  // Every row in one fold: nothing to validate on.
  EXPECT_THROW((void)streamed(d, o, std::vector<long>(1200, 3)).path(), UsageError);
}

TEST(StreamingPenalized, RowsKeptWhenFewOrWhenTheFitNeedsThem) {
  // No more rows than features, more features than covariance updates take, leave-one-out:
  // the rows are fitted in memory at the end, so the result is fit()'s to the bit.
  struct Case {
    Index n, p;
    Penalty penalty;
    bool leave_one_out;
  };
  for (const Case c : {Case{15, 20, Penalty::lasso, false}, Case{60, 520, Penalty::lasso, false},
                       Case{40, 50, Penalty::ridge, false}, Case{200, 6, Penalty::ridge, true}}) {
    SCOPED_TRACE(testing::Message() << c.n << " × " << c.p);
    const Dataset d = correlated_design(c.n, c.p, 0.5, 35);
    FitOptions o = lasso_options();
    o.penalized.penalty = c.penalty;
    o.penalized.leave_one_out = c.leave_one_out;
    if (!c.leave_one_out) o.penalized.lambda = 0.05;
    const FitSummary memory = fit(d, o);
    const StreamedFit stream = streamed(d, o).finish();
    EXPECT_EQ(memory.model.weights(), stream.summary.model.weights());
    EXPECT_EQ(memory.model.intercept(), stream.summary.model.intercept());
    EXPECT_FALSE(std::isnan(stream.training.mae));
  }
}

TEST(StreamingPenalized, ColumnsWhoseMeanDwarfsTheirSpread) {
  // Offsets of 1e8 on unit-scale columns: raw sums of squares would lose 16 digits to
  // cancellation; the pairwise moments keep the centered Gram matrix to rounding.
  Dataset d = correlated_design(3000, 6, 0.5, 36);
  d.X.array() += 1e8;
  FitOptions o = lasso_options();
  o.penalized.n_lambda = 20;
  const PenalizedPath memory = penalized_path(d, o);
  const PenalizedPath stream = streamed(d, o).path();
  // Both center the same stored values; their means differ by rounding, ~1e8·ε = 2e-8, which
  // shifts a centered column by a constant (removed by the centering itself, to second order):
  // the agreement is the solvers', as without the offsets.
  EXPECT_LE(relative_difference(memory.weights, stream.weights), kAgreement);
  EXPECT_EQ(memory.nonzero, stream.nonzero);
}

TEST(StreamingPenalized, ErrorsNameTheRowAndTheMisuse) {
  const Dataset d = correlated_design(300, 4, 0.5, 37);
  FitOptions o = lasso_options();
  o.penalized.lambda = 0.1;
  StreamingPenalizedFit fitter(d.feature_names, "y", o);
  fitter.add(d.X.topRows(100), d.y.head(100));
  Matrix bad = d.X.middleRows(100, 50);
  bad(7, 2) = std::nan("");
  try {
    fitter.add(bad, d.y.segment(100, 50));
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 108"), std::string::npos) << e.what();
  }
  EXPECT_THROW(fitter.add(d.X.middleRows(150, 10), d.y.segment(150, 10), std::vector<long>(10, 1)),
               std::invalid_argument);
  EXPECT_THROW(StreamingPenalizedFit(d.feature_names, "y", FitOptions{}), std::invalid_argument);
  FitOptions with_ids = o;
  with_ids.penalized.fold_ids = std::vector<long>(300, 1);
  EXPECT_THROW(StreamingPenalizedFit(d.feature_names, "y", with_ids), std::invalid_argument);
  EXPECT_THROW((void)StreamingPenalizedFit(d.feature_names, "y", o).finish(), DataError);
}

TEST(StreamingPenalized, ConstantColumnWarnsAndTakesNoPart) {
  Dataset d = correlated_design(800, 5, 0.5, 38);
  d.X.col(3).setConstant(2.5);
  FitOptions o = lasso_options();
  o.penalized.lambda = 0.01;
  const FitSummary memory = fit(d, o);
  const StreamedFit stream = streamed(d, o).finish();
  EXPECT_EQ(stream.summary.model.weights()[3], 0.0);
  ASSERT_FALSE(stream.summary.warnings.empty());
  EXPECT_EQ(stream.summary.warnings.front().code, memory.warnings.front().code);
  EXPECT_EQ(stream.summary.warnings.front().text, memory.warnings.front().text);
  EXPECT_EQ(stream.summary.warnings.size(), memory.warnings.size());
}

TEST(SeededFolds, DependOnlyOnTheRowIndexAndAreBalanced) {
  const std::vector<long> whole = detail::seeded_fold_ids(0, 1003, 7, 42);
  std::vector<long> pieces;
  for (Index at = 0; at < 1003;) {
    const Index size = std::min<Index>(1 + (at * 13) % 97, 1003 - at);
    const std::vector<long> part = detail::seeded_fold_ids(at, size, 7, 42);
    pieces.insert(pieces.end(), part.begin(), part.end());
    at += size;
  }
  EXPECT_EQ(whole, pieces);
  std::vector<int> counts(8, 0);
  for (const long f : whole) ++counts[static_cast<std::size_t>(f)];
  for (int f = 1; f <= 7; ++f) EXPECT_TRUE(counts[f] == 143 || counts[f] == 144) << counts[f];
  EXPECT_NE(detail::seeded_fold_ids(0, 1003, 7, 43), whole);
  // Not the identity pattern 1, 2, …, K in every run of K.
  long in_place = 0;
  for (std::size_t i = 0; i < whole.size(); ++i)
    in_place += whole[i] == 1 + static_cast<long>(i % 7);
  EXPECT_LT(in_place, 300);
}

}  // namespace
}  // namespace linreg
