#include <gtest/gtest.h>

#include <string>

#include "setting_flags.hpp"

namespace linreg::cli {
namespace {

TEST(SettingFlags, EverySettingHasItsOwnFlag) {
  for (const auto& entry : kSettingNames) {
    const std::string flag = flag_for(entry.value);
    EXPECT_EQ(flag.rfind("--", 0), 0U) << entry.name;
    EXPECT_EQ(find_in(kSettingFlags, flag), entry.value) << flag;  // no two settings share one
  }
  EXPECT_EQ(flag_for(Setting::scaling), "--scale");
  EXPECT_EQ(flag_for(Setting::max_iterations), "--iters");
  EXPECT_EQ(flag_for(Setting::tolerance), "--tol");
  EXPECT_EQ(flag_for(Setting::powers), "--poly");
  EXPECT_EQ(flag_for(Setting::test_size), "--test-size");
}

TEST(SettingFlags, ShellWordQuotesWhatAShellWouldSplitOrExpand) {
  EXPECT_EQ(shell_word("12a"), "12a");
  EXPECT_EQ(shell_word("n/a"), "n/a");
  EXPECT_EQ(shell_word(","), ",");
  EXPECT_EQ(shell_word("1e-12"), "1e-12");
  EXPECT_EQ(shell_word("é"), "é");
  EXPECT_EQ(shell_word(";"), "';'");
  EXPECT_EQ(shell_word("N A"), "'N A'");
  EXPECT_EQ(shell_word("n/a?"), "'n/a?'");
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_word("$x"), "'$x'");
  EXPECT_EQ(shell_word(""), "''");
}

TEST(SettingFlags, RenderForCliWritesMentionsAsFlags) {
  EXPECT_EQ(render_for_cli("use " + mention(Setting::solver, "exact") + " or more iterations"),
            "use --solver exact or more iterations");
  EXPECT_EQ(render_for_cli("add " + mention(Setting::in_memory) + ", or " +
                           mention(Setting::drop, "city")),
            "add --in-memory, or --drop city");
  EXPECT_EQ(render_for_cli(mention(Setting::decimal, ",") + " (with " +
                           mention(Setting::delimiter, ";") + ")"),
            "--decimal , (with --delimiter ';')");
  EXPECT_EQ(render_for_cli(mention(Setting::na_values, "N A") + " reads"),
            "--na-values 'N A' reads");
  EXPECT_EQ(render_for_cli(mention(Setting::na_values, "it's")), "--na-values 'it'\\''s'");
  EXPECT_EQ(render_for_cli(mention(Setting::na_values, "a`b")), "--na-values 'a`b'");
  EXPECT_EQ(render_for_cli(mention(Setting::powers, "x:2") + ": bad"), "--poly x:2: bad");
  EXPECT_EQ(render_for_cli(mention(Setting::scaling, "standard")), "--scale standard");
  EXPECT_EQ(render_for_cli(mention(Setting::tolerance, "1e-12")), "--tol 1e-12");
  EXPECT_EQ(render_for_cli(std::string("(").append(mention(Setting::max_iterations)).append(")")),
            "(--iters)");
  EXPECT_EQ(render_for_cli("choose another " + mention(Setting::target)),
            "choose another --target");
  // Column names as the messages have always written them.
  EXPECT_EQ(render_for_cli(mention(Setting::drop, "my col")), "--drop my col");
  // Text that is no mention stays as it is.
  EXPECT_EQ(render_for_cli("column 'a`b' and `unknown=1`"), "column 'a`b' and `unknown=1`");
}

}  // namespace
}  // namespace linreg::cli
