#include "progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "linreg/number_format.hpp"

namespace linreg::cli {
namespace {

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  if (seconds < 60) return fmt::format("{:.0f}s", std::ceil(seconds));
  if (seconds < 3600)
    return fmt::format("{:.0f}m{:02.0f}s", std::floor(seconds / 60), std::fmod(seconds, 60));
  return fmt::format("{:.0f}h{:02.0f}m", std::floor(seconds / 3600), std::fmod(seconds / 60, 60));
}

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.0f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

ProgressLine::ProgressLine(std::ostream& err, bool enabled, Clock::duration delay)
    : err_(err),
      enabled_(enabled),
      delay_(delay),
      start_(enabled ? Clock::now() : Clock::time_point{}) {}

ProgressLine::~ProgressLine() { finish(); }

double ProgressLine::elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void ProgressLine::restart() {
  if (!enabled_) return;
  finish();
  start_ = Clock::now();
}

void ProgressLine::update(const std::function<std::string()>& text) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < delay_ || (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)))
    return;
  // \r and "erase to end of line": the new text replaces the old in place.
  err_ << "\r\x1b[K" << text() << std::flush;
  last_draw_ = now;
  drawn_ = true;
}

void ProgressLine::finish() {
  if (!drawn_) return;
  err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

std::string progress_bar(double fraction, int width) {
  fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  const int filled = static_cast<int>(std::lround(fraction * width));
  std::string bar(static_cast<std::size_t>(width) + 2, '-');
  bar.front() = '[';
  bar.back() = ']';
  std::fill_n(bar.begin() + 1, filled, '#');
  return bar;
}

IterationCallback gradient_descent_progress(ProgressLine& line, long max_iterations) {
  return [&line, max_iterations](const IterationInfo& info) {
    line.update([&] {
      const double done = static_cast<double>(info.iteration + 1);
      const double rate = done / std::max(line.elapsed(), 1e-9);
      // An upper bound: the run may converge before the iteration limit.
      const double left = static_cast<double>(max_iterations) - done;
      return fmt::format("gd {} {}/{}  loss {:.4g}  {} it/s  ETA \u2264 {}",
                         progress_bar(done / static_cast<double>(max_iterations)), thousands(done),
                         thousands(static_cast<double>(max_iterations)), info.loss, thousands(rate),
                         duration_text(left / rate));
    });
    return CallbackAction::proceed;
  };
}

std::function<void(std::uint64_t, std::uint64_t)> reading_progress(ProgressLine& line,
                                                                   std::string name,
                                                                   std::uint64_t total_bytes) {
  return [&line, name = std::move(name), total_bytes](std::uint64_t bytes, std::uint64_t lines) {
    line.update([&] {
      const double rate = static_cast<double>(lines) / std::max(line.elapsed(), 1e-9);
      if (total_bytes == 0) {
        return fmt::format("reading {}: {}  {} rows  {} rows/s", name, megabytes(bytes),
                           thousands(static_cast<double>(lines)), thousands(rate));
      }
      return fmt::format(
          "reading {} {} {} / {}  {} rows/s", name,
          progress_bar(static_cast<double>(bytes) / static_cast<double>(total_bytes)),
          megabytes(bytes), megabytes(total_bytes), thousands(rate));
    });
  };
}

}  // namespace linreg::cli
