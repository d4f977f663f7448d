// The CSV reader against tests/data/csv/cases.json: each file with its expected columns or
// error (with line and column), read with several chunk sizes and thread counts, which must
// all give the same answer.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linreg/csv.hpp"
#include "linreg/errors.hpp"
#include "linreg/random.hpp"

namespace linreg {
namespace {

const std::string kDataDir = LINREG_TEST_DATA_DIR "/csv/";

CsvTable read_file(const std::string& name, std::size_t chunk_bytes, unsigned threads) {
  std::ifstream in(kDataDir + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  CsvOptions options;
  options.chunk_bytes = chunk_bytes;
  options.threads = threads;
  return read_csv(in, name, options);
}

void expect_table(const CsvTable& t, const nlohmann::json& expect, const std::string& context) {
  ASSERT_EQ(t.rows, expect["rows"].get<Index>()) << context;
  if (expect.contains("delimiter")) {
    EXPECT_EQ(std::string(1, t.delimiter), expect["delimiter"].get<std::string>()) << context;
  }
  const auto& columns = expect["columns"];
  ASSERT_EQ(t.columns.size(), columns.size()) << context;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const CsvColumn& c = t.columns[j];
    const auto& e = columns[j];
    EXPECT_EQ(c.name, e["name"].get<std::string>()) << context;
    const bool numeric = e["kind"] == "numeric";
    ASSERT_EQ(c.kind, numeric ? ColumnKind::numeric : ColumnKind::text) << context << " " << c.name;
    const auto& values = e["values"];
    std::size_t missing = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i].is_null()) {
        ++missing;
        if (numeric) {
          EXPECT_TRUE(std::isnan(c.numbers[i])) << context << " row " << i;
        } else {
          EXPECT_EQ(c.codes[i], -1) << context << " row " << i;
        }
      } else if (numeric) {
        // Decimal literals parsed by fast_float and by nlohmann both round correctly: exact.
        EXPECT_EQ(c.numbers[i], values[i].get<double>()) << context << " row " << i;
      } else {
        ASSERT_GE(c.codes[i], 0) << context << " row " << i;
        EXPECT_EQ(c.levels[static_cast<std::size_t>(c.codes[i])], values[i].get<std::string>())
            << context << " row " << i;
      }
    }
    EXPECT_EQ(c.missing, missing) << context << " " << c.name;
    if (!numeric) {
      EXPECT_TRUE(std::is_sorted(c.levels.begin(), c.levels.end())) << context;
    }
  }
}

TEST(CsvReader, TableOfTrickyFiles) {
  std::ifstream manifest(kDataDir + "cases.json");
  ASSERT_TRUE(manifest.good());
  const auto cases = nlohmann::json::parse(manifest)["cases"];
  ASSERT_GE(cases.size(), 25u);
  for (const auto& c : cases) {
    const std::string file = c["file"];
    for (const std::size_t chunk :
         {std::size_t{1}, std::size_t{3}, std::size_t{16}, std::size_t{4} << 20}) {
      for (const unsigned threads : {1u, 2u}) {
        const std::string context = file + " (chunk " + std::to_string(chunk) + ", threads " +
                                    std::to_string(threads) + ")";
        if (c.contains("error")) {
          try {
            read_file(file, chunk, threads);
            ADD_FAILURE() << context << ": expected an error containing " << c["error"];
          } catch (const DataError& e) {
            EXPECT_NE(std::string(e.what()).find(c["error"].get<std::string>()), std::string::npos)
                << context << ": " << e.what();
          }
        } else {
          expect_table(read_file(file, chunk, threads), c["expect"], context);
        }
      }
    }
  }
}

TEST(CsvReader, ColumnRoles) {
  const std::string text = "a,b,c\n1,x,3\n2,y,4\n";
  {
    std::istringstream in(text);
    CsvOptions o;
    o.use_columns = {"c", "a"};
    o.text_columns = {"c"};
    const auto t = read_csv(in, "t.csv", o);
    ASSERT_EQ(t.columns.size(), 2u);  // file order, b skipped
    EXPECT_EQ(t.columns[0].name, "a");
    EXPECT_EQ(t.columns[1].kind, ColumnKind::text);
    EXPECT_EQ(t.columns[1].levels, (std::vector<std::string>{"3", "4"}));
  }
  {
    std::istringstream in(text);
    CsvOptions o;
    o.numeric_columns = {"b"};
    try {
      read_csv(in, "t.csv", o);
      FAIL();
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("t.csv:2:3: column 'b': 'x' is not a number"),
                std::string::npos)
          << e.what();
    }
  }
  {
    std::istringstream in(text);
    CsvOptions o;
    o.use_columns = {"nope"};
    EXPECT_THROW(read_csv(in, "t.csv", o), DataError);
  }
}

TEST(CsvReader, FirstTextAndMissingLocations) {
  std::istringstream in("a,b\n1,2\n,3\n12a,4\n");
  const auto t = read_csv(in, "t.csv");
  const auto& a = t.column("a");
  EXPECT_EQ(a.kind, ColumnKind::text);
  EXPECT_EQ(a.first_text.line, 4u);
  EXPECT_EQ(a.first_text.column, 1u);
  EXPECT_EQ(a.first_text.value, "12a");
  EXPECT_EQ(a.first_missing.line, 3u);
  EXPECT_THROW(static_cast<void>(t.column("zzz")), DataError);
}

