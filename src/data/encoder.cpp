#include "linreg/encoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "linreg/errors.hpp"
#include "numerics/double_double.hpp"

namespace linreg {

std::string to_string(MissingPolicy policy) { return name_in(kMissingPolicyNames, policy); }
MissingPolicy parse_missing_policy(const std::string& name) {
  return parse_in(kMissingPolicyNames, "missing-value policy", name);
}

namespace {

bool is_missing_cell(const CsvColumn& c, Index row) {
  const auto i = static_cast<std::size_t>(row);
  return c.kind == ColumnKind::numeric ? std::isnan(c.numbers[i]) : c.codes[i] < 0;
}

}  // namespace

Encoder::Encoder(std::vector<InputColumn> inputs, MissingPolicy missing)
    : inputs_(std::move(inputs)), missing_(missing) {
  for (const auto& input : inputs_) {
    if (input.categorical && input.levels.empty()) {
      throw std::invalid_argument("encoder: categorical column '" + input.name + "' has no levels");
    }
  }
  check_feature_names();
}

Encoder Encoder::fit(const CsvTable& table, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& categorical, const std::vector<Index>& rows,
                     MissingPolicy missing) {
  std::vector<InputColumn> specs;
  for (const auto& name : inputs) {
    const CsvColumn& column = table.column(name);
    InputColumn spec;
    spec.name = name;
    spec.categorical = std::find(categorical.begin(), categorical.end(), name) != categorical.end();
    if (spec.categorical) {
      if (column.kind != ColumnKind::text) {
        throw std::invalid_argument("encoder: column '" + name + "' was not read as text");
      }
      std::vector<Index> counts(column.levels.size(), 0);
      for (const Index r : rows) {
        const auto code = column.codes[static_cast<std::size_t>(r)];
        if (code >= 0) ++counts[static_cast<std::size_t>(code)];
      }
      Index best = -1;
      for (std::size_t k = 0; k < counts.size(); ++k) {
        if (counts[k] == 0) continue;  // a level only outside the training rows is unseen
        spec.levels.push_back(column.levels[k]);
        if (best < 0 || counts[k] > counts[static_cast<std::size_t>(best)])
          best = static_cast<Index>(k);
      }
      if (spec.levels.empty()) {
        throw DataError(
            located_message(table.source, 0, 0,
                            fmt::format("column '{}' has no values in the training rows", name)));
      }
      spec.mode = column.levels[static_cast<std::size_t>(best)];
    } else {
      if (column.kind != ColumnKind::numeric) {
        throw std::invalid_argument("encoder: column '" + name + "' is not numeric");
      }
      // Summed in units of the largest magnitude's power of two: values near 1e308 do not overflow
      // the sum, and other sums are the same to the bit (scaling by 2^k is exact).
      double largest = 0.0;
      Index count = 0;
      for (const Index r : rows) {
        const double v = column.numbers[static_cast<std::size_t>(r)];
        if (!std::isnan(v)) {
          largest = std::max(largest, std::abs(v));
          ++count;
        }
      }
      if (count == 0) {
        throw DataError(
            located_message(table.source, 0, 0,
                            fmt::format("column '{}' has no values in the training rows", name)));
      }
      const int e = largest > 0.0 ? std::ilogb(largest) : 0;
      double sum = 0.0;
      for (const Index r : rows) {
        const double v = column.numbers[static_cast<std::size_t>(r)];
        if (!std::isnan(v)) sum += std::ldexp(v, -e);
      }
      spec.mean = std::ldexp(sum / static_cast<double>(count), e);
    }
    specs.push_back(std::move(spec));
  }
  try {
    return Encoder(std::move(specs), missing);
  } catch (const DataError& e) {  // a name shared by two terms: say in which file
    throw DataError(located_message(table.source, 0, 0, e.what()));
  }
}

void Encoder::set_degree(const std::string& input, int degree) {
  for (auto& column : inputs_) {
    if (column.name != input) continue;
    if (column.categorical) {
      throw UsageError("column '" + input + "' is categorical: powers need a numeric column");
    }
    if (degree < 1 || degree > 30) {
      throw UsageError("the degree for '" + input + "' must be a whole number from 1 to 30, got " +
                       std::to_string(degree));
    }
    const int before = column.degree;
    column.degree = degree;
    try {
      check_feature_names();
    } catch (const DataError&) {
      column.degree = before;
      throw;
    }
    return;
  }
  throw UsageError("'" + input + "' is not an input column");
}

bool Encoder::has_powers() const {
  return std::any_of(inputs_.begin(), inputs_.end(),
                     [](const InputColumn& c) { return c.degree > 1; });
}

void Encoder::check_feature_names() const {
  // Each term's name and where it comes from, for the message.
  std::unordered_map<std::string, std::string> origin;
  const auto add = [&](const std::string& name, const std::string& from) {
    if (name == "(intercept)") {
      throw DataError(fmt::format(
          "{} is named '(intercept)', the name of the intercept term: rename the column", from));
    }
    const auto [it, inserted] = origin.try_emplace(name, from);
    if (!inserted) {
      throw DataError(
          fmt::format("two terms would both be named '{}': {} and {}; rename one of the columns",
                      name, it->second, from));
    }
  };
  for (const auto& input : inputs_) {
    if (!input.categorical) {
      add(input.name, fmt::format("column '{}'", input.name));
      for (int k = 2; k <= input.degree; ++k) {
        add(fmt::format("{}^{}", input.name, k),
            fmt::format("the power {} of column '{}'", k, input.name));
      }
      continue;
    }
    for (std::size_t k = 1; k < input.levels.size(); ++k) {
      add(input.name + "=" + input.levels[k],
          fmt::format("level '{}' of column '{}'", input.levels[k], input.name));
    }
  }
}

std::vector<std::string> Encoder::feature_names() const {
  std::vector<std::string> names;
  for (const auto& input : inputs_) {
    if (!input.categorical) {
      names.push_back(input.name);
      for (int k = 2; k <= input.degree; ++k) names.push_back(fmt::format("{}^{}", input.name, k));
      continue;
    }
    for (std::size_t k = 1; k < input.levels.size(); ++k)
      names.push_back(input.name + "=" + input.levels[k]);
  }
  return names;
}

std::vector<OneHotColumns> Encoder::one_hot_blocks() const {
  std::vector<OneHotColumns> blocks;
  Index column = 0;
  for (const auto& input : inputs_) {
    const Index width =
        input.categorical ? static_cast<Index>(input.levels.size()) - 1 : input.degree;
    if (input.categorical && width > 0) blocks.push_back({column, width});
    column += width;
  }
  return blocks;
}

Index Encoder::n_features() const {
  Index d = 0;
  for (const auto& input : inputs_)
    d += input.categorical ? static_cast<Index>(input.levels.size()) - 1 : input.degree;
  return d;
}

std::vector<std::string> Encoder::input_names() const {
  std::vector<std::string> names;
  for (const auto& input : inputs_) names.push_back(input.name);
  return names;
}

std::vector<std::string> Encoder::categorical_names() const {
  std::vector<std::string> names;
  for (const auto& input : inputs_) {
    if (input.categorical) names.push_back(input.name);
  }
  return names;
}

std::vector<std::string> Encoder::numeric_names() const {
  std::vector<std::string> names;
  for (const auto& input : inputs_) {
    if (!input.categorical) names.push_back(input.name);
  }
  return names;
}

namespace {

// A power below this (2^53 times the smallest normal double) would lose its low part to subnormals.
constexpr double kSmallestPower = 0x1p-969;

}  // namespace

Matrix Encoder::transform(const CsvTable& table, const std::vector<Index>& rows,
                          EncodeReport* report, Matrix* low) const {
  const auto n = static_cast<Index>(rows.size());
  Matrix X = Matrix::Zero(n, n_features());
  if (low != nullptr) *low = Matrix::Zero(n, n_features());
  Index offset = 0;
  for (const auto& input : inputs_) {
    const CsvColumn& column = table.column(input.name);
    const auto fail_missing = [&](Index row) {
      throw DataError(located_message(
          table.source, 0, 0,
          fmt::format("column '{}' has a missing value (data row {}) and the missing-value policy "
                      "is '{}'",
                      input.name, row + 1, to_string(missing_))));
    };
    if (!input.categorical) {
      if (column.kind != ColumnKind::numeric) {
        throw DataError(
            located_message(table.source, column.first_text.line, column.first_text.column,
                            fmt::format("column '{}' must be numeric, but holds '{}'", input.name,
                                        printable(column.first_text.value))));
      }
      for (Index i = 0; i < n; ++i) {
        double v = column.numbers[static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])];
        if (std::isnan(v)) {
          if (missing_ != MissingPolicy::mean) fail_missing(rows[static_cast<std::size_t>(i)]);
          v = input.mean;
          if (report != nullptr) ++report->filled;
        }
        X(i, offset) = v;
        DoubleDouble power = v;
        for (int k = 2; k <= input.degree; ++k) {
          power = power * DoubleDouble(v);
          // Beyond 2^1024, or so small that its low part would be lost in subnormals: not a value
          // the fit can use.
          const bool lost =
              !std::isfinite(power.hi) || (v != 0.0 && std::abs(power.hi) < kSmallestPower);
          if (lost) {
            throw DataError(located_message(
                table.source, 0, 0,
                fmt::format("row {}, column '{}' = {}: its power {} is beyond the range of double "
                            "precision; "
                            "rescale the column (divide or multiply it by a power of ten) or lower "
                            "the degree",
                            rows[static_cast<std::size_t>(i)] + 1, input.name, v, k)));
          }
          X(i, offset + k - 1) = power.hi;
          if (low != nullptr) (*low)(i, offset + k - 1) = power.lo;
        }
      }
      offset += input.degree;
      continue;
    }
    // Categorical: map the table's codes to this encoder's levels once.
    std::unordered_map<std::string, Index> position;
    for (std::size_t k = 0; k < input.levels.size(); ++k)
      position.emplace(input.levels[k], static_cast<Index>(k));
    std::vector<Index> map(column.levels.size(), -1);
    for (std::size_t k = 0; k < column.levels.size(); ++k) {
      const auto it = position.find(column.levels[k]);
      if (it != position.end()) map[k] = it->second;
    }
    const Index mode = position.at(input.mode);
    Index unseen = 0;
    if (column.kind != ColumnKind::text) {
      throw std::invalid_argument("encoder: column '" + input.name + "' was not read as text");
    }
    for (Index i = 0; i < n; ++i) {
      const auto code = column.codes[static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])];
      Index level;
      if (code < 0) {
        if (missing_ != MissingPolicy::mean) fail_missing(rows[static_cast<std::size_t>(i)]);
        level = mode;
        if (report != nullptr) ++report->filled;
      } else {
        level = map[static_cast<std::size_t>(code)];
        if (level < 0) {
          ++unseen;
          level = 0;
        }
      }
      if (level > 0) X(i, offset + level - 1) = 1.0;
    }
    if (unseen > 0 && report != nullptr) {
      report->unseen_columns.push_back(input.name);
      report->unseen_counts.push_back(unseen);
    }
    offset += static_cast<Index>(input.levels.size()) - 1;
  }
  return X;
}

