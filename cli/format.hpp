#pragma once
// Plain-text tables for people; the JSON output is for programs. Numbers: linreg/number_format.hpp.
#include <ostream>
#include <string>
#include <vector>

#include "linreg/number_format.hpp"
#include "linreg/types.hpp"

namespace linreg::cli {

// "1 row", "1,234 rows".
std::string plural(Index n, const char* word);

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
