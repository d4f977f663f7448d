#pragma once
// Writing a whole file so that readers never see half of it: a temporary file beside it, then
// a rename. The one place the library creates files (models, charts, reports, CSV output).
//
// Only a regular file (or a path that does not exist yet) is replaced that way:
//  - a symbolic link is followed: its final target is replaced (the temporary file goes beside
//    the target) and the link itself stays;
//  - anything else that exists and is not a folder (a FIFO, a character device such as a
//    terminal) is opened and written directly: no temporary file, no rename, no fsync;
//  - a folder is an error.
// On failure no temporary file is left behind and an existing file is untouched.
#include <filesystem>
#include <string>
#include <string_view>

namespace linreg {

class AtomicFileWriter {
 public:
  // Opens the temporary file (or the device). Throws DataError "cannot write <what> <path>:
  // <reason>" (e.g. a missing or read-only folder).
  AtomicFileWriter(const std::filesystem::path& path, std::string what);
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFileWriter();

  // DataError with the system's reason (e.g. "No space left on device", "File too large").
  void write(std::string_view bytes);
  // Flushes to disk and renames the temporary file over the target (or just closes a device).
  void commit();

 private:
  [[noreturn]] void fail(const char* step, int error);

  std::filesystem::path path_;    // as given, for messages
  std::filesystem::path target_;  // what is replaced: `path_` with symbolic links resolved
  std::filesystem::path temp_;    // empty when writing directly
  std::string what_;
  int fd_ = -1;
  bool committed_ = false;
};

// AtomicFileWriter in one call.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           const std::string& what);

}  // namespace linreg