std::vector<bool> rows_with_missing(const CsvTable& table,
                                    const std::vector<std::string>& columns) {
  std::vector<bool> missing(static_cast<std::size_t>(table.rows), false);
  for (const auto& name : columns) {
    const CsvColumn& c = table.column(name);
    if (c.missing == 0) continue;
    for (Index i = 0; i < table.rows; ++i) {
      if (is_missing_cell(c, i)) missing[static_cast<std::size_t>(i)] = true;
    }
  }
  return missing;
}

std::string describe_missing(const CsvTable& table, const std::vector<std::string>& columns) {
  MissingTally tally(columns);
  tally.add(table);
  return tally.describe();
}

MissingTally::MissingTally(std::vector<std::string> columns)
    : columns_(std::move(columns)), counts_(columns_.size(), 0), first_line_(columns_.size(), 0) {}

std::vector<bool> MissingTally::add(const CsvTable& block) {
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const CsvColumn& c = block.column(columns_[k]);
    if (c.missing == 0) continue;
    if (counts_[k] == 0) first_line_[k] = c.first_missing.line;
    counts_[k] += c.missing;
  }
  std::vector<bool> rows = rows_with_missing(block, columns_);
  affected_ += static_cast<Index>(std::count(rows.begin(), rows.end(), true));
  return rows;
}

