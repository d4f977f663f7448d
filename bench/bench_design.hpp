#pragma once
// The command line and data shared by the large-design benchmarks:
//   PROGRAM ROWS COLS REPEATS [RAW_OUT]
// make_linear(ROWS, COLS, seed 1, noise 1); with RAW_OUT, X (column-major float64) then y are
// written as raw doubles so the Python peer times the same data.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>

#include "linreg/synthetic.hpp"

struct BenchDesign {
  long rows = 0;
  long cols = 0;
  int repeats = 1;
  linreg::Dataset data;
};

// Empty (after a message on stderr) on bad usage or when RAW_OUT cannot be written.
inline std::optional<BenchDesign> bench_design(int argc, char** argv, const char* program) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ROWS COLS REPEATS [RAW_OUT]\n", program);
    return std::nullopt;
  }
  BenchDesign b;
  b.rows = std::atol(argv[1]);
  b.cols = std::atol(argv[2]);
  b.repeats = std::atoi(argv[3]);
  b.data = linreg::make_linear(b.rows, b.cols, 1, 1.0);
  if (argc > 4) {
    std::ofstream out(argv[4], std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data.X.data()),
              static_cast<std::streamsize>(b.data.X.size() * 8));
    out.write(reinterpret_cast<const char*>(b.data.y.data()),
              static_cast<std::streamsize>(b.data.y.size() * 8));
    if (!out) {
      std::fprintf(stderr, "%s: cannot write %s\n", program, argv[4]);
      return std::nullopt;
    }
  }
  return b;
}
