#pragma once
// The `linreg` program as a function, so tests can run it in-process.
#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

namespace linreg::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitDataError = 1;  // unusable data, unreadable files, failed fits
inline constexpr int kExitUsage = 2;      // bad flags or arguments
inline constexpr int kExitInternal = 70;  // a bug in linreg (EX_SOFTWARE)

struct Streams {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  // Progress bars are drawn only on a terminal (main() asks isatty), once the work has run
  // this long. Tests may set both.
  bool err_is_terminal = false;
  std::chrono::milliseconds progress_delay{1000};
  // False on the processes of an MPI run other than rank 0: they compute, and rank 0 alone
  // prints and writes the files (the model, …).
  bool writes_files = true;
};

// Runs `linreg` with `args` (without the program name). Never throws: errors become one line
// on io.err and a non-zero exit code.
int run(const std::vector<std::string>& args, const Streams& io);

}  // namespace linreg::cli
