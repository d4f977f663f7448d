#pragma once
// A one-line progress display on stderr for work that takes a while: redrawn in place, shown
// only on a terminal and only once the work has run for about a second, erased when done.
// Hooked in through the library's callbacks (gradient descent, CSV reading), never inside a loop.
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <ostream>
#include <string>
#include <utility>

#include "linreg/fit_options.hpp"

namespace linreg::cli {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;

  // Disabled: every call is a no-op (no clock reads).
  ProgressLine(std::ostream& err, bool enabled,
               Clock::duration delay = std::chrono::milliseconds(1000));
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine();

  [[nodiscard]] bool enabled() const { return enabled_; }
  // Seconds since construction (or the last restart()).
  [[nodiscard]] double elapsed() const;
  // Starts timing a new stage (the delay counts again).
  void restart();
  // Redraws with text() when the delay has passed and the last redraw is 0.1 s old.
  void update(const std::function<std::string()>& text);
  // Erases the line if one was drawn.
  void finish();

 private:
  std::ostream& err_;
  bool enabled_;
  Clock::duration delay_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  bool drawn_ = false;
};

// "[########------------]" for a fraction in [0, 1].
std::string progress_bar(double fraction, int width = 20);

// Gradient descent: "gd [####----] 1,234/10,000  loss 2.134e+07  5,432 it/s  ETA ≤ 2s".
IterationCallback gradient_descent_progress(ProgressLine& line, long max_iterations);

// A step with no progress of its own to report (the statistics table): runs `work` on another
// thread while the line shows "LABEL  3s" once it has taken longer than the delay; returns its
// result or rethrows its exception.
template <class Work>
auto while_showing(ProgressLine& line, const std::string& label, Work&& work) -> decltype(work()) {
  line.restart();
  if (!line.enabled()) return work();
  auto done = std::async(std::launch::async, std::forward<Work>(work));
  while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    line.update([&] { return fmt::format("{}  {:.0f}s", label, line.elapsed()); });
  }
  line.finish();
  return done.get();
}

// CSV reading: "reading FILE [####----] 120 MB / 275 MB  812,345 rows/s"; total_bytes 0 when
// unknown (stdin).
std::function<void(std::uint64_t, std::uint64_t)> reading_progress(ProgressLine& line,
                                                                   std::string name,
                                                                   std::uint64_t total_bytes);

}  // namespace linreg::cli
