#include "linreg/streaming_penalized.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "linreg/dataset.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/metrics.hpp"
#include "linreg/penalized_solver.hpp"
#include "linreg/solver.hpp"
#include "model/data_checks.hpp"
#include "model/row_weights.hpp"
#include "penalized/cross_validation.hpp"
#include "penalized/gram_moments.hpp"
#include "penalized/path_of.hpp"

namespace linreg {

struct StreamingPenalizedFit::Block::Parts {
  Index rows = 0;  // of positive weight (all rows, unweighted)
  Index given = 0;
  // Kept rows (short blocks, values that are not finite, seeded folds, fits that need the rows)…
  bool raw = false;
  bool weighted = false;
  Matrix x;
  Vector y;
  Vector w;                 // weighted: the rows' weights (all given, when one is bad)
  std::vector<long> folds;  // empty: the seeded folds (or none)
  // … or their moments, one per fold (fold k + 1 at k; one entry without folds).
  std::vector<detail::GramMoments> moments;
};

StreamingPenalizedFit::Block::Block() = default;
StreamingPenalizedFit::Block::~Block() = default;
StreamingPenalizedFit::Block::Block(Block&&) noexcept = default;
StreamingPenalizedFit::Block& StreamingPenalizedFit::Block::operator=(Block&&) noexcept = default;

struct StreamingPenalizedFit::State {
  std::vector<std::string> names;
  std::string target;
  FitOptions options;
  Index d = 0;
  // The seeded folds rows are split into: options.penalized.folds, else fit()'s default when
  // it cross-validates (no λ given); 0 without cross-validation.
  long seeded = 0;
  bool needs_rows = false;  // the fit needs the rows: keep them all
  int by_column = -1;       // whether blocks come with folds (−1: no block yet)
  Index rows = 0;
  Index seen = 0;  // rows given, weight 0 included: what messages count in
  bool weighted = false;
  Index folded = 0;  // rows in `moments`
  std::vector<detail::GramMoments> moments;
  // Rows not folded yet, in order (they follow the folded ones).
  std::vector<Matrix> pending_x;
  std::vector<Vector> pending_y;
  std::vector<Vector> pending_w;  // ones for unweighted blocks
  std::vector<long> pending_folds;
  Index pending = 0;

  // Rows up to this many are kept (more features, or more folds, than rows: fit in memory).
  [[nodiscard]] Index keep_up_to() const { return std::max<Index>(d, seeded); }
};

namespace {

// The moments of rows X, y in fold order: rows of fold f go to entry f − 1 (one entry without
// folds); `moments` grows to the largest fold.
// `w`: the rows' weights, or empty.
void fold_in(const Matrix& X, const Vector& y, const std::vector<long>& folds, const Vector& w,
             std::vector<detail::GramMoments>& moments) {
  const Index d = X.cols();
  Matrix A(X.rows(), d + 1);
  A.leftCols(d) = X;
  A.col(d) = y;
  const auto of = [&](const Matrix& rows, const Vector& weights) {
    return w.size() == 0 ? detail::GramMoments::of(rows, d + 1)
                         : detail::GramMoments::of(rows, d + 1, weights);
  };
  if (folds.empty()) {
    if (moments.empty()) moments.resize(1);
    moments[0].merge(of(A, w));
    return;
  }
  const long largest = *std::max_element(folds.begin(), folds.end());
  if (static_cast<long>(moments.size()) < largest)
    moments.resize(static_cast<std::size_t>(largest));
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(largest));
  for (Index i = 0; i < X.rows(); ++i)
    rows[static_cast<std::size_t>(folds[static_cast<std::size_t>(i)] - 1)].push_back(i);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].empty()) continue;
    moments[k].merge(of(A(rows[k], Eigen::all), w.size() == 0 ? Vector() : Vector(w(rows[k]))));
  }
}

}  // namespace

StreamingPenalizedFit::StreamingPenalizedFit(std::vector<std::string> feature_names,
                                             std::string target_name, const FitOptions& options) {
  options.validate();
  if (options.solver != SolverKind::penalized)
    throw std::invalid_argument(
        "StreamingPenalizedFit: the options must ask for the penalized "
        "solver");
  if (!options.penalized.fold_ids.empty())
    throw std::invalid_argument("StreamingPenalizedFit: give the fold ids with the blocks");
  state_ = std::make_unique<State>();
  State& s = *state_;
  s.names = std::move(feature_names);
  s.target = std::move(target_name);
  s.options = options;
  s.d = static_cast<Index>(s.names.size());
  const PenaltyOptions& p = options.penalized;
  s.seeded = p.folds > 0 ? p.folds : (p.lambda ? 0 : detail::kDefaultFolds);
  // With more rows than features (past keep_up_to()), which is when the moments are used.
  s.needs_rows = p.leave_one_out ||
                 !detail::covariance_updates(options, s.d, std::numeric_limits<Index>::max());
}

