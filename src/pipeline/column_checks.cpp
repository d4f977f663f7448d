#include "pipeline/column_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <utility>

#include "linreg/errors.hpp"
#include "linreg/number_format.hpp"
#include "linreg/settings.hpp"

namespace linreg::detail {
namespace {

// The na_values setting that reads the token as missing, or "" when none can name it: it holds a
// comma (the list's separator) or control bytes.
std::string na_values_option(const std::string& token) {
  if (token.find(',') != std::string::npos) return "";
  if (std::any_of(token.begin(), token.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return "";
  return mention(Setting::na_values, token);
}

// The ways out of a column's cells that are not numbers: what the counts say they are.
std::string ways_out(const CsvColumn& c, const std::string& first) {
  std::vector<std::string> ways;
  if (const std::string na = na_values_option(first); !na.empty())
    ways.push_back(na + " reads such tokens as missing");
  if (c.comma_numbers > 0) {
    ways.push_back(
        fmt::format("{} of them {} written with commas: {} reads a comma as the decimal point "
                    "(with {}); thousands separators "
                    "(1,000) must be removed from the file",
                    thousands(static_cast<double>(c.comma_numbers)),
                    c.comma_numbers == 1 ? "is a number" : "are numbers",
                    mention(Setting::decimal, ","), mention(Setting::delimiter, ";")));
  } else {
    ways.push_back(fmt::format("{} for a file written with decimal commas (with {})",
                               mention(Setting::decimal, ","), mention(Setting::delimiter, ";")));
  }
  std::string out;
  for (const auto& w : ways) out += "; " + w;
  return out;
}

// A text column with more than this many levels, and more levels than half its values, is no
// category: an identifier or free text, where one-hot encoding fits the rows by heart.
constexpr std::size_t kIdentifierLevels = 1000;

bool looks_like_identifier(const CsvColumn& c, Index rows) {
  const std::size_t values = static_cast<std::size_t>(rows) - c.missing;
  return c.levels.size() > kIdentifierLevels && 2 * c.levels.size() > values;
}

}  // namespace

void check_target_numeric(const CsvTable& table, const std::string& target) {
  const CsvColumn& y = table.column(target);
  if (y.kind == ColumnKind::text) {
    const bool one = y.text_values == 1;
    throw DataError(
        located_message(table.source, y.first_text.line, y.first_text.column,
                        fmt::format("the target '{}' must be numeric, but {} of its values {}, the "
                                    "first '{}' here. Fix {}, or "
                                    "choose another {}{}",
                                    target, thousands(static_cast<double>(y.text_values)),
                                    one ? "is not a number" : "are not numbers",
                                    printable(y.first_text.value), one ? "it" : "them",
                                    mention(Setting::target), ways_out(y, y.first_text.value))));
  }
}

void refuse_mostly_numeric(const CsvTable& table, const CsvColumn& c,
                           const std::string& counted_in) {
  const std::size_t values = c.number_values() + c.text_values;
  throw DataError(located_message(
      table.source, c.first_text.line, c.first_text.column,
      fmt::format(
          "column '{}' looks numeric, but '{}' here is not a number: {} of its {} values{} {} (a "
          "column is numeric when at least {:g}% of its values are numbers{}). Fix the cells, or: "
          "{} if it really is text{}",
          c.name, printable(c.first_text.value), thousands(static_cast<double>(c.text_values)),
          thousands(static_cast<double>(values)), counted_in,
          c.text_values == 1 ? "is not a number" : "are not numbers", 100.0 * kMostlyNumericShare,
          c.comma_numbers > 0 ? ", numbers written with commas included" : "",
          mention(Setting::categorical, c.name), ways_out(c, c.first_text.value))));
}

void check_target_has_values(const std::string& source, const std::string& target, Index missing,
                             Index rows) {
  if (missing == rows) {
    throw DataError(located_message(source, 0, 0,
                                    fmt::format("the target '{}' has no values: all {} are missing",
                                                target, thousands(static_cast<double>(rows)))));
  }
}

std::vector<long> fold_ids_of(const CsvTable& table, const std::string& name,
                              const std::vector<Index>& rows, BadFold& bad) {
  const CsvColumn& column = table.column(name);
  if (column.kind == ColumnKind::text) {
    throw DataError(
        located_message(table.source, column.first_text.line, column.first_text.column,
                        fmt::format("the fold column '{}' holds fold numbers 1, 2, …, not '{}'",
                                    name, printable(column.first_text.value))));
  }
  std::vector<long> ids;
  ids.reserve(rows.size());
  for (const Index row : rows) {
    const double value = column.numbers[static_cast<std::size_t>(row)];
    if (std::isnan(value)) {
      throw DataError(located_message(
          table.source, column.first_missing.line, column.first_missing.column,
          fmt::format("the fold column '{}' has a missing value: every row needs its fold", name)));
    }
    if (!(value >= 1.0 && value <= 1e9 && value == std::floor(value))) {
      bad = {row, value};
      return ids;
    }
    ids.push_back(static_cast<long>(value));
  }
  return ids;
}

void throw_bad_fold(const std::string& source, const std::string& name, const BadFold& bad,
                    Index rows_before) {
  throw DataError(located_message(
      source, 0, 0,
      fmt::format("the fold column '{}' holds {} in data row {}: folds are numbered 1, 2, …", name,
                  bad.value, rows_before + bad.row + 1)));
}

void check_fold_count(const std::string& source, const std::string& name,
                      const std::set<long>& folds) {
  if (folds.size() >= 2) return;
  throw DataError(located_message(
      source, 0, 0,
      fmt::format("the fold column '{}' names a single fold ({}): cross-validation needs at "
                  "least 2",
                  name, folds.empty() ? 0 : *folds.begin())));
}

std::vector<Index> positive_weight_rows(const CsvTable& table, const std::string& name,
                                        const std::vector<Index>& rows, Index rows_before,
                                        bool whole_table) {
  const CsvColumn& column = table.column(name);
  std::vector<Index> positive;
  positive.reserve(rows.size());
  for (const Index row : rows) {
    const double w = column.numbers[static_cast<std::size_t>(row)];
    if (w < 0.0) {
      const std::size_t line = table.lines.empty() ? 0 : table.lines[static_cast<std::size_t>(row)];
      throw DataError(located_message(
          table.source, line, 0,
          fmt::format("the weight column '{}' holds {} in {}: weights must be ≥ 0", name, w,
                      rows_before < 0 ? std::string("this row")
                                      : fmt::format("data row {}", rows_before + row + 1))));
    }
    if (w > 0.0) positive.push_back(row);
  }
  if (positive.empty() && !rows.empty() && whole_table) refuse_all_zero_weights(table.source, name);
  return positive;
}

void refuse_all_zero_weights(const std::string& source, const std::string& name) {
  throw DataError(located_message(
      source, 0, 0,
      fmt::format("every weight in the weight column '{}' is 0: a weighted fit needs at least "
                  "one row of positive weight",
                  name)));
}

Warning rows_left_out_warning(Index left_out, const TrainingSpec& spec,
                              const std::string& missing_text) {
  return {WarningCode::rows_left_out,
          fmt::format("{} left out: {} ({})", plural(left_out, "row"),
                      spec.missing == MissingPolicy::drop ? "a missing value in a used column"
                      : spec.weight_column.empty()        ? "the target is missing"
                                                          : "the target or the weight is missing",
                      missing_text)};
}

Warning values_filled_warning(Index filled) {
  return {WarningCode::values_filled,
          fmt::format("{} filled with training means (most frequent level for categorical columns)",
                      plural(filled, "missing value"))};
}

Vector target_values(const CsvColumn& target, const std::vector<Index>& rows) {
  Vector y(static_cast<Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    y[static_cast<Index>(i)] = target.numbers[static_cast<std::size_t>(rows[i])];
  return y;
}

void refuse_split(const std::string& source, const TrainingSpec& spec, Index test, Index train) {
  throw DataError(located_message(
      source, 0, 0,
      fmt::format("{} leaves {} test and {} training rows of {}: both need at least one",
                  mention(Setting::test_size, fmt::format("{}", spec.test_size)), test, train,
                  test + train)));
}

Warning unseen_level_warning(Index rows, const std::string& column) {
  return {WarningCode::unseen_level,
          fmt::format("{} of the test set had a level of '{}' not seen in training: predicted at "
                      "the reference level",
                      plural(rows, "row"), column)};
}

void add_powers(const CsvTable& table, const TrainingSpec& spec, Encoder& encoder) {
  for (const auto& power : spec.powers) {
    (void)table.column(
        power.column);  // DataError listing the columns when there is none of that name
    try {
      naming_source(table.source, [&] {
        encoder.set_degree(power.column, power.degree);
        return 0;
      });
    } catch (const std::invalid_argument& e) {  // UsageError: the degree, a categorical column
      throw UsageError(fmt::format(
          "{}: {}", mention(Setting::powers, fmt::format("{}:{}", power.column, power.degree)),
          e.what()));
    }
  }
}

Vector weights_of(const CsvTable& table, const std::string& name, const std::vector<Index>& rows) {
  const CsvColumn& column = table.column(name);
  Vector w(static_cast<Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k)
    w[static_cast<Index>(k)] = column.numbers[static_cast<std::size_t>(rows[k])];
  return w;
}

std::vector<long> cluster_ids_of(const CsvTable& table, const std::string& name,
                                 const std::vector<Index>& rows) {
  const CsvColumn& column = table.column(name);
  std::vector<long> ids;
  ids.reserve(rows.size());
  std::map<double, long> numbers;
  for (const Index row : rows) {
    const auto i = static_cast<std::size_t>(row);
    const bool missing =
        column.kind == ColumnKind::text ? column.codes[i] < 0 : std::isnan(column.numbers[i]);
    if (missing) {
      throw DataError(located_message(
          table.source, column.first_missing.line, column.first_missing.column,
          fmt::format("the cluster column '{}' has a missing value: every row needs its cluster",
                      name)));
    }
    if (column.kind == ColumnKind::text) {
      ids.push_back(column.codes[i]);
    } else {
      ids.push_back(
          numbers.emplace(column.numbers[i], static_cast<long>(numbers.size())).first->second);
    }
  }
  return ids;
}

std::string missing_values_error(const std::string& missing_text) {
  return fmt::format(
      "{}. Choose what to do: {} (leave those rows out), {} (fill with the training mean), or {} "
      "the column",
      missing_text, mention(Setting::missing, "drop"), mention(Setting::missing, "mean"),
      mention(Setting::drop));
}

std::vector<std::string> categorical_columns(const CsvTable& table,
                                             const std::vector<std::string>& features,
                                             CategoricalMode mode,
                                             const std::vector<std::string>& listed) {
  const auto asked = [&](const std::string& name) {
    return std::find(listed.begin(), listed.end(), name) != listed.end();
  };
  // Of the dirty numeric columns, the one whose first bad cell comes first in the file.
  const CsvColumn* dirty = nullptr;
  for (const auto& name : features) {
    const CsvColumn& c = table.column(name);
    if (asked(name) || !mostly_numeric(c)) continue;
    const auto at = [](const CsvColumn& k) {
      return std::pair(k.first_text.line, k.first_text.column);
    };
    if (dirty == nullptr || at(c) < at(*dirty)) dirty = &c;
  }
  if (dirty != nullptr) refuse_mostly_numeric(table, *dirty, "");
  std::vector<std::string> categorical;
  for (const auto& name : features) {
    const CsvColumn& c = table.column(name);
    if (c.kind != ColumnKind::text) continue;
    if (!asked(name) && mode != CategoricalMode::none && looks_like_identifier(c, table.rows)) {
      throw DataError(located_message(
          table.source, 0, 0,
          fmt::format(
              "column '{}' has {} distinct values in {} rows: one-hot encoded it would add a "
              "feature for "
              "nearly every row (an identifier?), and a fit that memorizes rows. Drop it ({}), or "
              "encode it anyway ({})",
              name, thousands(static_cast<double>(c.levels.size())),
              thousands(static_cast<double>(table.rows)), mention(Setting::drop, name),
              mention(Setting::categorical, name))));
    }
    if (mode == CategoricalMode::none) {
      throw DataError(located_message(
          table.source, c.first_text.line, c.first_text.column,
          fmt::format(
              "column '{}' holds text ('{}'), and a model can only multiply numbers: drop it "
              "({}) or encode it as categorical ({} or auto)",
              name, printable(c.first_text.value), mention(Setting::drop, name),
              mention(Setting::categorical, name))));
    }
    categorical.push_back(name);
  }
  return categorical;
}

}  // namespace linreg::detail
