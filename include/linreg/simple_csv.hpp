#pragma once
// A small CSV reader for numeric tables: a header row, then numbers separated by commas.
// Spaces around values and CRLF line ends are accepted; anything else that is not a finite
// number is a DataError naming source:line:column and the value.
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/types.hpp"

namespace linreg {

struct NumericTable {
  std::vector<std::string> column_names;
  Matrix values;  // rows × columns
  std::string source;  // file name for messages ("<stdin>" for standard input)

  // Index of a column; DataError listing the available columns when absent.
  [[nodiscard]] Index column_index(const std::string& name) const;
  // The named columns in that order (any order in the file; extra columns ignored).
  [[nodiscard]] Matrix select(const std::vector<std::string>& names) const;
};

NumericTable read_numeric_csv(std::istream& in, const std::string& source);

// y = the target column, X = every other column except those in `drop` (each of which must
// exist). DataError naming the missing column and listing the available ones otherwise.
Dataset to_dataset(const NumericTable& table, const std::string& target,
                   const std::vector<std::string>& drop = {});

// Writes a header and rows; numbers in the shortest form that reads back to the same double.
void write_csv(std::ostream& out, const std::vector<std::string>& column_names, MatrixRef values);

}  // namespace linreg
