#include "linreg/streaming_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "direct/exact_core.hpp"
#include "direct/least_squares_common.hpp"
#include "direct/tall_qr.hpp"
#include "linreg/dataset.hpp"
#include "linreg/errors.hpp"
#include "linreg/exact_solver.hpp"
#include "model/data_checks.hpp"
#include "model/row_weights.hpp"
#include "model/units.hpp"
#include "numerics/compensated_gram.hpp"
#include "numerics/double_double.hpp"

namespace linreg {

struct StreamingExactFit::State {
  std::vector<std::string> names;
  std::string target;
  FitOptions options;
  Index d = 0;
  Index rows = 0;  // of positive weight (all, unweighted): the fit's
  Index seen = 0;  // every row given, which messages count in
  Vector shift;    // c: the first block's feature means (zero without intercept)
  double y_shift = 0.0;
  detail::TallQr qr;             // of [1, X − c] (or X without intercept) and y − c_y
  detail::CompensatedGram gram;  // of [1, X, y]
  Vector min, max;               // per feature, for the constant-feature warning (raw values)
  // The units of everything above (units.hpp): column j is divided by 2^exponents[j], y by
  // 2^y_exponent, the largest of the blocks' so far (add() moves the state and each block into
  // them).
  std::vector<int> exponents;
  int y_exponent = 0;
  Index folded = 0;  // rows folded into qr and gram
  // Rows kept as they are while there are no more of them than features: their d × d factors
  // would hold more numbers than they do. Empty once anything is folded.
  std::vector<Matrix> pending_x;
  std::vector<Vector> pending_y;
  std::vector<Vector> pending_w;  // ones for unweighted blocks
  std::vector<Matrix> pending_l;  // the low parts, with low_parts
  bool low_parts = false;         // blocks come with their features' low-order parts
  bool weighted = false;          // a block came with weights
  Index pending = 0;

  State(std::vector<std::string> n, std::string t, const FitOptions& o, bool low)
      : names(std::move(n)),
        target(std::move(t)),
        options(o),
        d(static_cast<Index>(names.size())),
        low_parts(low),
        qr(0),
        gram(0),  // sized by the first fold
        min(Vector::Constant(d, std::numeric_limits<double>::infinity())),
        max(Vector::Constant(d, -std::numeric_limits<double>::infinity())) {}
};

struct StreamingExactFit::Block::Parts {
  Index rows = 0;  // given
  Index kept = 0;  // of positive weight: folded or kept
  bool weighted = false;
  Vector shift;
  double y_shift = 0.0;
  detail::TallQr qr;
  detail::CompensatedGram gram;
  Vector min, max;
  std::vector<int> exponents;  // the block's own units
  int y_exponent = 0;
  Index bad_row = -1;  // the first value that is not finite, if any: row in the block, column
  Index bad_column = -1;
  double bad_value = 0.0;
  // A block with no more rows than features keeps its rows (raw) instead of factors: whether they
  // are folded is decided in add(), by the rows so far.
  bool raw = false;
  Matrix x;
  Vector y;
  Vector w;  // weighted raw rows' weights
  Matrix l;  // raw rows' low parts, with low_parts
  Parts(Index qr_columns, Index gram_columns) : qr(qr_columns), gram(gram_columns) {}
};

namespace {

// Factors of rows kept in power-of-two units (column j divided by 2^from[j], y by 2^y_from) moved
// into units `to`: shifts, R's columns, Qᵀy and the Gram's rows and columns multiplied by powers
// of two, exactly (into larger units nothing can overflow). `offset`: R's columns before the
// features (1 for the intercept's).
void move_units(Vector& shift, double& y_shift, detail::TallQr& qr, detail::CompensatedGram& gram,
                const std::vector<int>& from, int y_from, const std::vector<int>& to, int y_to,
                Index offset) {
  const auto d = static_cast<Index>(from.size());
  // For [1, X, y] and the features' low parts after them, if any (in their feature's units).
  std::vector<int> moves(static_cast<std::size_t>(gram.columns()), 0);
  bool any = y_from != y_to;
  for (Index j = 0; j < d; ++j) {
    const int move = from[static_cast<std::size_t>(j)] - to[static_cast<std::size_t>(j)];
    moves[static_cast<std::size_t>(j + 1)] = move;
    if (gram.columns() > d + 2) moves[static_cast<std::size_t>(d + 2 + j)] = move;
    if (move == 0) continue;
    any = true;
    shift[j] = std::ldexp(shift[j], move);
    detail::scale_by_power_of_two(qr.r.col(j + offset), move);
  }
  if (!any) return;
  moves[static_cast<std::size_t>(d + 1)] = y_from - y_to;
  y_shift = std::ldexp(y_shift, y_from - y_to);
  detail::scale_by_power_of_two(qr.qty, y_from - y_to);
  gram.scale_columns(moves);
}

// AᵀA of the design A = [1, X, y] from the Gram's sums: with low parts (the Gram of
// [1, X, y, X_low]), each feature's entries are those of its high and low parts together,
// Σ (h + l)(h′ + l′), in double-double.
class DesignGram {
 public:
  DesignGram(const detail::CompensatedGram& g, Index d) : g_(g), d_(d), low_(g.columns() > d + 2) {}
  [[nodiscard]] DoubleDouble at(Index a, Index b) const {
    DoubleDouble v = g_.at(a, b);
    if (!low_) return v;
    const Index la = low(a), lb = low(b);
    if (la >= 0) v += g_.at(la, b);
    if (lb >= 0) v += g_.at(a, lb);
    if (la >= 0 && lb >= 0) v += g_.at(la, lb);
    return v;
  }

