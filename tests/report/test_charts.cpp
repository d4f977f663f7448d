// Charts: what the builders put in them, that the renderer writes well-formed PNG and SVG
// (formats, not pixels), and the HTML report's self-containment.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "linreg/chart.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/html_report.hpp"
#include "linreg/influence.hpp"
#include "linreg/plot.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// y far from 0 (offset 1,000): the loss falls from about 10⁶ to the noise variance, 1.
FitSummary gd_run(double learning_rate, long iterations) {
  Dataset data = testing::random_problem(200, 3, 1.0, 5);
  data.y.array() += 1000.0;
  FitOptions options;
  options.solver = SolverKind::gradient_descent;
  options.gradient_descent.learning_rate = learning_rate;
  options.gradient_descent.max_iterations = iterations;
  options.gradient_descent.tolerance = 0.0;
  return fit(data, options);
}

// Width and height from a PNG's IHDR chunk; {0, 0} when the bytes are not a PNG.
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& bytes) {
  static const std::string kSignature = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < 24 || bytes.compare(0, 8, kSignature) != 0 ||
      bytes.compare(12, 4, "IHDR") != 0)
    return {0, 0};
  const auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[at + k]);
    return v;
  };
  return {be32(16), be32(20)};
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(Charts, LossCurveIsLogWhenTheLossSpansMoreThanTwoDecades) {
  const FitSummary fast = gd_run(0.1, 300);  // from ~10⁶ to ~1: log
  const Chart log_chart = loss_chart(fast, "y");
  EXPECT_EQ(log_chart.y.scale, AxisScale::log);
  EXPECT_NE(log_chart.y.label.find("log"), std::string::npos);
  ASSERT_EQ(log_chart.series.size(), 1u);
  // Every iteration's loss plus the final one, starting at iteration 0.
  EXPECT_EQ(log_chart.series[0].x.size(), 301u);
  EXPECT_EQ(log_chart.series[0].x.front(), 0.0);
  EXPECT_EQ(log_chart.series[0].y.front(), fast.gd.value().loss_history.front());
  EXPECT_EQ(log_chart.series[0].y.back(), fast.final_loss);

  const FitSummary slow = gd_run(1e-4, 20);  // barely moves: linear
  EXPECT_EQ(loss_chart(slow, "y").y.scale, AxisScale::linear);
}

TEST(Charts, LongLossHistoriesAreThinnedKeepingTheEnds) {
  FitSummary s;
  GradientDescentReport& g = s.gd.emplace();
  g.iterations = 100000;
  for (int k = 0; k < 100000; ++k) g.loss_history.push_back(1.0 / (k + 1));
  s.final_loss = 1e-6;
  const Series curve = loss_series(s);
  EXPECT_LE(curve.x.size(), kMaxLinePoints + 1);
  EXPECT_EQ(curve.x.front(), 0.0);
  EXPECT_EQ(curve.x.back(), 100000.0);
  EXPECT_EQ(curve.y.back(), 1e-6);
}

TEST(Charts, PredictedVsActualHasEqualRangesAndTheDiagonalOnTop) {
  const Vector actual = Vector::LinSpaced(50, 0.0, 10.0);
  const Vector predicted = actual.array() + 0.5;
  const Chart c = pred_vs_actual_chart(actual, predicted, "price", "test");
  EXPECT_TRUE(c.equal_ranges);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].slope, 1.0);
  EXPECT_EQ(c.lines[0].intercept, 0.0);
  EXPECT_TRUE(c.lines[0].dashed);
  EXPECT_EQ(c.x.label, "actual price");
  EXPECT_EQ(c.y.label, "predicted price");
  EXPECT_NE(c.title.find("test set"), std::string::npos);
  ASSERT_EQ(c.series.size(), 1u);
  EXPECT_EQ(c.series[0].style, SeriesStyle::scatter);
  EXPECT_LT(c.series[0].alpha, 1.0);  // transparency shows where points pile up
  EXPECT_EQ(c.series[0].x[3], actual[3]);
  EXPECT_EQ(c.series[0].y[3], predicted[3]);
}

TEST(Charts, ResidualsAreActualMinusPredictedWithAZeroLine) {
  const Vector actual = Vector::LinSpaced(20, 1.0, 20.0);
  const Vector predicted = actual.array() * 0.9;
  const Chart c = residuals_chart(actual, predicted, "price", "");
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].slope, 0.0);
  EXPECT_EQ(c.series[0].x[7], predicted[7]);
  EXPECT_DOUBLE_EQ(c.series[0].y[7], actual[7] - predicted[7]);
  EXPECT_THROW(residuals_chart(actual, predicted.head(3), "price", ""), std::invalid_argument);
  // A weighted fit's: √w·(actual − predicted), as R's plot.lm, and named so.
  const Vector w = Vector::LinSpaced(20, 0.5, 4.0);
  const Chart weighted =
      residuals_chart(actual, predicted, "price", "", std::span<const double>(w.data(), 20));
  EXPECT_DOUBLE_EQ(weighted.series[0].y[7], std::sqrt(w[7]) * (actual[7] - predicted[7]));
  EXPECT_NE(weighted.y.label.find("√w"), std::string::npos);
  EXPECT_THROW(
      residuals_chart(actual, predicted, "price", "", std::span<const double>(w.data(), 3)),
      std::invalid_argument);
}

