#include "linreg/simple_csv.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "linreg/errors.hpp"

namespace linreg {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// Splits a line at commas; `columns` gets each field's 1-based starting column.
void split(std::string_view line, std::vector<std::string_view>& fields,
           std::vector<std::size_t>& columns) {
  fields.clear();
  columns.clear();
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    const auto end = comma == std::string_view::npos ? line.size() : comma;
    fields.push_back(line.substr(start, end - start));
    columns.push_back(start + 1);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

std::string list_columns(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Index NumericTable::column_index(const std::string& name) const {
  for (std::size_t j = 0; j < column_names.size(); ++j) {
    if (column_names[j] == name) return static_cast<Index>(j);
  }
  throw DataError(located_message(source, 0, 0,
                                  fmt::format("no column named '{}'; the columns are: {}", name,
                                              list_columns(column_names))));
}

Matrix NumericTable::select(const std::vector<std::string>& names) const {
  Matrix out(values.rows(), static_cast<Index>(names.size()));
  for (std::size_t k = 0; k < names.size(); ++k) {
    out.col(static_cast<Index>(k)) = values.col(column_index(names[k]));
  }
  return out;
}

NumericTable read_numeric_csv(std::istream& in, const std::string& source) {
  NumericTable table;
  table.source = source;
  std::string line;
  std::size_t line_number = 0;
  std::vector<std::string_view> fields;
  std::vector<std::size_t> columns;

  // Header: the first non-blank line.
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!trim(line).empty()) break;
  }
  if (trim(line).empty()) throw DataError(located_message(source, 0, 0, "the file is empty"));
  split(line, fields, columns);
  std::set<std::string> seen;
  for (std::size_t j = 0; j < fields.size(); ++j) {
    std::string name(trim(fields[j]));
    if (name.empty()) {
      throw DataError(located_message(source, line_number, columns[j],
                                      fmt::format("column {} has an empty name", j + 1)));
    }
    if (!seen.insert(name).second) {
      throw DataError(located_message(source, line_number, columns[j],
                                      fmt::format("duplicate column name '{}'", name)));
    }
    table.column_names.push_back(std::move(name));
  }

  const std::size_t width = table.column_names.size();
  std::vector<double> row_major;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    split(line, fields, columns);
    if (fields.size() != width) {
      throw DataError(located_message(
          source, line_number, 0,
          fmt::format("expected {} fields (as in the header), found {}", width, fields.size())));
    }
    for (std::size_t j = 0; j < width; ++j) {
      const std::string_view text = trim(fields[j]);
      double value = 0.0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
          !std::isfinite(value)) {
        const std::string what = text.empty() ? "is empty" : fmt::format("'{}' is not a finite number", text);
        throw DataError(located_message(
            source, line_number, columns[j],
            fmt::format("column '{}': {} (this reader takes numeric columns only: drop the column "
                        "or clean the value)",
                        table.column_names[j], what)));
      }
      row_major.push_back(value);
    }
  }
  const auto rows = static_cast<Index>(row_major.size() / width);
  table.values = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      row_major.data(), rows, static_cast<Index>(width));
  return table;
}

Dataset to_dataset(const NumericTable& table, const std::string& target,
                   const std::vector<std::string>& drop) {
  const Index target_index = table.column_index(target);
  std::set<std::string> dropped;
  for (const auto& name : drop) {
    static_cast<void>(table.column_index(name));  // throws when absent
    if (name == target) {
      throw DataError(located_message(table.source, 0, 0,
                                      fmt::format("'{}' is the target; it cannot be dropped", name)));
    }
    dropped.insert(name);
  }
  Dataset d;
  d.target_name = target;
  for (std::size_t j = 0; j < table.column_names.size(); ++j) {
    const auto& name = table.column_names[j];
    if (static_cast<Index>(j) != target_index && !dropped.contains(name)) {
      d.feature_names.push_back(name);
    }
  }
  d.X = table.select(d.feature_names);
  d.y = table.values.col(target_index);
  return d;
}

void write_csv(std::ostream& out, const std::vector<std::string>& column_names, MatrixRef values) {
  std::string buffer;
  for (std::size_t j = 0; j < column_names.size(); ++j) {
    buffer += (j ? "," : "") + column_names[j];
  }
  buffer += '\n';
  for (Index i = 0; i < values.rows(); ++i) {
    for (Index j = 0; j < values.cols(); ++j) {
      if (j) buffer += ',';
      fmt::format_to(std::back_inserter(buffer), "{}", values(i, j));
    }
    buffer += '\n';
    if (buffer.size() > (1 << 16)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

}  // namespace linreg
