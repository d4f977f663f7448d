#pragma once
// Opening the files a command names: '-' is the command's standard input.
#include <functional>
#include <ostream>
#include <string>

#include "app.hpp"
#include "linreg/csv.hpp"
#include "progress.hpp"

namespace linreg::cli {

// Reads a CSV from FILE, or from io.in when FILE is "-". DataError when unreadable. Shows the
// reading on `progress` when that is enabled.
CsvTable read_table(const std::string& file, const Streams& io, CsvOptions options,
                    ProgressLine* progress = nullptr);

// The same, a block of rows at a time (read_csv_blocks).
void read_table_blocks(const std::string& file, const Streams& io, CsvOptions options, ProgressLine* progress,
                       const CsvBlockTask& task);

// Calls write(stream) on FILE (created or replaced), or on io.out when FILE is empty.
// DataError naming the file when it cannot be written.
void write_output(const std::string& file, const Streams& io,
                  const std::function<void(std::ostream&)>& write);

}  // namespace linreg::cli
