#include "distributed/shard_reading.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <streambuf>

#include "distributed/collective.hpp"
#include "linreg/errors.hpp"
#include "linreg/file_input.hpp"

namespace linreg::detail {
namespace {

// The reader's quoting, as an automaton over bytes (the record splitting of csv_reader.cpp: a
// quote opens a quoted field only at a field's start, after optional blanks; "" inside is data).
enum State : std::uint8_t {
  kRecordStart,    // outside quotes, at a record's first byte
  kFieldStart,     // outside quotes, at a later field's start (or in its leading blanks)
  kInField,        // outside quotes, inside an unquoted field (a quote there is data)
  kInQuotes,       // inside a quoted field
  kQuoteInQuotes,  // just after a quote inside a quoted field: its end, or half of ""
};
constexpr int kStates = 5;
using StateMap = std::array<std::uint8_t, kStates>;  // end state from each start state

class Automaton {
 public:
  explicit Automaton(char delimiter) {
    enum Class : std::uint8_t { kQuote, kNewline, kDelimiter, kBlank, kOther };
    class_.fill(kOther);
    class_['"'] = kQuote;
    class_['\n'] = kNewline;
    class_[' '] = class_['\t'] = class_['\r'] = kBlank;
    class_[static_cast<unsigned char>(delimiter)] = kDelimiter;
    const auto outside = [](std::uint8_t c, std::uint8_t quote) -> std::uint8_t {
      return c == kNewline ? kRecordStart : c == kDelimiter ? kFieldStart : quote;
    };
    for (std::uint8_t c = 0; c < 5; ++c) {
      const std::uint8_t at_start = c == kQuote ? kInQuotes : c == kBlank ? kFieldStart : kInField;
      next_[kRecordStart][c] = outside(c, at_start);
      next_[kFieldStart][c] = outside(c, at_start);
      next_[kInField][c] = outside(c, kInField);
      next_[kInQuotes][c] = c == kQuote ? kQuoteInQuotes : kInQuotes;
      next_[kQuoteInQuotes][c] = c == kQuote ? kInQuotes : outside(c, kInField);
    }
  }

  [[nodiscard]] std::uint8_t step(std::uint8_t s, char c) const {
    return next_[s][class_[static_cast<unsigned char>(c)]];
  }
  [[nodiscard]] std::uint8_t run(std::uint8_t s, const char* p, std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) s = step(s, p[i]);
    return s;
  }
  // Every start state's run over the bytes, in place. Without a quote among them the states
  // outside quotes only depend on the bytes after the last newline, and inside quotes nothing
  // changes: a memchr and a short tail instead of a pass per state.
  void run_all(StateMap& states, const char* p, std::size_t n) const {
    if (n == 0) return;
    if (std::memchr(p, '"', n) == nullptr) {
      const void* last = ::memrchr(p, '\n', n);
      for (auto& s : states) {
        if (s == kInQuotes) continue;
        std::size_t from = 0;
        if (s == kQuoteInQuotes) s = step(s, p[from++]);
        if (last != nullptr && static_cast<const char*>(last) >= p + from) {
          const auto after = static_cast<std::size_t>(static_cast<const char*>(last) - p) + 1;
          s = run(kRecordStart, p + after, n - after);
        } else {
          s = run(s, p + from, n - from);
        }
      }
      return;
    }
    // With quotes, one pass per distinct state (the start states soon merge into two or three).
    StateMap done{};
    std::array<bool, kStates> known{};
    for (auto& s : states) {
      if (!known[s]) {
        done[s] = run(s, p, n);
        known[s] = true;
      }
      s = done[s];
    }
  }

