// White-box tests of the exact solver's fast start on tall designs (src/direct/gram_triangle.hpp)
// and of the double-double residual products it is refined with (src/direct/refinement.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "core/row_groups.hpp"
#include "direct/exact_core.hpp"
#include "direct/gram_triangle.hpp"
#include "direct/least_squares_common.hpp"
#include "direct/refinement.hpp"
#include "linreg/fit.hpp"
#include "linreg/solver.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// A tall design (more rows than one group, 65,536, so several groups on all cores) whose column
// `twin` is column 0 plus `gap` times fresh noise: κ grows like 1/gap.
Dataset tall_problem(double gap, Index twin = 3) {
  Dataset d = testing::random_problem(70001, 5, 1.0, 57);
  Rng rng(58);
  for (Index i = 0; i < d.n_rows(); ++i) d.X(i, twin) = d.X(i, 0) + gap * rng.normal();
  return d;
}

// The Gram start as the exact solver runs it: centered with the data check's means.
std::optional<detail::ScaledTriangle> gram_of(const DatasetView& design, bool fit_intercept) {
  return detail::gram_triangle(design, check_data(design).column_mean, fit_intercept);
}

TEST(GramTriangle, IsTheTriangleOfTheCenteredScaledDesign) {
  const Dataset d = tall_problem(1.0);
  const DatasetView design = d.view();
  const auto gram = gram_of(design, true);
  ASSERT_TRUE(gram.has_value());
  const Vector mean = d.X.colwise().mean();
  EXPECT_LT((gram->x_mean - mean).norm(), 1e-13 * mean.norm());
  Matrix z = d.X.rowwise() - mean.transpose();
  for (Index j = 0; j < z.cols(); ++j) {
    // Scaled by a power of two at or below the standard deviation: columns of similar norm.
    const double sd = std::sqrt(z.col(j).squaredNorm() / static_cast<double>(z.rows() - 1));
    EXPECT_EQ(gram->scale[j], std::ldexp(1.0, std::ilogb(sd))) << j;
    z.col(j) /= gram->scale[j];
  }
  const Matrix ztz = z.transpose() * z;
  const Vector zty = z.transpose() * (d.y.array() - d.y.mean()).matrix();
  // RᵀR = ZᵀZ and Rᵀ·qty = Zᵀy, up to the Gram matrix's rounding (sums of 70k products: 1e-12 is
  // margin over the ~1e-15 seen).
  EXPECT_LT((gram->r.transpose() * gram->r - ztz).norm(), 1e-12 * ztz.norm());
  EXPECT_LT((gram->r.transpose() * gram->qty - zty).norm(), 1e-12 * zty.norm());
  EXPECT_TRUE(gram->r.isUpperTriangular());
}

TEST(GramTriangle, DeclinesWhatBelongsToThePivotedQr) {
  // κ ≈ 1e6: the Gram matrix would square it past what the refinement converges from quickly.
  EXPECT_FALSE(gram_of(tall_problem(1e-6).view(), true).has_value());
  // An exact combination, and a constant column: rank deficient.
  Dataset aliased = tall_problem(1.0);
  aliased.X.col(4) = aliased.X.col(1) * 2.0 - aliased.X.col(2);
  EXPECT_FALSE(gram_of(aliased.view(), true).has_value());
  Dataset constant = tall_problem(1.0);
  constant.X.col(2).setConstant(7.25);
  EXPECT_FALSE(gram_of(constant.view(), true).has_value());
  // 0.1's computed mean is a few ulps off, so its "standard deviation" is rounding noise and the
  // column would look like a healthy one once scaled by it.
  constant.X.col(2).setConstant(0.1);
  EXPECT_FALSE(gram_of(constant.view(), true).has_value());
}

