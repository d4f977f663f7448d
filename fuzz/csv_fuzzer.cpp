// libFuzzer target for the CSV reader. Any input must either parse or throw DataError (nothing
// else: no crash, no other exception, no sanitizer report), and the answer must not depend on
// how the input is cut into chunks: the same table, or the same error, for every chunk size.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "linreg/csv.hpp"
#include "linreg/errors.hpp"

namespace {

// A printable digest of the outcome: the error text, or every column's name, kind and values.
std::string outcome(const std::string& text, std::size_t chunk_bytes, unsigned threads) {
  std::istringstream in(text);
  linreg::CsvOptions options;
  options.chunk_bytes = chunk_bytes;
  options.threads = threads;
  try {
    const linreg::CsvTable t = linreg::read_csv(in, "fuzz.csv", options);
    std::ostringstream out;
    out << t.rows << '|' << t.delimiter << '\n';
    for (const auto& c : t.columns) {
      out << c.name << '|' << static_cast<int>(c.kind) << '|' << c.missing << ':';
      for (const double v : c.numbers) out << v << ',';
      for (const auto code : c.codes)
        out << (code < 0 ? std::string("<NA>") : c.levels[static_cast<std::size_t>(code)]) << ',';
      out << '\n';
    }
    return out.str();
  } catch (const linreg::DataError& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string reference = outcome(text, std::size_t{1} << 20, 1);
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
    if (outcome(text, chunk, chunk == 64 ? 2 : 1) != reference) __builtin_trap();
  }
  return 0;
}
