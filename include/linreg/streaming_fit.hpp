#pragma once
// Exact least squares over rows that arrive in blocks, for data larger than memory: each block
// is folded into a state of O(d²) numbers and can then be dropped, so memory does not grow with
// the row count.
//
// Two things are kept, both updated from every block:
//  - the R factor of a tall-skinny Householder QR of [1, X − c] with Qᵀ(y − c_y) (c: the first
//    block's means, which keeps the intercept column's elimination benign): its trailing block is
//    the R of the centered design, which the in-memory exact solver factors too, so rank
//    detection and the aliased features are decided by the same rule. Each block is factored on
//    its own, shifted by its own means (R·T moves it to the common shift c, T unit upper
//    triangular), so blocks can be factored on many threads and only merged in order;
//  - AᵀA of A = [1, X, y], every entry summed as if in twice the working precision (Dot2). The
//    refinement that makes the in-memory solver exact needs Xᵀr and Σr for the current
//    parameters; from these sums they are Xᵀy − XᵀX·w − b·Σx and Σy − Σx·w − n·b in
//    double-double, as accurate as the in-memory residual pass, without the rows.
// The result is what fit() with SolverKind::exact gives on the same rows, to rounding.
//
// Weighted rows (weighted least squares, Dataset::weights): each row of [1, X − c], y − c_y and
// [1, X, y] multiplied by √wᵢ (c the block's weighted means), so that the ones column becomes
// √w, the trailing block of R is that of the weighted, centered design, and the Gram's sums are
// weighted ones (Σw in place of n). A row of weight 0 is left out of everything but the row
// count that names rows in messages.
//
// Memory is O(n·d) for n rows however wide: until more rows than features have arrived they are
// kept as they are (a d × d state would be larger), and if no more come, finish() fits them in
// memory.
#include <memory>
#include <string>
#include <vector>

#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/metrics.hpp"
#include "linreg/types.hpp"

namespace linreg {

struct StreamedFit {
  FitSummary summary;          // as fit() fills it for the exact solver
  RegressionMetrics training;  // n, R², MSE, RMSE; mae is NaN (it needs the rows)
  Vector feature_means;        // of the raw features
};

class StreamingExactFit {
 public:
  // std::invalid_argument unless options (validated) ask for the exact solver. `low_parts`: the
  // blocks come with their features' low-order parts (Dataset::X_low: powers computed in
  // double-double), given to prepare(X, y, weights, X_low); the Gram's sums then hold them too,
  // so the refinement sees the design the in-memory exact solver sees.
  StreamingExactFit(std::vector<std::string> feature_names, std::string target_name,
                    const FitOptions& options, bool low_parts = false);
  ~StreamingExactFit();
  StreamingExactFit(StreamingExactFit&&) noexcept;
  StreamingExactFit& operator=(StreamingExactFit&&) noexcept;

  // One block's share of the work, done without the others: prepare() may run on any thread,
  // several at once; add(Block) merges blocks in row order. std::invalid_argument when the shapes
  // disagree.
  class Block {
   public:
    Block();
    ~Block();
    Block(Block&&) noexcept;
    Block& operator=(Block&&) noexcept;
    struct Parts;
    std::unique_ptr<Parts> parts;
  };
  [[nodiscard]] Block prepare(MatrixRef X, VectorRef y) const;
  // Weighted rows: `weights` one per row, finite and ≥ 0 (a DataError from add() names the row
  // of the first that is not).
  [[nodiscard]] Block prepare(MatrixRef X, VectorRef y, VectorRef weights) const;
  // With low parts (a fit made with low_parts): `weights` empty or one per row.
  [[nodiscard]] Block prepare(MatrixRef X, VectorRef y, VectorRef weights, MatrixRef X_low) const;
  // DataError naming the row (counted from the first row ever added) and column of a value that
  // is not finite.
  void add(Block&& block);

  // prepare, then add: folds in a block of rows (X: rows × features).
  void add(MatrixRef X, VectorRef y);

  [[nodiscard]] Index rows() const;

  // The state as a fixed number of words (state_word_count of them for these features), for a
  // reduction across processes: each process folds its rows, and the states are merged in the
  // rows' order (a TSQR tree). to_words() folds the rows kept as they are first.
  [[nodiscard]] static std::size_t state_word_count(Index features, bool fit_intercept,
                                                    bool low_parts = false);
  [[nodiscard]] std::vector<double> to_words();
  // A fit with the state of `words` (from to_words() of a fit with the same names and options).
  static StreamingExactFit from_words(std::vector<std::string> feature_names,
                                      std::string target_name, const FitOptions& options,
                                      bool low_parts, const double* words);
  // Merges the state of a fit of rows that come after this one's (the same names and options):
  // then as if all of them had been added here, to rounding.
  void merge(StreamingExactFit&& later);

  // Solves from what was folded in; the state is kept (more rows may follow). DataError with no
  // rows.
  [[nodiscard]] StreamedFit finish() const;

 private:
  struct State;
  std::unique_ptr<State> state_;

  // prepare(); with may_keep_rows false a short block is factored too. `weights`: empty, or one
  // per row.
  [[nodiscard]] Block prepare_block(MatrixRef X, VectorRef y, VectorRef weights, MatrixRef X_low,
                                    bool may_keep_rows) const;
  void fold(Block&& block);  // merges a block's factors
  void fold_pending();       // folds the rows kept so far, if any
  // The rows kept so far, as one block (their weights empty when none were given).
  void pending_rows(Matrix& X, Vector& y, Vector& w, Matrix& X_low) const;
  [[nodiscard]] StreamedFit finish_in_memory() const;
};

}  // namespace linreg
