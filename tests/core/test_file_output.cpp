// write_file_atomically: what it replaces, what it writes through, and what a failure leaves.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "linreg/errors.hpp"
#include "linreg/file_output.hpp"

namespace linreg {
namespace {

namespace fs = std::filesystem;

class FileOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "linreg_file_output_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // The names in the folder: a failed or finished write leaves no temporary file.
  [[nodiscard]] std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }

  fs::path dir_;
};

TEST_F(FileOutputTest, CreatesAndReplacesARegularFileKeepingItsPermissions) {
  const fs::path file = dir_ / "m.json";
  write_file_atomically(file, "first", "model file");
  EXPECT_EQ(read(file), "first");
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  write_file_atomically(file, "second, longer", "model file");
  EXPECT_EQ(read(file), "second, longer");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(entries(), 1U);
}

TEST_F(FileOutputTest, WritesThroughASymbolicLinkAndKeepsIt) {
  fs::create_directory(dir_ / "real");
  const fs::path target = dir_ / "real" / "m.json";
  std::ofstream(target) << "old";
  const fs::path link = dir_ / "link.json";
  fs::create_symlink("real/m.json", link);  // relative: to the link's folder
  write_file_atomically(link, "new", "model file");
  ASSERT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(fs::read_symlink(link), "real/m.json");
  EXPECT_EQ(read(target), "new");
  EXPECT_EQ(entries(), 2U);  // the temporary file went beside the target, and is gone
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "real"), fs::directory_iterator()), 1);
  // A dangling link: its target is created, the link stays.
  const fs::path dangling = dir_ / "dangling.json";
  fs::create_symlink("real/new.json", dangling);
  write_file_atomically(dangling, "created", "model file");
  EXPECT_TRUE(fs::is_symlink(dangling));
  EXPECT_EQ(read(dir_ / "real" / "new.json"), "created");
}

TEST_F(FileOutputTest, WritesAFifoDirectly) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = read(fifo); });
  const std::string big(1 << 20, 'x');  // more than a pipe holds: the reader must drain it
  EXPECT_NO_THROW(write_file_atomically(fifo, big, "predictions"));
  reader.join();
  EXPECT_EQ(received, big);
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
  EXPECT_EQ(entries(), 1U);
}

TEST_F(FileOutputTest, ADirectoryIsAnError) {
  try {
    write_file_atomically(dir_, "x", "model file");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
}

TEST_F(FileOutputTest, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  const fs::path file = dir_ / "out.csv";
  std::ofstream(file) << "old content";
  // A file-size limit stands in for a full disk: write(2) fails with EFBIG once SIGXFSZ is ignored.
  struct rlimit old_limit {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = old_limit;
  limit.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::string message;
  try {
    write_file_atomically(file, std::string(100000, 'y'), "predictions");
  } catch (const IoError& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  EXPECT_NE(message.find("cannot write predictions"), std::string::npos) << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_EQ(read(file), "old content");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(FileOutputTest, AMissingFolderNamesTheReason) {
  try {
    write_file_atomically(dir_ / "nowhere" / "m.json", "x", "model file");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
}

TEST_F(FileOutputTest, NeverFollowsALinkAtATemporaryName) {
  // Links to a victim at the first temporary names this process would pick (under CTest each
  // test is a fresh process, so the counter starts at 0): none is followed or removed; O_EXCL
  // makes the writer go on to a free name.
  const fs::path victim = dir_ / "victim";
  std::ofstream(victim) << "keep";
  for (int k = 0; k < 20; ++k) {
    fs::create_symlink(victim, dir_ / fmt::format(".m.json.tmp.{}.{}", ::getpid(), k));
  }
  write_file_atomically(dir_ / "m.json", "model", "model file");
  EXPECT_EQ(read(victim), "keep");
  EXPECT_EQ(read(dir_ / "m.json"), "model");
  EXPECT_EQ(entries(), 22U);
}

}  // namespace
}  // namespace linreg