StreamingPenalizedFit::~StreamingPenalizedFit() = default;
StreamingPenalizedFit::StreamingPenalizedFit(StreamingPenalizedFit&&) noexcept = default;
StreamingPenalizedFit& StreamingPenalizedFit::operator=(StreamingPenalizedFit&&) noexcept = default;

Index StreamingPenalizedFit::rows() const { return state_->rows; }

StreamingPenalizedFit::Block StreamingPenalizedFit::prepare(MatrixRef X, VectorRef y,
                                                            std::vector<long> folds) const {
  return prepare(X, y, std::move(folds), Vector());
}

StreamingPenalizedFit::Block StreamingPenalizedFit::prepare(MatrixRef X_given, VectorRef y_given,
                                                            std::vector<long> folds_given,
                                                            VectorRef weights) const {
  const State& s = *state_;
  const bool weighted = weights.size() > 0;
  if (weighted && weights.size() != X_given.rows())
    throw std::invalid_argument(
        fmt::format("StreamingPenalizedFit: a block of {} rows with {} weights", X_given.rows(),
                    weights.size()));
  const bool bad_weight = weighted && (!weights.allFinite() || (weights.array() < 0.0).any());
  // A row of weight 0 takes no part (a bad weight keeps them all, for add() to name).
  Matrix X_kept;
  Vector y_kept, w_kept;
  std::vector<long> folds = std::move(folds_given);
  if (weighted && !bad_weight) {
    const std::vector<Index> rows = detail::positive_rows(
        std::span<const double>(weights.data(), static_cast<std::size_t>(weights.size())));
    X_kept = X_given(rows, Eigen::all);
    y_kept = y_given(rows);
    w_kept = weights(rows);
    if (!folds.empty() && folds.size() == static_cast<std::size_t>(X_given.rows())) {
      std::vector<long> kept;
      for (const Index i : rows) kept.push_back(folds[static_cast<std::size_t>(i)]);
      folds = std::move(kept);
    }
  }
  const bool filtered = weighted && !bad_weight;
  const MatrixRef X = filtered ? MatrixRef(X_kept) : X_given;
  const VectorRef y = filtered ? VectorRef(y_kept) : y_given;
  const Index m = X.rows();
  if (X.cols() != s.d || y.size() != m || (!folds.empty() && static_cast<Index>(folds.size()) != m))
    throw std::invalid_argument(fmt::format(
        "StreamingPenalizedFit: a block of {}×{} with {} targets and {} folds; expected {} "
        "columns",
        m, X.cols(), y.size(), folds.size(), s.d));
  for (const long f : folds) {
    if (f < 1) throw std::invalid_argument("StreamingPenalizedFit: folds are numbered 1, 2, …");
  }
  Block block;
  block.parts = std::make_unique<Block::Parts>();
  Block::Parts& p = *block.parts;
  p.rows = m;
  p.given = X_given.rows();
  p.weighted = weighted;
  p.folds = std::move(folds);
  // Seeded folds depend on the rows' indexes, known only in add(); values that are not finite
  // are named there, with their row.
  p.raw = s.needs_rows || m <= s.keep_up_to() || (s.seeded > 0 && p.folds.empty()) ||
          !X.allFinite() || !y.allFinite() || bad_weight;
  if (p.raw) {
    p.x = X;
    p.y = y;
    p.w = bad_weight ? Vector(weights) : filtered ? w_kept : Vector::Ones(m);
  } else {
    fold_in(X, y, p.folds, filtered ? w_kept : Vector(), p.moments);
  }
  return block;
}

void StreamingPenalizedFit::add(Block&& block) {
  State& s = *state_;
  Block::Parts& p = *block.parts;
  if (p.rows == 0) return;
  const int by_column = p.folds.empty() ? 0 : 1;
  if (s.by_column >= 0 && s.by_column != by_column)
    throw std::invalid_argument("StreamingPenalizedFit: some blocks have folds and others not");
  s.by_column = by_column;
  s.weighted = s.weighted || p.weighted;
  const Index first = s.seen;
  s.seen += p.given;
  if (p.raw) {
    (void)detail::require_finite(DesignRef(p.x), p.y, s.names, s.target, first);
    for (Index i = 0; i < p.w.size(); ++i) {
      if (!std::isfinite(p.w[i]) || p.w[i] < 0.0)
        throw DataError(fmt::format("row {}: weight {} is {}: weights must be finite and ≥ 0",
                                    first + i + 1, p.w[i],
                                    std::isfinite(p.w[i]) ? "negative" : "not finite"));
    }
    s.pending_x.push_back(std::move(p.x));
    s.pending_y.push_back(std::move(p.y));
    s.pending_w.push_back(std::move(p.w));
    s.pending_folds.insert(s.pending_folds.end(), p.folds.begin(), p.folds.end());
    s.pending += p.rows;
    s.rows += p.rows;
    if (!s.needs_rows && (s.folded > 0 || s.pending > s.keep_up_to())) fold_pending();
    return;
  }
  fold_pending();
  for (std::size_t k = 0; k < p.moments.size(); ++k) {
    if (s.moments.size() <= k) s.moments.resize(k + 1);
    s.moments[k].merge(p.moments[k]);
  }
  s.rows += p.rows;
  s.folded += p.rows;
}

