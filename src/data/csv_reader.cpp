#include <fast_float/fast_float.h>
#ifdef __linux__
#include <sched.h>
#endif
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <deque>
#include <future>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/text_encoding.hpp"
#include "linreg/csv.hpp"
#include "linreg/errors.hpp"
#include "linreg/settings.hpp"

namespace linreg {
namespace {

constexpr std::string_view kMissingTokens[] = {"",    "NA",  "N/A",  "nan",
                                               "NaN", "NAN", "null", "NULL"};

bool is_builtin_missing(std::string_view s) {
  for (const auto token : kMissingTokens) {
    if (s == token) return true;
  }
  return false;
}

enum class Parsed { number, not_a_number, not_finite };

fast_float::from_chars_result parse_float(const char* begin, const char* end, double& value,
                                          char decimal) {
  return fast_float::from_chars_advanced(
      begin, end, value, fast_float::parse_options{fast_float::chars_format::general, decimal});
}

Parsed parse_number(std::string_view s, double& value, char decimal) {
  const char* begin = s.data();
  const char* end = begin + s.size();
  if (begin != end && *begin == '+' && end - begin > 1 && *(begin + 1) != '-' &&
      *(begin + 1) != '+')
    ++begin;
  const auto result = parse_float(begin, end, value, decimal);
  if (result.ec != std::errc() || result.ptr != end) return Parsed::not_a_number;
  return std::isfinite(value) ? Parsed::number : Parsed::not_finite;
}

// A number written with commas: one comma as the decimal separator ("9,5"), or commas between
// groups of three digits ("1,000", "12,345,678.5").
bool is_comma_number(std::string_view s) {
  const auto commas = static_cast<std::size_t>(std::count(s.begin(), s.end(), ','));
  if (commas == 0) return false;
  double value = 0.0;
  if (commas == 1 && parse_number(s, value, ',') == Parsed::number) return true;
  std::string plain;
  std::size_t digits_since_comma = 0;
  bool after_comma = false;
  for (const char c : s) {
    if (c == ',') {
      if (after_comma && digits_since_comma != 3) return false;
      after_comma = true;
      digits_since_comma = 0;
      continue;
    }
    if (c == '.' || c == 'e' || c == 'E') {
      if (after_comma && digits_since_comma != 3) return false;
      after_comma = false;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) ++digits_since_comma;
    plain += c;
  }
  if (after_comma && digits_since_comma != 3) return false;
  return parse_number(plain, value, '.') == Parsed::number;
}

// "0xE3": how a byte is named in messages.
std::string byte_name(char c) { return fmt::format("0x{:02X}", static_cast<unsigned char>(c)); }

// DataError at byte `bad` of `text`, which is not UTF-8; `text` starts at column 1 of
// `first_line`.
[[noreturn]] void fail_utf8(const std::string& source, std::string_view text,
                            std::size_t first_line, std::size_t bad) {
  const std::string_view before = text.substr(0, bad);
  const auto newlines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = newlines == 0 ? 0 : before.rfind('\n') + 1;
  throw DataError(located_message(
      source, first_line + newlines, bad - line_start + 1,
      fmt::format(
          "byte {} is not valid UTF-8 text; if the file is Latin-1 (ISO 8859-1), read it with "
          "that encoding ({}) or convert it first (iconv -f LATIN1 -t UTF-8)",
          byte_name(text[bad]), mention(Setting::encoding, "latin1"))));
}

void check_utf8(const std::string& source, std::string_view text, std::size_t first_line) {
  const std::size_t bad = first_invalid_utf8(text);
  if (bad != std::string_view::npos) fail_utf8(source, text, first_line, bad);
}

std::string shortest(double value) { return fmt::format("{}", value); }

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The common plain decimal ("-0.03939996", "120000"): sign, at most 15 significant digits, an
// optional '.', no exponent. Then the mantissa M < 10^15 < 2^53 and 10^k (k ≤ 15 < 22) are both
// exact doubles, so M / 10^k is one correctly rounded division (Clinger's fast path): the same
// double as any correct parser. Returns the end of the number, or nullptr when the text is not
// such a number (the caller then uses fast_float).
const char* parse_plain_decimal(const char* p, const char* end, double& value, char decimal) {
  static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  std::uint64_t mantissa = 0;
  int digits = 0;
  int decimals = 0;
  const char* start = p;
  while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    ++digits;
    ++p;
  }
  if (p < end && *p == decimal) {
    ++p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      ++digits;
      ++decimals;
      ++p;
    }
  }
  if (digits == 0 || digits > 15 || p == start) return nullptr;
  if (p < end && (*p == 'e' || *p == 'E')) return nullptr;
  const double magnitude = static_cast<double>(mantissa) / kPowers[decimals];
  value = negative ? -magnitude : magnitude;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Splitting the input into chunks of whole records.

// The offset just past the last record end ('\n' outside quotes) in [text, text + size), or 0.
// A quote opens a quoted field only at a field's start, as in the record parser.
std::size_t last_record_end(const char* text, std::size_t size, char delimiter) {
  if (std::memchr(text, '"', size) == nullptr) {
    const void* newline = ::memrchr(text, '\n', size);
    return newline == nullptr ? 0 : static_cast<const char*>(newline) - text + 1;
  }
  bool in_quotes = false;
  bool field_start = true;
  std::size_t last = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < size && text[i + 1] == '"') {
          ++i;
        } else {
          in_quotes = false;
        }
      }
      continue;
    }
    if (c == '\n') {
      last = i + 1;
      field_start = true;
    } else if (c == delimiter) {
      field_start = true;
    } else if (field_start) {
      if (c == '"') {
        in_quotes = true;
        field_start = false;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        field_start = false;
      }
    }
  }
  return last;
}

