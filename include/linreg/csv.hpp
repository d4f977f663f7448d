#pragma once
// The CSV reader: RFC 4180 quoting, a header row, delimiter detection, missing values, and
// column typing. Reads in chunks on several threads and never holds the whole file as text.
//
// Format accepted (what pandas.read_csv takes by default):
//  - a header row of unique, non-empty names; then one record per line;
//  - delimiter: ',' ';' TAB or '|', detected from the header (the most frequent outside quotes,
//    ',' on ties) unless given;
//  - fields may be quoted with '"'; inside, the delimiter, newlines and doubled quotes "" are
//    data; a quote only opens a quoted field at the field's start (after optional spaces);
//  - UTF-8 byte-order mark, CRLF or LF line ends, a last line with or without a newline;
//  - blank (empty or all-space) lines are skipped; spaces around unquoted values are trimmed;
//  - missing values: an empty field, NA, N/A, nan, NaN, NAN, null, NULL, and any token given
//    in CsvOptions::na_values (pandas' na_values);
//  - numbers as fast_float reads them (exponents included, a leading '+' allowed), with '.' or
//    the given decimal separator; "inf" and other non-finite values are errors, not numbers;
//  - text in UTF-8 (checked as it is read: an invalid byte is a DataError at its line and
//    column), or Latin-1 transcoded to UTF-8 when asked.
// Column typing: a column is numeric when every non-missing value parses as a number, text
// otherwise. In a text column a value that parses as a number is named by its shortest
// round-trip form ("5.0" and "5" are both "5"), so categories compare equal however spelled.
// A text column that is mostly numbers (mostly_numeric) is kept as text here; whether that is
// an error is the caller's decision (the fit refuses it unless the column is listed as text).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "linreg/types.hpp"

namespace linreg {

// Where a value sits in the file: 1-based physical line and byte column.
struct CellLocation {
  std::size_t line = 0;  // 0: no such cell
  std::size_t column = 0;
  std::string value;  // the field's text (for first_text)
};

enum class ColumnKind { numeric, text };

struct CsvColumn {
  std::string name;
  ColumnKind kind = ColumnKind::numeric;
  std::vector<double> numbers;      // numeric: one per row, NaN where missing
  std::vector<std::int32_t> codes;  // text: index into levels, -1 where missing
  std::vector<std::string> levels;  // text: the distinct values, sorted (byte order)
  std::size_t missing = 0;
  std::size_t text_values = 0;    // text: non-missing values that are not numbers…
  std::size_t comma_numbers = 0;  // …of which numbers written with commas ("9,5", "1,000")
  std::size_t text_numbers = 0;   // text: non-missing values that are numbers
  CellLocation first_missing;
  CellLocation first_text;  // text: the first value that is not a number (for messages)

  // Non-missing values that are numbers.
  [[nodiscard]] std::size_t number_values() const;
};

// The typing rule that tells a dirty numeric column from a text column: a column read as text
// whose non-missing values are at least this share numbers (numbers written with commas, "9,5"
// or "1,000", counted as numbers) is a numeric column with bad cells (a typo "12a", decimal
// commas, thousands separators, hex), not a category.
inline constexpr double kMostlyNumericShare = 0.9;
[[nodiscard]] bool mostly_numeric(const CsvColumn& column);

enum class TextEncoding { utf8, latin1 };
[[nodiscard]] std::string to_string(TextEncoding encoding);
// std::invalid_argument naming the choices for anything but "utf8" / "utf-8" / "latin1" /
// "latin-1" / "iso-8859-1" (any case).
[[nodiscard]] TextEncoding parse_text_encoding(const std::string& name);

struct CsvTable {
  std::string source;
  char delimiter = ',';
  Index rows = 0;
  std::vector<CsvColumn> columns;
  std::vector<std::size_t> lines;  // each row's first physical line, with CsvOptions::record_lines

