#include "linreg/file_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "linreg/errors.hpp"

namespace linreg {

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, const std::string& what) {
  std::filesystem::path temp = path;
  temp += fmt::format(".tmp.{}", ::getpid());
  const auto fail = [&](const char* step) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    throw DataError(fmt::format("cannot write {} {}: {} ({})", what, path.string(), step, reason));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw DataError(fmt::format("cannot write {} {}: {}", what, path.string(), std::strerror(errno)));
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t k = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (k < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      fail("write failed");
    }
    written += static_cast<std::size_t>(k);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("fsync failed");
  }
  if (::close(fd) != 0) fail("close failed");
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail("rename failed");
}

}  // namespace linreg
