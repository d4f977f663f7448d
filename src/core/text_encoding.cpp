#include "core/text_encoding.hpp"

#include <cstdint>
#include <cstring>

namespace linreg {
namespace {

// True when no byte of [p, p + n) has its high bit set; eight bytes at a time.
bool all_ascii(const unsigned char* p, std::size_t n) {
  std::uint64_t bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p + i, 8);
    bits |= word;
  }
  for (; i < n; ++i) bits |= p[i];
  return (bits & 0x8080808080808080ULL) == 0;
}

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed sequence starting at p[0] (a byte >= 0x80), or 0.
std::size_t sequence_length(const unsigned char* p, std::size_t left) {
  const unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && continuation(p[1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !continuation(p[1]) || !continuation(p[2])) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogates U+D800-U+DFFF
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !continuation(p[1]) || !continuation(p[2]) || !continuation(p[3])) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // a continuation byte alone, C0/C1 (overlong) or F5-FF
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  constexpr std::size_t kBlock = 4096;
  std::size_t i = 0;
  while (i < n) {
    const std::size_t block = n - i < kBlock ? n - i : kBlock;
    if (all_ascii(p + i, block)) {
      i += block;
      continue;
    }
    const std::size_t stop = i + block;
    while (i < stop) {
      if (p[i] < 0x80) {
        ++i;
        continue;
      }
      const std::size_t length = sequence_length(p + i, n - i);
      if (length == 0) return i;
      i += length;  // may step past `stop`: the next block starts there
    }
  }
  return std::string_view::npos;
}

void append_latin1_as_utf8(std::string_view bytes, std::string& out) {
  out.reserve(out.size() + bytes.size());
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

}  // namespace linreg
