#include "linreg/file_output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "linreg/errors.hpp"

namespace linreg {
namespace {

namespace fs = std::filesystem;

std::optional<struct stat> stat_of(const fs::path& path, bool follow) {
  struct stat st {};
  if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return std::nullopt;
  return st;
}

// Where a chain of symbolic links ends when its last target does not exist yet: the file to
// create. Relative targets are relative to the link's folder, as the kernel reads them.
fs::path dangling_target(fs::path path) {
  for (int hops = 0; hops < 40; ++hops) {  // 40: the kernel's own limit (ELOOP)
    const auto st = stat_of(path, false);
    if (!st || !S_ISLNK(st->st_mode)) return path;
    std::error_code ec;
    const fs::path next = fs::read_symlink(path, ec);
    if (ec) return path;
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
  return path;
}

// A name beside `target` that no other writer (another process, a thread of this one) uses:
// ".NAME.tmp.PID.N", N counting the names this process has tried.
fs::path temp_name(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  return target.parent_path() /
         fmt::format(".{}.tmp.{}.{}", target.filename().string(), ::getpid(), counter++);
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(const fs::path& path, std::string what)
    : path_(path), what_(std::move(what)) {
  const auto link = stat_of(path, false);
  const auto st = stat_of(path, true);
  // A link loop (ELOOP) or an unreadable folder: not a file to create.
  if (link && !st && errno != ENOENT) fail("cannot follow the link", errno);
  if (st && S_ISDIR(st->st_mode)) {
    throw IoError(fmt::format("cannot write {} {}: it is a directory", what_, path_.string()));
  }
  if (st && !S_ISREG(st->st_mode)) {  // a FIFO, a terminal, a socket: written as it is
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) fail("open failed", errno);
    return;
  }
  target_ = path;
  if (link && S_ISLNK(link->st_mode)) {
    std::error_code ec;
    target_ = st ? fs::canonical(path, ec) : dangling_target(path);
    if (ec) fail("cannot resolve the link", ec.value());
  }
  for (unsigned attempt = 0; fd_ < 0; ++attempt) {
    temp_ = temp_name(target_);
    // O_EXCL: never opens (or follows a symbolic link at) a name that already exists.
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd_ < 0 && (errno != EEXIST || attempt >= 100)) {
      const int error = errno;
      temp_.clear();  // not ours: nothing to remove
      fail("cannot create a temporary file beside it", error);
    }
  }
  // A replaced file keeps its permissions (umask applies to new ones).
  if (st && ::fchmod(fd_, st->st_mode & 07777) != 0) fail("cannot set permissions", errno);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFileWriter::fail(const char* step, int error) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  throw IoError(fmt::format("cannot write {} {}: {} ({})", what_, path_.string(), step,
                            std::strerror(error)));
}

void AtomicFileWriter::write(std::string_view bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t k = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (k < 0) {
      if (errno == EINTR) continue;
      fail("write failed", errno);
    }
    written += static_cast<std::size_t>(k);
  }
}

void AtomicFileWriter::commit() {
  if (temp_.empty()) {  // written directly: nothing to flush to disk or rename
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("close failed", errno);
    committed_ = true;
    return;
  }
  if (::fsync(fd_) != 0) fail("fsync failed", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close failed", errno);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) fail("rename failed", errno);
  committed_ = true;
}

void write_file_atomically(const fs::path& path, std::string_view bytes, const std::string& what) {
  AtomicFileWriter file(path, what);
  file.write(bytes);
  file.commit();
}

}  // namespace linreg