struct Chunk {
  std::string text;
  std::size_t offset = 0;      // where parsing starts in text
  std::size_t first_line = 0;  // physical line number of text[offset]
  std::size_t lines = 0;       // newlines in it: an upper bound on its records, for reserving
};

class ChunkReader {
 public:
  ChunkReader(std::istream& in, std::size_t chunk_bytes, TextEncoding encoding)
      : in_(in), chunk_bytes_(chunk_bytes), encoding_(encoding) {}

  // Appends up to chunk_bytes from the stream to buffer (as UTF-8, transcoded from Latin-1
  // under that encoding); false at end of input.
  bool read_more(std::string& buffer) {
    if (eof_) return false;
    const bool transcode = encoding_ == TextEncoding::latin1;
    std::string& target = transcode ? raw_ : buffer;
    if (transcode) raw_.clear();
    const std::size_t old = target.size();
    target.resize(old + chunk_bytes_);
    in_.read(target.data() + old, static_cast<std::streamsize>(chunk_bytes_));
    const auto got = static_cast<std::size_t>(in_.gcount());
    target.resize(old + got);
    if (transcode) append_latin1_as_utf8(raw_, buffer);
    bytes_read_ += got;
    if (got < chunk_bytes_) eof_ = true;
    return got > 0 || !eof_;
  }
  [[nodiscard]] bool eof() const { return eof_; }
  [[nodiscard]] std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::istream& in_;
  std::size_t chunk_bytes_;
  TextEncoding encoding_;
  std::string raw_;  // Latin-1 bytes before transcoding
  bool eof_ = false;
  std::uint64_t bytes_read_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Parsing records.

struct Field {
  std::string_view text;
  std::size_t line = 0;
  std::size_t column = 0;
};

class RecordParser {
 public:
  RecordParser(const std::string& source, char delimiter, std::string_view text,
               std::size_t first_line, std::size_t max_fields, char decimal = '.')
      : source_(source),
        delimiter_(delimiter),
        decimal_(decimal),
        begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        line_start_(text.data()),
        line_(first_line),
        max_fields_(max_fields) {}

  // Skips blank lines; false when the text is exhausted. Otherwise fills `fields` (views valid
  // until the next call) and sets record_line to the line the record starts on.
  bool next(std::vector<Field>& fields, std::size_t& record_line) {
    skip_blank_lines();
    if (p_ >= end_) return false;
    fields.clear();
    record_line = line_;
    while (true) {
      if (fields.size() > max_fields_) {
        // Too many fields: let the caller report the row's width; skip the rest of the line.
        while (p_ < end_ && *p_ != '\n') ++p_;
        fields.push_back({});
        if (p_ < end_) advance_line();
        return true;
      }
      fields.push_back(parse_field(fields.size()));
      if (p_ < end_ && *p_ == delimiter_) {
        ++p_;
        continue;
      }
      if (p_ < end_) advance_line();  // *p_ == '\n'
      return true;
    }
  }

  // The fast path for the common record: every field an unquoted finite number (or, where
  // `skip[j]`, any unquoted text). Parses number and field boundary in one sweep and writes the
  // numbers to values[j]. Returns false, without consuming anything, for any record it does not
  // handle that way (quotes, missing values, text, blank lines, wrong width, end of input): the
  // general path then takes it.
  bool fast_numeric_record(const std::vector<char>& skip, double* values) {
    const char* p = p_;
    const std::size_t width = skip.size();
    for (std::size_t j = 0; j < width; ++j) {
      while (p < end_ && (*p == ' ' || (*p == '\t' && delimiter_ != '\t'))) ++p;
      if (p >= end_ || *p == '"') return false;
      if (skip[j] != 0) {
        while (p < end_ && *p != delimiter_ && *p != '\n' && *p != '"') ++p;
        if (p < end_ && *p == '"') return false;
      } else {
        const char* stop = parse_plain_decimal(p, end_, values[j], decimal_);
        if (stop == nullptr) {
          const auto result = parse_float(p, end_, values[j], decimal_);
          if (result.ec != std::errc() || result.ptr == p || !std::isfinite(values[j]))
            return false;
          stop = result.ptr;
        }
        p = stop;
        while (p < end_ && is_space(*p)) ++p;
      }
      const bool last = j + 1 == width;
      if (!last) {
        if (p >= end_ || *p != delimiter_) return false;
        ++p;
      } else if (p < end_ && *p != '\n') {
        return false;
      }
    }
    p_ = p;
    if (p_ < end_) advance_line();
    return true;
  }

  [[nodiscard]] std::size_t line() const { return line_; }
  [[nodiscard]] std::size_t consumed() const { return static_cast<std::size_t>(p_ - begin_); }

 private:
  bool is_space(char c) const { return (c == ' ' || c == '\t' || c == '\r') && c != delimiter_; }

