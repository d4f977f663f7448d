#pragma once
// The program's spelling of the library's settings: each Setting's flag, and library text
// (messages, warnings) with its mentions ("`solver=exact`", linreg/settings.hpp) written as the
// flags a user types ("--solver exact").
#include <optional>
#include <string>
#include <string_view>

#include "linreg/settings.hpp"

namespace linreg::cli {

inline constexpr NameTable<Setting, 16> kSettingFlags{
    {{Setting::target, "--target"},
     {Setting::drop, "--drop"},
     {Setting::categorical, "--categorical"},
     {Setting::missing, "--missing"},
     {Setting::powers, "--poly"},
     {Setting::test_size, "--test-size"},
     {Setting::in_memory, "--in-memory"},
     {Setting::solver, "--solver"},
     {Setting::scaling, "--scale"},
     {Setting::tolerance, "--tol"},
     {Setting::max_iterations, "--iters"},
     {Setting::na_values, "--na-values"},
     {Setting::decimal, "--decimal"},
     {Setting::delimiter, "--delimiter"},
     {Setting::encoding, "--encoding"},
     {Setting::lambda_min_ratio, "--lambda-min-ratio"}}};
static_assert(kSettingFlags.size() == kSettingNames.size(), "a flag for every setting");

// The setting's flag ("--scale" for Setting::scaling).
[[nodiscard]] std::string flag_for(Setting setting);

// `word` as a shell reads it back as one word: as it is when it holds only characters no shell
// treats specially, else in single quotes (a quote inside as '\'').
[[nodiscard]] std::string shell_word(std::string_view word);

// A mention as a command line's words: "--in-memory", "--solver exact", "--delimiter ';'". A
// value is shell-quoted, except a column name's (drop, categorical, powers), written as it is.
[[nodiscard]] std::string flag_text(Setting setting, std::optional<std::string_view> value);

// Library text with each mention written by flag_text.
[[nodiscard]] std::string render_for_cli(std::string_view text);

}  // namespace linreg::cli
