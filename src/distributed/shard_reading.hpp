#pragma once
// Which records of a table in one or more CSV files each process of a distributed fit reads, and
// reading them a block at a time (private to the library).
//
// The files' data bytes (each file's after its header) are laid end to end and cut into equal
// byte ranges, one per process. A process reads the records that start inside its range: the
// quote state where a range begins is not known from its bytes alone (a quoted field may hold
// newlines), so each process first runs the reader's quoting automaton over its range from every
// state it could begin in (a few states: outside a field, inside quotes, …), and the processes
// exchange these maps: composed in rank order, from the known state at each file's start, they
// give the true state at every range's start. That scan looks at each byte of a range once, for
// quotes and newlines (a range without quotes costs a memchr). Line numbers are the files' own,
// as a one-process reading names them.
#include <string>
#include <vector>

#include "linreg/communicator.hpp"
#include "linreg/csv.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

// A range of one file's records that this process reads: the file's header bytes, then the
// records that start in [begin, end).
struct ShardPiece {
  std::string path;
  std::size_t file = 0;  // index among the files
  std::uint64_t header_bytes = 0;
  std::uint64_t begin = 0, end = 0;
  std::size_t skipped_lines = 0;  // the file's lines between its header and `begin`
};

struct ShardPlan {
  std::vector<ShardPiece> pieces;    // in the files' order; none for a process without records
  std::vector<std::string> columns;  // the header's names (every column)
  std::string header_path;           // the first file, for a reading of its header alone
  std::uint64_t header_bytes = 0;
  std::string source;  // the name messages give the whole table
};

// This process's pieces. DataError when the files' headers differ (names, order or delimiter),
// naming the file; IoError for a file that cannot be read. Collective: every process calls it,
// with the same files and options.
ShardPlan plan_shard(const Communicator& comm, const std::vector<std::string>& files,
                     const CsvOptions& options);

// Reads a piece a block at a time (read_csv_blocks, with its lines numbered as the file's).
void read_piece(const ShardPiece& piece, const CsvOptions& options, const CsvBlockTask& task);

// The first file's header as a table without rows (its columns as `options` read them).
CsvTable read_header_only(const ShardPlan& plan, const CsvOptions& options);

// The name a table of several files goes by in messages: the file itself for one.
std::string tables_name(const std::vector<std::string>& files);

}  // namespace linreg::detail
