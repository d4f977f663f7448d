#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "linreg/csv.hpp"

namespace linreg {

void write_csv(std::ostream& out, const std::vector<std::string>& column_names, MatrixRef values) {
  std::string buffer;
  for (std::size_t j = 0; j < column_names.size(); ++j) {
    if (j) buffer += ',';
    const bool quote = column_names[j].find_first_of(",\"\n\r") != std::string::npos;
    if (!quote) {
      buffer += column_names[j];
      continue;
    }
    buffer += '"';
    for (const char c : column_names[j])
      buffer += c == '"' ? std::string("\"\"") : std::string(1, c);
    buffer += '"';
  }
  buffer += '\n';
  for (Index i = 0; i < values.rows(); ++i) {
    for (Index j = 0; j < values.cols(); ++j) {
      if (j) buffer += ',';
      const double v = values(i, j);
      if (std::isnan(v)) {
        buffer += "NA";
      } else {
        fmt::format_to(std::back_inserter(buffer), "{}", v);
      }
    }
    buffer += '\n';
    if (buffer.size() > (1 << 16)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

}  // namespace linreg
