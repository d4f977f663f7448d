// The progress line: drawn in place on a terminal, never when disabled, never on stdout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>

#include "app.hpp"
#include "progress.hpp"

namespace linreg::cli {
namespace {

using namespace std::chrono_literals;

TEST(Progress, BarFillsInProportion) {
  EXPECT_EQ(progress_bar(0.0, 4), "[----]");
  EXPECT_EQ(progress_bar(0.5, 4), "[##--]");
  EXPECT_EQ(progress_bar(1.0, 4), "[####]");
  EXPECT_EQ(progress_bar(7.0, 4), "[####]");
  EXPECT_EQ(progress_bar(NAN, 4), "[----]");
}

TEST(Progress, DisabledWritesNothing) {
  std::ostringstream err;
  {
    ProgressLine line(err, false, 0ms);
    const auto callback = gradient_descent_progress(line, 10);
    for (long k = 0; k < 10; ++k) callback({k, 1.0, 1.0, nullptr});
  }
  EXPECT_TRUE(err.str().empty());
}

TEST(Progress, WaitsForTheDelayThenRedrawsInPlaceAndErasesAtTheEnd) {
  std::ostringstream err;
  {
    ProgressLine slow(err, true, 1h);
    slow.update([] { return std::string("never"); });
  }
  EXPECT_TRUE(err.str().empty()) << "shown before the delay";

  {
    ProgressLine line(err, true, 0ms);
    const auto callback = gradient_descent_progress(line, 1000);
    EXPECT_EQ(callback({0, 2.5e7, 1.0, nullptr}), CallbackAction::proceed);
    const std::string first = err.str();
    EXPECT_EQ(first.rfind("\r\x1b[K", 0), 0u);
    EXPECT_NE(first.find("gd [--------------------] 1/1,000"), std::string::npos) << first;
    EXPECT_NE(first.find("loss 2.5e+07"), std::string::npos) << first;
    EXPECT_NE(first.find("it/s"), std::string::npos);
    EXPECT_NE(first.find("ETA"), std::string::npos);
    callback({1, 2.4e7, 1.0, nullptr});  // within 0.1 s of the last redraw: skipped
    EXPECT_EQ(err.str(), first);
  }
  EXPECT_EQ(err.str().substr(err.str().size() - 4), "\r\x1b[K") << "the line is erased when done";
}

TEST(Progress, ReadingShowsBytesOfTheTotal) {
  std::ostringstream err;
  ProgressLine line(err, true, 0ms);
  reading_progress(line, "cars.csv", 275'000'000)(120'000'000, 500'000);
  EXPECT_NE(err.str().find("reading cars.csv [#########-----------] 120 MB / 275 MB"),
            std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("rows/s"), std::string::npos);
}

// The program with stderr declared a terminal and no delay: the fit draws on stderr only, and
// --quiet silences it. (isatty and the real delay: tests/process/progress_tty.sh.)
TEST(Progress, FitDrawsOnStderrOnlyAndQuietSilencesIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("linreg_progress_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string csv = (dir / "d.csv").string();
  std::istringstream no_input;
  std::ostringstream gen_out, gen_err;
  ASSERT_EQ(run({"generate", "linear", "--rows", "2000", "--cols", "8", "--out", csv},
                {no_input, gen_out, gen_err}),
            0);
  const auto fit_with = [&](bool quiet, std::string& out, std::string& err) {
    std::ostringstream o, e;
    std::vector<std::string> args = {"fit",     csv,    "--target", "y", "--solver", "gd",
                                     "--iters", "2000", "--tol",    "0", "--json"};
    if (quiet) args.push_back("--quiet");
    const int code = run(args, {no_input, o, e, true, std::chrono::milliseconds(0)});
    out = o.str();
    err = e.str();
    return code;
  };
  std::string out, err;
  ASSERT_EQ(fit_with(false, out, err), 0) << err;
  EXPECT_NE(err.find("gd ["), std::string::npos) << "no progress line in: " << err.substr(0, 200);
  EXPECT_EQ(out.find("gd ["), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.front(), '{');  // --json stdout stays pure JSON
  ASSERT_EQ(fit_with(true, out, err), 0) << err;
  EXPECT_TRUE(err.empty()) << err.substr(0, 200);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace linreg::cli
