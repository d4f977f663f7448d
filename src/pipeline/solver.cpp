#include "linreg/solver.hpp"

#include "linreg/cholesky_solver.hpp"
#include "linreg/exact_solver.hpp"
#include "linreg/gradient_descent.hpp"
#include "linreg/penalized_solver.hpp"
#include "linreg/svd_solver.hpp"

namespace linreg {

std::unique_ptr<Solver> make_solver(SolverKind kind) {
  switch (kind) {
    case SolverKind::gradient_descent:
      return std::make_unique<GradientDescentSolver>();
    case SolverKind::exact:
      return std::make_unique<ExactSolver>();
    case SolverKind::cholesky:
      return std::make_unique<CholeskySolver>();
    case SolverKind::svd:
      return std::make_unique<SvdSolver>();
    case SolverKind::penalized:
      return std::make_unique<PenalizedSolver>();
  }
  return std::make_unique<GradientDescentSolver>();
}

}  // namespace linreg
