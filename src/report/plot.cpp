// Draws a Chart with cairo: layout from the tick labels' sizes, data clipped to the plot area,
// reference lines above the data, a legend in the emptiest corner.
#include "linreg/plot.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <system_error>

#include "linreg/axis_ticks.hpp"
#include "linreg/errors.hpp"
#include "linreg/file_output.hpp"

namespace linreg {
namespace {

constexpr const char* kFontFamily = "DejaVu Sans";
// Sizes in pixels at 100 dpi, matplotlib's defaults: 10 pt ticks and labels, 12 pt title.
constexpr double kTickFont = 13.0;
constexpr double kLabelFont = 14.0;
constexpr double kTitleFont = 16.5;
constexpr double kSubtitleFont = 12.5;
constexpr double kLegendFont = 12.5;
constexpr double kPad = 10.0;  // canvas edge to the outermost text
constexpr double kTickLength = 5.0;
constexpr double kGap = 6.0;  // tick to label, label to label
constexpr Color kInk{0.15, 0.15, 0.15};
constexpr Color kGrid{0.90, 0.90, 0.90};
constexpr Color kMuted{0.40, 0.40, 0.40};

struct Rect {
  double x = 0.0, y = 0.0, w = 0.0, h = 0.0;
  [[nodiscard]] bool contains(double px, double py) const {
    return px >= x && px <= x + w && py >= y && py <= y + h;
  }
};

// One axis after layout: its range, its ticks, and the map from data to pixels.
struct AxisLayout {
  bool log = false;
  AxisTicks ticks;
  double pixel_low = 0.0, pixel_high = 1.0;  // pixels of ticks.low and ticks.high

  [[nodiscard]] double to_pixel(double v) const {
    const double lo = log ? std::log10(ticks.low) : ticks.low;
    const double hi = log ? std::log10(ticks.high) : ticks.high;
    const double t = ((log ? std::log10(v) : v) - lo) / (hi - lo);
    return pixel_low + t * (pixel_high - pixel_low);
  }
  [[nodiscard]] bool usable(double v) const { return std::isfinite(v) && (!log || v > 0.0); }
};

// Text with cairo's toy font API, every string checked for glyphs the font lacks.
class Painter {
 public:
  explicit Painter(cairo_t* cr) : cr_(cr) {}

