#include "chart_files.hpp"

#include "linreg/plot.hpp"

namespace linreg::cli {

FitCharts make_fit_charts(const FitSummary& summary, VectorRef actual, VectorRef predicted,
                          const std::string& target_name, const std::string& set_name,
                          std::span<const double> weights) {
  FitCharts charts;
  if (summary.gd && !summary.gd->loss_history.empty())
    charts.named.emplace_back("loss", loss_chart(summary, target_name));
  charts.named.emplace_back("pred_vs_actual",
                            pred_vs_actual_chart(actual, predicted, target_name, set_name));
  charts.named.emplace_back("residuals",
                            residuals_chart(actual, predicted, target_name, set_name, weights));
  return charts;
}

std::vector<std::filesystem::path> save_charts(const FitCharts& charts, const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& [stem, chart] : charts.named) {
    for (auto& path : save_chart(chart, dir, stem)) files.push_back(std::move(path));
  }
  return files;
}

std::string files_line(const char* what, const std::vector<std::filesystem::path>& files) {
  std::string line = what;
  line += ":";
  for (std::size_t k = 0; k < files.size(); ++k) line += (k ? ", " : " ") + files[k].string();
  return line;
}

}  // namespace linreg::cli
