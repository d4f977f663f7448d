#include "setting_flags.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace linreg::cli {

std::string flag_for(Setting setting) { return name_in(kSettingFlags, setting); }

std::string shell_word(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("._-+/:@%,").find(c) != std::string_view::npos ||
           static_cast<unsigned char>(c) >= 0x80;
  });
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string flag_text(Setting setting, std::optional<std::string_view> value) {
  if (!value) return flag_for(setting);
  // Column names as the messages have always written them: the name as it is.
  const bool column =
      setting == Setting::drop || setting == Setting::categorical || setting == Setting::powers;
  return flag_for(setting) + " " + (column ? std::string(*value) : shell_word(*value));
}

std::string render_for_cli(std::string_view text) { return render_mentions(text, flag_text); }

}  // namespace linreg::cli
