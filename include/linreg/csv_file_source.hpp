#pragma once
// A CSV file as the pipeline's TableSource: read whole, or a block of rows at a time, as often
// as train() asks (a file can be read again).
#include <string>

#include "linreg/training.hpp"

namespace linreg {

class CsvFileSource final : public TableSource {
 public:
  explicit CsvFileSource(std::string path) : path_(std::move(path)) {}
  // IoError when the file cannot be opened; the reader's DataError for its contents.
  [[nodiscard]] CsvTable read(const CsvOptions& options) override;
  void read_blocks(const CsvOptions& options, const CsvBlockTask& task) override;
  [[nodiscard]] bool rereadable() const override { return true; }
  [[nodiscard]] std::string name() const override { return path_; }

 private:
  std::string path_;
};

}  // namespace linreg
