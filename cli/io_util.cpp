#include "io_util.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>

#include "linreg/errors.hpp"
#include "linreg/file_input.hpp"
#include "linreg/file_output.hpp"

namespace linreg::cli {

namespace {

// Opens FILE (or takes io.in for "-"), sets up the progress display and calls
// read(stream, source, options).
template <typename Read>
auto with_input(const std::string& file, const Streams& io, CsvOptions options,
                ProgressLine* progress, const Read& read) {
  const bool from_stdin = file == "-";
  if (progress != nullptr && progress->enabled()) {
    std::error_code ec;
    const std::uintmax_t size = from_stdin ? 0 : std::filesystem::file_size(file, ec);
    options.on_progress = reading_progress(*progress, from_stdin ? "<stdin>" : file, ec ? 0 : size);
  }
  if (from_stdin) return read(io.in, std::string("<stdin>"), options);
  std::ifstream in = open_for_reading(file);
  return read(in, file, options);
}

// An ostream's buffer over an AtomicFileWriter. A stream cannot carry the writer's DataError (it
// only sets badbit), so the first one is kept and rethrown by finish().
class FileBuffer : public std::streambuf {
 public:
  explicit FileBuffer(AtomicFileWriter& file) : file_(file) { reset(); }
  void finish() {
    sync();
    if (error_) std::rethrow_exception(error_);
  }

 protected:
  int_type overflow(int_type ch) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override {
    if (error_) return -1;
    try {
      file_.write({pbase(), static_cast<std::size_t>(pptr() - pbase())});
    } catch (...) {
      error_ = std::current_exception();
      return -1;
    }
    reset();
    return 0;
  }

 private:
  void reset() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

  AtomicFileWriter& file_;
  std::array<char, 1 << 16> buffer_{};
  std::exception_ptr error_;
};

}  // namespace

CsvTable read_table(const std::string& file, const Streams& io, CsvOptions options,
                    ProgressLine* progress) {
  return with_input(file, io, std::move(options), progress,
                    [](std::istream& in, const std::string& source, const CsvOptions& o) {
                      return read_csv(in, source, o);
                    });
}

void read_table_blocks(const std::string& file, const Streams& io, CsvOptions options,
                       ProgressLine* progress, const CsvBlockTask& task) {
  with_input(file, io, std::move(options), progress,
             [&](std::istream& in, const std::string& source, const CsvOptions& o) {
               read_csv_blocks(in, source, o, task);
             });
}

void flush_stdout(const Streams& io) {
  io.out.flush();
  // errno still holds the failed write's reason: nothing since has failed.
  if (!io.out)
    throw IoError(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
}

bool is_stdout(const std::string& file) {
  return file.empty() || file == "-" || file == "/dev/stdout";
}

void write_output(const std::string& file, const Streams& io, const std::string& what,
                  const std::function<void(std::ostream&)>& write) {
  if (is_stdout(file)) {
    write(io.out);
    flush_stdout(io);
    return;
  }
  AtomicFileWriter writer(file, what);
  FileBuffer buffer(writer);
  std::ostream out(&buffer);
  write(out);
  buffer.finish();
  writer.commit();
}

CsvTable InputTable::read(const CsvOptions& options) {
  CsvTable table = read_table(file_, io_, options, &progress_);
  done();
  return table;
}

void InputTable::read_blocks(const CsvOptions& options, const CsvBlockTask& task) {
  read_table_blocks(file_, io_, options, &progress_, task);
  done();
}

void InputTable::done() {
  progress_.finish();
  progress_.restart();
}

}  // namespace linreg::cli
