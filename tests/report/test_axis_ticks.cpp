#include <gtest/gtest.h>

#include "linreg/axis_ticks.hpp"

namespace linreg {
namespace {

std::vector<std::string> labels(const AxisTicks& a) {
  std::vector<std::string> out;
  for (const auto& t : a.ticks) out.push_back(t.label);
  return out;
}

TEST(AxisTicks, UnitInterval) {
  const AxisTicks a = linear_ticks(0.0, 1.0);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
  EXPECT_EQ(a.low, 0.0);
  EXPECT_DOUBLE_EQ(a.high, 1.0);
}

TEST(AxisTicks, NegativeToPositiveUsesARealMinusAndNoMinusZero) {
  const AxisTicks a = linear_ticks(-3.2, 7.0);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"\u22124", "\u22122", "0", "2", "4", "6", "8"}));
  EXPECT_LE(a.low, -3.2);
  EXPECT_GE(a.high, 7.0);
}

TEST(AxisTicks, LargeValuesGetSuffixesNotScientificNotation) {
  EXPECT_EQ(labels(linear_ticks(0, 1e6, 5)),
            (std::vector<std::string>{"0", "200k", "400k", "600k", "800k", "1M"}));
  EXPECT_EQ(labels(linear_ticks(0, 5e11, 5)),
            (std::vector<std::string>{"0", "100B", "200B", "300B", "400B", "500B"}));
  EXPECT_EQ(tick_label(1.5e6, 5e5), "1.5M");
  EXPECT_EQ(tick_label(2.5e3, 2.5e2), "2.5k");
  EXPECT_EQ(tick_label(0.25, 0.25), "0.25");
  EXPECT_EQ(tick_label(4.8e11, 1e11), "480B");
}

TEST(AxisTicks, LogDecades) {
  const AxisTicks a = log_ticks(1e2, 1e11);
  EXPECT_EQ(a.low, 1e2);
  EXPECT_EQ(a.high, 1e11);
  // 9 decades, at most 8 labels: every second decade.
  EXPECT_EQ(labels(a), (std::vector<std::string>{"10\u00b2", "10\u2074", "10\u2076", "10\u2078",
                                                 "10\u00b9\u2070"}));
  EXPECT_EQ(labels(log_ticks(2e7, 4.8e11, 8)).front(), "10\u2077");
  EXPECT_EQ(power_of_ten_label(-3), "10\u207b\u00b3");
  EXPECT_THROW(log_ticks(0.0, 1.0), std::invalid_argument);
}

TEST(AxisTicks, MarginKeepsTheDataRangeAndPutsTicksInside) {
  // Prices from 340k to 990k: the range is the data ± 5%, not 200k..1M.
  const AxisTicks a = linear_ticks_with_margin(340e3, 990e3, 0.05, 6);
  EXPECT_DOUBLE_EQ(a.low, 340e3 - 0.05 * 650e3);
  EXPECT_DOUBLE_EQ(a.high, 990e3 + 0.05 * 650e3);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"400k", "600k", "800k", "1M"}));
  for (const auto& t : a.ticks) {
    EXPECT_GE(t.value, a.low);
    EXPECT_LE(t.value, a.high);
  }
  // Zero margin: ticks never fall outside the data.
  const AxisTicks b = linear_ticks_with_margin(-3.2, 7.0, 0.0);
  EXPECT_EQ(labels(b), (std::vector<std::string>{"\u22122", "0", "2", "4", "6"}));
}

TEST(AxisTicks, CompactNumbers) {
  EXPECT_EQ(compact_number(1066659024.0), "1.07B");
  EXPECT_EQ(compact_number(25264595.0), "25.3M");
  EXPECT_EQ(compact_number(-0.0123456), "\u22120.0123");
  EXPECT_EQ(compact_number(0.0), "0");
}

TEST(AxisTicks, DegenerateRangeIsWidened) {
  const AxisTicks a = linear_ticks(5.0, 5.0);
  EXPECT_LT(a.low, 5.0);
  EXPECT_GT(a.high, 5.0);
  EXPECT_GE(a.ticks.size(), 2u);
}

}  // namespace
}  // namespace linreg
