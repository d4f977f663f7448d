#include "python_names.hpp"

#include <fmt/format.h>

#include <optional>

#include "linreg/settings.hpp"

namespace linreg::python {

namespace {

// The keyword argument of a setting, where it differs from the library's name.
std::string keyword(Setting setting) {
  switch (setting) {
    case Setting::scaling:
      return "scale";
    case Setting::tolerance:
      return "tol";
    case Setting::max_iterations:
      return "max_iter";
    case Setting::lambda_min_ratio:
      return "eps";
    default:
      return to_string(setting);
  }
}

std::string python_value(Setting setting, std::string_view value) {
  if (setting == Setting::scaling) return value == "none" ? "False" : "True";
  if (setting == Setting::tolerance || setting == Setting::max_iterations ||
      setting == Setting::test_size)
    return std::string(value);
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

std::string render_for_python(std::string_view text) {
  return render_mentions(text, [](Setting setting, std::optional<std::string_view> value) {
    if (!value) return keyword(setting);
    return fmt::format("{}={}", keyword(setting), python_value(setting, *value));
  });
}

}  // namespace linreg::python
