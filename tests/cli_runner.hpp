#pragma once
// Runs the `linreg` program in-process and captures what it printed.
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"

namespace linreg::cli::testing {

struct Result {
  int code;
  std::string out;
  std::string err;
};

inline Result run_cli(const std::vector<std::string>& args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run(args, {in, out, err});
  return {code, out.str(), err.str()};
}

}  // namespace linreg::cli::testing