TEST(Charts, LargeScattersAreASeededSampleAndSaySo) {
  const Index n = 100000;
  const Vector actual = Vector::LinSpaced(n, 0.0, 1.0);
  const Chart a = pred_vs_actual_chart(actual, actual, "y", "");
  const Chart b = pred_vs_actual_chart(actual, actual, "y", "");
  EXPECT_EQ(a.series[0].x.size(), kMaxScatterPoints);
  EXPECT_EQ(a.series[0].x, b.series[0].x);  // deterministic
  EXPECT_TRUE(std::is_sorted(a.series[0].x.begin(), a.series[0].x.end()));
  EXPECT_NE(a.subtitle.find("5,000 of 100,000"), std::string::npos) << a.subtitle;
  // Spread over the whole range, not the first 5,000 rows.
  EXPECT_GT(a.series[0].x.back(), 0.99);
}

TEST(Render, PngAndSvgHaveTheChartsSizeInPixels) {
  const FitSummary s = gd_run(0.1, 100);
  const Chart c = loss_chart(s, "y");
  const std::string png = render_png(c);
  const auto [w, h] = png_size(png);
  EXPECT_EQ(w, static_cast<std::uint32_t>(c.width * kPngScale));
  EXPECT_EQ(h, static_cast<std::uint32_t>(c.height * kPngScale));
  EXPECT_GT(png.size(), 10000u);  // text, ticks and a curve, not an empty canvas

  const std::string svg = render_svg(c);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("width=\"640px\""), std::string::npos);  // pixels, not points
  EXPECT_NE(svg.find("viewBox=\"0 0 640 480\""), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_GT(count(svg, "<use "), 40u);  // the labels' glyphs
}

TEST(Render, SurvivesNonFiniteValuesEmptySeriesAndTinySpans) {
  Chart c;
  c.title = "edge cases";
  Series s;
  s.x = {0, 1, 2, 3};
  s.y = {1.0, NAN, INFINITY, 1.0};
  c.series.push_back(s);
  c.series.push_back(Series{});
  EXPECT_GT(png_size(render_png(c)).first, 0u);
  c.y.scale = AxisScale::log;
  c.series[0].y = {0.0, -1.0, 5.0, 5.0};  // only positive values go on a log axis
  EXPECT_GT(render_svg(c).size(), 1000u);
  c.width = 10;
  EXPECT_THROW(render_png(c), std::invalid_argument);
}

