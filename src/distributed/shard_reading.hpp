#pragma once
// Which rows of a table in one or more CSV files each process of a distributed fit reads, and
// reading them (private to the library).
//
// The files' data bytes (each file's after its header) are laid end to end and cut into equal
// byte ranges, one per process. A process reads the records that start inside its range: the
// quote state where a range begins is not known from its bytes alone (a quoted field may hold
// newlines), so each process first runs the reader's quoting automaton over its range from every
// state it could begin in (a few states: outside a field, inside quotes, …), and the processes
// exchange these maps: composed in rank order, from the known state at each file's start, they
// give the true state at every range's start. The first pass is a scan of the bytes for quotes
// and newlines (ranges without quotes cost a memchr). Line numbers and row indices are the
// files' own, as a one-process reading names them.
#include <string>
#include <vector>

#include "linreg/communicator.hpp"
#include "linreg/csv.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

struct Shard {
  CsvTable table;        // this process's rows (columns as the reader typed them from these rows)
  Index first_row = 0;   // the data rows of all files before them
  Index total_rows = 0;  // of all files
  std::string source;    // the name messages give the whole table
};

// DataError when the files' headers differ (names, order or delimiter), naming the file; IoError
// for a file that cannot be read; the reader's errors at their file, line and column. Collective:
// every process calls it, with the same files and options.
Shard read_shard(const Communicator& comm, const std::vector<std::string>& files,
                 const CsvOptions& options);

// The name a table of several files goes by in messages: the file itself for one.
std::string tables_name(const std::vector<std::string>& files);

}  // namespace linreg::detail
