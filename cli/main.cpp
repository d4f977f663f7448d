#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "allocator.hpp"
#include "app.hpp"

int main(int argc, char** argv) {
  linreg::configure_allocator();
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return linreg::cli::run(args, {std::cin, std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1});
}