  void advance_line() {
    ++p_;
    ++line_;
    line_start_ = p_;
  }

  void skip_blank_lines() {
    while (p_ < end_) {
      const char* q = p_;
      while (q < end_ && is_space(*q)) ++q;
      if (q < end_ && *q == '\n') {
        p_ = q;
        advance_line();
      } else if (q == end_) {
        p_ = end_;
      } else {
        return;
      }
    }
  }

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& message) const {
    throw DataError(located_message(source_, line, column, message));
  }

  Field parse_field(std::size_t index) {
    while (p_ < end_ && is_space(*p_)) ++p_;
    Field field;
    field.line = line_;
    field.column = static_cast<std::size_t>(p_ - line_start_) + 1;
    if (p_ < end_ && *p_ == '"') {
      while (storage_.size() <= index) storage_.emplace_back();
      std::string& scratch = storage_[index];
      ++p_;
      scratch.clear();
      while (true) {
        if (p_ >= end_) {
          fail(field.line, field.column,
               "unterminated quoted field: the closing '\"' is missing (a '\"' inside a quoted "
               "field must be doubled)");
        }
        const char c = *p_;
        if (c == '"') {
          if (p_ + 1 < end_ && *(p_ + 1) == '"') {
            scratch += '"';
            p_ += 2;
            continue;
          }
          ++p_;
          break;
        }
        scratch += c;
        if (c == '\n') {
          advance_line();
        } else {
          ++p_;
        }
      }
      while (p_ < end_ && is_space(*p_)) ++p_;
      if (p_ < end_ && *p_ != delimiter_ && *p_ != '\n') {
        fail(line_, static_cast<std::size_t>(p_ - line_start_) + 1,
             fmt::format("unexpected '{}' after a closing quote (quote the whole field, and double "
                         "any '\"' inside it)",
                         *p_));
      }
      field.text = scratch;
      return field;
    }
    const char* start = p_;
    while (p_ < end_ && *p_ != delimiter_ && *p_ != '\n') ++p_;
    const char* stop = p_;
    while (stop > start && is_space(*(stop - 1))) --stop;
    field.text = std::string_view(start, static_cast<std::size_t>(stop - start));
    return field;
  }

  const std::string& source_;
  char delimiter_;
  char decimal_;
  const char* begin_;
  const char* p_;
  const char* end_;
  const char* line_start_;
  std::size_t line_;
  std::size_t max_fields_;
  std::deque<std::string> storage_;  // one scratch string per field, for quoted fields (a deque:
                                     // growing it keeps earlier fields' views valid)
};

// ---------------------------------------------------------------------------------------------
// Column values of one chunk.

enum class Role { skip, infer, text, numeric };

struct ChunkColumn {
  bool text = false;
  std::vector<double> numbers;
  std::vector<std::int32_t> codes;
  std::vector<std::string> levels;
  std::unordered_map<std::string, std::int32_t> index;
  std::size_t missing = 0;
  std::size_t text_values = 0;
  std::size_t comma_numbers = 0;
  CellLocation first_missing;
  CellLocation first_text;

  // Counts a non-missing value that is not a number.
  void count_text(std::string_view value, char decimal) {
    ++text_values;
    if (decimal == '.' && is_comma_number(value)) ++comma_numbers;
  }

  std::int32_t intern(std::string value) {
    const auto [it, inserted] =
        index.try_emplace(std::move(value), static_cast<std::int32_t>(levels.size()));
    if (inserted) levels.push_back(it->first);
    return it->second;
  }

  void become_text() {
    text = true;
    codes.reserve(numbers.size());
    for (const double v : numbers) codes.push_back(std::isnan(v) ? -1 : intern(shortest(v)));
    numbers = {};
  }
};

struct ChunkResult {
  std::size_t rows = 0;
  std::vector<ChunkColumn> columns;  // one per file column (skipped ones stay empty)
  std::vector<std::size_t> lines;    // each record's first line, with Layout::record_lines
};

struct Layout {
  std::vector<std::string> names;  // every column of the file
  std::vector<Role> roles;
  char decimal = '.';
  std::vector<std::string> na_values;  // beside the built-in missing tokens
  bool numeric_na = false;             // a na_values token is a number: no numeric fast path
  bool check_utf8 = true;              // false when the text was transcoded (always valid)
  bool record_lines = false;           // CsvOptions::record_lines

  [[nodiscard]] bool is_missing(std::string_view s) const {
    return is_builtin_missing(s) ||
           std::find(na_values.begin(), na_values.end(), s) != na_values.end();
  }
};

