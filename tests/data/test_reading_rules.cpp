// What the CSV reader refuses or reads differently on request: text that is not UTF-8 (and
// Latin-1 on request), extra missing-value tokens, decimal commas, and the counts behind the
// rule that tells a dirty numeric column from a text column.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "core/text_encoding.hpp"
#include "linreg/csv.hpp"
#include "linreg/errors.hpp"

namespace linreg {
namespace {

const std::string kTrustDir = LINREG_TEST_DATA_DIR "/trust/";

CsvTable read_text(const std::string& text, CsvOptions options = {},
                   const std::string& source = "t.csv") {
  std::istringstream in(text);
  return read_csv(in, source, options);
}

CsvTable read_data_file(const std::string& name, CsvOptions options = {}) {
  std::ifstream in(kTrustDir + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return read_csv(in, name, options);
}

std::string error_of(const std::string& text, CsvOptions options = {}) {
  try {
    (void)read_text(text, options);
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no DataError)";
}

// Every chunk size and thread count must give the same answer (chunks cut inside sequences).
template <typename Check>
void for_each_chunking(const Check& check) {
  for (const std::size_t chunk :
       {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{4} << 20}) {
    for (const unsigned threads : {1u, 2u}) {
      CsvOptions options;
      options.chunk_bytes = chunk;
      options.threads = threads;
      check(options);
    }
  }
}

TEST(Utf8Check, AcceptsWellFormedAndFindsTheFirstBadByte) {
  EXPECT_EQ(first_invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("plain ascii, 1.5"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("S\xC3\xA3o Paulo \xE2\x82\xAC \xF0\x9F\x98\x80"),
            std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("S\xE3o Paulo"), 1u);      // Latin-1 ã
  EXPECT_EQ(first_invalid_utf8("ab\x80"), 2u);            // a lone continuation byte
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("x\xE0\x80\xAF"), 1u);     // overlong three-byte form
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);      // a surrogate (U+D800)
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ok \xE2\x82"), 3u);       // cut off at the end
  // Past the first 4 KiB block, and a sequence straddling a block boundary.
  std::string long_text(4095, 'a');
  long_text += "\xC3\xA9";
  long_text += std::string(5000, 'b');
  EXPECT_EQ(first_invalid_utf8(long_text), std::string_view::npos);
  long_text += '\xFF';
  EXPECT_EQ(first_invalid_utf8(long_text), long_text.size() - 1);
}

TEST(Utf8Check, MessagesQuoteOnlyValidText) {
  EXPECT_EQ(printable("S\xC3\xA3o"), "S\xC3\xA3o");
  EXPECT_EQ(printable("S\xE3o"), "S\\xE3o");
  EXPECT_EQ(printable(std::string("1\0"
                                  "2\t",
                                  4)),
            "1\\x002\\x09");
  EXPECT_EQ(printable("\xFF\xFE ok \xE2\x82"), "\\xFF\\xFE ok \\xE2\\x82");
  EXPECT_EQ(first_invalid_utf8(printable("a\x80\xC0\xAF")), std::string_view::npos);
}

TEST(Utf8Check, Latin1TranscodesEveryByte) {
  std::string out;
  append_latin1_as_utf8("S\xE3o \xFF\x41", out);
  EXPECT_EQ(out,
            "S\xC3\xA3o \xC3\xBF"
            "A");
  EXPECT_EQ(first_invalid_utf8(out), std::string_view::npos);
}

TEST(ReadingRules, NotUtf8IsAnErrorAtItsLineAndColumn) {
  // tests/data/trust/latin1_cities.csv: "city,y", then line 3 is "Bras\xEDlia,2".
  for_each_chunking([](const CsvOptions& options) {
    try {
      (void)read_data_file("latin1_cities.csv", options);
      ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("latin1_cities.csv:3:5: byte 0xED is not valid UTF-8"), std::string::npos)
          << what;
      EXPECT_NE(what.find("`encoding=latin1`"), std::string::npos) << what;
      EXPECT_NE(what.find("iconv"), std::string::npos) << what;
    }
  });
  // In the header, and inside a quoted field that spans lines.
  EXPECT_NE(error_of("ci\xE9,y\n1,2\n").find("t.csv:1:3: byte 0xE9"), std::string::npos);
  EXPECT_NE(error_of("a,b\n\"x\ny\xFCz\",1\n").find("t.csv:3:2: byte 0xFC"), std::string::npos);
  // Errors come in file order whatever the chunking: a bad row before the bad byte is named first,
  // and a bad byte in the rows after the header is not a header error.
  for_each_chunking([](const CsvOptions& options) {
    EXPECT_NE(error_of("a,b\n1,2,3\n\xFF,1\n", options).find("t.csv:2: expected 2 fields"),
              std::string::npos);
    EXPECT_NE(error_of("a,b\n1,2\n\xFF,1\n1,2,3\n", options).find("t.csv:3:1: byte 0xFF"),
              std::string::npos);
  });
  // UTF-16 is named as such.
  EXPECT_NE(error_of(std::string("\xFF\xFE"
                                 "a\0,\0",
                                 6))
                .find("UTF-16"),
            std::string::npos);
}

TEST(ReadingRules, LinesEndingInCarriageReturnsAloneAreNamed) {
  for_each_chunking([](const CsvOptions& options) {
    EXPECT_NE(error_of("x,y\r1,2\r2,3\r", options)
                  .find("t.csv:1: the lines end in a carriage return alone"),
              std::string::npos);
    EXPECT_EQ(read_text("x,y\r\n1,2\r\n", options).rows, 1);  // CRLF is fine
  });
}

TEST(ReadingRules, Latin1IsTranscodedOnRequest) {
  for_each_chunking([](CsvOptions options) {
    options.encoding = TextEncoding::latin1;
    const CsvTable t = read_data_file("latin1_cities.csv", options);
    const CsvColumn& city = t.column("city");
    ASSERT_EQ(city.kind, ColumnKind::text);
    EXPECT_NE(std::find(city.levels.begin(), city.levels.end(), "S\xC3\xA3o Paulo"),
              city.levels.end());
    EXPECT_NE(std::find(city.levels.begin(), city.levels.end(), "Bras\xC3\xADlia"),
              city.levels.end());
  });
  EXPECT_EQ(parse_text_encoding("ISO-8859-1"), TextEncoding::latin1);
  EXPECT_EQ(parse_text_encoding("UTF-8"), TextEncoding::utf8);
  EXPECT_THROW((void)parse_text_encoding("cp1252"), std::invalid_argument);
}

TEST(ReadingRules, ExtraMissingTokensNumbersIncluded) {
  for_each_chunking([](CsvOptions options) {
    options.na_values = {"-999", "?", "12a"};
    const CsvTable t = read_text("age,y\n30,1\n-999,2\n?,3\n12a,4\n-999.5,5\n", options);
    const CsvColumn& age = t.column("age");
    ASSERT_EQ(age.kind, ColumnKind::numeric);
    EXPECT_EQ(age.missing, 3u);
    EXPECT_EQ(age.numbers[0], 30.0);
    EXPECT_TRUE(std::isnan(age.numbers[1]));
    EXPECT_TRUE(std::isnan(age.numbers[3]));
    EXPECT_EQ(age.numbers[4], -999.5);  // tokens match whole fields, not numbers near them
    EXPECT_EQ(age.first_missing.line, 3u);
  });
  CsvOptions bad;
  bad.na_values = {"?", "?"};
  EXPECT_THROW((void)read_text("a\n1\n", bad), std::invalid_argument);
  bad.na_values = {""};
  EXPECT_THROW((void)read_text("a\n1\n", bad), std::invalid_argument);
}

TEST(ReadingRules, DecimalCommas) {
  for_each_chunking([](CsvOptions options) {
    options.decimal = ',';
    const CsvTable t = read_data_file("decimal_comma.csv", options);
    ASSERT_EQ(t.delimiter, ';');
    const CsvColumn& x = t.column("x");
    ASSERT_EQ(x.kind, ColumnKind::numeric);
    EXPECT_EQ(x.numbers[0], 9.5);
    EXPECT_EQ(x.numbers[1], -1.25);
    EXPECT_EQ(x.numbers[2], 1250.0);
    EXPECT_EQ(x.numbers[3], 1.5e-3);
  });
  // Read with '.', the same file's x is text, and mostly so: not a dirty numeric column.
  const CsvTable plain = read_data_file("decimal_comma.csv");
  EXPECT_EQ(plain.column("x").kind, ColumnKind::text);
  CsvOptions same;
  same.decimal = ',';
  same.delimiter = ',';
  EXPECT_THROW((void)read_text("a,b\n1,2\n", same), std::invalid_argument);
  CsvOptions detected;
  detected.decimal = ',';
  EXPECT_NE(error_of("a,b\n1,2\n", detected).find("also the decimal separator"), std::string::npos);
}

TEST(ReadingRules, CountsBehindTheMostlyNumericRule) {
  // 9 numbers and 1 text value: 90%, dirty numeric. 8 and 2: 80%, text.
  std::string nine = "x\n";
  for (int i = 0; i < 9; ++i) nine += std::to_string(i) + "\n";
  const std::string eight_text = nine.substr(0, nine.rfind("8\n")) + "b\n";
  for_each_chunking([&](const CsvOptions& options) {
    const CsvTable a = read_text(nine + "NA\n1 2\n", options);
    const CsvColumn& x = a.column("x");
    ASSERT_EQ(x.kind, ColumnKind::text);
    EXPECT_EQ(x.text_values, 1u);
    EXPECT_EQ(x.number_values(), 9u);
    EXPECT_EQ(x.missing, 1u);
    EXPECT_EQ(x.first_text.line, 12u);
    EXPECT_EQ(x.first_text.value, "1 2");
    EXPECT_TRUE(mostly_numeric(x));
    const CsvTable b = read_text(eight_text + "c\n", options);
    EXPECT_EQ(b.column("x").text_values, 2u);
    EXPECT_FALSE(mostly_numeric(b.column("x")));
  });
  // Numbers written with commas count as numbers for the rule: a decimal comma, thousands groups;
  // not commas elsewhere ("1,23,4", "a,b").
  for_each_chunking([](const CsvOptions& options) {
    const CsvTable t =
        read_text("x\n\"9,5\"\n\"1,000\"\n\"12,345,678.5\"\n\"1,23,4\"\n\"a,b\"\n7\n", options);
    const CsvColumn& x = t.column("x");
    EXPECT_EQ(x.text_values, 5u);
    EXPECT_EQ(x.comma_numbers, 3u);
    EXPECT_FALSE(mostly_numeric(x));  // 4 of 6 with the commas
  });
  // A numeric column, and a text column without numbers, are neither.
  EXPECT_FALSE(mostly_numeric(read_text("x\n1\n2\n").column("x")));
  EXPECT_FALSE(mostly_numeric(read_text("x\na\nb\n").column("x")));
  // Listed as text: its numbers are levels, its non-numbers counted all the same.
  CsvOptions listed;
  listed.text_columns = {"x"};
  const CsvTable listed_table = read_text("x\n1\n2\nz\n", listed);
  const CsvColumn& codes = listed_table.column("x");
  EXPECT_EQ(codes.text_values, 1u);
  EXPECT_EQ(codes.number_values(), 2u);
}

}  // namespace
}  // namespace linreg