  void font(double size, bool bold = false) {
    cairo_select_font_face(cr_, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }
  double width(const std::string& text) {
    check_glyphs(text);
    cairo_text_extents_t e;
    cairo_text_extents(cr_, text.c_str(), &e);
    return e.x_advance;
  }
  double line_height() {
    cairo_font_extents_t e;
    cairo_font_extents(cr_, &e);
    return e.ascent + e.descent;
  }
  // Draws text with its box's centre (or left/right edge) at x and its vertical centre at y,
  // rotated by `angle` (radians, counter-clockwise turns as cairo: negative is upward).
  void text(const std::string& text, double x, double y, double h_align = 0.5, double angle = 0.0) {
    cairo_font_extents_t fe;
    cairo_font_extents(cr_, &fe);
    const double w = width(text);
    cairo_save(cr_);
    cairo_translate(cr_, x, y);
    cairo_rotate(cr_, angle);
    cairo_move_to(cr_, -h_align * w, (fe.ascent - fe.descent) / 2.0);
    cairo_show_text(cr_, text.c_str());
    cairo_restore(cr_);
  }
  void color(const Color& c, double alpha = 1.0) {
    cairo_set_source_rgba(cr_, c.r, c.g, c.b, alpha);
  }
  // The largest size ≤ `size` at which `text` fits in `room` pixels (not below 9).
  double fitting_size(const std::string& text, double size, double room, bool bold = false) {
    for (; size > 9.0; size -= 0.5) {
      font(size, bold);
      if (width(text) <= room) break;
    }
    font(size, bold);
    return size;
  }

 private:
  // Without fonts every renderer draws empty boxes and succeeds; glyph 0 is "missing glyph".
  void check_glyphs(const std::string& text) {
    cairo_glyph_t* glyphs = nullptr;
    int count = 0;
    const cairo_status_t status = cairo_scaled_font_text_to_glyphs(
        cairo_get_scaled_font(cr_), 0, 0, text.c_str(), static_cast<int>(text.size()), &glyphs,
        &count, nullptr, nullptr, nullptr);
    const std::unique_ptr<cairo_glyph_t, decltype(&cairo_glyph_free)> owned(glyphs,
                                                                            &cairo_glyph_free);
    if (status != CAIRO_STATUS_SUCCESS) {
      throw IoError(
          fmt::format("cannot draw the text '{}': {}", text, cairo_status_to_string(status)));
    }
    for (int k = 0; k < count; ++k) {
      if (glyphs[k].index == 0) {
        throw IoError(fmt::format(
            "cannot draw the text '{}': no installed font has all of its characters (linreg draws "
            "with {}: install the Debian package fonts-dejavu-core)",
            text, kFontFamily));
      }
    }
  }
  cairo_t* cr_;
};

struct DataRange {
  double low = INFINITY, high = -INFINITY;
  void add(double v, bool log) {
    if (!std::isfinite(v) || (log && v <= 0.0)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  [[nodiscard]] bool empty() const { return !(low <= high); }
};

AxisTicks make_ticks(DataRange range, bool log, bool pad, int target) {
  if (range.empty()) range = log ? DataRange{1.0, 10.0} : DataRange{0.0, 1.0};
  if (log) return log_ticks(range.low, range.high, std::max(target, 3));
  // Scatter: the data ± 5% (no marker on the frame, no empty band); lines: whole steps.
  return pad ? linear_ticks_with_margin(range.low, range.high, 0.05, target)
             : linear_ticks(range.low, range.high, target);
}

// Data values of one axis over every series (and y = intercept of flat reference lines).
DataRange data_range(const Chart& chart, bool x_axis, bool log) {
  DataRange r;
  for (const auto& s : chart.series) {
    for (const double v : x_axis ? s.x : s.y) r.add(v, log);
  }
  if (!x_axis) {
    for (const auto& line : chart.lines) {
      if (line.slope == 0.0) r.add(line.intercept, log);
    }
  }
  return r;
}

// Points of every series and reference line, in pixels: what a legend must not hide.
std::vector<std::array<double, 2>> occupied_pixels(const Chart& chart, const AxisLayout& x,
                                                   const AxisLayout& y) {
  std::vector<std::array<double, 2>> points;
  for (const auto& s : chart.series) {
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if (x.usable(s.x[k]) && y.usable(s.y[k]))
        points.push_back({x.to_pixel(s.x[k]), y.to_pixel(s.y[k])});
    }
  }
  for (const auto& line : chart.lines) {
    for (int k = 0; k <= 64; ++k) {
      const double px = x.pixel_low + (x.pixel_high - x.pixel_low) * k / 64.0;
      const double t = static_cast<double>(k) / 64.0;
      const double vx =
          x.log ? std::pow(10.0, std::log10(x.ticks.low) +
                                     t * (std::log10(x.ticks.high) - std::log10(x.ticks.low)))
                : x.ticks.low + t * (x.ticks.high - x.ticks.low);
      const double vy = line.slope * vx + line.intercept;
      if (y.usable(vy)) points.push_back({px, y.to_pixel(vy)});
    }
  }
  return points;
}

void set_dash(cairo_t* cr, bool dashed) {
  static constexpr double kDash[] = {7.0, 4.0};
  cairo_set_dash(cr, kDash, dashed ? 2 : 0, 0.0);
}

void draw_series(cairo_t* cr, const Series& s, const AxisLayout& x, const AxisLayout& y) {
  cairo_set_source_rgba(cr, s.color.r, s.color.g, s.color.b, s.alpha);
  const std::size_t n = std::min(s.x.size(), s.y.size());
  if (s.style == SeriesStyle::scatter) {
    for (std::size_t k = 0; k < n; ++k) {
      if (!x.usable(s.x[k]) || !y.usable(s.y[k])) continue;
      // One fill per marker: overlapping markers darken, so dense regions show as dense.
      cairo_arc(cr, x.to_pixel(s.x[k]), y.to_pixel(s.y[k]), s.size / 2.0, 0.0, 2.0 * M_PI);
      cairo_fill(cr);
    }
    return;
  }
  cairo_set_line_width(cr, s.size);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  set_dash(cr, s.dashed);
  bool pen_down = false;
  for (std::size_t k = 0; k < n; ++k) {
    if (!x.usable(s.x[k]) || !y.usable(s.y[k])) {
      pen_down = false;
      continue;
    }
    const double px = x.to_pixel(s.x[k]), py = y.to_pixel(s.y[k]);
    if (pen_down)
      cairo_line_to(cr, px, py);
    else
      cairo_move_to(cr, px, py);
    pen_down = true;
  }
  cairo_stroke(cr);
  set_dash(cr, false);
}

// Where each label goes: just above and right of its point, or left of it where the plot's
// right edge would cut it, and moved down a line while it would cover one placed before.
std::vector<Rect> label_boxes(Painter& paint, const Chart& chart, const AxisLayout& x,
                              const AxisLayout& y) {
  paint.font(kLegendFont);
  const double h = paint.line_height();
  std::vector<Rect> boxes;
  for (const auto& label : chart.labels) {
    if (!x.usable(label.x) || !y.usable(label.y)) {
      boxes.push_back({});
      continue;
    }
    const double w = paint.width(label.text);
    const double px = x.to_pixel(label.x), py = y.to_pixel(label.y);
    Rect box{px + 5.0, py - 7.0 - h / 2, w, h};
    if (box.x + w > std::max(x.pixel_low, x.pixel_high)) box.x = px - 5.0 - w;
    const auto overlaps = [&](const Rect& a) {
      return a.w > 0 && box.x < a.x + a.w && a.x < box.x + box.w && box.y < a.y + a.h &&
             a.y < box.y + box.h;
    };
    for (int tries = 0; tries < 4 && std::any_of(boxes.begin(), boxes.end(), overlaps); ++tries)
      box.y += h;
    boxes.push_back(box);
  }
  return boxes;
}

void draw_labels(Painter& paint, const std::vector<PointLabel>& labels,
                 const std::vector<Rect>& boxes) {
  paint.font(kLegendFont);
  paint.color(kInk);
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (boxes[k].w <= 0) continue;
    paint.text(labels[k].text, boxes[k].x, boxes[k].y + boxes[k].h / 2, 0.0);
  }
}

void draw_reference_line(cairo_t* cr, const ReferenceLine& line, const AxisLayout& x,
                         const AxisLayout& y) {
  cairo_set_source_rgba(cr, line.color.r, line.color.g, line.color.b, 0.9);
  cairo_set_line_width(cr, 1.5);
  set_dash(cr, line.dashed);
  const int steps = x.log || y.log ? 256 : 1;
  bool pen_down = false;
  for (int k = 0; k <= steps; ++k) {
    const double t = static_cast<double>(k) / steps;
    const double vx =
        x.log ? std::pow(10.0, std::log10(x.ticks.low) +
                                   t * (std::log10(x.ticks.high) - std::log10(x.ticks.low)))
              : x.ticks.low + t * (x.ticks.high - x.ticks.low);
    const double vy = line.slope * vx + line.intercept;
    if (!y.usable(vy)) {
      pen_down = false;
      continue;
    }
    if (pen_down)
      cairo_line_to(cr, x.to_pixel(vx), y.to_pixel(vy));
    else
      cairo_move_to(cr, x.to_pixel(vx), y.to_pixel(vy));
    pen_down = true;
  }
  cairo_stroke(cr);
  set_dash(cr, false);
}

struct LegendEntry {
  std::string label;
  Color color;
  bool marker = false;
  bool dashed = false;
  double alpha = 1.0;
};

void draw_legend(cairo_t* cr, Painter& paint, const Chart& chart, const Rect& plot,
                 const AxisLayout& x, const AxisLayout& y, const std::vector<Rect>& labels) {
  std::vector<LegendEntry> entries;
  for (const auto& s : chart.series) {
    if (!s.label.empty())
      entries.push_back(
          {s.label, s.color, s.style == SeriesStyle::scatter, s.dashed, std::max(s.alpha, 0.6)});
  }
  for (const auto& l : chart.lines) {
    if (!l.label.empty()) entries.push_back({l.label, l.color, false, l.dashed, 1.0});
  }
  if (entries.empty()) return;
  paint.font(kLegendFont);
  constexpr double kSample = 26.0, kInner = 8.0;
  const double row = paint.line_height() * 1.35;
  double text_width = 0.0;
  for (const auto& e : entries) text_width = std::max(text_width, paint.width(e.label));
  const double w = kInner * 3 + kSample + text_width;
  const double h = kInner * 2 + row * static_cast<double>(entries.size());
  // matplotlib's "best": the corner covering the fewest data points, upper right first.
  const double inset = 10.0;
  const std::array<Rect, 4> corners = {
      Rect{plot.x + plot.w - inset - w, plot.y + inset, w, h},
      Rect{plot.x + inset, plot.y + inset, w, h},
      Rect{plot.x + inset, plot.y + plot.h - inset - h, w, h},
      Rect{plot.x + plot.w - inset - w, plot.y + plot.h - inset - h, w, h}};
  const auto points = occupied_pixels(chart, x, y);
  // A corner that would hide a point's label loses to any that hides none.
  const auto hides_label = [&](const Rect& r) {
    return std::any_of(labels.begin(), labels.end(), [&](const Rect& b) {
      return b.w > 0 && r.x < b.x + b.w && b.x < r.x + r.w && r.y < b.y + b.h && b.y < r.y + r.h;
    });
  };
  Rect box = corners[0];
  std::size_t best = SIZE_MAX;
  for (const Rect& r : corners) {
    const std::size_t penalty = hides_label(r) ? points.size() + 1 : 0;
    const auto covered = penalty + static_cast<std::size_t>(std::count_if(
                                       points.begin(), points.end(),
                                       [&](const auto& p) { return r.contains(p[0], p[1]); }));
    if (covered < best) {
      best = covered;
      box = r;
    }
  }
  cairo_rectangle(cr, box.x, box.y, box.w, box.h);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const auto& e = entries[k];
    const double cy = box.y + kInner + row * (static_cast<double>(k) + 0.5);
    const double sx = box.x + kInner;
    paint.color(e.color, e.alpha);
    if (e.marker) {
      cairo_arc(cr, sx + kSample / 2, cy, 3.5, 0, 2 * M_PI);
      cairo_fill(cr);
    } else {
      cairo_set_line_width(cr, 2.0);
      set_dash(cr, e.dashed);
      cairo_move_to(cr, sx, cy);
      cairo_line_to(cr, sx + kSample, cy);
      cairo_stroke(cr);
      set_dash(cr, false);
    }
    paint.color(kInk);
    paint.text(e.label, sx + kSample + kInner, cy, 0.0);
  }
}

// Minor ticks at 2..9 × 10^k on a log axis with few decades.
std::vector<double> minor_log_ticks(const AxisLayout& axis) {
  std::vector<double> out;
  if (!axis.log) return out;
  const int first = static_cast<int>(std::lround(std::log10(axis.ticks.low)));
  const int last = static_cast<int>(std::lround(std::log10(axis.ticks.high)));
  if (last - first > 8) return out;
  for (int e = first; e < last; ++e) {
    for (int m = 2; m <= 9; ++m) out.push_back(m * std::pow(10.0, e));
  }
  return out;
}

// Whether the x tick labels, centred on their ticks, keep a gap between neighbours.
bool x_labels_fit(Painter& paint, const AxisLayout& x) {
  paint.font(kTickFont);
  double previous_right = -INFINITY;
  for (const auto& t : x.ticks.ticks) {
    const double w = paint.width(t.label);
    const double px = x.to_pixel(t.value);
    if (px - w / 2 < previous_right + 10.0) return false;
    previous_right = px + w / 2;
  }
  return true;
}

void draw_chart(cairo_t* cr, const Chart& chart) {
  Painter paint(cr);
  const double W = chart.width, H = chart.height;
  const bool scatter = std::any_of(chart.series.begin(), chart.series.end(),
                                   [](const Series& s) { return s.style == SeriesStyle::scatter; });
  AxisLayout x, y;
  x.log = chart.x.scale == AxisScale::log;
  y.log = chart.y.scale == AxisScale::log;
  DataRange xr = data_range(chart, true, x.log), yr = data_range(chart, false, y.log);
  if (chart.equal_ranges) {
    DataRange both = xr;
    both.add(yr.low, x.log);
    both.add(yr.high, x.log);
    xr = yr = both;
  }

  // Vertical room: title, subtitle, then the plot, the x tick labels and the x label.
  paint.font(kTickFont);
  const double tick_text = paint.line_height();
  paint.font(kLabelFont);
  const double label_text = paint.line_height();
  paint.font(kTitleFont, true);
  const double title_text = paint.line_height();
  paint.font(kSubtitleFont);
  const double subtitle_text = chart.subtitle.empty() ? 0.0 : paint.line_height() + 2.0;
  const double top = kPad + title_text + subtitle_text + kGap * 1.5;
  const double bottom = kPad + label_text + kGap + tick_text + kTickLength + kGap;
  Rect plot;
  plot.y = top;
  plot.h = H - top - bottom;

  // y ticks first (their labels' width sets the left margin), then x ticks to fit the width.
  y.ticks = make_ticks(yr, y.log, scatter, std::max(3, static_cast<int>(plot.h / 55.0)));
  paint.font(kTickFont);
  double y_label_width = 0.0;
  for (const auto& t : y.ticks.ticks) y_label_width = std::max(y_label_width, paint.width(t.label));
  const double left = kPad + label_text + kGap + y_label_width + kTickLength + kGap;
  double right = kPad + 18.0;
  plot.x = left;
  plot.w = W - left - right;
  if (chart.equal_ranges) {  // square plot area, centred in the room left for it
    const double side = std::min(plot.w, plot.h);
    plot.x = left + (plot.w - side) / 2.0;
    plot.w = side;
    plot.y = top + (plot.h - side) / 2.0;
    plot.h = side;
  }
  y.pixel_low = plot.y + plot.h;
  y.pixel_high = plot.y;
  x.pixel_low = plot.x;
  x.pixel_high = plot.x + plot.w;
  int x_target = std::max(3, static_cast<int>(plot.w / 85.0));
  for (;; --x_target) {
    x.ticks = chart.equal_ranges ? y.ticks : make_ticks(xr, x.log, scatter, x_target);
    if (chart.equal_ranges || x_target <= 2 || x_labels_fit(paint, x)) break;
  }

  // Background and grid.
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_line_width(cr, 1.0);
  paint.color(kGrid);
  for (const auto& t : x.ticks.ticks) {
    const double px = std::round(x.to_pixel(t.value)) + 0.5;
    cairo_move_to(cr, px, plot.y);
    cairo_line_to(cr, px, plot.y + plot.h);
  }
  for (const auto& t : y.ticks.ticks) {
    const double py = std::round(y.to_pixel(t.value)) + 0.5;
    cairo_move_to(cr, plot.x, py);
    cairo_line_to(cr, plot.x + plot.w, py);
  }
  cairo_stroke(cr);

  // Data, then reference lines on top (so points never hide y = x), clipped to the plot.
  cairo_save(cr);
  cairo_rectangle(cr, plot.x, plot.y, plot.w, plot.h);
  cairo_clip(cr);
  for (const auto& s : chart.series) draw_series(cr, s, x, y);
  for (const auto& line : chart.lines) draw_reference_line(cr, line, x, y);
  const std::vector<Rect> boxes = label_boxes(paint, chart, x, y);
  draw_labels(paint, chart.labels, boxes);
  cairo_restore(cr);

  // Frame, ticks and tick labels.
  paint.color(kInk);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, std::round(plot.x) + 0.5, std::round(plot.y) + 0.5, std::round(plot.w),
                  std::round(plot.h));
  cairo_stroke(cr);
  paint.font(kTickFont);
  for (const auto& t : x.ticks.ticks) {
    const double px = x.to_pixel(t.value);
    cairo_move_to(cr, px, plot.y + plot.h);
    cairo_line_to(cr, px, plot.y + plot.h + kTickLength);
    cairo_stroke(cr);
    paint.text(t.label, px, plot.y + plot.h + kTickLength + kGap / 2 + tick_text / 2);
  }
  for (const auto& t : y.ticks.ticks) {
    const double py = y.to_pixel(t.value);
    cairo_move_to(cr, plot.x, py);
    cairo_line_to(cr, plot.x - kTickLength, py);
    cairo_stroke(cr);
    paint.text(t.label, plot.x - kTickLength - kGap / 2, py, 1.0);
  }
  for (const double v : minor_log_ticks(y)) {
    const double py = y.to_pixel(v);
    cairo_move_to(cr, plot.x, py);
    cairo_line_to(cr, plot.x - kTickLength * 0.55, py);
  }
  for (const double v : minor_log_ticks(x)) {
    const double px = x.to_pixel(v);
    cairo_move_to(cr, px, plot.y + plot.h);
    cairo_line_to(cr, px, plot.y + plot.h + kTickLength * 0.55);
  }
  cairo_stroke(cr);

