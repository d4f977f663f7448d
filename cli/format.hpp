#pragma once
// Number formatting and plain-text tables for people (the JSON output is for programs).
#include <ostream>
#include <string>
#include <vector>

#include "linreg/types.hpp"

namespace linreg::cli {

// Fixed-point with thousands separators: thousands(-1339185.375, 3) == "-1,339,185.375".
std::string thousands(double value, int decimals = 0);

// A number as people read it: thousands separators for large magnitudes, significant digits
// for small ones, scientific only for very small or very large ones.
std::string readable(double value, int significant = 6);

// "[a, b, c]" with each element formatted by readable().
std::string readable_list(const Vector& values, int significant = 6);

// A table with right-aligned columns after the first; rows may be added one by one.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out, const std::string& indent = "  ") const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace linreg::cli
