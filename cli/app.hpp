#pragma once
// The `linreg` program as a function, so tests can run it in-process.
#include <iosfwd>
#include <string>
#include <vector>

namespace linreg::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitDataError = 1;  // unusable data, unreadable files, failed fits
inline constexpr int kExitUsage = 2;      // bad flags or arguments

struct Streams {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// Runs `linreg` with `args` (without the program name). Never throws: errors become one line
// on io.err and a non-zero exit code.
int run(const std::vector<std::string>& args, const Streams& io);

}  // namespace linreg::cli
