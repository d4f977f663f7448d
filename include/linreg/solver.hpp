#pragma once
// Solvers are strategies behind one interface: each fits w, b on a design in its own units.
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/types.hpp"

namespace linreg {

class StandardScaler;

// The (possibly standardized) problem a solver sees. Views: the data must outlive the call.
struct DesignView {
  MatrixRef X;
  VectorRef y;
  std::span<const std::string> feature_names;
  const Matrix* X_low = nullptr;  // low-order parts of X, or null (see Dataset::X_low)
  std::span<const OneHotColumns> one_hot = {};  // see Dataset::one_hot; the columns as given
  // Set when gradient descent is to see X standardized by this without X being transformed (its
  // wide one-hot blocks stay as level codes: OneHotMseObjective). Null: X is as the solver sees it.
  const StandardScaler* implicit_scaling = nullptr;
  // The means and standard deviations of X's columns as given, when the caller has them (null:
  // a solver that needs them computes them).
  const StandardScaler* column_stats = nullptr;
};

class Solver {
 public:
  virtual ~Solver() = default;
  [[nodiscard]] virtual SolverKind kind() const = 0;
  // Fills design_model, stop_reason, iterations, losses and warnings of the summary; the caller
  // converts to original units.
  [[nodiscard]] virtual FitSummary solve(const DesignView& design, const FitOptions& options) const = 0;
};

[[nodiscard]] std::unique_ptr<Solver> make_solver(SolverKind kind);

}  // namespace linreg