ChunkResult parse_chunk(const std::string& source, char delimiter, const Layout& layout,
                        std::string_view text, std::size_t first_line, std::size_t expected_rows) {
  // The first byte that is not UTF-8, if any, is an error as soon as the record holding it has been
  // read: errors come in file order whatever the chunking (an earlier record's error comes first).
  const std::size_t bad_byte =
      layout.check_utf8 ? first_invalid_utf8(text) : std::string_view::npos;
  const std::size_t width = layout.names.size();
  ChunkResult result;
  result.columns.resize(width);
  for (std::size_t j = 0; j < width; ++j) {
    if (layout.roles[j] == Role::infer || layout.roles[j] == Role::numeric) {
      result.columns[j].numbers.reserve(expected_rows);
    }
  }
  RecordParser parser(source, delimiter, text, first_line, width, layout.decimal);
  std::vector<Field> fields;
  std::size_t record_line = 0;
  std::vector<char> skip(width);
  for (std::size_t j = 0; j < width; ++j) skip[j] = layout.roles[j] == Role::skip ? 1 : 0;
  std::vector<double> values(width);
  const auto fast_path_open = [&] {
    if (layout.numeric_na) return false;
    for (std::size_t j = 0; j < width; ++j) {
      if (layout.roles[j] == Role::text || result.columns[j].text) return false;
    }
    return true;
  };
  bool fast = fast_path_open();
  const auto check_record = [&] {
    if (bad_byte < parser.consumed()) fail_utf8(source, text, first_line, bad_byte);
  };
  while (true) {
    const std::size_t fast_line = parser.line();  // a fast record starts where the parser is
    if (fast && parser.fast_numeric_record(skip, values.data())) {
      check_record();
      if (layout.record_lines) result.lines.push_back(fast_line);
      for (std::size_t j = 0; j < width; ++j) {
        if (skip[j] == 0) result.columns[j].numbers.push_back(values[j]);
      }
      ++result.rows;
      continue;
    }
    if (!parser.next(fields, record_line)) break;
    check_record();
    if (layout.record_lines) result.lines.push_back(record_line);
    if (fields.size() != width) {
      const std::string found = fields.size() > width ? fmt::format("more than {}", width)
                                                      : std::to_string(fields.size());
      throw DataError(located_message(
          source, record_line, 0,
          fmt::format("expected {} fields, as in the header, but found {}: check the delimiter "
                      "('{}') and the quoting on this line",
                      width, found,
                      delimiter == '\t' ? std::string("\\t") : std::string(1, delimiter))));
    }
    for (std::size_t j = 0; j < width; ++j) {
      const Role role = layout.roles[j];
      if (role == Role::skip) continue;
      ChunkColumn& column = result.columns[j];
      const Field& field = fields[j];
      double value = 0.0;
      const Parsed parsed =
          parse_number(field.text, value, layout.decimal);  // most are numbers: first
      if ((parsed != Parsed::number || layout.numeric_na) && layout.is_missing(field.text)) {
        if (column.missing++ == 0)
          column.first_missing = {field.line, field.column, std::string(field.text)};
        if (column.text || role == Role::text) {
          column.text = true;
          column.codes.push_back(-1);
        } else {
          column.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
        }
        continue;
      }
      if (parsed == Parsed::not_finite) {
        throw DataError(located_message(
            source, field.line, field.column,
            fmt::format("column '{}': '{}' is not a finite number (write missing values as an "
                        "empty field or NA)",
                        layout.names[j], printable(field.text))));
      }
      if (role == Role::text) {
        column.text = true;
        if (parsed != Parsed::number) column.count_text(field.text, layout.decimal);
        column.codes.push_back(
            column.intern(parsed == Parsed::number ? shortest(value) : std::string(field.text)));
        continue;
      }
      if (parsed == Parsed::number) {
        if (column.text) {
          column.codes.push_back(column.intern(shortest(value)));
        } else {
          column.numbers.push_back(value);
        }
        continue;
      }
      if (role == Role::numeric) {
        throw DataError(located_message(
            source, field.line, field.column,
            fmt::format(
                "column '{}': '{}' is not a number{}", layout.names[j], printable(field.text),
                layout.decimal == '.' && is_comma_number(field.text)
                    ? fmt::format(
                          " (written with a comma: for decimal commas, read the file with ',' as "
                          "the decimal separator, {})",
                          mention(Setting::decimal, ","))
                    : "")));
      }
      if (!column.text) {
        column.become_text();
        column.first_text = {field.line, field.column, std::string(field.text)};
      }
      column.count_text(field.text, layout.decimal);
      column.codes.push_back(column.intern(std::string(field.text)));
    }
    ++result.rows;
    fast = fast && fast_path_open();
  }
  if (bad_byte != std::string_view::npos) fail_utf8(source, text, first_line, bad_byte);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Header and delimiter.

char detect_delimiter(std::string_view first_line) {
  constexpr char candidates[] = {',', ';', '\t', '|'};
  std::size_t counts[4] = {0, 0, 0, 0};
  bool in_quotes = false;
  for (const char c : first_line) {
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    for (int k = 0; k < 4; ++k) {
      if (c == candidates[k]) ++counts[k];
    }
  }
  int best = 0;
  for (int k = 1; k < 4; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return candidates[best];
}

// Merges the chunks' values of one column into its final form.
void merge_column(CsvColumn& out, std::vector<ChunkResult>& chunks, std::size_t j, bool force_text,
                  std::size_t rows) {
  bool text = force_text;
  for (const auto& chunk : chunks) text = text || chunk.columns[j].text;
  for (auto& chunk : chunks) {
    ChunkColumn& c = chunk.columns[j];
    if (out.first_missing.line == 0 && c.first_missing.line != 0)
      out.first_missing = c.first_missing;
    if (out.first_text.line == 0 && c.first_text.line != 0) out.first_text = c.first_text;
    out.missing += c.missing;
    out.text_values += c.text_values;
    out.comma_numbers += c.comma_numbers;
  }
  if (!text && chunks.size() == 1) {  // one chunk (a block): its numbers as they are
    out.kind = ColumnKind::numeric;
    out.numbers = std::move(chunks.front().columns[j].numbers);
    return;
  }
  if (!text) {
    out.kind = ColumnKind::numeric;
    out.numbers.reserve(rows);
    for (auto& chunk : chunks) {
      auto& numbers = chunk.columns[j].numbers;
      out.numbers.insert(out.numbers.end(), numbers.begin(), numbers.end());
      numbers = {};
    }
    return;
  }
  out.kind = ColumnKind::text;
  std::unordered_map<std::string, std::int32_t> global;
  std::vector<std::string> levels;
  const auto intern = [&](const std::string& s) {
    const auto [it, inserted] = global.try_emplace(s, static_cast<std::int32_t>(levels.size()));
    if (inserted) levels.push_back(s);
    return it->second;
  };
  out.codes.reserve(rows);
  for (auto& chunk : chunks) {
    ChunkColumn& c = chunk.columns[j];
    if (!c.text) {
      for (const double v : c.numbers)
        out.codes.push_back(std::isnan(v) ? -1 : intern(shortest(v)));
    } else {
      std::vector<std::int32_t> map(c.levels.size());
      for (std::size_t k = 0; k < c.levels.size(); ++k) map[k] = intern(c.levels[k]);
      for (const auto code : c.codes)
        out.codes.push_back(code < 0 ? -1 : map[static_cast<std::size_t>(code)]);
    }
    c = ChunkColumn{};
  }
  // Sorted levels, codes renumbered to match.
  std::vector<std::int32_t> order(levels.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<std::int32_t>(k);
  std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return levels[static_cast<std::size_t>(a)] < levels[static_cast<std::size_t>(b)];
  });
  std::vector<std::int32_t> rank(levels.size());
  out.levels.reserve(levels.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    rank[static_cast<std::size_t>(order[k])] = static_cast<std::int32_t>(k);
    out.levels.push_back(std::move(levels[static_cast<std::size_t>(order[k])]));
  }
  for (auto& code : out.codes) {
    if (code >= 0) code = rank[static_cast<std::size_t>(code)];
  }
  out.text_numbers = out.codes.size() - out.missing - out.text_values;
}

}  // namespace