 private:
  [[nodiscard]] Index low(Index a) const { return a >= 1 && a <= d_ ? d_ + 1 + a : -1; }
  const detail::CompensatedGram& g_;
  Index d_;
  bool low_;
};

}  // namespace

StreamingExactFit::Block::Block() = default;
StreamingExactFit::Block::~Block() = default;
StreamingExactFit::Block::Block(Block&&) noexcept = default;
StreamingExactFit::Block& StreamingExactFit::Block::operator=(Block&&) noexcept = default;

StreamingExactFit::StreamingExactFit(std::vector<std::string> feature_names,
                                     std::string target_name, const FitOptions& options,
                                     bool low_parts) {
  options.validate();
  if (options.solver != SolverKind::exact) {
    throw std::invalid_argument("StreamingExactFit: the options must ask for the exact solver");
  }
  state_ =
      std::make_unique<State>(std::move(feature_names), std::move(target_name), options, low_parts);
}

StreamingExactFit::~StreamingExactFit() = default;
StreamingExactFit::StreamingExactFit(StreamingExactFit&&) noexcept = default;
StreamingExactFit& StreamingExactFit::operator=(StreamingExactFit&&) noexcept = default;

Index StreamingExactFit::rows() const { return state_->rows; }

StreamingExactFit::Block StreamingExactFit::prepare(MatrixRef X, VectorRef y) const {
  if (state_->low_parts)
    throw std::invalid_argument("StreamingExactFit: this fit takes the features' low parts");
  return prepare_block(X, y, Vector(), Matrix(), true);
}

StreamingExactFit::Block StreamingExactFit::prepare(MatrixRef X, VectorRef y, VectorRef weights,
                                                    MatrixRef X_low) const {
  if (!state_->low_parts)
    throw std::invalid_argument("StreamingExactFit: this fit was not made for low parts");
  if (X_low.rows() != X.rows() || X_low.cols() != X.cols() ||
      (weights.size() != 0 && weights.size() != X.rows())) {
    throw std::invalid_argument("StreamingExactFit: low parts or weights of another shape");
  }
  return prepare_block(X, y, weights, X_low, true);
}

StreamingExactFit::Block StreamingExactFit::prepare(MatrixRef X, VectorRef y,
                                                    VectorRef weights) const {
  if (weights.size() != X.rows()) {
    throw std::invalid_argument(fmt::format("StreamingExactFit: a block of {} rows with {} weights",
                                            X.rows(), weights.size()));
  }
  if (state_->low_parts)
    throw std::invalid_argument("StreamingExactFit: this fit takes the features' low parts");
  return prepare_block(X, y, weights, Matrix(), true);
}

StreamingExactFit::Block StreamingExactFit::prepare_block(MatrixRef X_given, VectorRef y_given,
                                                          VectorRef weights, MatrixRef L_given,
                                                          bool may_keep_rows) const {
  const State& s = *state_;
  const Index given = X_given.rows();
  if (X_given.cols() != s.d || y_given.size() != given) {
    throw std::invalid_argument(
        fmt::format("StreamingExactFit: a block of {}×{} with {} targets; expected {} columns",
                    given, X_given.cols(), y_given.size(), s.d));
  }
  const bool intercept = s.options.fit_intercept;
  const bool weighted = weights.size() > 0;
  Block block;
  block.parts = std::make_unique<Block::Parts>(0, 0);
  Block::Parts& p = *block.parts;
  p.rows = given;
  p.weighted = weighted;
  if (given == 0) return block;
  const bool bad_weight = weighted && (!weights.allFinite() || (weights.array() < 0.0).any());
  if (!X_given.allFinite() || !y_given.allFinite() || bad_weight) {
    for (Index i = 0; i < given && p.bad_row < 0; ++i) {
      for (Index j = 0; j <= s.d + (weighted ? 1 : 0); ++j) {
        const double v = j < s.d ? X_given(i, j) : j == s.d ? y_given[i] : weights[i];
        if (!std::isfinite(v) || (j > s.d && v < 0.0)) {
          p.bad_row = i, p.bad_column = j, p.bad_value = v;
          break;
        }
      }
    }
    return block;
  }
  // A row of weight 0 takes no part.
  Matrix X_kept, L_kept;
  Vector y_kept, w_kept;
  const bool low = s.low_parts;
  if (weighted) {
    const std::vector<Index> rows = detail::positive_rows(
        std::span<const double>(weights.data(), static_cast<std::size_t>(given)));
    X_kept = X_given(rows, Eigen::all);
    y_kept = y_given(rows);
    w_kept = weights(rows);
    if (low) L_kept = L_given(rows, Eigen::all);
  }
  const MatrixRef X = weighted ? MatrixRef(X_kept) : X_given;
  const VectorRef y = weighted ? VectorRef(y_kept) : y_given;
  const MatrixRef L = weighted ? MatrixRef(L_kept) : L_given;
  const Index m = X.rows();
  p.kept = m;
  if (m == 0) return block;
  if (may_keep_rows && m <= s.d) {
    p.raw = true;
    p.x = X;
    p.y = y;
    p.w = weighted ? w_kept : Vector::Ones(m);
    if (low) p.l = L;
    return block;
  }
  p.qr = detail::TallQr(s.d + (intercept ? 1 : 0));
  p.gram = detail::CompensatedGram(s.d + 2 + (low ? s.d : 0));
  // Results must not depend on units: every column and the target are divided by the power of two
  // at their largest magnitude in this block before anything is squared (exact in binary), so
  // values near 1e300 or 1e-300 neither overflow nor sink into subnormals in the sums.
  const auto exponent = [](double largest) { return largest > 0.0 ? std::ilogb(largest) : 0; };
  p.exponents.resize(static_cast<std::size_t>(s.d));
  // [1, X, y] in the block's units, and the features' low parts after them (in their features').
  Matrix augmented(m, s.d + 2 + (low ? s.d : 0));
  augmented.col(0).setOnes();
  for (Index j = 0; j < s.d; ++j) {
    const int e = exponent(X.col(j).cwiseAbs().maxCoeff());
    p.exponents[static_cast<std::size_t>(j)] = e;
    augmented.col(j + 1) = X.col(j);
    detail::scale_by_power_of_two(augmented.col(j + 1), -e);
    if (low) {
      augmented.col(s.d + 2 + j) = L.col(j);
      detail::scale_by_power_of_two(augmented.col(s.d + 2 + j), -e);
    }
  }
  p.y_exponent = exponent(y.cwiseAbs().maxCoeff());
  augmented.col(s.d + 1) = y;
  detail::scale_by_power_of_two(augmented.col(s.d + 1), -p.y_exponent);
  const auto xs = augmented.middleCols(1, s.d);
  const auto ys = augmented.col(s.d + 1);
  if (!weighted) {
    p.shift = intercept ? Vector(xs.colwise().mean().transpose()) : Vector::Zero(s.d);
    p.y_shift = intercept ? ys.mean() : 0.0;
  } else {  // at the weighted means; every row then multiplied by √w
    const double total = w_kept.sum();
    p.shift = intercept ? Vector(xs.transpose() * w_kept / total) : Vector::Zero(s.d);
    p.y_shift = intercept ? ys.dot(w_kept) / total : 0.0;
  }
  Matrix shifted(m, s.d + (intercept ? 1 : 0));
  if (intercept) shifted.col(0).setOnes();
  shifted.rightCols(s.d) = xs.rowwise() - p.shift.transpose();
  Vector y_shifted = ys.array() - p.y_shift;
  if (weighted) {
    const Vector root = w_kept.cwiseSqrt();
    shifted = root.asDiagonal() * shifted;
    y_shifted.array() *= root.array();
    augmented = root.asDiagonal() * augmented;
  }
  p.qr.fold_all(shifted, y_shifted);
  p.gram.add(augmented);
  p.min = X.colwise().minCoeff().transpose();
  p.max = X.colwise().maxCoeff().transpose();
  return block;
}

void StreamingExactFit::add(Block&& block) {
  State& s = *state_;
  Block::Parts& p = *block.parts;
  if (p.bad_row >= 0) {
    if (p.bad_column > s.d) {
      throw DataError(fmt::format("row {}: weight {} is {}: weights must be finite and ≥ 0",
                                  s.seen + p.bad_row + 1, p.bad_value,
                                  std::isfinite(p.bad_value) ? "negative" : "not finite"));
    }
    const bool target = p.bad_column == s.d;
    throw DataError(fmt::format("row {}, {} '{}': value {} is not finite (NaN or infinity)",
                                s.seen + p.bad_row + 1, target ? "target" : "column",
                                target ? s.target : s.names[static_cast<std::size_t>(p.bad_column)],
                                p.bad_value));
  }
  s.seen += p.rows;
  s.weighted = s.weighted || p.weighted;
  if (p.kept == 0) return;
  s.rows += p.kept;
  if (!p.raw) {
    fold_pending();
    fold(std::move(block));
    return;
  }
  s.pending_x.push_back(std::move(p.x));
  s.pending_y.push_back(std::move(p.y));
  s.pending_w.push_back(std::move(p.w));
  s.pending_l.push_back(std::move(p.l));
  s.pending += p.kept;
  // Past d rows the d × d factors hold fewer numbers than the rows: from there on, fold.
  if (s.folded > 0 || s.pending > s.d) fold_pending();
}

// The rows kept so far, in order, as one block.
void StreamingExactFit::pending_rows(Matrix& X, Vector& y, Vector& w, Matrix& L) const {
  const State& s = *state_;
  X.resize(s.pending, s.d);
  y.resize(s.pending);
  w.resize(s.weighted ? s.pending : 0);
  L.resize(s.low_parts ? s.pending : 0, s.d);
  Index at = 0;
  for (std::size_t k = 0; k < s.pending_x.size(); ++k) {
    X.middleRows(at, s.pending_x[k].rows()) = s.pending_x[k];
    y.segment(at, s.pending_y[k].size()) = s.pending_y[k];
    if (s.weighted) w.segment(at, s.pending_w[k].size()) = s.pending_w[k];
    if (s.low_parts) L.middleRows(at, s.pending_l[k].rows()) = s.pending_l[k];
    at += s.pending_x[k].rows();
  }
}

void StreamingExactFit::fold_pending() {
  State& s = *state_;
  if (s.pending == 0) return;
  Matrix X, L;
  Vector y, w;
  pending_rows(X, y, w, L);
  s.pending_x.clear();
  s.pending_y.clear();
  s.pending_w.clear();
  s.pending_l.clear();
  s.pending = 0;
  fold(prepare_block(X, y, w, L, false));
}

void StreamingExactFit::fold(Block&& block) {
  State& s = *state_;
  Block::Parts& p = *block.parts;
  if (s.folded == 0) {
    s.qr = detail::TallQr(s.d + (s.options.fit_intercept ? 1 : 0));
    s.gram = detail::CompensatedGram(p.gram.columns());
    s.shift = p.shift;
    s.y_shift = p.y_shift;
    s.exponents = p.exponents;
    s.y_exponent = p.y_exponent;
  } else {
    // Both into the larger of their units, column by column: values only ever get smaller, so
    // nothing overflows, and the order of the blocks (the file's) decides, not the threads.
    std::vector<int> to(static_cast<std::size_t>(s.d));
    for (std::size_t j = 0; j < to.size(); ++j) to[j] = std::max(s.exponents[j], p.exponents[j]);
    const int y_to = std::max(s.y_exponent, p.y_exponent);
    const Index offset = s.options.fit_intercept ? 1 : 0;
    move_units(s.shift, s.y_shift, s.qr, s.gram, s.exponents, s.y_exponent, to, y_to, offset);
    move_units(p.shift, p.y_shift, p.qr, p.gram, p.exponents, p.y_exponent, to, y_to, offset);
    s.exponents = std::move(to);
    s.y_exponent = y_to;
  }
  if (s.options.fit_intercept) {
    // [1, X − c] = [1, X − c_b]·T with T = [[1, (c_b − c)ᵀ], [0, I]], and y − c_y = (y − c_yb) +
    // (c_yb − c_y)·1, where 1 = Q·R(:, 0): the block's factor for the common shift is R·T.
    for (Index j = 0; j < s.d; ++j) p.qr.r.col(j + 1) += (p.shift[j] - s.shift[j]) * p.qr.r.col(0);
    p.qr.qty += (p.y_shift - s.y_shift) * p.qr.r.col(0);
  }
  s.qr.fold(p.qr.r, p.qr.qty);
  s.gram.merge(p.gram);
  s.min = s.min.cwiseMin(p.min);
  s.max = s.max.cwiseMax(p.max);
  s.folded += p.rows;
}

void StreamingExactFit::add(MatrixRef X, VectorRef y) { add(prepare(X, y)); }

// Words: rows, seen, folded, weighted, y_shift, y_exponent; then per feature the shift, the
// exponent, the minimum and the maximum; R (q × q, column-major) and Qᵀy (q); the Gram's sums.
std::size_t StreamingExactFit::state_word_count(Index features, bool fit_intercept,
                                                bool low_parts) {
  const Index q = features + (fit_intercept ? 1 : 0);
  return static_cast<std::size_t>(6 + 4 * features + q * q + q) +
         detail::CompensatedGram::word_count(features + 2 + (low_parts ? features : 0));
}

std::vector<double> StreamingExactFit::to_words() {
  fold_pending();
  const State& s = *state_;
  const Index q = s.d + (s.options.fit_intercept ? 1 : 0);
  std::vector<double> words(state_word_count(s.d, s.options.fit_intercept, s.low_parts), 0.0);
  double* w = words.data();
  *w++ = static_cast<double>(s.rows);
  *w++ = static_cast<double>(s.seen);
  *w++ = static_cast<double>(s.folded);
  *w++ = s.weighted ? 1.0 : 0.0;
  *w++ = s.y_shift;
  *w++ = s.y_exponent;
  for (Index j = 0; j < s.d; ++j) {
    const bool folded = s.folded > 0;
    w[j] = folded ? s.shift[j] : 0.0;
    w[s.d + j] = folded ? s.exponents[static_cast<std::size_t>(j)] : 0;
    w[2 * s.d + j] = s.min[j];
    w[3 * s.d + j] = s.max[j];
  }
  w += 4 * s.d;
  if (s.folded > 0) {
    std::copy(s.qr.r.data(), s.qr.r.data() + q * q, w);
    std::copy(s.qr.qty.data(), s.qr.qty.data() + q, w + q * q);
    s.gram.to_words(w + q * q + q);
  }
  return words;
}

StreamingExactFit StreamingExactFit::from_words(std::vector<std::string> feature_names,
                                                std::string target_name, const FitOptions& options,
                                                bool low_parts, const double* w) {
  StreamingExactFit fit(std::move(feature_names), std::move(target_name), options, low_parts);
  State& s = *fit.state_;
  const Index q = s.d + (options.fit_intercept ? 1 : 0);
  s.rows = static_cast<Index>(w[0]);
  s.seen = static_cast<Index>(w[1]);
  s.folded = static_cast<Index>(w[2]);
  s.weighted = w[3] != 0.0;
  s.y_shift = w[4];
  s.y_exponent = static_cast<int>(w[5]);
  w += 6;
  s.shift = Eigen::Map<const Vector>(w, s.d);
  s.exponents.resize(static_cast<std::size_t>(s.d));
  for (Index j = 0; j < s.d; ++j)
    s.exponents[static_cast<std::size_t>(j)] = static_cast<int>(w[s.d + j]);
  s.min = Eigen::Map<const Vector>(w + 2 * s.d, s.d);
  s.max = Eigen::Map<const Vector>(w + 3 * s.d, s.d);
  w += 4 * s.d;
  if (s.folded > 0) {
    s.qr = detail::TallQr(q);
    s.qr.r = Eigen::Map<const Matrix>(w, q, q);
    s.qr.qty = Eigen::Map<const Vector>(w + q * q, q);
    s.gram = detail::CompensatedGram::from_words(s.d + 2 + (low_parts ? s.d : 0), w + q * q + q);
  }
  return fit;
}

void StreamingExactFit::merge(StreamingExactFit&& later) {
  fold_pending();
  later.fold_pending();
  State& s = *state_;
  State& o = *later.state_;
  if (o.d != s.d || o.options.fit_intercept != s.options.fit_intercept ||
      o.low_parts != s.low_parts)
    throw std::invalid_argument("StreamingExactFit::merge: fits of different features");
  if (o.folded > 0) {
    Block block;
    block.parts = std::make_unique<Block::Parts>(0, 0);
    Block::Parts& p = *block.parts;
    p.rows = o.folded;
    p.weighted = o.weighted;
    p.shift = std::move(o.shift);
    p.y_shift = o.y_shift;
    p.qr = std::move(o.qr);
    p.gram = std::move(o.gram);
    p.min = o.min;
    p.max = o.max;
    p.exponents = std::move(o.exponents);
    p.y_exponent = o.y_exponent;
    fold(std::move(block));
  }
  s.rows += o.rows;
  s.seen += o.seen;
  s.weighted = s.weighted || o.weighted;
}

StreamedFit StreamingExactFit::finish() const {
  const State& s = *state_;
  if (s.rows == 0) throw DataError("cannot fit a model to 0 rows of data");
  if (s.folded == 0) return finish_in_memory();
  const Index n = s.rows;
  const Index d = s.d;
  const bool intercept = s.options.fit_intercept;
  const DesignGram g(s.gram, s.d);
  // Indices into the Gram of [1, X, y].
  const auto x = [](Index j) { return j + 1; };
  const Index yi = d + 1;
  const double nd = static_cast<double>(n);
  // The means' denominator: n, or Σw for weighted rows (the Gram's Σ√w·√w).
  const double total = s.weighted ? g.at(0, 0).value() : nd;

  StreamedFit out;
  FitSummary& summary = out.summary;
  summary.solver = SolverKind::exact;
  summary.stop_reason = StopReason::solved;
  DirectReport& report = summary.direct.emplace();
  out.feature_means.resize(d);
  Vector x_mean = Vector::Zero(d);
  Vector scale(d);
  for (Index j = 0; j < d; ++j) {
    out.feature_means[j] = g.at(0, x(j)).value() / total;
    if (intercept) x_mean[j] = out.feature_means[j];
    const double rms = std::sqrt(g.at(x(j), x(j)).value() / nd);
    scale[j] = detail::power_of_two_scale(rms);
  }
  const double y_mean = intercept ? g.at(0, yi).value() / total : 0.0;

  // The parameters' products with the residual, from the sums: for the features k in `active`,
  // Xₖᵀr = Xₖᵀy − Σⱼ XₖᵀXⱼ·wⱼ − b·Σxₖ, and Σr = Σy − Σⱼ Σxⱼ·wⱼ − n·b.
  const auto products_for = [&](const Eigen::VectorXi& active) {
    return [&g, active, x, yi](const std::vector<DoubleDouble>& w, DoubleDouble b,
                               std::vector<DoubleDouble>& xtr, DoubleDouble& sum_r) {
      const Index rank = active.size();
      xtr.assign(static_cast<std::size_t>(rank), DoubleDouble());
      for (Index k = 0; k < rank; ++k) {
        DoubleDouble v = g.at(x(active[k]), yi) - b * g.at(0, x(active[k]));
        for (Index j = 0; j < rank; ++j)
          v -= g.at(x(active[k]), x(active[j])) * w[static_cast<std::size_t>(j)];
        xtr[static_cast<std::size_t>(k)] = v;
      }
      sum_r = g.at(0, yi) - b * g.at(0, 0);
      for (Index j = 0; j < rank; ++j)
        sum_r -= g.at(0, x(active[j])) * w[static_cast<std::size_t>(j)];
    };
  };

  Vector w = Vector::Zero(d);
  double b = y_mean;
  if (d > 0) {
    // R and Qᵀy of the centered design: the trailing block once the ones column is eliminated.
    Matrix r22 = s.qr.r.bottomRightCorner(d, d);
    const Vector q2 = s.qr.qty.tail(d);
    for (Index j = 0; j < d; ++j) r22.col(j) /= scale[j];
    const detail::ExactCore core = detail::solve_from_triangle(
        detail::ScaledTriangle{std::move(r22), q2, x_mean, y_mean, scale}, n,
        [&](const Eigen::VectorXi& active) -> detail::ResidualProducts {
          return products_for(active);
        },
        intercept);
    report.rank = core.rank;
    for (const Index j : core.aliased)
      report.aliased.push_back(s.names[static_cast<std::size_t>(j)]);
    w = core.weights;
    b = core.intercept;
    report.refinement_steps = core.steps;
  }
  if (!intercept) b = 0.0;
  summary.design_model = LinearModel(w, b);
  summary.model = summary.design_model;
  const detail::Units units{s.exponents, s.y_exponent};

  // RSS = rᵀr = rᵀy − wᵀ(Xᵀr) − b·Σr, and rᵀy = yᵀy − wᵀXᵀy − b·Σy, all in double-double.
  Eigen::VectorXi all(d);
  for (Index j = 0; j < d; ++j) all[j] = static_cast<int>(j);
  std::vector<DoubleDouble> wd(static_cast<std::size_t>(d));
  for (Index j = 0; j < d; ++j) wd[static_cast<std::size_t>(j)] = w[j];
  std::vector<DoubleDouble> xtr;
  DoubleDouble sum_r;
  products_for(all)(wd, b, xtr, sum_r);
  DoubleDouble rty = g.at(yi, yi) - DoubleDouble(b) * g.at(0, yi);
  for (Index j = 0; j < d; ++j) rty -= g.at(x(j), yi) * wd[static_cast<std::size_t>(j)];
  DoubleDouble rss = rty - DoubleDouble(b) * sum_r;
  for (Index j = 0; j < d; ++j)
    rss -= wd[static_cast<std::size_t>(j)] * xtr[static_cast<std::size_t>(j)];
  const double ss_res = std::max(0.0, rss.value());
  const DoubleDouble sum_y = g.at(0, yi);
  const double ss_tot =
      std::max(0.0, (g.at(yi, yi) - sum_y * sum_y * DoubleDouble(1.0 / total)).value());
  summary.final_loss = ss_res / total;
  detail::from_units(summary, units, s.names,
                     s.target);  // weights, intercept, loss: the caller's units
  for (Index j = 0; j < d; ++j) {
    out.feature_means[j] =
        std::ldexp(out.feature_means[j], s.exponents[static_cast<std::size_t>(j)]);
  }
  out.training.n = n;
  out.training.mse = summary.final_loss;
  out.training.rmse = std::sqrt(out.training.mse);
  out.training.mae = std::numeric_limits<double>::quiet_NaN();
  out.training.r2 = r2_from_sums(ss_res, ss_tot);

  std::vector<Warning> warnings;
  for (Index j = 0; j < d; ++j) {
    if (intercept && n > 1 && s.min[j] == s.max[j]) {
      warnings.push_back(
          detail::constant_feature_warning(s.names[static_cast<std::size_t>(j)], s.min[j], false));
    }
  }
  detail::warn_rank_deficiency(summary, d, intercept);
  summary.message = termination_message(summary, d);
  warnings.insert(warnings.end(), summary.warnings.begin(), summary.warnings.end());
  summary.warnings = std::move(warnings);
  return out;
}

// Rows no more than the features: the in-memory exact fit of them, which works on the n × d rows
// (a d × d state would take more memory than they do).
StreamedFit StreamingExactFit::finish_in_memory() const {
  const State& s = *state_;
  Dataset data;
  pending_rows(data.X, data.y, data.weights, data.X_low);
  data.feature_names = s.names;
  data.target_name = s.target;
  StreamedFit out;
  out.summary = fit_with(ExactSolver(), data, s.options);
  out.training = evaluate_regression(
      data.y, out.summary.model.predict(data.X),
      std::span<const double>(data.weights.data(), static_cast<std::size_t>(data.weights.size())));
  out.feature_means =
      s.weighted ? out.summary.feature_means : Vector(data.X.colwise().mean().transpose());
  return out;
}

}  // namespace linreg