// The fit from the Gram start and from the QR of the centered, scaled design: both are refined
// until the last correction is below 1e-17 of the weights, so they agree to the last bit or two.
void expect_same_fit_as_qr(const Dataset& d, bool intercept) {
  const DatasetView design = d.view();
  const detail::ProductsFor products = [&](const Eigen::VectorXi& active) {
    return detail::residual_products_from_rows(design, active);
  };
  const detail::ExactCore fast =
      detail::solve_exact(design, check_data(design).column_mean, intercept);
  const detail::ExactCore qr =
      detail::solve_exact_core(detail::center_and_scale(design, intercept), products, intercept);
  EXPECT_TRUE(fast.converged);
  EXPECT_EQ(fast.rank, qr.rank);
  EXPECT_LT(testing::max_relative_error(fast.weights, qr.weights), 4 * kEps);
  EXPECT_NEAR(fast.intercept, qr.intercept, 4 * kEps * std::abs(qr.intercept));
}

TEST(GramTriangle, FitMatchesTheQrPathToTheLastBits) {
  expect_same_fit_as_qr(tall_problem(1.0), true);
  expect_same_fit_as_qr(tall_problem(1.0), false);
  ASSERT_TRUE(gram_of(tall_problem(1e-3).view(), true).has_value());
  expect_same_fit_as_qr(tall_problem(1e-3), true);  // κ ≈ 1e3: still the Gram start
  expect_same_fit_as_qr(tall_problem(1e-6), true);  // κ ≈ 1e6: the QR, by fallback
  // Offsets far above the spread (as years or coordinates have) leave the centered design as it
  // was: still the Gram start.
  Dataset offset = tall_problem(1.0);
  offset.X.col(2).array() += 1e6;
  offset.X.col(4).array() -= 3e4;
  ASSERT_TRUE(gram_of(offset.view(), true).has_value());
  expect_same_fit_as_qr(offset, true);
  ASSERT_TRUE(gram_of(tall_problem(1.0).view(), false).has_value());
  // A mean 1e7 to 1e10 times the spread: the means' rounding leaves offsets in Z that couple the
  // intercept with the weights, so one pass would stop short (1e-15 to 1e-12 off); the bound sees
  // it and the QR, whose scaling sees it too, takes over.
  for (const double spread : {1e-3, 1e-4}) {
    Dataset far = tall_problem(1.0);
    Rng rng(61);
    for (Index i = 0; i < far.n_rows(); ++i) far.X(i, 2) = 1e6 + spread * rng.normal();
    expect_same_fit_as_qr(far, true);
  }
}

TEST(GramTriangle, WellConditionedFitStopsAfterOnePass) {
  // The start is accurate to ~1e-15; the step's error bound (~1e-9 here) shows that after the
  // first correction less than 1e-17 is left, so no second pass is needed to see it. More passes
  // would mean a wrong start or a loose bound; the fit must still be the QR path's.
  const Dataset d = tall_problem(1.0);
  const auto gram = gram_of(d.view(), true);
  ASSERT_TRUE(gram.has_value());
  EXPECT_LT(gram->step_error_bound, 1e-6);
  EXPECT_EQ(fit(d, testing::exact_options()).direct.value().refinement_steps, 1);
  expect_same_fit_as_qr(d, true);
}

TEST(GramTriangle, RecoversAnExactSolutionToTheLastBit) {
  // y = X·β exactly in floating point (small integers), so the least-squares solution is β with
  // a zero residual: a refined exact solver must return it to rounding of its final sum.
  Dataset d = tall_problem(1.0);
  Rng rng(59);
  for (Index j = 0; j < d.n_features(); ++j) {
    for (Index i = 0; i < d.n_rows(); ++i)
      d.X(i, j) = std::round(100.0 * rng.normal()) + 1000.0 * static_cast<double>(j);
  }
  const Vector beta = (Vector(5) << 0.5, -1.25, 3.0, 0.125, -2.0).finished();
  d.y = (d.X * beta).array() + 7.0;  // every product and sum exact: integers and dyadic fractions
  const FitSummary s = fit(d, testing::exact_options());
  EXPECT_LT(testing::max_relative_error(s.model.weights(), beta), 2 * kEps);
  EXPECT_NEAR(s.model.intercept(), 7.0,
              1e4 * kEps);  // 7 minus x̄·β with x̄ up to 4,000: its rounding
}

