#include "linreg/html_report.hpp"

#include <fmt/format.h>

#include "linreg/plot.hpp"

namespace linreg {
namespace {

constexpr std::string_view kStyle = R"(
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 2em auto; max-width: 1340px; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
.subtitle { color: #666; margin-top: 0; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.8em; }
p { margin: 0.3em 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
caption { text-align: left; color: #555; padding-bottom: 0.3em; }
th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #eee; }
th { background: #f4f4f4; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table { overflow-x: auto; }
.scroll { max-height: 32em; overflow-y: auto; display: inline-block; border: 1px solid #eee; }
.warnings { background: #fff6e0; border: 1px solid #f0c36d; border-radius: 4px; padding: 0.6em 1em; margin: 1em 0; }
.warnings ul { margin: 0.3em 0; padding-left: 1.3em; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
.charts figure { margin: 0; border: 1px solid #eee; }
.charts svg { display: block; max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9em; white-space: pre-wrap; }
)";

void append_table(std::string& html, const HtmlTable& table) {
  const bool long_table = table.rows.size() > 25;
  html += long_table ? "<div class=\"table scroll\">" : "<div class=\"table\">";
  html += "<table>";
  if (!table.caption.empty()) html += "<caption>" + html_escape(table.caption) + "</caption>";
  html += "<thead><tr>";
  for (const auto& h : table.header) html += "<th>" + html_escape(h) + "</th>";
  html += "</tr></thead><tbody>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (const auto& cell : row) html += "<td>" + html_escape(cell) + "</td>";
    html += "</tr>\n";
  }
  html += "</tbody></table></div>";
  html += '\n';
}

void append_section(std::string& html, const HtmlSection& section) {
  html += "<h2>" + html_escape(section.heading) + "</h2>\n";
  for (const auto& line : section.lines) html += "<p>" + html_escape(line) + "</p>\n";
  for (const auto& table : section.tables) append_table(html, table);
  for (const auto& note : section.notes)
    html += "<p class=\"note\">" + html_escape(note) + "</p>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string inline_svg(std::string_view svg, std::string_view id_prefix) {
  if (svg.substr(0, 5) == "<?xml") {
    const auto end = svg.find("?>");
    svg.remove_prefix(end == std::string_view::npos ? svg.size() : end + 2);
    while (!svg.empty() && (svg.front() == '\n' || svg.front() == '\r')) svg.remove_prefix(1);
  }
  // Every way cairo's SVG names or points at an element.
  static constexpr std::string_view kMarks[] = {"id=\"", "href=\"#", "url(#"};
  std::string out;
  out.reserve(svg.size() + svg.size() / 16);
  std::size_t k = 0;
  while (k < svg.size()) {
    bool matched = false;
    for (const auto mark : kMarks) {
      // id=" only as a whole attribute name (not the end of, say, grid=").
      const bool whole = mark != kMarks[0] || (k > 0 && (svg[k - 1] == ' ' || svg[k - 1] == '\n'));
      if (whole && svg.compare(k, mark.size(), mark) == 0) {
        out.append(mark);
        out.append(id_prefix);
        k += mark.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += svg[k++];
  }
  return out;
}

std::string render_html(const HtmlReport& report) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + html_escape(report.title) + "</title>\n<style>" + std::string(kStyle) +
          "</style>\n</head>\n<body>\n";
  html += "<h1>" + html_escape(report.title) + "</h1>\n";
  if (!report.subtitle.empty())
    html += "<p class=\"subtitle\">" + html_escape(report.subtitle) + "</p>\n";
  if (!report.warnings.empty()) {
    html += "<div class=\"warnings\"><strong>Warnings</strong><ul>\n";
    for (const auto& w : report.warnings) html += "<li>" + html_escape(w) + "</li>\n";
    html += "</ul></div>\n";
  }
  for (std::size_t s = 0; s < report.sections.size(); ++s) {
    append_section(html, report.sections[s]);
    if (s == 0 && !report.charts.empty()) {
      html += "<h2>Charts</h2>\n<div class=\"charts\">\n";
      for (std::size_t c = 0; c < report.charts.size(); ++c) {
        html += fmt::format("<figure aria-label=\"{}\">", html_escape(report.charts[c].title));
        html += inline_svg(render_svg(report.charts[c]), fmt::format("c{}-", c));
        html += "</figure>\n";
      }
      html += "</div>\n";
    }
  }
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace linreg
