// R's plot.lm panels from a fit's influence measures: normal Q–Q, scale–location, and residuals
// against leverage with Cook's distance contours (linreg/chart.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "linreg/chart.hpp"
#include "report/scatter.hpp"

namespace linreg {
namespace {

// The rows with every measure defined (hᵢ < 1).
std::vector<Index> defined_rows(const Influence& f) {
  std::vector<Index> rows;
  for (Index i = 0; i < f.leverage.size(); ++i) {
    if (std::isfinite(f.student_internal[i]) && std::isfinite(f.cooks_distance[i]))
      rows.push_back(i);
  }
  return rows;
}

// The three rows of `rows` with the largest score(i), most extreme first.
std::vector<Index> most_extreme(std::vector<Index> rows,
                                const std::function<double(Index)>& score) {
  const std::size_t count = std::min<std::size_t>(3, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count), rows.end(),
                    [&](Index a, Index b) { return score(a) > score(b); });
  rows.resize(count);
  return rows;
}

void label(Chart& chart, const std::vector<Index>& rows, const std::vector<std::string>& labels,
           const std::function<std::pair<double, double>(Index)>& at) {
  for (const Index i : rows) {
    const auto [x, y] = at(i);
    chart.labels.push_back({x, y, labels[static_cast<std::size_t>(i)]});
  }
}

// A chart of point(k) for k over `rows` (thinned past kMaxScatterPoints).
Chart scatter_of(const std::vector<Index>& rows,
                 const std::function<std::pair<double, double>(Index)>& point) {
  return detail::scatter_chart(static_cast<Index>(rows.size()),
                               [&](Index k) { return point(rows[static_cast<std::size_t>(k)]); });
}

}  // namespace

Chart qq_chart(const Influence& f, const std::vector<std::string>& labels) {
  std::vector<Index> rows = defined_rows(f);
  std::sort(rows.begin(), rows.end(),
            [&](Index a, Index b) { return f.student_internal[a] < f.student_internal[b]; });
  const auto n = static_cast<double>(rows.size());
  // R's ppoints(n): (i − a)/(n + 1 − 2a), a = 3/8 up to 10 points, else 1/2.
  const double a = rows.size() <= 10 ? 3.0 / 8.0 : 0.5;
  std::vector<double> quantile(rows.size());
  const boost::math::normal normal;
  for (std::size_t k = 0; k < rows.size(); ++k)
    quantile[k] =
        boost::math::quantile(normal, (static_cast<double>(k) + 1.0 - a) / (n + 1.0 - 2.0 * a));
  std::vector<Index> position(static_cast<std::size_t>(f.leverage.size()), -1);
  for (std::size_t k = 0; k < rows.size(); ++k)
    position[static_cast<std::size_t>(rows[k])] = static_cast<Index>(k);
  const auto at = [&](Index i) {
    return std::pair{quantile[static_cast<std::size_t>(position[static_cast<std::size_t>(i)])],
                     f.student_internal[i]};
  };
  Chart chart = scatter_of(rows, at);
  label(chart, most_extreme(rows, [&](Index i) { return std::abs(f.student_internal[i]); }), labels,
        at);
  ReferenceLine diagonal;
  diagonal.label = "normal (y = x)";
  diagonal.color = {0.1, 0.1, 0.1};
  chart.lines.push_back(diagonal);
  chart.title = "Normal Q–Q of the standardized residuals";
  chart.x.label = "theoretical quantile (standard normal)";
  chart.y.label = "standardized residual";
  return chart;
}

Chart scale_location_chart(const Influence& f, const std::vector<std::string>& labels,
                           const std::string& target_name) {
  const std::vector<Index> rows = defined_rows(f);
  const auto at = [&](Index i) {
    return std::pair{f.fitted[i], std::sqrt(std::abs(f.student_internal[i]))};
  };
  Chart chart = scatter_of(rows, at);
  label(chart, most_extreme(rows, [&](Index i) { return std::abs(f.student_internal[i]); }), labels,
        at);
  chart.title = "Scale–location";
  chart.x.label = "fitted " + target_name;
  chart.y.label = "√|standardized residual|";
  return chart;
}

Chart leverage_chart(const Influence& f, const std::vector<std::string>& labels,
                     Index coefficients) {
  const std::vector<Index> rows = defined_rows(f);
  const auto at = [&](Index i) { return std::pair{f.leverage[i], f.student_internal[i]}; };
  Chart chart = scatter_of(rows, at);
  label(chart, most_extreme(rows, [&](Index i) { return f.cooks_distance[i]; }), labels, at);
  double largest = 0.0, tallest = 0.0;
  for (const Index i : rows) {
    largest = std::max(largest, f.leverage[i]);
    tallest = std::max(tallest, std::abs(f.student_internal[i]));
  }
  // The contours stop where they leave the data's range (a break in the line), which they would
  // otherwise stretch toward infinity as h → 0.
  const double ceiling = 1.15 * std::max(tallest, 1.0);
  // Cook's distance D at leverage h: r = ±√(D·k·(1 − h)/h), from h a little above 0 to past the
  // largest leverage.
  const double k = static_cast<double>(coefficients);
  const Color contour{0.84, 0.15, 0.16};
  for (const double d : {0.5, 1.0}) {
    for (const double sign : {1.0, -1.0}) {
      Series s;
      s.label = sign > 0 ? (d == 0.5 ? "Cook's distance 0.5" : "Cook's distance 1") : "";
      s.color = contour;
      s.dashed = true;
      s.size = 1.3;
      s.alpha = d == 0.5 ? 0.6 : 0.9;
      for (int step = 1; step <= 100; ++step) {
        const double h = std::min(0.999, largest * 1.05 * step / 100.0);
        s.x.push_back(h);
        const double r = std::sqrt(d * k * (1.0 - h) / h);
        s.y.push_back(r <= ceiling ? sign * r : std::numeric_limits<double>::quiet_NaN());
      }
      if (std::any_of(s.y.begin(), s.y.end(), [](double v) { return std::isfinite(v); }))
        chart.series.push_back(std::move(s));
    }
  }
  if (chart.series.size() == 1 && !rows.empty()) {  // no contour reaches the data
    const std::vector<Index> top = most_extreme(rows, [&](Index i) { return f.cooks_distance[i]; });
    chart.subtitle += fmt::format(
        "; Cook's distance at most {:.2g} ({}): the 0.5 and 1 contours "
        "lie beyond",
        f.cooks_distance[top.front()], labels[static_cast<std::size_t>(top.front())]);
  }
  ReferenceLine zero;
  zero.slope = 0.0;
  zero.color = {0.1, 0.1, 0.1};
  chart.lines.push_back(zero);
  chart.title = "Residuals vs leverage";
  chart.x.label = "leverage";
  chart.y.label = "standardized residual";
  return chart;
}

}  // namespace linreg
