#pragma once
// Text encodings of CSV input: checking UTF-8 and transcoding Latin-1 (ISO 8859-1) to it.
// Private to the reader.
#include <cstddef>
#include <string>
#include <string_view>

namespace linreg {

// The offset of the first byte of `text` that does not belong to a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF; a sequence cut off at the
// end of `text` is ill-formed), or npos when all of it is UTF-8.
std::size_t first_invalid_utf8(std::string_view text);

// Appends the UTF-8 form of Latin-1 `bytes` to `out` (every byte is a character: U+0000-U+00FF).
void append_latin1_as_utf8(std::string_view bytes, std::string& out);

}  // namespace linreg