void make_text_column(CsvColumn& c) {
  if (c.kind == ColumnKind::text) return;
  std::vector<std::string> names;
  for (const double v : c.numbers) {
    if (!std::isnan(v)) names.push_back(shortest(v));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::unordered_map<std::string, std::int32_t> code_of;
  for (std::size_t k = 0; k < names.size(); ++k)
    code_of.emplace(names[k], static_cast<std::int32_t>(k));
  c.codes.reserve(c.numbers.size());
  for (const double v : c.numbers) c.codes.push_back(std::isnan(v) ? -1 : code_of.at(shortest(v)));
  c.text_numbers = c.numbers.size() - c.missing;
  c.numbers = {};
  c.levels = std::move(names);
  c.kind = ColumnKind::text;
}

void append_table(CsvTable& into, CsvTable&& more) {
  if (into.columns.size() != more.columns.size())
    throw std::invalid_argument("append_table: the tables have different columns");
  for (std::size_t j = 0; j < into.columns.size(); ++j) {
    if (into.columns[j].name != more.columns[j].name)
      throw std::invalid_argument("append_table: the tables have different columns");
  }
  for (std::size_t j = 0; j < into.columns.size(); ++j) {
    CsvColumn& a = into.columns[j];
    CsvColumn& b = more.columns[j];
    if (a.first_missing.line == 0) a.first_missing = b.first_missing;
    if (a.first_text.line == 0) a.first_text = b.first_text;
    a.missing += b.missing;
    a.text_values += b.text_values;
    a.comma_numbers += b.comma_numbers;
    if (a.kind == ColumnKind::numeric && b.kind == ColumnKind::numeric) {
      a.numbers.insert(a.numbers.end(), b.numbers.begin(), b.numbers.end());
      continue;
    }
    make_text_column(a);
    make_text_column(b);
    a.text_numbers += b.text_numbers;
    // Both codes into the sorted union of the levels.
    std::vector<std::string> levels;
    std::set_union(a.levels.begin(), a.levels.end(), b.levels.begin(), b.levels.end(),
                   std::back_inserter(levels));
    const auto renumber = [&levels](const std::vector<std::string>& own) {
      std::vector<std::int32_t> to(own.size());
      for (std::size_t k = 0; k < own.size(); ++k)
        to[k] = static_cast<std::int32_t>(std::lower_bound(levels.begin(), levels.end(), own[k]) -
                                          levels.begin());
      return to;
    };
    const std::vector<std::int32_t> from_a = renumber(a.levels);
    const std::vector<std::int32_t> from_b = renumber(b.levels);
    for (auto& code : a.codes) {
      if (code >= 0) code = from_a[static_cast<std::size_t>(code)];
    }
    a.codes.reserve(a.codes.size() + b.codes.size());
    for (const auto code : b.codes)
      a.codes.push_back(code < 0 ? -1 : from_b[static_cast<std::size_t>(code)]);
    a.levels = std::move(levels);
  }
  into.rows += more.rows;
  into.lines.insert(into.lines.end(), more.lines.begin(), more.lines.end());
  into.index_columns();
}

std::string normalized_text(std::string_view value, char decimal) {
  double number = 0.0;
  return parse_number(value, number, decimal) == Parsed::number ? shortest(number)
                                                                : std::string(value);
}

bool parses_as_number(std::string_view value, char decimal) {
  double number = 0.0;
  return parse_number(value, number, decimal) == Parsed::number;
}

std::size_t CsvColumn::number_values() const {
  if (kind == ColumnKind::numeric) return numbers.size() - missing;
  return text_numbers;
}

bool mostly_numeric(const CsvColumn& column) {
  if (column.kind != ColumnKind::text || column.text_values == 0) return false;
  const auto numbers = static_cast<double>(column.number_values());
  const auto with_commas = numbers + static_cast<double>(column.comma_numbers);
  return with_commas >= kMostlyNumericShare * (numbers + static_cast<double>(column.text_values));
}

std::string to_string(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      return "utf8";
    case TextEncoding::latin1:
      return "latin1";
  }
  return "?";
}

