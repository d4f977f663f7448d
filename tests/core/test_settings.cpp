#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "linreg/settings.hpp"

namespace linreg {
namespace {

// What a front end might write: <name> or <name:value>, so the tests see what was parsed.
std::string angle(Setting s, std::optional<std::string_view> value) {
  std::string out = "<";  // built up, not "<" + std::string: GCC 12's -Wrestrict misfires on that
  out += to_string(s);
  if (value) out.append(":").append(*value);
  return out += ">";
}

TEST(Settings, NameTableRoundTrips) {
  std::vector<std::string> seen;
  for (const auto& entry : kSettingNames) {
    EXPECT_EQ(to_string(entry.value), entry.name);
    EXPECT_EQ(find_in(kSettingNames, entry.name), entry.value);
    // snake_case identifiers, as a keyword argument is spelled
    for (const char c : entry.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << entry.name;
    for (const auto& other : seen) EXPECT_NE(other, entry.name);
    seen.emplace_back(entry.name);
  }
  EXPECT_EQ(to_string(Setting::test_size), "test_size");
  EXPECT_EQ(to_string(Setting::max_iterations), "max_iterations");
  EXPECT_FALSE(find_in(kSettingNames, "test-size").has_value());
}

TEST(Settings, MentionsAreBacktickQuotes) {
  EXPECT_EQ(mention(Setting::in_memory), "`in_memory`");
  EXPECT_EQ(mention(Setting::solver, "exact"), "`solver=exact`");
  EXPECT_EQ(mention(Setting::na_values, "n a"), "`na_values=n a`");
  EXPECT_EQ(mention(Setting::na_values, ""), "`na_values=`");
  // the escape: a backtick as \`, a backslash as \\.
  EXPECT_EQ(mention(Setting::na_values, "a`b\\c"), "`na_values=a\\`b\\\\c`");
}

TEST(Settings, RenderMentionsReplacesEveryMention) {
  const std::string text = "use " + mention(Setting::solver, "exact") + ", add " +
                           mention(Setting::in_memory) + " or " + mention(Setting::delimiter, ";") +
                           ".";
  EXPECT_EQ(render_mentions(text, angle), "use <solver:exact>, add <in_memory> or <delimiter:;>.");
  EXPECT_EQ(render_mentions(mention(Setting::decimal, ","), angle), "<decimal:,>");
  EXPECT_EQ(render_mentions("no mentions here", angle), "no mentions here");
  EXPECT_EQ(render_mentions("", angle), "");
}

TEST(Settings, EscapedValuesRoundTrip) {
  for (const std::string value : {"`", "\\", "a`b", "a\\b", "end\\", "`start", "\\`", "``", "="}) {
    std::optional<std::string> got;
    const std::string out =
        render_mentions("x " + mention(Setting::na_values, value) + " y",
                        [&](Setting s, std::optional<std::string_view> v) {
                          EXPECT_EQ(s, Setting::na_values);
                          got = v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
                          return std::string("R");
                        });
    EXPECT_EQ(out, "x R y") << value;
    EXPECT_EQ(got, value);
  }
}

TEST(Settings, TextThatIsNoMentionIsLeftAlone) {
  for (const std::string text :
       {"`unknown`", "`unknown=1`", "`Solver=exact`", "`solver", "`solver=exact", "a ` b", "`",
        "``", "`solver =exact`", "`solver=a\\b`", "`solver=a\\`", "`-solver`", "'solver'",
        "--solver exact"}) {
    EXPECT_EQ(render_mentions(text, angle), text);
  }
  // A stray backtick before a mention does not hide it.
  EXPECT_EQ(render_mentions("` `unknown` `solver`", angle), "` `unknown` <solver>");
  EXPECT_EQ(render_mentions("1`2 `drop=a`", angle), "1`2 <drop:a>");
}

}  // namespace
}  // namespace linreg