  // Axis labels, title, subtitle.
  paint.fitting_size(chart.x.label, kLabelFont, W - 2 * kPad);
  paint.text(chart.x.label, plot.x + plot.w / 2, H - kPad - label_text / 2);
  paint.fitting_size(chart.y.label, kLabelFont, H - 2 * kPad);
  const double y_label_x = plot.x - kTickLength - kGap - y_label_width - kGap - label_text / 2;
  paint.text(chart.y.label, y_label_x, plot.y + plot.h / 2, 0.5, -M_PI / 2);
  // Titles centred over the plot, as far as the canvas allows.
  const auto centered = [&](const std::string& text, double size, bool bold, double y_mid) {
    paint.fitting_size(text, size, W - 2 * kPad, bold);
    const double half = paint.width(text) / 2;
    paint.text(text, std::clamp(plot.x + plot.w / 2, kPad + half, W - kPad - half), y_mid);
  };
  centered(chart.title, kTitleFont, true, kPad + title_text / 2);
  if (!chart.subtitle.empty()) {
    paint.color(kMuted);
    centered(chart.subtitle, kSubtitleFont, false, kPad + title_text + 2.0 + subtitle_text / 2);
  }
  draw_legend(cr, paint, chart, plot, x, y, boxes);
}

void check_status(cairo_t* cr, cairo_surface_t* surface, const Chart& chart) {
  cairo_status_t status = cairo_status(cr);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw IoError(
        fmt::format("cannot draw the chart '{}': {}", chart.title, cairo_status_to_string(status)));
  }
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void check_size(const Chart& chart) {
  if (chart.width < 200 || chart.height < 150 || chart.width > 8000 || chart.height > 8000) {
    throw std::invalid_argument(
        fmt::format("chart size {}×{}: width and height must be within 200×150 .. 8000×8000",
                    chart.width, chart.height));
  }
}

}  // namespace

