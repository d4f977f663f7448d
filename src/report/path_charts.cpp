// Charts of a penalized path: the coefficients and the cross-validated error against λ.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "linreg/chart.hpp"
#include "linreg/number_format.hpp"

namespace linreg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// λ as the log axis takes it: a λ of 0 (an explicit grid may hold one) has no place there.
double on_log_axis(double lambda) { return lambda > 0.0 ? lambda : kNaN; }

// matplotlib's ten (tab10).
constexpr std::array<Color, 10> kColors{
    palette::blue,           palette::orange,         palette::green,          palette::red,
    Color{0.58, 0.40, 0.74}, Color{0.55, 0.34, 0.29}, Color{0.89, 0.47, 0.76}, palette::gray,
    Color{0.74, 0.74, 0.13}, Color{0.09, 0.75, 0.81}};

// A vertical segment at x from y0 to y1, as a two-point line.
Series vertical(const std::string& label, double x, double y0, double y1, Color color) {
  Series s;
  s.label = label;
  s.x = {x, x};
  s.y = {y0, y1};
  s.color = color;
  s.size = 1.2;
  return s;
}

}  // namespace

Chart path_chart(const PenalizedPath& path, const std::vector<std::string>& feature_names) {
  if (static_cast<Index>(feature_names.size()) != path.weights.rows())
    throw std::invalid_argument("path_chart: one name per feature of the path");
  Chart chart;
  chart.title = "Coefficients along the penalty path";
  chart.subtitle =
      fmt::format("{} features, {} values of λ, original units",
                  thousands(static_cast<double>(path.weights.rows())), path.lambdas.size());
  chart.x = {"λ (log scale)", AxisScale::log};
  chart.y = {"coefficient", AxisScale::linear};
  const bool legend = path.weights.rows() <= 10;
  for (Index j = 0; j < path.weights.rows(); ++j) {
    Series s;
    s.label = legend ? feature_names[static_cast<std::size_t>(j)] : "";
    s.color = kColors[static_cast<std::size_t>(j) % kColors.size()];
    s.size = 1.4;
    for (Index k = 0; k < path.lambdas.size(); ++k) {
      s.x.push_back(on_log_axis(path.lambdas[k]));
      s.y.push_back(path.weights(j, k));
    }
    chart.series.push_back(std::move(s));
  }
  chart.lines.push_back({"", 0.0, 0.0, palette::gray, true});
  return chart;
}

Chart cross_validation_chart(const PenalizedPath& path, const std::string& target_name) {
  if (!path.cv) throw std::invalid_argument("cross_validation_chart: the path has no CV");
  const CrossValidation& cv = *path.cv;
  Chart chart;
  chart.title = fmt::format("Cross-validated error of {}", target_name);
  chart.subtitle = cv.leave_one_out ? std::string("leave-one-out, closed form")
                                    : fmt::format("{} folds; bars: ± one standard error", cv.folds);
  chart.x = {"λ (log scale)", AxisScale::log};
  chart.y = {"mean squared error", AxisScale::linear};
  Series bars;
  bars.color = palette::gray;
  bars.size = 1.0;
  Series mean;
  mean.label = "CV mean";
  mean.style = SeriesStyle::scatter;
  mean.color = palette::red;
  mean.size = 5.0;
  double low = INFINITY, high = -INFINITY;
  for (Index k = 0; k < path.lambdas.size(); ++k) {
    const double x = on_log_axis(path.lambdas[k]);
    const double lo = cv.mean[k] - cv.standard_error[k], hi = cv.mean[k] + cv.standard_error[k];
    bars.x.insert(bars.x.end(), {x, x, kNaN});
    bars.y.insert(bars.y.end(), {lo, hi, kNaN});
    mean.x.push_back(x);
    mean.y.push_back(cv.mean[k]);
    if (std::isfinite(lo) && std::isfinite(hi)) {
      low = std::min(low, lo);
      high = std::max(high, hi);
    }
  }
  chart.series.push_back(std::move(bars));
  chart.series.push_back(std::move(mean));
  if (std::isfinite(low)) {
    chart.series.push_back(vertical(fmt::format("λ_min = {}", readable(cv.lambda_min, 4)),
                                    on_log_axis(cv.lambda_min), low, high, palette::blue));
    chart.series.push_back(vertical(fmt::format("λ_1se = {}", readable(cv.lambda_1se, 4)),
                                    on_log_axis(cv.lambda_1se), low, high, palette::green));
  }
  return chart;
}

}  // namespace linreg
