#include "linreg/solver.hpp"

#include "linreg/exact_solver.hpp"
#include "linreg/gradient_descent.hpp"

namespace linreg {

std::unique_ptr<Solver> make_solver(SolverKind kind) {
  switch (kind) {
    case SolverKind::gradient_descent: return std::make_unique<GradientDescentSolver>();
    case SolverKind::exact: return std::make_unique<ExactSolver>();
  }
  return std::make_unique<GradientDescentSolver>();
}

}  // namespace linreg
