#pragma once
// A self-contained HTML page: inline CSS, charts as inline SVG, no scripts, nothing fetched.
// The caller says what to show (sections of lines and tables, warnings, charts); this module
// only knows how to lay it out and escape it.
#include <string>
#include <string_view>
#include <vector>

#include "linreg/chart.hpp"

namespace linreg {

struct HtmlTable {
  std::string caption;  // optional
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // columns after the first are right-aligned
};

struct HtmlSection {
  std::string heading;
  std::vector<std::string> lines;  // short paragraphs, before the tables
  std::vector<HtmlTable> tables;
  std::vector<std::string> notes;  // small print after the tables
};

struct HtmlReport {
  std::string title;
  std::string subtitle;
  std::vector<std::string> warnings;  // shown in a box near the top; none: no box
  std::vector<HtmlSection> sections;  // the charts come after the first section
  std::vector<Chart> charts;
};

// The page as one string (UTF-8).
std::string render_html(const HtmlReport& report);

// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);

// An SVG document made ready to sit inside HTML with others: the XML declaration dropped and
// every id (and each reference to one) prefixed, since cairo names its glyphs and clips the same
// way in every file and one page has a single id space.
std::string inline_svg(std::string_view svg, std::string_view id_prefix);

}  // namespace linreg