// Xᵀr and Σr for r = y − b − X·w, by DoubleDouble arithmetic one row at a time.
void reference_products(const DatasetView& design, const std::vector<DoubleDouble>& w,
                        DoubleDouble b, std::vector<DoubleDouble>& xtr, DoubleDouble& sum_r) {
  const Index d = design.X.cols();
  xtr.assign(static_cast<std::size_t>(d), DoubleDouble());
  sum_r = DoubleDouble();
  for (Index i = 0; i < design.X.rows(); ++i) {
    const auto x = [&](Index j) {
      return DoubleDouble(design.X(i, j), design.X_low ? (*design.X_low)(i, j) : 0.0);
    };
    DoubleDouble r = DoubleDouble(design.y[i]) - b;
    for (Index j = 0; j < d; ++j) r -= x(j) * w[static_cast<std::size_t>(j)];
    sum_r += r;
    for (Index j = 0; j < d; ++j) xtr[static_cast<std::size_t>(j)] += x(j) * r;
  }
}

TEST(ResidualProducts, MatchDoubleDoubleArithmeticRowByRow) {
  // 70,001 rows: several groups, a last block and a last lane group that are partial. The
  // weights are the least-squares solution to double precision, so the residual products cancel
  // to ~1e-10 of their terms and only the extra precision keeps them.
  for (const bool low : {false, true}) {
    Dataset d = tall_problem(1.0);
    Matrix x_low;
    if (low) {
      Rng rng(60);
      x_low = Matrix::NullaryExpr(d.n_rows(), d.n_features(), [&] { return 1e-17 * rng.normal(); });
    }
    DatasetView design = d.view();
    design.X_low = low ? &x_low : nullptr;
    const FitSummary s = fit(d, testing::exact_options());
    std::vector<DoubleDouble> w;
    for (Index j = 0; j < d.n_features(); ++j)
      w.emplace_back(s.model.weights()[j], 1e-18 * static_cast<double>(j));
    const DoubleDouble b(s.model.intercept(), -3e-17);
    std::vector<DoubleDouble> xtr, expected;
    DoubleDouble sum_r, expected_sum;
    detail::residual_products_from_rows(design, Eigen::VectorXi::LinSpaced(5, 0, 4))(w, b, xtr,
                                                                                     sum_r);
    reference_products(design, w, b, expected, expected_sum);
    // Both approximate the exact sums to about n·ε² of Σ|x·r| (~1e-6 here, |x|≤60, |r|~1):
    // 1e-20 absolute is well above that and well below the ~1e-5 the sums themselves are.
    for (std::size_t j = 0; j < xtr.size(); ++j) {
      EXPECT_NEAR((xtr[j] - expected[j]).value(), 0.0, 1e-20)
          << "column " << j << (low ? " with X_low" : "");
    }
    EXPECT_NEAR((sum_r - expected_sum).value(), 0.0, 1e-20);
  }
}

TEST(RowGroups, PartsAreFoldedInGroupOrderWhateverFinishesFirst) {
  // 40 groups on all cores, the early ones slowest: the folds still come 0, 1, 2, ...
  const Index n = 40 * detail::kGroupRows - 5;
  std::vector<Index> order;
  std::vector<Index> ends;
  detail::fold_groups_in_order<std::pair<Index, Index>>(
      n,
      [](Index g, Index, Index hi) {
        if (g < 3) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return std::pair<Index, Index>(g, hi);
      },
      [&](std::pair<Index, Index>&& part) {
        order.push_back(part.first);
        ends.push_back(part.second);
      });
  ASSERT_EQ(order.size(), 40u);
  for (Index g = 0; g < 40; ++g) EXPECT_EQ(order[static_cast<std::size_t>(g)], g);
  EXPECT_EQ(ends.back(), n);
}

}  // namespace
}  // namespace linreg