TextEncoding parse_text_encoding(const std::string& name) {
  std::string lower;
  for (const char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "utf8" || lower == "utf-8") return TextEncoding::utf8;
  if (lower == "latin1" || lower == "latin-1" || lower == "iso-8859-1" || lower == "iso8859-1") {
    return TextEncoding::latin1;
  }
  throw UsageError(fmt::format("unknown text encoding '{}' (expected utf8 or latin1)", name));
}

void CsvOptions::validate() const {
  if (decimal != '.' && decimal != ',') {
    throw UsageError(fmt::format("the decimal separator must be '.' or ',', got '{}'", decimal));
  }
  if (delimiter == decimal) {
    throw UsageError(
        fmt::format("the decimal separator '{}' cannot also be the field delimiter "
                    "(files with decimal commas separate fields with ';')",
                    decimal));
  }
  for (auto it = na_values.begin(); it != na_values.end(); ++it) {
    if (it->empty()) {
      throw UsageError("a missing-value token cannot be empty (empty fields are missing already)");
    }
    if (std::find(na_values.begin(), it, *it) != it) {
      throw UsageError(fmt::format("the missing-value token '{}' is given twice", *it));
    }
  }
}

void CsvTable::index_columns() {
  index_.clear();
  for (std::size_t j = 0; j < columns.size(); ++j) index_.emplace(columns[j].name, j);
}

