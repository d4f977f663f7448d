#include "format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace linreg::cli {

nlohmann::ordered_json json_or_null(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? nlohmann::ordered_json(*value)
                                        : nlohmann::ordered_json(nullptr);
}

std::optional<double> finite_or_undefined(double value) {
  return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

void TextTable::print(std::ostream& out, const std::string& indent) const {
  std::vector<std::size_t> width(header_.size(), 0);
  const auto measure = [](const std::string& s) {
    // Display width: count UTF-8 lead bytes, not continuation bytes.
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  const auto widen = [&](const std::vector<std::string>& row) {
    for (std::size_t j = 0; j < row.size() && j < width.size(); ++j) {
      width[j] = std::max(width[j], measure(row[j]));
    }
  };
  widen(header_);
  for (const auto& row : rows_) widen(row);
  const auto emit = [&](const std::vector<std::string>& row) {
    std::string line = indent;
    for (std::size_t j = 0; j < row.size() && j < width.size(); ++j) {
      const std::string pad(width[j] - measure(row[j]), ' ');
      if (j == 0)
        line += row[j] + pad;
      else
        line += "   " + pad + row[j];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  emit(header_);
  for (const auto& row : rows_) emit(row);
}

std::optional<double> finite_number(const std::string& text) {
  double value = 0.0;
  const char* first = text.data() + (text.size() > 1 && text[0] == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

}  // namespace linreg::cli
