#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include "linreg/mse_objective.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// Reference implementation: the textbook formulas with full temporaries.
double reference_loss(const Dataset& d, const Vector& theta) {
  const Index p = d.n_features();
  const Vector r = (d.X * theta.head(p)).array() + theta[p] - d.y.array();
  return r.squaredNorm() / static_cast<double>(d.n_rows());
}

TEST(MseObjective, GradientMatchesCentralDifferences) {
  // Sizes that exercise partial blocks of the fused pass (block = 256 rows).
  for (Index n : {1, 7, 256, 600}) {
    const Dataset d = testing::random_problem(n, 5, 2.0, 100 + static_cast<std::uint64_t>(n));
    const MseObjective f(d.X, d.y);
    Rng rng(5);
    Vector theta(6);
    for (Index k = 0; k < 6; ++k) theta[k] = rng.normal();
    Vector g;
    const double loss = f.loss_and_gradient(theta, g);
    EXPECT_NEAR(loss, reference_loss(d, theta), 1e-12 * loss);
    EXPECT_NEAR(f.loss(theta), loss, 1e-12 * loss);
    for (Index k = 0; k < 6; ++k) {
      // f is quadratic, so central differences have no truncation error; h balances rounding
      // (ε·f/h ≈ 1e-12·f) against nothing, and 1e-6 relative is a wide margin.
      const double h = 1e-4 * std::max(1.0, std::abs(theta[k]));
      Vector plus = theta, minus = theta;
      plus[k] += h;
      minus[k] -= h;
      const double numeric = (f.loss(plus) - f.loss(minus)) / (2 * h);
      EXPECT_NEAR(g[k], numeric, 1e-6 * std::max(std::abs(numeric), g.norm()))
          << "n = " << n << ", parameter " << k;
    }
  }
}

TEST(MseObjective, EveryShapeOfTheFusedPassAgreesWithTheFormula) {
  // Narrow designs (d ≤ 8) take the register kernel, with its 8-row steps, a 4-row block and an
  // overlapping masked block for the last rows; fewer than 4 rows or d > 8 take the blocked loop.
  for (Index d : {1, 2, 3, 5, 8, 9, 12}) {
    for (Index n : {1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 17, 255, 256, 257, 600}) {
      const Dataset data =
          testing::random_problem(n, d, 1.0, static_cast<std::uint64_t>(7 * n + d));
      const MseObjective f(data.X, data.y);
      const Vector theta = Vector::LinSpaced(d + 1, -0.7, 1.3);
      Vector g;
      const double loss = f.loss_and_gradient(theta, g);
      const Vector r = (data.X * theta.head(d)).array() + theta[d] - data.y.array();
      const double nn = static_cast<double>(n);
      const Vector expected_w = 2.0 / nn * (data.X.transpose() * r);
      // Same sums in another order: ~1e-15 relative per term; 1e-12 of the overall scale.
      EXPECT_NEAR(loss, r.squaredNorm() / nn, 1e-12 * loss) << "n " << n << " d " << d;
      EXPECT_LT((g.head(d) - expected_w).norm(), 1e-12 * (expected_w.norm() + 1.0))
          << "n " << n << " d " << d;
      EXPECT_NEAR(g[d], 2.0 / nn * r.sum(), 1e-12 * (g.norm() + 1.0)) << "n " << n << " d " << d;
      EXPECT_NEAR(f.loss(theta), loss, 1e-14 * loss);
    }
  }
}