void StreamingPenalizedFit::add(MatrixRef X, VectorRef y, std::vector<long> folds) {
  add(prepare(X, y, std::move(folds)));
}

void StreamingPenalizedFit::fold_pending() {
  State& s = *state_;
  if (s.pending == 0) return;
  Dataset rows = pending_rows();
  std::vector<long> folds = std::move(s.pending_folds);
  if (folds.empty() && s.seeded > 0)
    folds = detail::seeded_fold_ids(s.folded, s.pending, s.seeded, s.options.penalized.seed);
  fold_in(rows.X, rows.y, folds, rows.weights, s.moments);
  s.folded += s.pending;
  s.pending_x.clear();
  s.pending_y.clear();
  s.pending_w.clear();
  s.pending_folds.clear();
  s.pending = 0;
}

Dataset StreamingPenalizedFit::pending_rows() const {
  const State& s = *state_;
  Dataset data;
  data.X.resize(s.pending, s.d);
  data.y.resize(s.pending);
  data.weights.resize(s.weighted ? s.pending : 0);
  Index at = 0;
  for (std::size_t k = 0; k < s.pending_x.size(); ++k) {
    data.X.middleRows(at, s.pending_x[k].rows()) = s.pending_x[k];
    data.y.segment(at, s.pending_y[k].size()) = s.pending_y[k];
    if (s.weighted) data.weights.segment(at, s.pending_w[k].size()) = s.pending_w[k];
    at += s.pending_x[k].rows();
  }
  data.feature_names = s.names;
  data.target_name = s.target;
  return data;
}

// The options for the rows kept in memory (their fold ids), or for the moments (as many folds
// as the fold ids name, which makes them cross-validate).
FitOptions StreamingPenalizedFit::options_for_rows() const {
  const State& s = *state_;
  FitOptions options = s.options;
  if (s.by_column == 1) {
    if (s.folded == 0) {
      options.penalized.fold_ids = s.pending_folds;
    } else {
      std::vector<long> present;
      for (std::size_t k = 0; k < s.moments.size(); ++k) {
        if (s.moments[k].count > 0) present.push_back(static_cast<long>(k) + 1);
      }
      options.penalized.folds = detail::check_fold_ids(present);
    }
  }
  return options;
}

PenalizedPath StreamingPenalizedFit::path() const {
  const State& s = *state_;
  if (s.rows == 0) throw DataError("cannot fit a model to 0 rows of data");
  const FitOptions options = options_for_rows();
  if (s.folded == 0) return penalized_path(pending_rows(), options);
  return detail::path_of(s.moments, options);
}

StreamedFit StreamingPenalizedFit::finish() const {
  const State& s = *state_;
  if (s.rows == 0) throw DataError("cannot fit a model to 0 rows of data");
  const FitOptions options = options_for_rows();
  StreamedFit out;
  if (s.folded == 0) {
    const Dataset data = pending_rows();
    out.summary = fit_with(PenalizedSolver(), data, options);
    out.training =
        evaluate_regression(data.y, out.summary.model.predict(data.X),
                            std::span<const double>(data.weights.data(),
                                                    static_cast<std::size_t>(data.weights.size())));
    out.feature_means =
        s.weighted ? out.summary.feature_means : Vector(data.X.colwise().mean().transpose());
    return out;
  }
  detail::GramMoments total;
  for (const detail::GramMoments& fold : s.moments) total.merge(fold);
  const Index n = total.count;
  const FitOptions path_options = detail::path_options(options, n);
  FitSummary& summary = out.summary;
  summary = detail::penalized_summary(detail::path_of(s.moments, path_options), options);
  if (!options.fit_intercept)
    summary.design_model = LinearModel(summary.design_model.weights(), 0.0);
  summary.model = summary.design_model;
  const double rss =
      total.squared_errors(summary.model.weights(), Vector::Constant(1, summary.model.intercept()))
          .value();
  summary.final_loss = rss / total.weight;  // Σwr²/Σw, weighted
  out.feature_means = total.mean.head(s.d);
  summary.feature_means = out.feature_means;
  out.training.n = n;
  out.training.mse = summary.final_loss;
  out.training.rmse = std::sqrt(out.training.mse);
  out.training.mae = std::numeric_limits<double>::quiet_NaN();
  out.training.r2 = r2_from_sums(rss, total.scatter(s.d, s.d));
  std::vector<Warning> warnings;
  if (options.fit_intercept && n > 1) {
    for (Index j = 0; j < s.d; ++j) {
      if (total.low[j] == total.high[j])
        warnings.push_back(detail::constant_feature_warning(s.names[static_cast<std::size_t>(j)],
                                                            total.low[j], false));
    }
  }
  summary.message = termination_message(summary, s.d);
  warnings.insert(warnings.end(), summary.warnings.begin(), summary.warnings.end());
  summary.warnings = std::move(warnings);
  return out;
}

}  // namespace linreg
