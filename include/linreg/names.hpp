#pragma once
// One name table per enum: to_string, parsing, a front end's choices and the model file all read
// the same table, so a name is spelled in one place.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linreg {

template <class Enum>
struct Named {
  Enum value;
  std::string_view name;
};

template <class Enum, std::size_t N>
using NameTable = std::array<Named<Enum>, N>;

template <class Enum, std::size_t N>
[[nodiscard]] std::string name_in(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.value == value) return std::string(entry.name);
  }
  return "?";
}

template <class Enum, std::size_t N>
[[nodiscard]] std::vector<std::string> names_in(const NameTable<Enum, N>& table) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.emplace_back(entry.name);
  return names;
}

// The value named `name`, if the table has it.
template <class Enum, std::size_t N>
[[nodiscard]] std::optional<Enum> find_in(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// "a, b or c".
std::string list_of_choices(const std::vector<std::string>& names);

// The value named `name`; UsageError "unknown WHAT 'name' (expected a, b or c)" otherwise.
[[noreturn]] void throw_unknown_name(std::string_view what, const std::string& name,
                                     const std::vector<std::string>& names);
template <class Enum, std::size_t N>
[[nodiscard]] Enum parse_in(const NameTable<Enum, N>& table, std::string_view what,
                            const std::string& name) {
  if (const std::optional<Enum> value = find_in(table, name)) return *value;
  throw_unknown_name(what, name, names_in(table));
}

}  // namespace linreg
