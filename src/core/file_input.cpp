#include "linreg/file_input.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "linreg/errors.hpp"

namespace linreg {

std::ifstream open_for_reading(const std::filesystem::path& file) {
  if (std::error_code ec; std::filesystem::is_directory(file, ec)) {
    throw IoError(fmt::format("cannot open {}: it is a directory", file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
  return in;
}

}  // namespace linreg
