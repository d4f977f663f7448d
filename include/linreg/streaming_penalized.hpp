#pragma once
// Ridge, lasso and elastic net over rows that arrive in blocks (the penalized solver's fit and
// path, linreg/penalized_solver.hpp and linreg/penalized.hpp, without holding the rows): each
// block is folded into the moments covariance updates need — count, means and the scatter
// matrix of [X, y], O(d²) numbers, one set per cross-validation fold — and can then be dropped.
//
// A row's fold is its seeded fold (the one penalized_path() gives the row of that index) or the
// fold given with its block, as options.penalized.fold_ids would give it. The result is what
// fit() and penalized_path() give on the same rows, to rounding (the moments are merged as in
// Chan, Golub and LeVeque's pairwise update, so the Gram matrix matches a pass over the rows
// to a few ulps of its entries; the solutions then agree to the solver's tolerance).
//
// Weighted rows (glmnet's weights): the moments are weighted (Σw for the count), a row of weight
// 0 is left out, as if it were not there (seeded folds count the others).
//
// The rows are kept instead, and fitted in memory at the end, while there are no more of them
// than features (or folds), and throughout when the fit needs them: more features than
// covariance updates take (500, unless options.penalized.updates asks for them), residual
// updates, or ridge's leave-one-out.
#include <memory>
#include <string>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/penalized.hpp"
#include "linreg/streaming_fit.hpp"
#include "linreg/types.hpp"

namespace linreg {

class StreamingPenalizedFit {
 public:
  // std::invalid_argument unless options (validated) ask for the penalized solver, and without
  // options.penalized.fold_ids (give the folds with the blocks).
  StreamingPenalizedFit(std::vector<std::string> feature_names, std::string target_name,
                        const FitOptions& options);
  ~StreamingPenalizedFit();
  StreamingPenalizedFit(StreamingPenalizedFit&&) noexcept;
  StreamingPenalizedFit& operator=(StreamingPenalizedFit&&) noexcept;

  // One block's share of the work, done without the others: prepare() may run on any thread,
  // several at once; add(Block) merges blocks in row order. `folds`: each row's fold (1, 2, …)
  // in every block, or in none (the seeded folds); std::invalid_argument when the shapes
  // disagree or some blocks have folds and others not.
  class Block {
   public:
    Block();
    ~Block();
    Block(Block&&) noexcept;
    Block& operator=(Block&&) noexcept;
    struct Parts;
    std::unique_ptr<Parts> parts;
  };
  [[nodiscard]] Block prepare(MatrixRef X, VectorRef y, std::vector<long> folds = {}) const;
  // Weighted rows: `weights` one per row (finite and ≥ 0: add() names the row of one that is not).
  [[nodiscard]] Block prepare(MatrixRef X, VectorRef y, std::vector<long> folds,
                              VectorRef weights) const;
  // DataError naming the row (counted from the first row ever added) and column of a value that
  // is not finite.
  void add(Block&& block);
  void add(MatrixRef X, VectorRef y, std::vector<long> folds = {});

  [[nodiscard]] Index rows() const;

  // penalized_path() of the rows so far, with the options given (the state is kept).
  [[nodiscard]] PenalizedPath path() const;
  // fit() of the rows so far (the state is kept): summary, training metrics (mae is NaN unless
  // the rows were kept) and the feature means. DataError with no rows.
  [[nodiscard]] StreamedFit finish() const;

 private:
  struct State;
  std::unique_ptr<State> state_;

  void fold_pending();                                // folds the rows kept so far, if any
  [[nodiscard]] Dataset pending_rows() const;         // the rows kept so far, as one table
  [[nodiscard]] FitOptions options_for_rows() const;  // with the folds given with the blocks
};

}  // namespace linreg