TEST(MseObjective, ChunkedMultiThreadedPassAgreesAndRepeatsExactly) {
  // Past 65,536 rows the pass runs over fixed chunks on all cores (threads once n·d ≥ 2²⁰),
  // combined in chunk order: the same answer every time, and the formula's to rounding.
  for (const auto& [n, d] : {std::pair<Index, Index>{65537, 3}, {200000, 6}, {150000, 12}}) {
    const Dataset data = testing::random_problem(n, d, 1.0, static_cast<std::uint64_t>(n + d));
    const MseObjective f(data.X, data.y);
    const Vector theta = Vector::LinSpaced(d + 1, -0.7, 1.3);
    Vector g, again;
    const double loss = f.loss_and_gradient(theta, g);
    for (int repeat = 0; repeat < 3; ++repeat) {
      EXPECT_EQ(f.loss_and_gradient(theta, again), loss);
      EXPECT_EQ(again, g);
    }
    const Vector r = (data.X * theta.head(d)).array() + theta[d] - data.y.array();
    const double nn = static_cast<double>(n);
    const Vector expected_w = 2.0 / nn * (data.X.transpose() * r);
    // Sums of 10⁵ terms in another order: well inside 1e-12 of the overall scale.
    EXPECT_NEAR(loss, r.squaredNorm() / nn, 1e-12 * loss) << "n " << n << " d " << d;
    EXPECT_LT((g.head(d) - expected_w).norm(), 1e-12 * (expected_w.norm() + 1.0))
        << "n " << n << " d " << d;
    EXPECT_NEAR(g[d], 2.0 / nn * r.sum(), 1e-12 * (g.norm() + 1.0)) << "n " << n << " d " << d;
  }
}

// float32: the same loss and gradient to float32 accuracy. Each 256-row block is summed in
// float32 (error up to ~256·2⁻²⁴ ≈ 1.5e-5 of the block's magnitude, far less on average), the
// blocks in double; standardized-scale data keeps the residuals of order 1, so 1e-5 relative to
// the gradient's norm is a fair bound. Repeats bit for bit.
TEST(MseObjective, Float32PassAgreesToFloatAccuracy) {
  for (const Index d : {Index{3}, Index{20}}) {
    for (const bool intercept : {true, false}) {
      const Dataset data =
          testing::random_problem(200000, d, 1.0, 9 + static_cast<std::uint64_t>(d));
      const MseObjective f64(data.X, data.y, intercept);
      const MseObjective f32(data.X, data.y, intercept, Precision::f32);
      Vector theta = Vector::Constant(f64.n_parameters(), 0.1);
      Vector g64, g32, again;
      const double l64 = f64.loss_and_gradient(theta, g64);
      const double l32 = f32.loss_and_gradient(theta, g32);
      EXPECT_NEAR(l32, l64, 1e-5 * l64) << d << intercept;
      EXPECT_LT((g32 - g64).norm(), 1e-5 * g64.norm()) << d << intercept;
      EXPECT_NEAR(f32.loss(theta), l32, 1e-12 * l32);
      EXPECT_EQ(f32.loss_and_gradient(theta, again), l32);
      EXPECT_EQ(again, g32);
    }
  }
}

TEST(MseObjective, GradientFormulaInClosedForm) {
  const Dataset d = testing::random_problem(300, 3, 1.0, 9);
  const MseObjective f(d.X, d.y);
  Vector theta = Vector::LinSpaced(4, -1, 2);
  Vector g;
  f.loss_and_gradient(theta, g);
  const Vector r = (d.X * theta.head(3)).array() + theta[3] - d.y.array();
  const Vector expected_w = 2.0 / 300.0 * d.X.transpose() * r;
  // Same sums in a different order: agreement to ~1e-13 relative to the gradient's scale.
  EXPECT_LT((g.head(3) - expected_w).norm(), 1e-12 * expected_w.norm());
  EXPECT_NEAR(g[3], 2.0 / 300.0 * r.sum(), 1e-12 * g.norm());
}

TEST(MseObjective, LipschitzConstantIsTwiceTopEigenvalueOverN) {
  const Dataset d = testing::random_problem(500, 4, 1.0, 3);
  Matrix tilde(500, 5);
  tilde << d.X, Vector::Ones(500);
  const Matrix gram = tilde.transpose() * tilde / 500.0;
  Eigen::SelfAdjointEigenSolver<Matrix> eig(gram);
  const double expected = 2.0 * eig.eigenvalues().maxCoeff();
  // Power iteration to a 1e-10 relative change in the Rayleigh quotient.
  EXPECT_NEAR(MseObjective(d.X, d.y).lipschitz_constant(), expected, 1e-8 * expected);
}

TEST(MseObjective, RejectsEmptyData) {
  Matrix X(0, 2);
  Vector y(0);
  EXPECT_THROW(MseObjective(X, y), std::invalid_argument);
}

}  // namespace
}  // namespace linreg
