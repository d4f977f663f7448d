#pragma once
// `--plots DIR`: the charts of a fit, written as PNG and SVG.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "linreg/chart.hpp"

namespace linreg::cli {

// The charts every fit gets: the loss curve (gradient descent only: an exact solve has no
// iterations), predicted vs actual and residuals, on `set_name`'s rows ("test" or "training";
// `weights`, theirs for a weighted fit).
struct FitCharts {
  std::vector<std::pair<std::string, Chart>> named;  // file stem, chart
};
FitCharts make_fit_charts(const FitSummary& summary, VectorRef actual, VectorRef predicted,
                          const std::string& target_name, const std::string& set_name,
                          std::span<const double> weights = {});

// Writes each chart as DIR/stem.png and DIR/stem.svg; returns the paths.
std::vector<std::filesystem::path> save_charts(const FitCharts& charts, const std::string& dir);

// "plots: out/loss.png, out/loss.svg, ..." for the printed summary.
std::string files_line(const char* what, const std::vector<std::filesystem::path>& files);

}  // namespace linreg::cli
