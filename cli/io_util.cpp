#include "io_util.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "linreg/errors.hpp"

namespace linreg::cli {

CsvTable read_table(const std::string& file, const Streams& io, const CsvOptions& options) {
  if (file == "-") return read_csv(io.in, "<stdin>", options);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError(fmt::format("cannot open {}: {}", file, std::strerror(errno)));
  return read_csv(in, file, options);
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
