#include "linreg/objective.hpp"

#include <stdexcept>

namespace linreg {

void DifferentiableObjective::step(Vector& /*theta*/, double /*learning_rate*/) const {
  throw std::logic_error(
      "this objective leaves the gradient step to the optimizer (takes_steps() is false)");
}

}  // namespace linreg
