#pragma once
// Derived features, computed in extended precision.
#include "linreg/types.hpp"

namespace linreg {

// Columns x², …, x^degree (x itself is not repeated), each computed in double-double and split
// into its double rounding (`high`) and the remainder (`low`): high + low is x^k to about 32
// digits. Rounding x^k to double alone loses digits that ill-conditioned fits (NIST Filip) need.
void polynomial_powers(const Vector& x, int degree, Matrix& high, Matrix& low);

}  // namespace linreg