 private:
  std::array<std::uint8_t, 256> class_{};
  std::uint8_t next_[kStates][5]{};
};

// Reads a file's bytes at given offsets.
class FileBytes {
 public:
  explicit FileBytes(const std::string& path) : path_(path), in_(open_for_reading(path)) {}
  // Up to n bytes from `offset` (fewer at the end of the file).
  std::size_t read(std::uint64_t offset, char* to, std::size_t n) {
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(to, static_cast<std::streamsize>(n));
    if (in_.bad()) throw IoError(fmt::format("cannot read {}: {}", path_, std::strerror(errno)));
    return static_cast<std::size_t>(in_.gcount());
  }
  // Calls visit(bytes, count) over [begin, end), a buffer at a time.
  template <typename Visit>
  void scan(std::uint64_t begin, std::uint64_t end, const Visit& visit) {
    std::vector<char> buffer(std::size_t{1} << 20);
    for (std::uint64_t at = begin; at < end;) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), end - at));
      const std::size_t got = read(at, buffer.data(), want);
      if (got == 0) break;
      if (!visit(buffer.data(), got)) break;
      at += got;
    }
  }

 private:
  std::string path_;
  std::ifstream in_;
};

// A file's header bytes followed by the bytes of [begin, end): what the reader reads for a shard.
class ShardBuffer final : public std::streambuf {
 public:
  ShardBuffer(FileBytes& file, std::uint64_t header, std::uint64_t begin, std::uint64_t end)
      : file_(file), parts_{{{0, header}, {begin, end}}} {}

 protected:
  int_type underflow() override {
    while (part_ < parts_.size()) {
      auto& [at, stop] = parts_[part_];
      if (at < stop) {
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), stop - at));
        const std::size_t got = file_.read(at, buffer_.data(), want);
        if (got == 0) {
          at = stop;
          continue;
        }
        at += got;
        setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
        return traits_type::to_int_type(buffer_[0]);
      }
      ++part_;
    }
    return traits_type::eof();
  }

 private:
  FileBytes& file_;
  std::array<std::pair<std::uint64_t, std::uint64_t>, 2> parts_;
  std::size_t part_ = 0;
  std::vector<char> buffer_ = std::vector<char>(std::size_t{1} << 20);  // on the heap
};

struct FileLayout {
  std::uint64_t size = 0;
  std::uint64_t data_start = 0;  // bytes before the first data record
  std::uint64_t header_lines = 0;
};

// A range of one file's data bytes that falls in this process's share.
struct Piece {
  std::size_t file = 0;
  std::uint64_t begin = 0, end = 0;
};

// DataError unless `other` (of file `path`) has the first file's header.
void check_same_header(const CsvHeader& first, const std::string& first_path,
                       const CsvHeader& other, const std::string& path) {
  if (other.delimiter != first.delimiter) {
    throw DataError(located_message(
        path, other.lines, 0,
        fmt::format("its fields are separated by '{}', those of {} by '{}': the files are read as "
                    "one table",
                    other.delimiter, first_path, first.delimiter)));
  }
  for (std::size_t j = 0; j < std::max(first.names.size(), other.names.size()); ++j) {
    const std::string a = j < first.names.size() ? first.names[j] : "(none)";
    const std::string b = j < other.names.size() ? other.names[j] : "(none)";
    if (a == b) continue;
    throw DataError(located_message(
        path, other.lines, 0,
        fmt::format("its header differs from that of {}: column {} is '{}' here and '{}' there "
                    "(the files are read as one table, with the same columns in the same order)",
                    first_path, j + 1, b, a)));
  }
}

}  // namespace

std::string tables_name(const std::vector<std::string>& files) {
  if (files.size() == 1) return files.front();
  return fmt::format("{} (and {} more files)", files.front(), files.size() - 1);
}