TEST(Render, SaveChartWritesBothFilesAndNamesAnUnwritableFolder) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("linreg_charts_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const Vector y = Vector::LinSpaced(30, 0.0, 3.0);
  const auto files = save_chart(pred_vs_actual_chart(y, y, "y", ""), dir / "sub", "pva");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].filename(), "pva.png");
  EXPECT_EQ(files[1].filename(), "pva.svg");
  for (const auto& f : files) EXPECT_GT(std::filesystem::file_size(f), 1000u);

  // A folder inside a regular file cannot exist: the error names it.
  std::ofstream(dir / "plain.txt") << "x";
  try {
    save_chart(pred_vs_actual_chart(y, y, "y", ""), dir / "plain.txt" / "charts", "pva");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("plain.txt/charts"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(HtmlReport, EscapesText) {
  EXPECT_EQ(html_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

TEST(HtmlReport, InlineSvgDropsTheDeclarationAndPrefixesIds) {
  const std::string svg =
      "<?xml version=\"1.0\"?>\n<svg><defs><g id=\"glyph0-1\"/><clipPath id=\"clip1\"/></defs>"
      "<use xlink:href=\"#glyph0-1\"/><path clip-path=\"url(#clip1)\" grid=\"x\"/></svg>";
  const std::string out = inline_svg(svg, "c2-");
  EXPECT_EQ(out.find("<?xml"), std::string::npos);
  EXPECT_EQ(out.rfind("<svg>", 0), 0u);
  EXPECT_NE(out.find("id=\"c2-glyph0-1\""), std::string::npos);
  EXPECT_NE(out.find("href=\"#c2-glyph0-1\""), std::string::npos);
  EXPECT_NE(out.find("url(#c2-clip1)"), std::string::npos);
  EXPECT_NE(out.find("grid=\"x\""), std::string::npos);  // not an id
}

TEST(HtmlReport, IsSelfContainedWithEveryChartInline) {
  HtmlReport report;
  report.title = "fit <price>";
  report.warnings = {"a warning"};
  report.sections.push_back(
      {"Data", {"rows: 10"}, {{"metrics", {"set", "R²"}, {{"train", "0.9"}}}}, {"note"}});
  const Vector y = Vector::LinSpaced(30, 0.0, 3.0);
  report.charts = {pred_vs_actual_chart(y, y, "y", ""), residuals_chart(y, y, "y", "")};
  const std::string html = render_html(report);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<title>fit &lt;price&gt;</title>"), std::string::npos);
  EXPECT_EQ(count(html, "<svg "), 2u);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  // Each chart's glyph ids are its own.
  EXPECT_NE(html.find("id=\"c0-glyph"), std::string::npos);
  EXPECT_NE(html.find("id=\"c1-glyph"), std::string::npos);
  // Nothing fetched, nothing run: no scripts, no external sources or links.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("<td>0.9</td>"), std::string::npos);
  EXPECT_NE(html.find("a warning"), std::string::npos);
}

}  // namespace
}  // namespace linreg

namespace linreg {
namespace {

// A fit whose last row sits far out in x with a residual against the trend: the largest
// leverage and Cook's distance.
Influence pulled_fit(Index n) {
  Dataset d = testing::random_problem(n, 1, 1.0, 101);
  d.X(n - 1, 0) = 8.0;
  d.y[n - 1] = -5.0;
  FitOptions o;
  o.solver = SolverKind::exact;
  return influence(d, fit(d, o), o);
}

std::vector<std::string> line_labels(Index n) {
  std::vector<std::string> labels;
  for (Index i = 0; i < n; ++i) labels.push_back("line " + std::to_string(i + 2));
  return labels;
}

TEST(DiagnosticCharts, QqPlotsSortedResidualsAgainstRsPpoints) {
  for (const Index n : {Index{8}, Index{40}}) {
    const Influence f = pulled_fit(n);
    const Chart c = qq_chart(f, line_labels(n));
    ASSERT_EQ(c.series.size(), 1u);
    const Series& s = c.series[0];
    ASSERT_EQ(s.x.size(), static_cast<std::size_t>(n));
    EXPECT_TRUE(std::is_sorted(s.y.begin(), s.y.end()));
    // ppoints: (i − a)/(n + 1 − 2a), a = 3/8 for n ≤ 10, else 1/2; the first quantile's
    // probability is what the chart's smallest x is the normal quantile of.
    const double a = n <= 10 ? 0.375 : 0.5;
    const double p = (1.0 - a) / (static_cast<double>(n) + 1.0 - 2.0 * a);
    EXPECT_NEAR(0.5 * std::erfc(-s.x.front() / std::sqrt(2.0)), p, 1e-14);
    EXPECT_NEAR(s.x.front(), -s.x.back(), 1e-12);
    ASSERT_EQ(c.labels.size(), 3u);  // the largest |standardized residual| first
    Index largest = 0;
    f.student_internal.cwiseAbs().maxCoeff(&largest);
    EXPECT_EQ(c.labels[0].text, "line " + std::to_string(largest + 2));
  }
}

TEST(DiagnosticCharts, LeverageChartHasCooksContoursAndNamesTheMostInfluentialRows) {
  const Index n = 40;
  const Influence f = pulled_fit(n);
  const Chart c = leverage_chart(f, line_labels(n), 2);
  ASSERT_EQ(c.labels.size(), 3u);
  EXPECT_EQ(c.labels[0].text, "line 41");
  EXPECT_EQ(c.labels[0].x, f.leverage[n - 1]);
  // Every contour point is at Cook's distance 0.5 or 1 for k = 2: D = r²·h/((1 − h)·k).
  ASSERT_GE(c.series.size(), 3u);
  for (std::size_t s = 1; s < c.series.size(); ++s) {
    EXPECT_TRUE(c.series[s].dashed);
    for (std::size_t k = 0; k < c.series[s].x.size(); ++k) {
      const double h = c.series[s].x[k], r = c.series[s].y[k];
      if (!std::isfinite(r)) continue;
      const double d = r * r * h / ((1.0 - h) * 2.0);
      EXPECT_TRUE(std::abs(d - 0.5) < 1e-12 || std::abs(d - 1.0) < 1e-12) << d;
    }
  }
  const Chart s = scale_location_chart(f, line_labels(n), "y");
  ASSERT_EQ(s.series.size(), 1u);
  for (std::size_t k = 0; k < s.series[0].y.size(); ++k) EXPECT_GE(s.series[0].y[k], 0.0);
}

}  // namespace
}  // namespace linreg
