#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include "linreg/lipschitz.hpp"
#include "numerics/power_iteration.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

TEST(PowerIteration, DiagonalMatrix) {
  Vector diag(4);
  diag << 1, 5, 2, 4.5;
  const auto r =
      largest_eigenvalue(4, [&](const Vector& v, Vector& out) { out = diag.cwiseProduct(v); });
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.eigenvalue, 5.0, 1e-8);
}

TEST(PowerIteration, GramAndMatrixFreePathsAgree) {
  const Dataset d = testing::random_problem(700, 6, 1.0, 21);
  const double with_gram = largest_eigenvalue_of_mean_gram(d.X, true, 512);
  const double matrix_free = largest_eigenvalue_of_mean_gram(d.X, true, 0);
  Matrix tilde(700, 7);
  tilde << d.X, Vector::Ones(700);
  Eigen::SelfAdjointEigenSolver<Matrix> eig(tilde.transpose() * tilde / 700.0);
  const double exact = eig.eigenvalues().maxCoeff();
  EXPECT_NEAR(with_gram, exact, 1e-9 * exact);
  // The matrix-free path stops at a 1e-6 relative change: the Rayleigh quotient is then
  // within ~1e-6 of λ_max (from below).
  EXPECT_NEAR(matrix_free, exact, 1e-5 * exact);
  EXPECT_LE(matrix_free, exact * (1 + 1e-12));
}

TEST(PowerIteration, WithoutInterceptColumn) {
  const Dataset d = testing::random_problem(300, 4, 1.0, 22);
  Eigen::SelfAdjointEigenSolver<Matrix> eig(d.X.transpose() * d.X / 300.0);
  const double exact = eig.eigenvalues().maxCoeff();
  EXPECT_NEAR(largest_eigenvalue_of_mean_gram(d.X, false, 512), exact, 1e-9 * exact);
  EXPECT_NEAR(largest_eigenvalue_of_mean_gram(d.X, false, 0), exact, 1e-5 * exact);
}

TEST(PowerIteration, ZeroOperator) {
  const auto r = largest_eigenvalue(3, [](const Vector& v, Vector& out) { out = 0.0 * v; });
  EXPECT_EQ(r.eigenvalue, 0.0);
}

}  // namespace
}  // namespace linreg
