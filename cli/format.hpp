#pragma once
// Plain-text tables for people; the JSON output is for programs. Numbers: linreg/number_format.hpp.
#include <cmath>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "linreg/number_format.hpp"
#include "linreg/types.hpp"

namespace linreg::cli {

// The one place a possibly-undefined number (linreg::Statistic: an exact fit's t, a constant
// target's R², a streamed fit's MAE) is written: the tables and the HTML report, which is made of
// the same tables, print `kUndefined`; the JSON writes null. Never "nan" or "inf".
inline constexpr const char* kUndefined = "—";
template <class Text>
std::string text_or_undefined(const std::optional<double>& value, Text&& text) {
  return value && std::isfinite(*value) ? std::string(text(*value)) : std::string(kUndefined);
}
nlohmann::ordered_json json_or_null(const std::optional<double>& value);
// A value the library keeps as a double where NaN or ±inf means "not computed": undefined.
std::optional<double> finite_or_undefined(double value);

// An option's text as a finite number (a leading '+' allowed, nothing after it); empty otherwise.
std::optional<double> finite_number(const std::string& text);

// A table with right-aligned columns after the first; rows may be added one by one.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out, const std::string& indent = "  ") const;
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  [[nodiscard]] const std::vector<std::vector<std::string>>& rows() const { return rows_; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace linreg::cli
