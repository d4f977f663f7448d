#include "linreg/axis_ticks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace linreg {
namespace {

// The nice step (1, 2, 2.5, 5 × 10^k) closest to span/target from above.
double nice_step(double span, int target) {
  const double raw = span / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10.0 * magnitude;
}

std::string trim_zeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string tick_label(double value, double step) {
  if (std::abs(value) < step * 1e-9) return "0";  // no "-0" or "1e-17" at the origin
  struct Unit {
    double size;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  double scale = 1.0;
  const char* suffix = "";
  const double magnitude = std::max(std::abs(value), step);
  for (const Unit& u : kUnits) {
    if (magnitude >= u.size) {
      scale = u.size;
      suffix = u.suffix;
      break;
    }
  }
  const double scaled_step = step / scale;
  const int decimals =
      std::clamp(static_cast<int>(std::ceil(-std::log10(scaled_step) - 1e-9)), 0, 12);
  // 2.5-steps need one more digit than their power of ten suggests.
  const double rounded = std::round(scaled_step * std::pow(10.0, decimals));
  const int extra = std::abs(rounded - scaled_step * std::pow(10.0, decimals)) > 1e-6 ? 1 : 0;
  std::string text = trim_zeros(fmt::format("{:.{}f}", value / scale, decimals + extra));
  if (text == "-0") text = "0";
  if (text.front() == '-') text = "\u2212" + text.substr(1);  // a real minus sign
  return text + suffix;
}

std::string compact_number(double value, int significant) {
  if (value == 0.0 || !std::isfinite(value)) return tick_label(value, 1.0);
  const double step = std::pow(10.0, std::floor(std::log10(std::abs(value))) - (significant - 1));
  return tick_label(value, step);
}

std::string power_of_ten_label(int exponent) {
  static const char* kDigits[] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                  "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
  std::string out = "10";
  if (exponent < 0) out += "\u207b";
  for (const char c : std::to_string(std::abs(exponent))) out += kDigits[c - '0'];
  return out;
}

AxisTicks linear_ticks(double min, double max, int target) {
  return linear_ticks_with_margin(min, max, -1.0, target);
}

// margin < 0: the range is widened to whole steps (linear_ticks).
AxisTicks linear_ticks_with_margin(double min, double max, double margin, int target) {
  if (!std::isfinite(min) || !std::isfinite(max))
    throw std::invalid_argument("linear_ticks: non-finite range");
  if (min > max) std::swap(min, max);
  if (min == max) {
    const double pad = min == 0.0 ? 1.0 : std::abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const double step = nice_step(max - min, target);
  AxisTicks axis;
  if (margin < 0.0) {
    axis.low = std::floor(min / step + 1e-9) * step;
    axis.high = std::ceil(max / step - 1e-9) * step;
  } else {
    axis.low = min - margin * (max - min);
    axis.high = max + margin * (max - min);
  }
  const long long first = std::llround(std::ceil(axis.low / step - 1e-9));
  const long long last = std::llround(std::floor(axis.high / step + 1e-9));
  for (long long k = first; k <= last; ++k) {
    const double v = static_cast<double>(k) * step;
    axis.ticks.push_back({v, tick_label(v, step)});
  }
  return axis;
}

AxisTicks log_ticks(double min, double max, int max_labels) {
  if (!(min > 0.0) || !std::isfinite(max))
    throw std::invalid_argument("log_ticks: the range must be positive");
  if (min > max) std::swap(min, max);
  const int first = static_cast<int>(std::floor(std::log10(min) + 1e-12));
  int last = static_cast<int>(std::ceil(std::log10(max) - 1e-12));
  if (last == first) ++last;
  const int decades = last - first;
  const int stride = std::max(1, (decades + max_labels - 1) / max_labels);
  AxisTicks axis;
  axis.low = std::pow(10.0, first);
  axis.high = std::pow(10.0, last);
  for (int e = first; e <= last; e += stride)
    axis.ticks.push_back({std::pow(10.0, e), power_of_ten_label(e)});
  return axis;
}

}  // namespace linreg
