#include "linreg/csv_file_source.hpp"

#include "linreg/file_input.hpp"

namespace linreg {

CsvTable CsvFileSource::read(const CsvOptions& options) {
  std::ifstream in = open_for_reading(path_);
  return read_csv(in, path_, options);
}

void CsvFileSource::read_blocks(const CsvOptions& options, const CsvBlockTask& task) {
  std::ifstream in = open_for_reading(path_);
  read_csv_blocks(in, path_, options, task);
}

}  // namespace linreg
