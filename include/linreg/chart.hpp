#pragma once
// What a chart shows, as plain data: series, reference lines, axes and titles. The builders
// turn a fit's results into charts; the renderer (plot.hpp) draws them. Neither touches the math.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "linreg/fit_summary.hpp"
#include "linreg/influence.hpp"
#include "linreg/types.hpp"

namespace linreg {

struct Color {
  double r = 0.0, g = 0.0, b = 0.0;  // 0..1
};

// matplotlib's first colours, so the pictures look familiar.
namespace palette {
inline constexpr Color blue{0x1f / 255.0, 0x77 / 255.0, 0xb4 / 255.0};
inline constexpr Color orange{0xff / 255.0, 0x7f / 255.0, 0x0e / 255.0};
inline constexpr Color green{0x2c / 255.0, 0xa0 / 255.0, 0x2c / 255.0};
inline constexpr Color red{0xd6 / 255.0, 0x27 / 255.0, 0x28 / 255.0};
inline constexpr Color gray{0.35, 0.35, 0.35};
}  // namespace palette

enum class SeriesStyle { line, scatter };

struct Series {
  std::string label;  // legend entry; empty: not in the legend
  SeriesStyle style = SeriesStyle::line;
  std::vector<double> x, y;  // non-finite points are skipped (a line breaks there)
  Color color = palette::blue;
  double alpha = 1.0;
  double size = 1.8;    // line width, or marker diameter, in pixels
  bool dashed = false;  // a line series drawn dashed (contours, guides)
};

// A few words beside one point (the rows a diagnostic plot names), drawn above the data.
struct PointLabel {
  double x = 0.0, y = 0.0;
  std::string text;
};

// y = slope·x + intercept across the whole plot area (y = x, a zero line), drawn above the data.
struct ReferenceLine {
  std::string label;
  double slope = 1.0;
  double intercept = 0.0;
  Color color = palette::gray;
  bool dashed = true;
};

enum class AxisScale { linear, log };

struct Axis {
  std::string label;
  AxisScale scale = AxisScale::linear;
};

struct Chart {
  std::string title;
  std::string subtitle;  // one smaller line under the title (e.g. "5,000 of 1,000,000 points")
  Axis x, y;
  std::vector<Series> series;  // drawn in order, later ones on top
  std::vector<ReferenceLine> lines;
  std::vector<PointLabel> labels;
  // Predicted vs actual: x and y get one range and the plot area is square, so y = x is the
  // diagonal.
  bool equal_ranges = false;
  int width = 640;  // pixels (matplotlib's default figure at 100 dpi)
  int height = 480;
};

// At most this many points go into a scatter; more are thinned by a seeded sample.
inline constexpr std::size_t kMaxScatterPoints = 5000;
// At most this many points go into a loss curve; longer histories keep every k-th point.
inline constexpr std::size_t kMaxLinePoints = 2000;

// Training loss per iteration. A log y axis when the loss spans more than two decades.
// `history` is FitSummary::loss_history (the loss before each update), plus the final loss.
Chart loss_chart(const FitSummary& summary, const std::string& target_name);

// Two runs on one chart: the demo's "why scaling matters".
struct NamedRun {
  std::string label;
  const FitSummary* summary = nullptr;
};
Chart loss_comparison_chart(const std::vector<NamedRun>& runs, const std::string& title);

// Predicted against actual, with the dashed line y = x on top; equal ranges.
Chart pred_vs_actual_chart(VectorRef actual, VectorRef predicted, const std::string& target_name,
                           const std::string& set_name);

// Residuals (actual − predicted) against predicted, with a zero line. With `weights` (one per
// row) the weighted residuals √w·(actual − predicted), as R's plot.lm shows a weighted fit's:
// the spread the weights were meant to even out.
Chart residuals_chart(VectorRef actual, VectorRef predicted, const std::string& target_name,
                      const std::string& set_name, std::span<const double> weights = {});

// A penalized path's coefficients against λ (log axis), one line per feature, as glmnet's
// plot(fit, xvar = "lambda"); the legend names the features when there are at most 10.
Chart path_chart(const PenalizedPath& path, const std::vector<std::string>& feature_names);

// The cross-validated mean squared error against λ (log axis) with one-standard-error bars and
// λ_min and λ_1se marked, as cv.glmnet's plot. The path must have been cross-validated.
Chart cross_validation_chart(const PenalizedPath& path, const std::string& target_name);

// R's plot.lm panels beyond residuals against fitted, from a least-squares fit's influence
// measures (linreg/influence.hpp); `labels` names each row (its line in the file) and the three
// most extreme rows are labelled, as R labels them. Rows with undefined measures (hᵢ = 1) are
// left out.
//  - normal Q–Q: the internally studentized residuals, sorted, against the normal quantiles of
//    R's ppoints(n), with the line y = x;
//  - scale–location: √|rᵢ| against the fitted values;
//  - residuals against leverage: rᵢ against hᵢ, with Cook's distance contours at 0.5 and 1
//    (r = ±√(D·k·(1 − h)/h) for k coefficients).
Chart qq_chart(const Influence& influence, const std::vector<std::string>& labels);
Chart scale_location_chart(const Influence& influence, const std::vector<std::string>& labels,
                           const std::string& target_name);
Chart leverage_chart(const Influence& influence, const std::vector<std::string>& labels,
                     Index coefficients);

// The loss values of a run as a curve: every iteration's loss, then the final loss, thinned
// to at most kMaxLinePoints (always keeping the first and the last).
Series loss_series(const FitSummary& summary);

}  // namespace linreg