std::string render_png(const Chart& chart, double scale) {
  check_size(chart);
  if (!(scale >= 0.5 && scale <= 4.0))
    throw std::invalid_argument("render_png: scale must be within 0.5 .. 4");
  SurfacePtr surface(cairo_image_surface_create(
                         CAIRO_FORMAT_ARGB32, static_cast<int>(std::lround(chart.width * scale)),
                         static_cast<int>(std::lround(chart.height * scale))),
                     &cairo_surface_destroy);
  ContextPtr cr(cairo_create(surface.get()), &cairo_destroy);
  cairo_scale(cr.get(), scale, scale);
  draw_chart(cr.get(), chart);
  check_status(cr.get(), surface.get(), chart);
  std::string bytes;
  const cairo_status_t status =
      cairo_surface_write_to_png_stream(surface.get(), &append_bytes, &bytes);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw IoError(fmt::format("cannot encode the chart '{}' as PNG: {}", chart.title,
                              cairo_status_to_string(status)));
  }
  return bytes;
}

std::string render_svg(const Chart& chart) {
  check_size(chart);
  std::string bytes;
  {
    SurfacePtr surface(
        cairo_svg_surface_create_for_stream(&append_bytes, &bytes, chart.width, chart.height),
        &cairo_surface_destroy);
    cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
    ContextPtr cr(cairo_create(surface.get()), &cairo_destroy);
    draw_chart(cr.get(), chart);
    check_status(cr.get(), surface.get(), chart);
    cr.reset();
    cairo_surface_finish(surface.get());  // writes the document's end
    const cairo_status_t status = cairo_surface_status(surface.get());
    if (status != CAIRO_STATUS_SUCCESS) {
      throw IoError(fmt::format("cannot encode the chart '{}' as SVG: {}", chart.title,
                                cairo_status_to_string(status)));
    }
  }
  return bytes;
}

std::vector<std::filesystem::path> save_chart(const Chart& chart, const std::filesystem::path& dir,
                                              const std::string& name) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(fmt::format("cannot create the folder {}: {}", dir.string(), ec.message()));
  const std::filesystem::path png = dir / (name + ".png");
  const std::filesystem::path svg = dir / (name + ".svg");
  write_file_atomically(png, render_png(chart), "chart");
  write_file_atomically(svg, render_svg(chart), "chart");
  return {png, svg};
}

}  // namespace linreg
