// Charts from a fit's results: what to draw, not how (plot.cpp draws).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "linreg/chart.hpp"
#include "linreg/number_format.hpp"
#include "linreg/random.hpp"
#include "report/scatter.hpp"

namespace linreg {
namespace detail {

// Row indices to draw: all of them, or a seeded, ordered random sample of kMaxScatterPoints
// (selection sampling, so every row is equally likely and the order is kept).
std::vector<Index> scatter_rows(Index n) {
  std::vector<Index> rows;
  const auto want = static_cast<Index>(kMaxScatterPoints);
  if (n <= want) {
    rows.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
    return rows;
  }
  Rng rng(0);
  Index needed = want;
  for (Index i = 0; i < n && needed > 0; ++i) {
    if (rng.uniform() * static_cast<double>(n - i) < static_cast<double>(needed)) {
      rows.push_back(i);
      --needed;
    }
  }
  return rows;
}

// Opaque enough to see a few points, transparent enough to show where thousands pile up.
double scatter_alpha(std::size_t shown) {
  return std::clamp(0.8 * std::sqrt(300.0 / static_cast<double>(std::max<std::size_t>(shown, 1))),
                    0.25, 0.8);
}

std::string sample_note(Index n, std::size_t shown) {
  if (static_cast<Index>(shown) == n)
    return fmt::format("{} points", thousands(static_cast<double>(n)));
  return fmt::format("a random {} of {} points", thousands(static_cast<double>(shown)),
                     thousands(static_cast<double>(n)));
}

// A chart with one translucent scatter of point(i) for the rows drawn (a sample of large n).
Chart scatter_chart(Index n, const std::function<std::pair<double, double>(Index)>& point) {
  Series points;
  points.style = SeriesStyle::scatter;
  points.size = 5.0;
  for (const Index i : scatter_rows(n)) {
    const auto [x, y] = point(i);
    points.x.push_back(x);
    points.y.push_back(y);
  }
  points.alpha = scatter_alpha(points.x.size());
  Chart chart;
  chart.subtitle = sample_note(n, points.x.size());
  chart.series.push_back(std::move(points));
  return chart;
}

}  // namespace detail

namespace {

using detail::scatter_chart;

// Spanning more than two decades: the tutorial's 483 billion → 21 million needs a log axis.
bool wants_log_scale(const std::vector<const Series*>& series) {
  double low = INFINITY, high = 0.0;
  for (const Series* s : series) {
    for (const double v : s->y) {
      if (std::isfinite(v) && v > 0.0) {
        low = std::min(low, v);
        high = std::max(high, v);
      }
      if (std::isfinite(v) && v <= 0.0) return false;  // a zero loss has no place on a log axis
    }
  }
  return high > 0.0 && high / low > 100.0;
}

void check_sizes(VectorRef actual, VectorRef predicted, const char* what) {
  if (actual.size() != predicted.size()) {
    throw std::invalid_argument(fmt::format("{}: {} actual values but {} predictions", what,
                                            actual.size(), predicted.size()));
  }
}

std::string set_suffix(const std::string& set_name) {
  return set_name.empty() ? "" : fmt::format(" ({} set)", set_name);
}

// Iterations across, the loss up: on a log axis when it spans more than two decades.
void set_loss_axes(Chart& chart) {
  std::vector<const Series*> all;
  for (const auto& s : chart.series) all.push_back(&s);
  chart.x.label = "iteration";
  const bool log = wants_log_scale(all);
  chart.y.label = log ? "mean squared error (log scale)" : "mean squared error";
  chart.y.scale = log ? AxisScale::log : AxisScale::linear;
}

}  // namespace

Series loss_series(const FitSummary& summary) {
  std::vector<double> loss = summary.gd ? summary.gd->loss_history : std::vector<double>();
  if (std::isfinite(summary.final_loss) && static_cast<long>(loss.size()) == summary.iterations()) {
    loss.push_back(summary.final_loss);  // the loss after the last update
  }
  Series s;
  const std::size_t n = loss.size();
  const std::size_t stride = std::max<std::size_t>(1, (n + kMaxLinePoints - 1) / kMaxLinePoints);
  for (std::size_t k = 0; k < n; k += stride) {
    s.x.push_back(static_cast<double>(k));
    s.y.push_back(loss[k]);
  }
  if (n > 0 && s.x.back() != static_cast<double>(n - 1)) {
    s.x.push_back(static_cast<double>(n - 1));
    s.y.push_back(loss.back());
  }
  return s;
}

Chart loss_chart(const FitSummary& summary, const std::string& target_name) {
  Chart chart;
  chart.series.push_back(loss_series(summary));
  chart.series.back().size = 2.0;
  chart.title = fmt::format("Training loss: predicting {}", target_name);
  chart.subtitle = fmt::format(
      "gradient descent, learning rate {}: {}",
      readable(summary.gd ? summary.gd->learning_rate : std::numeric_limits<double>::quiet_NaN(),
               4),
      summary.message);
  set_loss_axes(chart);
  return chart;
}

Chart loss_comparison_chart(const std::vector<NamedRun>& runs, const std::string& title) {
  static constexpr Color kColors[] = {palette::red, palette::blue, palette::green, palette::orange};
  Chart chart;
  chart.title = title;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    Series s = loss_series(*runs[k].summary);
    s.label = runs[k].label;
    s.color = kColors[k % std::size(kColors)];
    s.size = 2.0;
    chart.series.push_back(std::move(s));
  }
  set_loss_axes(chart);
  return chart;
}

Chart pred_vs_actual_chart(VectorRef actual, VectorRef predicted, const std::string& target_name,
                           const std::string& set_name) {
  check_sizes(actual, predicted, "pred_vs_actual_chart");
  Chart chart = scatter_chart(actual.size(), [&](Index i) {
    return std::pair{actual[i], predicted[i]};
  });
  ReferenceLine diagonal;
  diagonal.label = "perfect prediction (y = x)";
  diagonal.color = {0.1, 0.1, 0.1};
  chart.lines.push_back(diagonal);
  chart.title = "Predicted vs actual" + set_suffix(set_name);
  chart.x.label = "actual " + target_name;
  chart.y.label = "predicted " + target_name;
  chart.equal_ranges = true;
  return chart;
}

Chart residuals_chart(VectorRef actual, VectorRef predicted, const std::string& target_name,
                      const std::string& set_name, std::span<const double> weights) {
  check_sizes(actual, predicted, "residuals_chart");
  const bool weighted = !weights.empty();
  if (weighted && static_cast<Index>(weights.size()) != actual.size())
    throw std::invalid_argument("residuals_chart: not one weight per row");
  Chart chart = scatter_chart(actual.size(), [&](Index i) {
    const double r = actual[i] - predicted[i];
    return std::pair{predicted[i],
                     weighted ? std::sqrt(weights[static_cast<std::size_t>(i)]) * r : r};
  });
  ReferenceLine zero;
  zero.slope = 0.0;
  zero.color = {0.1, 0.1, 0.1};
  chart.lines.push_back(zero);
  chart.title = "Residuals" + set_suffix(set_name);
  chart.x.label = "predicted " + target_name;
  chart.y.label =
      weighted ? "weighted residual √w·(actual − predicted)" : "residual (actual − predicted)";
  return chart;
}

}  // namespace linreg
