#include "linreg/errors.hpp"

#include "core/text_encoding.hpp"

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

std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  const auto escape = [&](unsigned char byte) {
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  };
  while (!text.empty()) {
    // Valid UTF-8 up to `good`; the byte there, if any, is not.
    const std::size_t bad = first_invalid_utf8(text);
    const std::size_t good = bad == std::string_view::npos ? text.size() : bad;
    for (const char c : text.substr(0, good)) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7F) {
        escape(byte);
      } else {
        out += c;
      }
    }
    if (good == text.size()) break;
    escape(static_cast<unsigned char>(text[good]));
    text.remove_prefix(good + 1);
  }
  return out;
}

}  // namespace linreg