const CsvColumn* CsvTable::find(const std::string& name) const {
  if (const auto it = index_.find(name);
      it != index_.end() && it->second < columns.size() && columns[it->second].name == name) {
    return &columns[it->second];
  }
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const CsvColumn& CsvTable::column(const std::string& name) const {
  if (const CsvColumn* c = find(name)) return *c;
  throw DataError(located_message(
      source, 0, 0,
      fmt::format("no column named '{}'; the columns are: {}", name, list_names(column_names()))));
}

bool CsvTable::has_column(const std::string& name) const { return find(name) != nullptr; }

std::vector<std::string> CsvTable::column_names() const {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
}

namespace {

// The CPUs this process may run on (its affinity mask: a process bound by mpirun or a
// container's cpuset gets fewer than the machine has), at least 1.
unsigned usable_cpus() {
#ifdef __linux__
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
#endif
  return std::max(1u, std::thread::hardware_concurrency());
}

// Reads the header (after a byte-order mark and blank lines) into layout.names and sets the
// delimiter: where the data begins in `buffer` (which holds what was read so far), and its line.
struct HeaderEnd {
  std::size_t offset = 0;
  std::size_t line = 1;
};
HeaderEnd read_header(ChunkReader& reader, std::string& buffer, const std::string& source,
                      const CsvOptions& options, Layout& layout, char& delimiter_used) {
  // The first chunk: enough text for the header line.
  while (buffer.size() < 3 && reader.read_more(buffer)) {
  }
  std::size_t offset = 0;
  if (buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) offset = 3;
  if (layout.check_utf8 &&
      (buffer.compare(0, 2, "\xFF\xFE") == 0 || buffer.compare(0, 2, "\xFE\xFF") == 0)) {
    throw DataError(located_message(
        source, 1, 1,
        fmt::format("the file starts with the byte-order mark {} {} of UTF-16 text: "
                    "convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)",
                    byte_name(buffer[0]), byte_name(buffer[1]))));
  }
  std::size_t line = 1;
  // Skip leading blank lines, reading more until the header's first line is complete.
  while (true) {
    std::size_t newline = buffer.find('\n', offset);
    while (newline == std::string::npos && reader.read_more(buffer))
      newline = buffer.find('\n', offset);
    const std::size_t stop = newline == std::string::npos ? buffer.size() : newline;
    const auto text = std::string_view(buffer).substr(offset, stop - offset);
    if (text.find_first_not_of(" \t\r") != std::string_view::npos) break;
    if (newline == std::string::npos) {
      throw DataError(located_message(source, 0, 0, "the file is empty: expected a header row"));
    }
    offset = newline + 1;
    ++line;
  }
  const std::size_t header_line_end = std::min(buffer.find('\n', offset), buffer.size());
  // A carriage return inside the first line (not the CR of a CRLF end): lines that end in CR
  // alone (classic Mac OS) would read as one header line and no rows.
  if (const auto first_line = std::string_view(buffer).substr(offset, header_line_end - offset);
      first_line.find('\r') + 1 < first_line.size() &&
      first_line.find_first_not_of(" \t\r", first_line.find('\r')) != std::string_view::npos) {
    throw DataError(
        located_message(source, line, 0,
                        "the lines end in a carriage return alone (classic Mac OS): convert the "
                        "line ends to LF or CRLF first (tr '\\r' '\\n')"));
  }
  delimiter_used =
      options.delimiter != '\0'
          ? options.delimiter
          : detect_delimiter(std::string_view(buffer).substr(offset, header_line_end - offset));
  const char delimiter = delimiter_used;
  if (delimiter == options.decimal) {
    throw DataError(located_message(
        source, line, 0,
        fmt::format(
            "the header's field delimiter '{}' is also the decimal separator: files with decimal "
            "commas separate fields with ';' (give the delimiter if the header has one field)",
            delimiter)));
  }

  // Make sure the header record is complete (a quoted name may span lines), then parse it.
  std::size_t end = last_record_end(buffer.data() + offset, buffer.size() - offset, delimiter);
  while (end == 0 && reader.read_more(buffer)) {
    end = last_record_end(buffer.data() + offset, buffer.size() - offset, delimiter);
  }
  if (end == 0) end = buffer.size() - offset;  // a header without a newline, at end of input
  {
    RecordParser header(source, delimiter, std::string_view(buffer).substr(offset, end), line,
                        std::numeric_limits<std::size_t>::max() - 1);
    std::vector<Field> fields;
    std::size_t header_line = 0;
    header.next(fields, header_line);
    // The header record only: what follows it in the buffer depends on the chunking.
    if (layout.check_utf8)
      check_utf8(source, std::string_view(buffer).substr(offset, header.consumed()), line);
    std::unordered_set<std::string> seen;
    for (std::size_t j = 0; j < fields.size(); ++j) {
      std::string name(fields[j].text);
      if (name.empty()) {
        throw DataError(located_message(source, fields[j].line, fields[j].column,
                                        fmt::format("column {} of the header has no name", j + 1)));
      }
      if (!seen.insert(name).second) {
        throw DataError(located_message(source, fields[j].line, fields[j].column,
                                        fmt::format("duplicate column name '{}'", name)));
      }
      layout.names.push_back(std::move(name));
    }
    // Continue right after the header record.
    offset += header.consumed();
    line = header.line();
  }

  return {offset, line};
}

// Reads the header, then the records chunk by chunk, each parsed and handed to `work` on one of
// up to `threads` threads; `sink` gets work's results on the calling thread, in file order, while
// later chunks are parsed. `layout` and `delimiter_used` are set once the header is read, before
// any chunk.
template <typename Result, typename Work, typename Sink>
void read_chunks(std::istream& in, const std::string& source, const CsvOptions& options,
                 Layout& layout, char& delimiter_used, const Work& work, const Sink& sink) {
  options.validate();
  const std::size_t chunk_bytes = std::max<std::size_t>(options.chunk_bytes, 1);
  ChunkReader reader(in, chunk_bytes, options.encoding);
  layout.decimal = options.decimal;
  layout.na_values = options.na_values;
  layout.record_lines = options.record_lines;
  layout.numeric_na =
      std::any_of(options.na_values.begin(), options.na_values.end(), [&](const std::string& t) {
        double v = 0.0;
        return parse_number(t, v, options.decimal) != Parsed::not_a_number;
      });
  layout.check_utf8 = options.encoding == TextEncoding::utf8;

  std::string buffer;
  const HeaderEnd start = read_header(reader, buffer, source, options, layout, delimiter_used);
  const char delimiter = delimiter_used;
  std::size_t offset = start.offset;
  std::size_t line = start.line + options.skipped_lines;

  // Roles.
  const auto listed = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  const auto check_exists = [&](const std::vector<std::string>& list, const char* what) {
    for (const auto& name : list) {
      if (!listed(layout.names, name)) {
        throw DataError(located_message(source, 0, 0,
                                        fmt::format("{}: no column named '{}'; the columns are: {}",
                                                    what, name, list_names(layout.names))));
      }
    }
  };
  check_exists(options.use_columns, "columns to read");
  check_exists(options.skip_columns, "columns to drop");
  check_exists(options.text_columns, "text columns");
  check_exists(options.numeric_columns, "numeric columns");
  for (const auto& name : layout.names) {
    Role role = Role::infer;
    if ((!options.use_columns.empty() && !listed(options.use_columns, name)) ||
        listed(options.skip_columns, name)) {
      role = Role::skip;
    } else if (listed(options.text_columns, name)) {
      role = Role::text;
    } else if (listed(options.numeric_columns, name)) {
      role = Role::numeric;
    }
    layout.roles.push_back(role);
  }

  // Chunks of whole records, parsed on up to `threads` threads, results kept in order.
  const unsigned threads = options.threads != 0 ? options.threads : usable_cpus();
  std::deque<std::future<Result>> pending;
  const auto submit = [&](Chunk chunk) {
    if (threads <= 1) {
      sink(work(parse_chunk(source, delimiter, layout,
                            std::string_view(chunk.text).substr(chunk.offset), chunk.first_line,
                            chunk.lines + 1)));
      return;
    }
    while (pending.size() >= threads) {
      sink(pending.front().get());
      pending.pop_front();
    }
    // The chunk moves into the task's own frame, so its text is freed as soon as it is parsed
    // (the future keeps the callable, captures included, until it is consumed).
    pending.push_back(std::async(
        std::launch::async, [&source, delimiter, &layout, &work, c = std::move(chunk)]() mutable {
          const Chunk text = std::move(c);
          ChunkResult parsed = parse_chunk(source, delimiter, layout,
                                           std::string_view(text.text).substr(text.offset),
                                           text.first_line, text.lines + 1);
          return work(std::move(parsed));
        }));
  };

  try {
    // The rest of the first buffer, then the stream, chunk by chunk.
    while (true) {
      std::size_t cut = last_record_end(buffer.data() + offset, buffer.size() - offset, delimiter);
      while (cut == 0 && !reader.eof()) {
        reader.read_more(buffer);
        cut = last_record_end(buffer.data() + offset, buffer.size() - offset, delimiter);
      }
      if (reader.eof()) cut = buffer.size() - offset;  // the last record may lack its newline
      if (cut == 0) break;
      Chunk chunk;
      chunk.first_line = line;
      const auto first = buffer.begin() + static_cast<std::ptrdiff_t>(offset);
      chunk.lines = static_cast<std::size_t>(
          std::count(first, first + static_cast<std::ptrdiff_t>(cut), '\n'));
      line += chunk.lines;
      std::string rest = buffer.substr(offset + cut);
      buffer.resize(offset + cut);
      chunk.text = std::move(buffer);
      chunk.offset = offset;
      submit(std::move(chunk));
      if (options.on_progress) options.on_progress(reader.bytes_read(), line - 1);
      buffer = std::move(rest);
      offset = 0;
      if (reader.eof() && buffer.empty()) break;
      reader.read_more(buffer);
    }
    while (!pending.empty()) {
      sink(pending.front().get());
      pending.pop_front();
    }
  } catch (...) {
    for (auto& f : pending) {
      if (f.valid()) f.wait();
    }
    throw;
  }
}

}  // namespace

CsvHeader read_csv_header(std::istream& in, const std::string& source, const CsvOptions& options) {
  options.validate();
  ChunkReader reader(in, std::size_t{1} << 16, options.encoding);
  Layout layout;
  layout.decimal = options.decimal;
  layout.check_utf8 = options.encoding == TextEncoding::utf8;
  std::string buffer;
  CsvHeader header;
  const HeaderEnd end = read_header(reader, buffer, source, options, layout, header.delimiter);
  header.names = std::move(layout.names);
  header.lines = end.line - 1;
  header.bytes = end.offset;
  if (options.encoding == TextEncoding::latin1) {  // one byte of the file per UTF-8 character
    header.bytes = static_cast<std::size_t>(
        std::count_if(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(end.offset),
                      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }
  return header;
}

CsvTable read_csv(std::istream& in, const std::string& source, const CsvOptions& options) {
  CsvTable table;
  table.source = source;
  std::vector<ChunkResult> results;
  Layout layout;
  read_chunks<ChunkResult>(
      in, source, options, layout, table.delimiter, [](ChunkResult&& r) { return std::move(r); },
      [&](ChunkResult&& r) { results.push_back(std::move(r)); });
  std::size_t rows = 0;
  for (const auto& r : results) rows += r.rows;
  table.rows = static_cast<Index>(rows);
  if (layout.record_lines) {
    table.lines.reserve(rows);
    for (const auto& r : results)
      table.lines.insert(table.lines.end(), r.lines.begin(), r.lines.end());
  }
  for (std::size_t j = 0; j < layout.names.size(); ++j) {
    if (layout.roles[j] == Role::skip) continue;
    CsvColumn column;
    column.name = layout.names[j];
    merge_column(column, results, j, layout.roles[j] == Role::text, rows);
    table.columns.push_back(std::move(column));
  }
  table.index_columns();
  return table;
}

void read_csv_blocks(std::istream& in, const std::string& source, const CsvOptions& options,
                     const CsvBlockTask& task) {
  using InOrder = std::function<void(Index)>;
  Index first_row = 0;
  char delimiter = ',';
  Layout layout;
  const auto work = [&](ChunkResult&& r) -> std::pair<InOrder, Index> {
    CsvTable block;
    block.source = source;
    block.delimiter = delimiter;
    block.rows = static_cast<Index>(r.rows);
    block.lines = std::move(r.lines);
    std::vector<ChunkResult> one;
    one.push_back(std::move(r));
    for (std::size_t j = 0; j < layout.names.size(); ++j) {
      if (layout.roles[j] == Role::skip) continue;
      CsvColumn column;
      column.name = layout.names[j];
      merge_column(column, one, j, layout.roles[j] == Role::text, one.front().rows);
      block.columns.push_back(std::move(column));
    }
    block.index_columns();
    const Index rows = block.rows;
    return {task(std::move(block)), rows};
  };
  read_chunks<std::pair<InOrder, Index>>(in, source, options, layout, delimiter, work,
                                         [&](std::pair<InOrder, Index>&& done) {
                                           if (done.first) done.first(first_row);
                                           first_row += done.second;
                                         });
}

}  // namespace linreg
