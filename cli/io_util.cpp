#include "io_util.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "linreg/errors.hpp"

namespace linreg::cli {

namespace {

// Opens FILE (or takes io.in for "-"), sets up the progress display and calls
// read(stream, source, options).
template <typename Read>
auto with_input(const std::string& file, const Streams& io, CsvOptions options, ProgressLine* progress,
                const Read& read) {
  const bool from_stdin = file == "-";
  if (progress != nullptr && progress->enabled()) {
    std::error_code ec;
    const std::uintmax_t size = from_stdin ? 0 : std::filesystem::file_size(file, ec);
    options.on_progress = reading_progress(*progress, from_stdin ? "<stdin>" : file, ec ? 0 : size);
  }
  if (from_stdin) return read(io.in, std::string("<stdin>"), options);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError(fmt::format("cannot open {}: {}", file, std::strerror(errno)));
  return read(in, file, options);
}

}  // namespace

CsvTable read_table(const std::string& file, const Streams& io, CsvOptions options, ProgressLine* progress) {
  return with_input(file, io, std::move(options), progress,
                    [](std::istream& in, const std::string& source, const CsvOptions& o) { return read_csv(in, source, o); });
}

void read_table_blocks(const std::string& file, const Streams& io, CsvOptions options, ProgressLine* progress,
                       const CsvBlockTask& task) {
  with_input(file, io, std::move(options), progress,
             [&](std::istream& in, const std::string& source, const CsvOptions& o) {
               read_csv_blocks(in, source, o, task);
             });
}

void write_output(const std::string& file, const Streams& io,
                  const std::function<void(std::ostream&)>& write) {
  if (file.empty()) {
    write(io.out);
    return;
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw DataError(fmt::format("cannot write {}: {}", file, std::strerror(errno)));
  write(out);
  out.close();
  if (!out) throw DataError(fmt::format("cannot write {}: write failed", file));
}

}  // namespace linreg::cli
