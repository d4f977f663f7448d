// A row-major design (a NumPy array in C order, read in place) fits as its column-major copy
// does: the same solver path, the same answers to a few ulps, the same errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/scaler.hpp"
#include "linreg/synthetic.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// Row i of X at values[i·cols].
std::vector<double> row_major_values(const Matrix& X) {
  std::vector<double> values(static_cast<std::size_t>(X.size()));
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j)
      values[static_cast<std::size_t>(i * X.cols() + j)] = X(i, j);
  return values;
}

// n rows of d correlated features with offsets (so that centering matters), and y.
Dataset correlated(Index n, Index d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Matrix X(n, d);
  Vector y(n);
  for (Index i = 0; i < n; ++i) {
    const double common = normal(rng);
    for (Index j = 0; j < d; ++j) X(i, j) = 100.0 * j + common + 0.5 * normal(rng);
    y[i] = 3.0 + X.row(i).sum() * 0.25 + normal(rng);
  }
  return Dataset::from_matrix(std::move(X), std::move(y));
}

FitSummary fit_row_major(const Dataset& d, const std::vector<double>& values,
                         const FitOptions& options) {
  const DesignRef X = DesignRef::row_major(values.data(), d.X.rows(), d.X.cols());
  const DatasetView view{X, d.y, d.feature_names, d.target_name};
  return fit(view, options);
}

// Several thousand rows, so that the solvers take their grouped, multi-threaded paths (and a
// row-major design its tiles).
class RowMajorFit : public ::testing::TestWithParam<SolverKind> {};

TEST_P(RowMajorFit, EqualsTheColumnMajorFit) {
  const Dataset d = correlated(20000, 12, 7);
  const std::vector<double> values = row_major_values(d.X);
  FitOptions options;
  options.solver = GetParam();
  if (GetParam() == SolverKind::gradient_descent) {
    options.gradient_descent.tolerance = 1e-14;
    options.gradient_descent.max_iterations = 20000;
  }
  const FitSummary columns = fit(d, options);
  const FitSummary rows = fit_row_major(d, values, options);
  // The direct solvers read the same numbers in a different order only where a row-major tile's
  // sums are merged (the scaler's moments, the residual sum of squares): their last bits. The
  // refined exact solution is correctly rounded either way; cholesky and svd solve a problem
  // with κ ≈ 1e3 here, so ~1e3·ε; 1e-11 covers both. Gradient descent copies the design first
  // and so runs the same iterations: 1e-11 too (only the scaler's last bits differ).
  EXPECT_LT(testing::max_relative_error(rows.model.weights(), columns.model.weights()), 1e-11);
  EXPECT_NEAR(rows.model.intercept(), columns.model.intercept(),
              1e-11 * std::abs(columns.model.intercept()));
  EXPECT_NEAR(rows.final_loss, columns.final_loss, 1e-11 * columns.final_loss);
  EXPECT_EQ(rows.stop_reason, columns.stop_reason);
}

INSTANTIATE_TEST_SUITE_P(Solvers, RowMajorFit,
                         ::testing::Values(SolverKind::exact, SolverKind::cholesky, SolverKind::svd,
                                           SolverKind::gradient_descent));

TEST(RowMajorDesign, ScalerEqualsTheColumnMajorOneToAFewUlps) {
  const Dataset d = correlated(50000, 9, 3);
  const std::vector<double> values = row_major_values(d.X);
  const StandardScaler columns = StandardScaler::fit(d.X);
  const StandardScaler rows = StandardScaler::fit(DesignRef::row_major(values.data(), 50000, 9));
  // Moments merged per 512-row tile instead of per group: a few ulps of each.
  EXPECT_LT(testing::max_relative_error(rows.mean(), columns.mean()), 1e-14);
  EXPECT_LT(testing::max_relative_error(rows.std_dev(), columns.std_dev()), 1e-13);
}

TEST(RowMajorDesign, CopiesTilesAndValuesAsTheMatrixHoldsThem) {
  const Dataset d = correlated(3000, 5, 11);
  const std::vector<double> values = row_major_values(d.X);
  const DesignRef X = DesignRef::row_major(values.data(), 3000, 5);
  EXPECT_TRUE(X.is_row_major());
  EXPECT_EQ(X.to_matrix(), d.X);
  EXPECT_EQ(X(1234, 3), d.X(1234, 3));
  std::vector<double> buffer;
  const DesignRef::Tile tile = X.rows_as_columns(1000, 700, buffer);
  for (Index j = 0; j < 5; ++j)
    for (Index i = 0; i < 700; ++i) ASSERT_EQ(tile.col(j)[i], d.X(1000 + i, j));
  EXPECT_THROW((void)X.matrix(), InternalError);
  EXPECT_THROW((void)DesignRef(d.X).row_values(), InternalError);
}

// The copies transpose 4 × 4 blocks in registers and the edges one by one: every width around a
// multiple of 4, from rows that start off a multiple of 4, into a padded leading dimension.
TEST(RowMajorDesign, CopiedRowsEqualTheValuesForEveryWidthAndOffset) {
  for (const Index cols : {1, 3, 4, 5, 8, 11}) {
    const Dataset d = correlated(300, cols, 12);
    const std::vector<double> values = row_major_values(d.X);
    const DesignRef X = DesignRef::row_major(values.data(), 300, cols);
    for (const Index first : {0, 3, 5, 130}) {
      for (const Index count : {1, 4, 7, 64, 65, 150}) {
        const Index ld = count + 3;
        std::vector<double> out(static_cast<std::size_t>(ld * cols), -1.0);
        X.copy_rows(first, count, out.data(), ld);
        for (Index j = 0; j < cols; ++j) {
          for (Index i = 0; i < ld; ++i) {
            const double want = i < count ? d.X(first + i, j) : -1.0;  // the padding untouched
            ASSERT_EQ(out[static_cast<std::size_t>(j * ld + i)], want)
                << cols << " columns, rows from " << first << ", " << count << ": (" << i << ", "
                << j << ")";
          }
        }
      }
    }
  }
}

TEST(RowMajorDesign, ANonFiniteValueIsReportedAtTheSameRowAndColumn) {
  Dataset d = correlated(5000, 6, 5);
  d.X(4321, 4) = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> values = row_major_values(d.X);
  std::string by_columns, by_rows;
  try {
    (void)fit(d);
  } catch (const DataError& e) {
    by_columns = e.what();
  }
  try {
    (void)fit_row_major(d, values, {});
  } catch (const DataError& e) {
    by_rows = e.what();
  }
  EXPECT_FALSE(by_columns.empty());
  EXPECT_EQ(by_rows, by_columns);
}

}  // namespace
}  // namespace linreg
