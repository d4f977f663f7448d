#pragma once
// The settings a library message can point to, by neutral names. Messages speak of data and
// settings, never of one front end's spelling of them: a front end maps each mention to its own
// (the program to a flag, `--solver exact`; Python to a keyword argument, `solver="exact"`).
//
// A mention is a backtick quote holding a setting's name, optionally with a value:
//
//   mention := '`' name '`'                 e.g. `in_memory`
//            | '`' name '=' value '`'       e.g. `solver=exact`, `na_values=n a`
//   name    := a name of kSettingNames (snake_case, as a keyword argument is spelled)
//   value   := any bytes, a backtick written as \` and a backslash as \\ (nothing else escaped)
//
// So a message reads fine unrendered ("use `solver=exact`"), and render_mentions() finds every
// mention again. A backtick quote that is not a mention (an unknown name, a stray backslash, no
// closing backtick) is no mention: it is left as it is.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "linreg/names.hpp"

namespace linreg {

enum class Setting {
  target,            // TrainingSpec::target: the column to predict
  drop,              // TrainingSpec::drop: columns left out
  categorical,       // TrainingSpec::categorical / categorical_columns
  missing,           // TrainingSpec::missing: the missing-value policy
  powers,            // TrainingSpec::powers: a value is COLUMN:DEGREE
  test_size,         // TrainingSpec::test_size
  in_memory,         // TrainingSpec::streaming = Streaming::never: read all the rows, do not stream
  solver,            // FitOptions::solver
  scaling,           // FitOptions::scaling
  tolerance,         // GradientDescentOptions::tolerance
  max_iterations,    // GradientDescentOptions::max_iterations
  na_values,         // CsvOptions::na_values: a value lists tokens separated by commas
  decimal,           // CsvOptions::decimal
  delimiter,         // CsvOptions::delimiter
  encoding,          // CsvOptions::encoding
  lambda_min_ratio,  // PenaltyOptions::lambda_min_ratio: the end of the λ path over λ_max
};

inline constexpr NameTable<Setting, 16> kSettingNames{
    {{Setting::target, "target"},
     {Setting::drop, "drop"},
     {Setting::categorical, "categorical"},
     {Setting::missing, "missing"},
     {Setting::powers, "powers"},
     {Setting::test_size, "test_size"},
     {Setting::in_memory, "in_memory"},
     {Setting::solver, "solver"},
     {Setting::scaling, "scaling"},
     {Setting::tolerance, "tolerance"},
     {Setting::max_iterations, "max_iterations"},
     {Setting::na_values, "na_values"},
     {Setting::decimal, "decimal"},
     {Setting::delimiter, "delimiter"},
     {Setting::encoding, "encoding"},
     {Setting::lambda_min_ratio, "lambda_min_ratio"}}};

[[nodiscard]] std::string to_string(Setting setting);

// "`name`" and "`name=value`" (the value escaped as above).
[[nodiscard]] std::string mention(Setting setting);
[[nodiscard]] std::string mention(Setting setting, std::string_view value);

// What a front end writes for a mention: the setting and its value (unescaped), if it has one.
using MentionRenderer = std::function<std::string(Setting, std::optional<std::string_view>)>;

// `text` with every mention replaced by render(setting, value); everything else, malformed
// mentions included, copied as it is.
[[nodiscard]] std::string render_mentions(std::string_view text, const MentionRenderer& render);

}  // namespace linreg
