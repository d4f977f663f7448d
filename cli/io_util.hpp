#pragma once
// Opening the files a command names: '-' is the command's standard input, or output.
#include <functional>
#include <ostream>
#include <string>

#include "app.hpp"
#include "linreg/csv.hpp"
#include "linreg/training.hpp"
#include "progress.hpp"

namespace linreg::cli {

// Reads a CSV from FILE, or from io.in when FILE is "-". DataError when unreadable. Shows the
// reading on `progress` when that is enabled.
CsvTable read_table(const std::string& file, const Streams& io, CsvOptions options,
                    ProgressLine* progress = nullptr);

// The same, a block of rows at a time (read_csv_blocks).
void read_table_blocks(const std::string& file, const Streams& io, CsvOptions options,
                       ProgressLine* progress, const CsvBlockTask& task);

// True for the names of the command's standard output: "" (no file given), "-" and
// /dev/stdout. Written through io.out, it stays in order with the rest of what goes there.
bool is_stdout(const std::string& file);

// Flushes io.out. DataError "cannot write to standard output: <reason>" when a write failed.
void flush_stdout(const Streams& io);

// Calls write(stream) on io.out for is_stdout(FILE); otherwise on FILE, which is replaced only
// when complete (AtomicFileWriter: a symbolic link is written through, a FIFO or device
// directly). DataError "cannot write <what> FILE: <reason>" when it cannot be written; then no
// partial file is left and an old one is untouched.
void write_output(const std::string& file, const Streams& io, const std::string& what,
                  const std::function<void(std::ostream&)>& write);

// A command's input: FILE, or standard input for '-', its reading shown on the progress line
// (erased when done: what comes next is timed afresh).
class InputTable : public TableSource {
 public:
  InputTable(const std::string& file, const Streams& io, ProgressLine& progress)
      : file_(file), io_(io), progress_(progress) {}
  CsvTable read(const CsvOptions& options) override;
  void read_blocks(const CsvOptions& options, const CsvBlockTask& task) override;
  [[nodiscard]] bool rereadable() const override { return file_ != "-"; }
  [[nodiscard]] std::string name() const override {
    return file_ == "-" ? std::string("<stdin>") : file_;
  }

 private:
  void done();
  const std::string& file_;
  const Streams& io_;
  ProgressLine& progress_;
};

}  // namespace linreg::cli
