#include "linreg/features.hpp"

#include <stdexcept>

#include "numerics/double_double.hpp"

namespace linreg {

void polynomial_powers(const Vector& x, int degree, Matrix& high, Matrix& low) {
  if (degree < 1) throw std::invalid_argument("polynomial_powers: degree must be >= 1");
  const Index n = x.size();
  high.resize(n, degree - 1);
  low.resize(n, degree - 1);
  for (Index i = 0; i < n; ++i) {
    DoubleDouble power = x[i];
    for (int k = 2; k <= degree; ++k) {
      power = power * DoubleDouble(x[i]);
      high(i, k - 2) = power.hi;
      low(i, k - 2) = power.lo;
    }
  }
}

}  // namespace linreg
