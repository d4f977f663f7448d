#include <gtest/gtest.h>

#include <sstream>

#include "linreg/errors.hpp"
#include "linreg/simple_csv.hpp"

namespace linreg {
namespace {

NumericTable parse(const std::string& text) {
  std::istringstream in(text);
  return read_numeric_csv(in, "t.csv");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected DataError";
  return {};
}

TEST(SimpleCsv, ReadsNumbersWithSpacesCrlfAndExponents) {
  const auto t = parse("a, b ,c\r\n1, 2.5 ,-3e2\r\n\n4,5,6");
  EXPECT_EQ(t.column_names, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.values.rows(), 2);
  EXPECT_EQ(t.values(0, 1), 2.5);
  EXPECT_EQ(t.values(0, 2), -300.0);
  EXPECT_EQ(t.values(1, 2), 6.0);
}

TEST(SimpleCsv, ErrorsNameFileLineAndColumn) {
  EXPECT_NE(error_of("a,b\n1,2\n3,12a\n").find("t.csv:3:3: column 'b': '12a' is not a finite number"),
            std::string::npos);
  EXPECT_NE(error_of("a,b\n1,2,3\n").find("t.csv:2: expected 2 fields"), std::string::npos);
  EXPECT_NE(error_of("a,b\n1,\n").find("t.csv:2:3: column 'b': is empty"), std::string::npos);
  EXPECT_NE(error_of("a,b\n1,nan\n").find("not a finite number"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("a,a\n1,2\n").find("duplicate column name 'a'"), std::string::npos);
}

TEST(SimpleCsv, HeaderOnlyGivesZeroRows) {
  EXPECT_EQ(parse("a,b\n").values.rows(), 0);
}

TEST(SimpleCsv, DatasetSelectsTargetAndDrops) {
  const auto t = parse("x,y,z,w\n1,2,3,4\n5,6,7,8\n");
  const Dataset d = to_dataset(t, "z", {"x"});
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"y", "w"}));
  EXPECT_EQ(d.y[1], 7.0);
  EXPECT_EQ(d.X(1, 1), 8.0);
  try {
    to_dataset(t, "price");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("no column named 'price'; the columns are: x, y, z, w"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(to_dataset(t, "z", {"nope"}), DataError);
  EXPECT_THROW(to_dataset(t, "z", {"z"}), DataError);
}

TEST(SimpleCsv, WriteThenReadIsExact) {
  Matrix m(2, 2);
  m << 0.1, 1e-300, -123456.789, 1.0 / 3.0;
  std::ostringstream out;
  write_csv(out, {"p", "q"}, m);
  const auto t = parse(out.str());
  EXPECT_EQ(t.values, m);
}

}  // namespace
}  // namespace linreg