TEST(CsvReader, LargeInputSameAcrossChunkingAndThreads) {
  std::string text = "id,value,label\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + "," + std::to_string(i * 0.25) + ",\"l" + std::to_string(i % 7) +
            "\nx\"\n";
  }
  std::istringstream a(text), b(text);
  CsvOptions one;
  one.threads = 1;
  CsvOptions many;
  many.threads = 4;
  many.chunk_bytes = 4096;
  const auto ta = read_csv(a, "a", one);
  const auto tb = read_csv(b, "b", many);
  ASSERT_EQ(ta.rows, 20000);
  ASSERT_EQ(tb.rows, 20000);
  EXPECT_EQ(ta.column("value").numbers, tb.column("value").numbers);
  EXPECT_EQ(ta.column("label").codes, tb.column("label").codes);
  EXPECT_EQ(tb.column("label").levels.size(), 7u);
  EXPECT_EQ(tb.column("value").numbers[19999], 19999 * 0.25);
}

// Blocks: the same rows as the whole table, in order, each typed on its own, with locations that
// point into the file.
TEST(CsvReader, BlocksCoverTheFileInOrder) {
  std::string text = "id,value,label\n";
  for (int i = 0; i < 5000; ++i) {
    text +=
        fmt::format("{},{},{}{}\n", i, i == 4321 ? std::string("NA") : fmt::format("{}", i * 0.5),
                    i >= 4000 ? "t" : "", i % 3);
  }
  for (const unsigned threads : {1u, 2u, 4u}) {
    std::istringstream in(text);
    CsvOptions options;
    options.threads = threads;
    options.chunk_bytes = 1000;
    options.skip_columns = {"id"};
    std::vector<double> values;
    Index expected_first = 0;
    int blocks = 0;
    bool saw_text = false;
    read_csv_blocks(in, "b.csv", options, [&](CsvTable&& parsed) -> std::function<void(Index)> {
      return [&, block = std::move(parsed)](Index first_row) {
        EXPECT_EQ(first_row, expected_first);
        expected_first += block.rows;
        ++blocks;
        ASSERT_EQ(block.columns.size(), 2u);
        const CsvColumn& v = block.column("value");
        values.insert(values.end(), v.numbers.begin(), v.numbers.end());
        if (v.missing > 0) {
          EXPECT_EQ(v.first_missing.line, 4323u);  // header + row 4322
          EXPECT_TRUE(std::isnan(v.numbers[static_cast<std::size_t>(4321 - first_row)]));
        }
        const CsvColumn& label = block.column("label");
        if (label.kind == ColumnKind::text) {
          saw_text = true;
          EXPECT_GE(first_row + block.rows, 4000);
        } else {
          EXPECT_LE(first_row + block.rows, 4000 + block.rows);
        }
      };
    });
    EXPECT_EQ(expected_first, 5000);
    EXPECT_GT(blocks, 50);
    EXPECT_TRUE(saw_text);
    ASSERT_EQ(values.size(), 5000u);
    EXPECT_EQ(values[4999], 4999 * 0.5);
  }
  std::istringstream bad("a,b\n1,2\n3\n");
  EXPECT_THROW(
      read_csv_blocks(bad, "bad.csv", {}, [](CsvTable&&) { return std::function<void(Index)>(); }),
      DataError);
  std::istringstream good("a\n1\n2\n");
  EXPECT_THROW(read_csv_blocks(good, "g.csv", {},
                               [](CsvTable&&) -> std::function<void(Index)> {
                                 throw std::runtime_error("stop");
                               }),
               std::runtime_error);
  std::istringstream later("a\n1\n2\n");
  EXPECT_THROW(read_csv_blocks(later, "g.csv", {},
                               [](CsvTable&&) -> std::function<void(Index)> {
                                 return [](Index) { throw std::runtime_error("stop"); };
                               }),
               std::runtime_error);
}

TEST(CsvReader, NumbersAreCorrectlyRounded) {
  // The reader's fast path for plain decimals must give the same double as a correctly rounding
  // parser (glibc's strtod) for every spelling: random digit counts, signs, decimal points.
  Rng rng(99);
  std::string text = "x\n";
  std::vector<std::string> spelled;
  for (int k = 0; k < 200000; ++k) {
    std::string s = rng.uniform_int(0, 2) == 0 ? "-" : "";
    const auto int_digits = rng.uniform_int(0, 10);
    const auto frac_digits = rng.uniform_int(0, 12);
    for (std::int64_t i = 0; i < int_digits; ++i)
      s += static_cast<char>('0' + rng.uniform_int(0, 10));
    if (frac_digits > 0 || int_digits == 0) {
      s += '.';
      for (std::int64_t i = 0; i < std::max<std::int64_t>(frac_digits, 1); ++i) {
        s += static_cast<char>('0' + rng.uniform_int(0, 10));
      }
    }
    spelled.push_back(s);
    text += s + "\n";
  }
  std::istringstream in(text);
  const auto t = read_csv(in, "numbers.csv");
  ASSERT_EQ(t.columns[0].kind, ColumnKind::numeric);
  for (std::size_t k = 0; k < spelled.size(); ++k) {
    const double expected = std::strtod(spelled[k].c_str(), nullptr);
    ASSERT_EQ(std::signbit(t.columns[0].numbers[k]), std::signbit(expected)) << spelled[k];
    ASSERT_EQ(t.columns[0].numbers[k], expected) << spelled[k];
  }
}

TEST(CsvReader, NormalizedText) {
  EXPECT_EQ(normalized_text("5.0"), "5");
  EXPECT_EQ(normalized_text("+5"), "5");
  EXPECT_EQ(normalized_text("abc"), "abc");
  EXPECT_EQ(normalized_text("0.10"), "0.1");
}

}  // namespace
}  // namespace linreg
