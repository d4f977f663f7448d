#include "linreg/errors.hpp"

namespace linreg {

std::string located_message(const std::string& source, std::size_t line, std::size_t column,
                            const std::string& message) {
  std::string where = source;
  if (line > 0) {
    where += ':' + std::to_string(line);
    if (column > 0) where += ':' + std::to_string(column);
  }
  return where.empty() ? message : where + ": " + message;
}

}  // namespace linreg
