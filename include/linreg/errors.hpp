#pragma once
// Exceptions thrown by the library. Library code never aborts or exits: callers (the CLI) decide.
//
//  - UsageError (a std::invalid_argument): a bad setting or combination of settings (the message
//    names it); std::invalid_argument itself: a bad argument to a function.
//  - DataError: the data is unusable (the message names the file, line and column where known).
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
