// Times read_csv on a file: prints one JSON line {"median_s", "min_s", "rows", "columns",
// "checksum"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "allocator.hpp"
#include "linreg/csv.hpp"

int main(int argc, char** argv) {
  linreg::configure_allocator();  // as the linreg program runs the reader
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_parse_csv FILE [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  std::vector<double> seconds;
  double checksum = 0.0;
  long rows = 0, columns = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    std::ifstream in(argv[1], std::ios::binary);
    const linreg::CsvTable table = linreg::read_csv(in, argv[1]);
    const auto stop = std::chrono::steady_clock::now();
    seconds.push_back(std::chrono::duration<double>(stop - start).count());
    rows = table.rows;
    columns = static_cast<long>(table.columns.size());
    checksum = 0.0;
    for (const auto& c : table.columns) {
      for (const double v : c.numbers) checksum += v;
    }
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf(
      "{\"median_s\": %.6f, \"min_s\": %.6f, \"rows\": %ld, \"columns\": %ld, \"checksum\": "
      "%.10g}\n",
      seconds[seconds.size() / 2], seconds.front(), rows, columns, checksum);
  return 0;
}
