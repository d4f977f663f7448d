#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "format.hpp"

namespace linreg::cli {
namespace {

TEST(Format, Thousands) {
  EXPECT_EQ(thousands(483810443264.0), "483,810,443,264");
  EXPECT_EQ(thousands(-1339185.375, 3), "-1,339,185.375");
  EXPECT_EQ(thousands(999.0), "999");
  EXPECT_EQ(thousands(1000.0), "1,000");
  EXPECT_EQ(thousands(-0.0001, 2), "0.00");
}

TEST(Format, Readable) {
  EXPECT_EQ(readable(347.0234, 4), "347");
  EXPECT_EQ(readable(300.4213, 5), "300.42");
  EXPECT_EQ(readable(0.61234, 3), "0.612");
  EXPECT_EQ(readable(0.00123456, 3), "0.00123");
  EXPECT_EQ(readable(21687478.0), "21,687,478");
  EXPECT_EQ(readable(0.0), "0");
  EXPECT_EQ(readable(1.5e-9), "1.5e-09");
}

TEST(Format, TableAlignsColumns) {
  TextTable t({"term", "value"});
  t.add({"a", "1"});
  t.add({"long name", "1,000"});
  std::ostringstream out;
  t.print(out, "");
  EXPECT_EQ(out.str(), "term        value\na               1\nlong name   1,000\n");
}

TEST(Format, UndefinedIsADashOrNullNeverNan) {
  const auto text = [](double v) { return readable(v); };
  EXPECT_EQ(text_or_undefined(std::nullopt, text), "—");
  EXPECT_EQ(text_or_undefined(2.5, text), "2.5");
  EXPECT_TRUE(json_or_null(std::nullopt).is_null());
  EXPECT_EQ(json_or_null(2.5), 2.5);
  for (const double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(text_or_undefined(bad, text), "—");
    EXPECT_TRUE(json_or_null(bad).is_null());
    EXPECT_FALSE(finite_or_undefined(bad).has_value());
  }
}

}  // namespace
}  // namespace linreg::cli
