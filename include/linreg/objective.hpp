#pragma once
// Objectives are separate from optimizers: an optimizer sees only this interface.
#include "linreg/types.hpp"

namespace linreg {

class DifferentiableObjective {
 public:
  virtual ~DifferentiableObjective() = default;
  [[nodiscard]] virtual Index n_parameters() const = 0;
  // Returns f(θ) and writes ∇f(θ) into `gradient` (resized by the callee if needed).
  virtual double loss_and_gradient(const Vector& theta, Vector& gradient) const = 0;
  [[nodiscard]] virtual double loss(const Vector& theta) const = 0;
  // A Lipschitz constant L of ∇f: gradient descent is stable for step sizes below 2/L.
  [[nodiscard]] virtual double lipschitz_constant() const = 0;

  // Objectives that keep their own copy of the parameters (LibTorch tensors) take the gradient
  // step themselves, the way their framework does, and write the new θ back; others leave the
  // step θ ← θ − lr·∇f to the optimizer.
  [[nodiscard]] virtual bool takes_steps() const { return false; }
  // θ ← θ − lr·∇f with the gradient of the last loss_and_gradient call.
  virtual void step(Vector& theta, double learning_rate) const;
};

}  // namespace linreg
