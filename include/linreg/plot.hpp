#pragma once
// Drawing charts with cairo: PNG and SVG files, or an SVG document as text (for the HTML
// report). Axes come from axis_ticks.hpp; text is set in DejaVu Sans (Debian fonts-dejavu-core).
#include <filesystem>
#include <string>
#include <vector>

#include "linreg/chart.hpp"

namespace linreg {

// PNG pixels per chart pixel: 2 gives 1280×960 for the default 640×480 chart, sharp on
// high-density screens and when zoomed, at matplotlib's proportions.
inline constexpr double kPngScale = 2.0;

// The encoded files, in memory. DataError when cairo reports an error (its status is sticky:
// checked once per figure) or when the font lacks a glyph the chart needs.
std::string render_png(const Chart& chart, double scale = kPngScale);
// An SVG document whose size is in pixels (width="640px"); text is drawn as outlines, so it
// looks the same without the font.
std::string render_svg(const Chart& chart);

// Writes DIR/NAME.png and DIR/NAME.svg (DIR is created when missing) and returns their paths.
// DataError naming the path when a file cannot be written.
std::vector<std::filesystem::path> save_chart(const Chart& chart, const std::filesystem::path& dir,
                                              const std::string& name);

}  // namespace linreg
