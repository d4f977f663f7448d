#pragma once
// Exceptions thrown by the library. Library code never aborts or exits: callers (the CLI) decide.
// Each kind is its own type:
//  - UsageError (a std::invalid_argument): a bad setting or combination of settings (the message
//    names it).
//  - DataError: the data is unusable (the message names the file, line and column where known).
//  - IoError: a file, folder or stream could not be opened, read or written, or a chart could not
//    be drawn (fonts, memory); the message gives the system's reason.
//  - InternalError (a std::logic_error): a broken contract inside linreg, a bug. Plain
//    std::invalid_argument from a function is a caller's broken contract of the same kind.
//  - FeatureUnavailable: the option needs something this build was made without (LibTorch);
//    the message says how to build with it.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace linreg {

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class FeatureUnavailable : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "file:line:column: message" with the parts that are known (line/column 0 = unknown).
std::string located_message(const std::string& source, std::size_t line, std::size_t column,
                            const std::string& message);

// Runs `work` and names `source` in its DataErrors that do not name it yet: messages about the
// data ("the target 'y' reaches ...") from code that does not know which file it came from.
template <typename Work>
auto naming_source(const std::string& source, const Work& work) {
  try {
    return work();
  } catch (const DataError& e) {
    const std::string what = e.what();
    if (what.rfind(source + ":", 0) == 0) throw;
    throw DataError(located_message(source, 0, 0, what));
  }
}

// A cell's text as messages show it: control bytes (a NUL inside a number, a tab) and bytes that
// are not UTF-8 as \xNN, so a message is never cut short, garbled or invalid by what it quotes.
std::string printable(std::string_view text);

}  // namespace linreg
