#pragma once
// The axes layer of the plots: where ticks go and how their labels read. Pure computation (no
// drawing), so it is tested on its own; the renderer asks it for ticks and labels.
#include <string>
#include <vector>

namespace linreg {

struct Tick {
  double value = 0.0;
  std::string label;
};

struct AxisTicks {
  double low = 0.0;  // the axis range: [low, high] covers the data and starts/ends on a tick
  double high = 1.0;
  std::vector<Tick> ticks;
};

// Ticks at 1, 2, 2.5 or 5 × 10^k steps, about `target` of them, the range widened to whole
// steps. A degenerate range (min == max) is widened around the value. Labels as tick_label.
AxisTicks linear_ticks(double min, double max, int target = 6);

// matplotlib's style for scatter plots: the range is the data's widened by `margin` of its span
// on each side (no empty band up to the next whole step), ticks at the nice steps inside it.
AxisTicks linear_ticks_with_margin(double min, double max, double margin = 0.05, int target = 6);

// Ticks at powers of ten for min > 0 (labels 10⁰, 10³, 10⁻²…, every k-th decade when there are
// many), the range widened to whole decades. std::invalid_argument when min ≤ 0.
AxisTicks log_ticks(double min, double max, int max_labels = 8);

// A tick value as people read it, with as many decimals as the step needs: 0.25, −3, 1.5k,
// 200k, 1M, 2.5B, 3T — never 4.8e+11.
std::string tick_label(double value, double step);

// A number in a few characters, as on the axes: compact_number(1066659024) == "1.07B".
std::string compact_number(double value, int significant = 3);

// 10 to the power k with Unicode superscripts: "10⁹", "10⁻³".
std::string power_of_ten_label(int exponent);

}  // namespace linreg