  // DataError naming the source and listing the columns when there is no such column.
  [[nodiscard]] const CsvColumn& column(const std::string& name) const;
  [[nodiscard]] bool has_column(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> column_names() const;

  // Makes column() and has_column() look names up in constant time (the reader calls it on every
  // table it returns; without it they scan the columns). A lookup checks the name it finds, so
  // columns changed afterwards are still found, by the scan.
  void index_columns();

 private:
  std::unordered_map<std::string, std::size_t> index_;
  [[nodiscard]] const CsvColumn* find(const std::string& name) const;
};

struct CsvOptions {
  char delimiter = '\0';  // '\0': detect
  // Read only these columns (each must exist); empty: all.
  std::vector<std::string> use_columns;
  // Do not read these (each must exist).
  std::vector<std::string> skip_columns;
  // Read as text whatever they hold (categorical codes given as numbers).
  std::vector<std::string> text_columns;
  // Must be numeric: a value that is not a number is a DataError at its cell.
  std::vector<std::string> numeric_columns;
  // More tokens read as missing, compared with a field's trimmed text (numbers too: "-999").
  std::vector<std::string> na_values;
  // The decimal separator of numbers: '.' or ','; it must differ from the delimiter.
  char decimal = '.';
  // How the bytes are decoded: UTF-8 (checked), or Latin-1 (transcoded to UTF-8).
  TextEncoding encoding = TextEncoding::utf8;
  std::size_t chunk_bytes = std::size_t{4} << 20;
  unsigned threads = 0;  // 0: one per CPU this process may run on (its affinity)
  // Physical lines of the file left out between the header and the text that follows it (a
  // shard of the file read as header + its records): added to every line number after the
  // header, so that messages and CsvTable::lines name the file's own lines.
  std::size_t skipped_lines = 0;
  // Keep each data row's physical line in CsvTable::lines (each block's, read in blocks): for
  // output that names rows by line (blank lines and quoted newlines make it differ from the row's
  // index).
  bool record_lines = false;
  // Called on the calling thread after each chunk is read: bytes read so far (header included)
  // and lines so far. For progress displays; it must not throw.
  std::function<void(std::uint64_t bytes, std::uint64_t lines)> on_progress;

  // std::invalid_argument naming the setting: a decimal separator other than '.' or ',', the
  // same character as decimal separator and delimiter, an empty or repeated na_values token.
  void validate() const;
};

// Throws DataError "source:line:column: ..." for malformed input: an empty file, a bad header
// (empty or duplicate names), a row with the wrong number of fields, an unterminated quote, a
// non-finite number, text in a numeric_columns column, a byte that is not UTF-8 (under the
// utf8 encoding). std::invalid_argument for options that fail validate().
CsvTable read_csv(std::istream& in, const std::string& source, const CsvOptions& options = {});

// The same reading, a chunk of records at a time (about chunk_bytes of text), so that a file
// larger than memory can be processed. Each block is a table of its rows; its columns are typed
// from that block alone (a column may be numeric in one block and text in a later one) and its
// levels are its own. `task` runs on a parsing thread as soon as a block is parsed (several
// blocks at once, in any order: it must be safe to run concurrently) and returns what to do on
// the calling thread, which runs in file order with the number of data rows before the block
// (an empty function: nothing). Errors as read_csv, at their place in file order; an exception
// from either part stops the reading and propagates.
using CsvBlockTask = std::function<std::function<void(Index first_row)>(CsvTable&& block)>;
void read_csv_blocks(std::istream& in, const std::string& source, const CsvOptions& options,
                     const CsvBlockTask& task);

// A file's header alone: every column's name (none skipped), the delimiter (detected unless
// given), and where the data begins: the bytes of the file before it (a byte-order mark, blank
// lines, the header record) and the newlines among them. Errors as read_csv's for the header.
struct CsvHeader {
  std::vector<std::string> names;
  char delimiter = ',';
  std::size_t bytes = 0;
  std::size_t lines = 0;
};
CsvHeader read_csv_header(std::istream& in, const std::string& source,
                          const CsvOptions& options = {});

// A numeric column as the reader keeps it when another of its cells is text: each number a
// level named in shortest form. A text column stays as it is.
void make_text_column(CsvColumn& column);

// Appends the rows of `more` (the same columns, in the same order) to `into`, as if read from one
// file: a column numeric in one and text in the other becomes text (numbers named in shortest
// form, as the reader names them), text levels are merged and sorted, counts added, the first
// missing and text cells kept from the earlier table. std::invalid_argument when the columns
// differ.
void append_table(CsvTable& into, CsvTable&& more);

// The name of a text value as the reader stores it (numbers in shortest round-trip form).
std::string normalized_text(std::string_view value, char decimal = '.');
// Whether the reader takes `value` (a trimmed field) for a finite number.
[[nodiscard]] bool parses_as_number(std::string_view value, char decimal = '.');

// Writes a header and rows: numbers in the shortest form that reads back to the same double,
// NaN as NA (which the reader takes as missing).
void write_csv(std::ostream& out, const std::vector<std::string>& column_names, MatrixRef values);

}  // namespace linreg