ShardPlan plan_shard(const Communicator& comm, const std::vector<std::string>& files,
                     const CsvOptions& options) {
  const auto P = static_cast<std::size_t>(comm.size());
  const auto me = static_cast<std::size_t>(comm.rank());
  if (files.empty()) throw std::invalid_argument("plan_shard: no files");
  // Each file's header, read by one process (file f by rank f mod P) and checked against the
  // first file's; the layouts then shared.
  CsvHeader first;
  CsvOptions header_options;
  header_options.delimiter = options.delimiter;
  header_options.decimal = options.decimal;
  header_options.encoding = options.encoding;
  std::vector<std::int64_t> mine;
  collectively(comm, [&] {
    std::ifstream in = open_for_reading(files.front());
    first = read_csv_header(in, files.front(), header_options);
  });
  // Each process's first failing file: the error named is the earliest file's, as one process
  // reading them in order names it.
  std::string failure;  // the kind (D or I), then the message
  std::size_t failure_file = 0;
  try {
    for (std::size_t f = me; f < files.size(); f += P) {
      failure_file = f;
      std::ifstream file = open_for_reading(files[f]);
      const CsvHeader header = read_csv_header(file, files[f], header_options);
      if (f > 0) check_same_header(first, files.front(), header, files[f]);
      file.clear();
      file.seekg(0, std::ios::end);
      if (file.tellg() < 0) {
        throw IoError(fmt::format(
            "cannot read {} by byte ranges: it is not a regular file (a pipe or a device?)",
            files[f]));
      }
      mine.insert(
          mine.end(),
          {static_cast<std::int64_t>(f), static_cast<std::int64_t>(file.tellg()),
           static_cast<std::int64_t>(header.bytes), static_cast<std::int64_t>(header.lines)});
    }
  } catch (const DataError& e) {
    failure = fmt::format("D{}", e.what());
  } catch (const IoError& e) {
    failure = fmt::format("I{}", e.what());
  }
  {
    const std::string tagged = failure.empty() ? "" : fmt::format("{} {}", failure_file, failure);
    std::size_t earliest = files.size();
    std::string chosen;
    for (const std::string& part : comm.all_gather(tagged)) {
      if (part.empty()) continue;
      const std::size_t space = part.find(' ');
      const std::size_t f = std::stoull(part.substr(0, space));
      if (f < earliest) earliest = f, chosen = part.substr(space + 1);
    }
    if (!chosen.empty()) {
      if (chosen[0] == 'D') throw DataError(chosen.substr(1));
      throw IoError(chosen.substr(1));
    }
  }
  std::vector<FileLayout> layout(files.size());
  for (const std::string& part : comm.all_gather(to_bytes(mine))) {
    const std::vector<std::int64_t> v = from_bytes(part);
    for (std::size_t k = 0; k + 3 < v.size(); k += 4) {
      FileLayout& l = layout[static_cast<std::size_t>(v[k])];
      l.size = static_cast<std::uint64_t>(v[k + 1]);
      l.data_start = std::min(l.size, static_cast<std::uint64_t>(v[k + 2]));
      l.header_lines = static_cast<std::uint64_t>(v[k + 3]);
    }
  }
  // The data bytes end to end, cut into P equal ranges: this process's, as pieces of files.
  std::uint64_t total = 0;
  for (const auto& l : layout) total += l.size - l.data_start;
  const auto cut = [&](std::size_t r) {
    return static_cast<std::uint64_t>(static_cast<unsigned __int128>(total) * r / P);
  };
  std::vector<Piece> pieces;
  {
    const std::uint64_t lo = cut(me), hi = cut(me + 1);
    std::uint64_t at = 0;
    for (std::size_t f = 0; f < files.size() && lo < hi; ++f) {
      const std::uint64_t bytes = layout[f].size - layout[f].data_start;
      const std::uint64_t from = std::max(lo, at), to = std::min(hi, at + bytes);
      if (from < to)
        pieces.push_back({f, layout[f].data_start + (from - at), layout[f].data_start + (to - at)});
      at += bytes;
    }
  }
  const Automaton automaton(first.delimiter);
  // The last piece's map of states and newlines, for the processes after this one.
  StateMap map{};
  for (int s = 0; s < kStates; ++s) map[static_cast<std::size_t>(s)] = static_cast<std::uint8_t>(s);
  std::int64_t newlines = 0;
  collectively(comm, [&] {
    if (pieces.empty()) return;
    const Piece& last = pieces.back();
    FileBytes bytes(files[last.file]);
    bytes.scan(last.begin, last.end, [&](const char* p, std::size_t n) {
      automaton.run_all(map, p, n);
      newlines += std::count(p, p + n, '\n');
      return true;
    });
  });
  std::vector<std::int64_t> summary = {
      pieces.empty() ? -1 : static_cast<std::int64_t>(pieces.back().file),
      pieces.empty() ? 0 : static_cast<std::int64_t>(pieces.back().begin), newlines};
  for (const auto s : map) summary.push_back(s);
  std::vector<std::vector<std::int64_t>> before;  // every rank's, in rank order
  for (const std::string& part : comm.all_gather(to_bytes(summary)))
    before.push_back(from_bytes(part));
  // Where this process's first record begins: the state at its first piece's start, from the maps
  // of the earlier processes' pieces of that file (from the file's start), then a scan to the
  // first record start at or after it (past the range's end, inside a long quoted field).
  std::uint64_t resume = 0;
  std::uint64_t skipped = 0;  // newlines between the file's data start and `resume`
  collectively(comm, [&] {
    if (pieces.empty()) return;
    const Piece& head = pieces.front();
    resume = head.begin;
    if (head.begin == layout[head.file].data_start) return;
    std::vector<std::size_t> chain;
    for (std::size_t r = me; r-- > 0;) {
      const auto& b = before[r];
      if (b[0] != static_cast<std::int64_t>(head.file)) continue;  // no piece (empty range)
      chain.push_back(r);
      if (static_cast<std::uint64_t>(b[1]) == layout[head.file].data_start) break;
    }
    std::uint8_t state = kRecordStart;
    for (auto r = chain.rbegin(); r != chain.rend(); ++r) {
      state = static_cast<std::uint8_t>(before[*r][static_cast<std::size_t>(3 + state)]);
      skipped += static_cast<std::uint64_t>(before[*r][2]);
    }
    if (state == kRecordStart) return;
    FileBytes bytes(files[head.file]);
    resume = layout[head.file].size;
    std::uint64_t at = head.begin;
    bytes.scan(head.begin, layout[head.file].size, [&](const char* p, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) {
        state = automaton.step(state, p[i]);
        if (p[i] == '\n') ++skipped;
        if (state == kRecordStart) {
          resume = at + i + 1;
          return false;
        }
      }
      at += n;
      return true;
    });
  });
  // Each process's first piece's file and record start: this process's pieces end where the next
  // one's records begin.
  const std::vector<std::int64_t> start = {
      pieces.empty() ? -1 : static_cast<std::int64_t>(pieces.front().file),
      static_cast<std::int64_t>(resume)};
  std::vector<std::vector<std::int64_t>> starts;
  for (const std::string& part : comm.all_gather(to_bytes(start)))
    starts.push_back(from_bytes(part));
  ShardPlan plan;
  plan.source = tables_name(files);
  plan.columns = first.names;
  plan.header_path = files.front();
  plan.header_bytes = layout.front().data_start;
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const Piece& piece = pieces[k];
    const FileLayout& l = layout[piece.file];
    const std::uint64_t begin = k == 0 ? resume : piece.begin;
    std::uint64_t end = l.size;
    if (k + 1 == pieces.size()) {
      for (std::size_t r = me + 1; r < P; ++r) {
        if (starts[r][0] < 0) continue;
        if (starts[r][0] == static_cast<std::int64_t>(piece.file))
          end = static_cast<std::uint64_t>(starts[r][1]);
        break;
      }
    }
    if (begin >= end) continue;
    plan.pieces.push_back(
        {files[piece.file], piece.file, l.data_start, begin, end, k == 0 ? skipped : 0});
  }
  return plan;
}

void read_piece(const ShardPiece& piece, const CsvOptions& options, const CsvBlockTask& task) {
  FileBytes bytes(piece.path);
  ShardBuffer buffer(bytes, piece.header_bytes, piece.begin, piece.end);
  std::istream in(&buffer);
  CsvOptions reading = options;
  reading.skipped_lines = piece.skipped_lines;
  read_csv_blocks(in, piece.path, reading, task);
}

CsvTable read_header_only(const ShardPlan& plan, const CsvOptions& options) {
  FileBytes bytes(plan.header_path);
  ShardBuffer buffer(bytes, plan.header_bytes, 0, 0);
  std::istream in(&buffer);
  return read_csv(in, plan.header_path, options);
}

}  // namespace linreg::detail
