#include <malloc.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "app.hpp"

int main(int argc, char** argv) {
  // The CSV reader allocates and frees a few MB per chunk on several threads. glibc serves
  // blocks that size with fresh mmaps, so every chunk paid page faults to zero new pages: 0.4 s of
  // system time on a 250 MB file, 40% of a streamed fit. Served from the heap and not trimmed
  // back right away, the pages are reused. One arena: each parsing thread would otherwise keep
  // its own free lists, and peak memory crept up with the file size (8 times the rows: 1.12
  // times the peak) as more of them came into use.
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return linreg::cli::run(args, {std::cin, std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1});
}
