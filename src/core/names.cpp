#include "linreg/names.hpp"

#include <fmt/format.h>

#include "linreg/errors.hpp"

namespace linreg {

std::string list_of_choices(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k > 0) out += k + 1 == names.size() ? " or " : ", ";
    out += names[k];
  }
  return out;
}

void throw_unknown_name(std::string_view what, const std::string& name,
                        const std::vector<std::string>& names) {
  throw UsageError(
      fmt::format("unknown {} '{}' (expected {})", what, name, list_of_choices(names)));
}

}  // namespace linreg