void MissingTally::merge(const MissingTally& later) {
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    if (counts_[k] == 0) first_line_[k] = later.first_line_[k];
    counts_[k] += later.counts_[k];
  }
  affected_ += later.affected_;
}

std::vector<std::int64_t> MissingTally::to_counts() const {
  std::vector<std::int64_t> out = {static_cast<std::int64_t>(affected_)};
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    out.push_back(static_cast<std::int64_t>(counts_[k]));
    out.push_back(static_cast<std::int64_t>(first_line_[k]));
  }
  return out;
}

MissingTally MissingTally::from_counts(std::vector<std::string> columns,
                                       const std::vector<std::int64_t>& counts) {
  MissingTally tally(std::move(columns));
  if (counts.size() != 1 + 2 * tally.columns_.size())
    throw std::invalid_argument("MissingTally::from_counts: counts of other columns");
  tally.affected_ = static_cast<Index>(counts[0]);
  for (std::size_t k = 0; k < tally.columns_.size(); ++k) {
    tally.counts_[k] = static_cast<std::size_t>(counts[1 + 2 * k]);
    tally.first_line_[k] = static_cast<std::size_t>(counts[2 + 2 * k]);
  }
  return tally;
}

std::string MissingTally::describe() const {
  std::string list;
  std::size_t count = 0;
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    if (counts_[k] == 0) continue;
    ++count;
    // Line 0: a table that did not come from a file (a DataFrame) has no lines to point to.
    list += fmt::format(
        "{}{} ({}{})", list.empty() ? "" : ", ", columns_[k], counts_[k],
        first_line_[k] > 0 ? fmt::format(", first at line {}", first_line_[k]) : std::string());
  }
  if (count == 0) return {};
  return fmt::format("missing values in {} column{}: {}; {} row{} affected", count,
                     count == 1 ? "" : "s", list, affected_, affected_ == 1 ? "" : "s");
}

}  // namespace linreg
