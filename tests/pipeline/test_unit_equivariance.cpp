// Results do not depend on units: multiplying a feature column or the target by 2^k (k from
// −500 to +500) scales the fitted weights by exactly that factor and leaves rank, aliased
// columns, R², t and p unchanged, for every direct solver (in memory and streamed) and for
// gradient descent with standard scaling. Multiplying by a power of two is exact in binary
// floating point, so "exactly" means bit for bit: the tolerance is zero.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "linreg/metrics.hpp"
#include "linreg/random.hpp"
#include "linreg/streaming_fit.hpp"

namespace linreg {
namespace {

enum class Path { gd, exact, exact_streamed, cholesky, svd };

std::string name(Path path) {
  switch (path) {
    case Path::gd:
      return "gd";
    case Path::exact:
      return "exact";
    case Path::exact_streamed:
      return "exact (streamed)";
    case Path::cholesky:
      return "cholesky";
    case Path::svd:
      return "svd";
  }
  return "?";
}

FitOptions options_for(Path path, bool intercept) {
  FitOptions o;
  o.fit_intercept = intercept;
  switch (path) {
    case Path::gd:
      o.solver = SolverKind::gradient_descent;
      break;
    case Path::exact:
    case Path::exact_streamed:
      o.solver = SolverKind::exact;
      break;
    case Path::cholesky:
      o.solver = SolverKind::cholesky;
      break;
    case Path::svd:
      o.solver = SolverKind::svd;
      break;
  }
  return o;
}

// 60 rows, 4 features of different offsets and spreads, the last one aliased (x3 = x0 − 2·x1):
// the rank and the aliased column must survive rescaling too.
Dataset problem(bool aliased) {
  Rng rng(20261201);
  const Index n = 60;
  Matrix X(n, aliased ? 4 : 3);
  for (Index i = 0; i < n; ++i) {
    X(i, 0) = 5.0 + rng.normal();
    X(i, 1) = 0.25 * rng.normal();
    X(i, 2) = 1000.0 + 30.0 * rng.normal();
    if (aliased) X(i, 3) = X(i, 0) - 2.0 * X(i, 1);
  }
  Vector y(n);
  for (Index i = 0; i < n; ++i)
    y[i] = 2.0 + 1.5 * X(i, 0) - 4.0 * X(i, 1) + 0.01 * X(i, 2) + 0.3 * rng.normal();
  return Dataset::from_matrix(std::move(X), std::move(y));
}

struct Outcome {
  Vector w;
  double b = 0.0;
  Index rank = 0;
  std::vector<std::string> aliased;
  double r2 = 0.0;
  std::vector<double> t, p;
};

Outcome run(Path path, const Dataset& data, bool intercept) {
  const FitOptions options = options_for(path, intercept);
  Outcome o;
  FitSummary summary;
  if (path == Path::exact_streamed) {
    StreamingExactFit fitter(data.feature_names, data.target_name, options);
    // Blocks of 7 rows: several merges, the last one short.
    for (Index start = 0; start < data.n_rows(); start += 7) {
      const Index rows = std::min<Index>(7, data.n_rows() - start);
      fitter.add(data.X.middleRows(start, rows), data.y.segment(start, rows));
    }
    const StreamedFit streamed = fitter.finish();
    summary = streamed.summary;
    o.r2 = streamed.training.r2;
  } else {
    summary = fit(data, options);
    o.r2 = evaluate_regression(data.y, summary.model.predict(data.X)).r2;
    if (path != Path::gd) {
      const InferenceTable table = infer(data, summary, options);
      for (const auto& term : table.terms) {
        o.t.push_back(term.t.value_or(std::nan("")));
        o.p.push_back(term.p.value_or(std::nan("")));
      }
    }
  }
  o.w = summary.model.weights();
  o.b = summary.model.intercept();
  o.rank = summary.direct ? summary.direct.value().rank : -1;  // gd reports no rank
  o.aliased = summary.aliased();
  return o;
}

// Bit-for-bit equality, NaN equal to NaN (aliased terms' t and p).
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void expect_scaled(const Outcome& base, const Outcome& got, Index column, int k,
                   const std::string& context) {
  // Column j times 2^k: its weight times 2^−k. The target times 2^k: every weight and the
  // intercept times 2^k. Everything else is unchanged.
  for (Index j = 0; j < base.w.size(); ++j) {
    const int shift = column < 0 ? k : (j == column ? -k : 0);
    EXPECT_EQ(got.w[j], std::ldexp(base.w[j], shift)) << context << ", weight " << j;
  }
  EXPECT_EQ(got.b, column < 0 ? std::ldexp(base.b, k) : base.b) << context << ", intercept";
  EXPECT_EQ(got.rank, base.rank) << context;
  EXPECT_EQ(got.aliased, base.aliased) << context;
  EXPECT_EQ(got.r2, base.r2) << context << ", R²";
  ASSERT_EQ(got.t.size(), base.t.size()) << context;
  for (std::size_t j = 0; j < base.t.size(); ++j) {
    EXPECT_TRUE(same(got.t[j], base.t[j]))
        << context << ", t of term " << j << ": " << got.t[j] << " vs " << base.t[j];
    EXPECT_TRUE(same(got.p[j], base.p[j]))
        << context << ", p of term " << j << ": " << got.p[j] << " vs " << base.p[j];
  }
}

// Both sides of units.hpp's limit (2^±128) for every column (their magnitudes are 2^-1 to 2^10),
// and the ends.
constexpr int kPowers[] = {-500, -400, -300, -160, -133, -131, -130, -129, -128, -127, -126,
                           -125, -64,  -1,   1,    64,   117,  118,  119,  120,  121,  122,
                           125,  126,  127,  128,  129,  160,  300,  400,  500};

void check_path(Path path, bool intercept, bool aliased) {
  const Dataset data = problem(aliased);
  const Outcome base = run(path, data, intercept);
  for (Index column = -1; column < data.n_features(); ++column) {
    for (const int k : kPowers) {
      Dataset scaled = data;
      if (column < 0) {
        scaled.y *= std::ldexp(1.0, k);
      } else {
        scaled.X.col(column) *= std::ldexp(1.0, k);
      }
      const std::string context =
          fmt::format("{}{}{}, {} times 2^{}", name(path), intercept ? "" : " (no intercept)",
                      aliased ? " (aliased column)" : "",
                      column < 0 ? std::string("target") : fmt::format("x{}", column + 1), k);
      try {
        expect_scaled(base, run(path, scaled, intercept), column, k, context);
      } catch (const std::exception& e) {
        ADD_FAILURE() << context << ": " << e.what();
      }
    }
  }
}

TEST(UnitEquivariance, Exact) {
  for (const bool intercept : {true, false}) check_path(Path::exact, intercept, false);
  check_path(Path::exact, true, true);
}

TEST(UnitEquivariance, ExactStreamed) {
  for (const bool intercept : {true, false}) check_path(Path::exact_streamed, intercept, false);
  check_path(Path::exact_streamed, true, true);
}

// Blocks whose magnitudes differ wildly: the streamed fit moves the state and each block into the
// larger units, so the sums never overflow (moving into the first block's units did, at 2^498:
// R² came out 0), and it agrees with the in-memory fit.
TEST(UnitEquivariance, StreamedBlocksOfVeryDifferentMagnitudes) {
  for (const int k : {-498, -300, 300, 498}) {
    for (const Index column : {Index{-1}, Index{0}}) {
      Dataset data = problem(false);
      for (Index i = data.n_rows() / 2; i < data.n_rows(); ++i) {
        if (column < 0) {
          data.y[i] = std::ldexp(data.y[i], k);
        } else {
          data.X(i, column) = std::ldexp(data.X(i, column), k);
        }
      }
      const Outcome streamed = run(Path::exact_streamed, data, true);
      const Outcome memory = run(Path::exact, data, true);
      const std::string context =
          fmt::format("{} times 2^{} in the second half", column < 0 ? "y" : "x1", k);
      // Both solve the same problem with certified refinement; they differ by the order of their
      // sums: a few ulps, times κ (a design whose columns span 2^498 is badly conditioned).
      for (Index j = 0; j < memory.w.size(); ++j) {
        EXPECT_NEAR(streamed.w[j], memory.w[j], 1e-9 * std::abs(memory.w[j]))
            << context << ", weight " << j;
      }
      EXPECT_NEAR(streamed.b, memory.b, 1e-9 * std::abs(memory.b)) << context;
      EXPECT_NEAR(streamed.r2, memory.r2, 1e-9) << context;
      EXPECT_EQ(streamed.rank, memory.rank) << context;
    }
  }
}

TEST(UnitEquivariance, Cholesky) {
  for (const bool intercept : {true, false}) check_path(Path::cholesky, intercept, false);
}

TEST(UnitEquivariance, Svd) {
  for (const bool intercept : {true, false}) check_path(Path::svd, intercept, false);
  check_path(Path::svd, true, true);
}

TEST(UnitEquivariance, GradientDescentStandardized) {
  for (const bool intercept : {true, false}) check_path(Path::gd, intercept, false);
}

}  // namespace
}  // namespace linreg
