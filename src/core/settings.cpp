#include "linreg/settings.hpp"

namespace linreg {
namespace {

constexpr char kQuote = '`';
constexpr char kEscape = '\\';

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

struct Parsed {
  Setting setting;
  std::optional<std::string> value;
  std::size_t end;  // one past the closing backtick
};

// The mention that starts at text[at] (a backtick), if it is one.
std::optional<Parsed> parse_mention(std::string_view text, std::size_t at) {
  std::size_t k = at + 1;
  while (k < text.size() && is_name_char(text[k])) ++k;
  const std::optional<Setting> setting = find_in(kSettingNames, text.substr(at + 1, k - at - 1));
  if (!setting || k == text.size()) return std::nullopt;
  if (text[k] == kQuote) return Parsed{*setting, std::nullopt, k + 1};
  if (text[k] != '=') return std::nullopt;
  std::string value;
  for (++k; k < text.size(); ++k) {
    const char c = text[k];
    if (c == kQuote) return Parsed{*setting, std::move(value), k + 1};
    if (c == kEscape) {
      if (k + 1 == text.size() || (text[k + 1] != kQuote && text[k + 1] != kEscape))
        return std::nullopt;
      value += text[++k];
    } else {
      value += c;
    }
  }
  return std::nullopt;  // no closing backtick
}

}  // namespace

std::string to_string(Setting setting) { return name_in(kSettingNames, setting); }

std::string mention(Setting setting) { return kQuote + to_string(setting) + kQuote; }

std::string mention(Setting setting, std::string_view value) {
  std::string out = kQuote + to_string(setting) + '=';
  for (const char c : value) {
    if (c == kQuote || c == kEscape) out += kEscape;
    out += c;
  }
  return out + kQuote;
}

std::string render_mentions(std::string_view text, const MentionRenderer& render) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = text.find(kQuote); at != std::string_view::npos;
       at = text.find(kQuote, at)) {
    const std::optional<Parsed> m = parse_mention(text, at);
    if (!m) {
      ++at;  // a backtick that starts no mention is text
      continue;
    }
    out.append(text.substr(copied, at - copied));
    out += m->value ? render(m->setting, std::string_view(*m->value))
                    : render(m->setting, std::nullopt);
    copied = at = m->end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace linreg
