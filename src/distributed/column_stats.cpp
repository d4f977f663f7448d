#include "distributed/column_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "linreg/errors.hpp"

namespace linreg::detail {

void ScaledSum::merge(const ScaledSum& other) {
  if (other.exponent == INT_MIN) return;
  if (exponent == INT_MIN) {
    *this = other;
    return;
  }
  const int to = std::max(exponent, other.exponent);
  const auto in = [to](const ScaledSum& s) {
    return DoubleDouble(std::ldexp(s.sum.hi, s.exponent - to),
                        std::ldexp(s.sum.lo, s.exponent - to));
  };
  sum = in(*this) + in(other);
  exponent = to;
}

double ScaledSum::mean(std::int64_t count) const {
  if (exponent == INT_MIN) return 0.0;
  return std::ldexp((sum / static_cast<double>(count)).value(), exponent);
}

void ColumnStats::merge(const ColumnStats& later) {
  text = text || later.text;
  numeric_values = numeric_values || later.numeric_values;
  // (A cell of a later file keeps its value without its line: still the first.)
  const auto unset = [](const CellLocation& c) { return c.line == 0 && c.value.empty(); };
  if (unset(first_missing)) first_missing = later.first_missing;
  if (unset(first_text)) first_text = later.first_text;
  missing += later.missing;
  text_values += later.text_values;
  comma_numbers += later.comma_numbers;
  text_numbers += later.text_numbers;
  for (const auto& [level, n] : later.levels) levels[level] += n;
  count += later.count;
  sum.merge(later.sum);
}

namespace {

void put(std::string& out, std::uint64_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put(std::string& out, double v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void put(std::string& out, const std::string& s) {
  put(out, static_cast<std::uint64_t>(s.size()));
  out += s;
}
template <typename T>
T take(const std::string& in, std::size_t& at) {
  T v{};
  std::memcpy(&v, in.data() + at, sizeof v);
  at += sizeof v;
  return v;
}
std::string take_string(const std::string& in, std::size_t& at) {
  const auto n = take<std::uint64_t>(in, at);
  std::string s = in.substr(at, n);
  at += n;
  return s;
}
void put_cell(std::string& out, const CellLocation& c) {
  put(out, static_cast<std::uint64_t>(c.line));
  put(out, static_cast<std::uint64_t>(c.column));
  put(out, c.value);
}
CellLocation take_cell(const std::string& in, std::size_t& at) {
  CellLocation c;
  c.line = take<std::uint64_t>(in, at);
  c.column = take<std::uint64_t>(in, at);
  c.value = take_string(in, at);
  return c;
}

}  // namespace

void write_stats(const ColumnStats& s, std::string& out) {
  put(out, static_cast<std::uint64_t>((s.text ? 1 : 0) | (s.numeric_values ? 2 : 0)));
  for (const std::size_t v : {s.missing, s.text_values, s.comma_numbers, s.text_numbers})
    put(out, static_cast<std::uint64_t>(v));
  put_cell(out, s.first_missing);
  put_cell(out, s.first_text);
  put(out, static_cast<std::uint64_t>(s.levels.size()));
  for (const auto& [level, n] : s.levels) {
    put(out, level);
    put(out, static_cast<std::uint64_t>(n));
  }
  put(out, static_cast<std::uint64_t>(s.count));
  put(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(s.sum.exponent)));
  put(out, s.sum.sum.hi);
  put(out, s.sum.sum.lo);
}

ColumnStats read_stats(const std::string& in, std::size_t& at) {
  ColumnStats s;
  const auto flags = take<std::uint64_t>(in, at);
  s.text = (flags & 1) != 0;
  s.numeric_values = (flags & 2) != 0;
  s.missing = take<std::uint64_t>(in, at);
  s.text_values = take<std::uint64_t>(in, at);
  s.comma_numbers = take<std::uint64_t>(in, at);
  s.text_numbers = take<std::uint64_t>(in, at);
  s.first_missing = take_cell(in, at);
  s.first_text = take_cell(in, at);
  const auto levels = take<std::uint64_t>(in, at);
  for (std::uint64_t k = 0; k < levels; ++k) {
    std::string level = take_string(in, at);
    s.levels.emplace(std::move(level), static_cast<std::int64_t>(take<std::uint64_t>(in, at)));
  }
  s.count = static_cast<std::int64_t>(take<std::uint64_t>(in, at));
  s.sum.exponent = static_cast<int>(static_cast<std::int64_t>(take<std::uint64_t>(in, at)));
  s.sum.sum.hi = take<double>(in, at);
  s.sum.sum.lo = take<double>(in, at);
  return s;
}

void add_column(const CsvColumn& c, const std::vector<Index>& training, bool sums,
                ColumnStats& stats) {
  ColumnStats block;
  block.text = c.kind == ColumnKind::text;
  block.numeric_values = !block.text && c.number_values() > 0;
  block.missing = c.missing;
  block.text_values = c.text_values;
  block.comma_numbers = c.comma_numbers;
  block.text_numbers = block.text ? c.number_values() : 0;
  block.first_missing = c.first_missing;
  block.first_text = c.first_text;
  if (block.text) {
    std::vector<std::int64_t> counts(c.levels.size(), 0);
    for (const Index r : training) {
      const auto code = c.codes[static_cast<std::size_t>(r)];
      if (code >= 0) ++counts[static_cast<std::size_t>(code)];
    }
    for (std::size_t k = 0; k < c.levels.size(); ++k) block.levels.emplace(c.levels[k], counts[k]);
  } else {
    double largest = 0.0;
    for (const Index r : training) {
      const double v = c.numbers[static_cast<std::size_t>(r)];
      if (!std::isnan(v)) largest = std::max(largest, std::abs(v)), ++block.count;
    }
    if (block.count > 0 && sums) {
      block.sum.exponent = largest > 0.0 ? std::ilogb(largest) : 0;
      for (const Index r : training) {
        const double v = c.numbers[static_cast<std::size_t>(r)];
        if (!std::isnan(v)) block.sum.sum += std::ldexp(v, -block.sum.exponent);
      }
    }
  }
  stats.merge(block);
}

CsvColumn summary_column(const std::string& name, const ColumnStats& stats) {
  CsvColumn c;
  c.name = name;
  c.kind = stats.text ? ColumnKind::text : ColumnKind::numeric;
  c.missing = stats.missing;
  c.text_values = stats.text_values;
  c.comma_numbers = stats.comma_numbers;
  c.text_numbers = stats.text_numbers;
  c.first_missing = stats.first_missing;
  c.first_text = stats.first_text;
  for (const auto& entry : stats.levels) c.levels.push_back(entry.first);
  return c;
}

InputColumn input_column(const std::string& name, bool categorical, const ColumnStats& stats,
                         const std::string& source) {
  InputColumn spec;
  spec.name = name;
  spec.categorical = categorical;
  const auto none = [&] {
    return DataError(located_message(
        source, 0, 0, fmt::format("column '{}' has no values in the training rows", name)));
  };
  if (categorical) {
    std::int64_t best = 0;
    for (const auto& [level, n] : stats.levels) {
      if (n == 0) continue;  // a level only outside the training rows is unseen
      spec.levels.push_back(level);
      if (n > best) best = n, spec.mode = level;
    }
    if (spec.levels.empty()) throw none();
    return spec;
  }
  if (stats.count == 0) throw none();
  spec.mean = stats.sum.mean(stats.count);
  return spec;
}

}  // namespace linreg::detail
