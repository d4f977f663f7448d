#include "linreg/number_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace linreg {

std::string plural(Index n, const char* word) {
  return fmt::format("{} {}{}", thousands(static_cast<double>(n)), word, n == 1 ? "" : "s");
}

std::string thousands(double value, int decimals) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  std::string text = fmt::format("{:.{}f}", std::abs(value), decimals);
  const auto dot = text.find('.');
  const std::size_t int_digits = dot == std::string::npos ? text.size() : dot;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i < int_digits && (int_digits - i) % 3 == 0) out += ',';
    out += text[i];
  }
  // "-0" reads badly: only print the sign when a non-zero digit survives the rounding.
  const bool nonzero = out.find_first_of("123456789") != std::string::npos;
  return (value < 0 && nonzero ? "-" : "") + out;
}

std::string readable(double value, int significant) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  const double magnitude = std::abs(value);
  if (magnitude == 0.0) return "0";
  if (magnitude >= 1e15 || magnitude < 1e-4) return fmt::format("{:.{}g}", value, significant);
  const int int_digits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
  const int decimals = std::max(0, significant - int_digits);
  std::string text = thousands(value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string readable_list(const Vector& values, int significant) {
  std::string out = "[";
  for (Index i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + readable(values[i], significant);
  }
  return out + "]";
}

}  // namespace linreg
