#pragma once
// Numbers as people read them, shared by the printed tables, the chart titles and the report.
#include <string>

#include "linreg/types.hpp"

namespace linreg {

// Fixed-point with thousands separators: thousands(-1339185.375, 3) == "-1,339,185.375".
std::string thousands(double value, int decimals = 0);

// "1 row", "1,234 rows".
std::string plural(Index n, const char* word);

// A number as people read it: thousands separators for large magnitudes, significant digits
// for small ones, scientific only for very small or very large ones.
std::string readable(double value, int significant = 6);

// "[a, b, c]" with each element formatted by readable().
std::string readable_list(const Vector& values, int significant = 6);

}  // namespace linreg
