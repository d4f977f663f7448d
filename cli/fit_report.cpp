// `linreg fit --report FILE.html`: the printed summary's tables, the statistics and the charts
// on one self-contained page.
#include <fmt/format.h>

#include "fit_results.hpp"
#include "linreg/html_report.hpp"

namespace linreg::cli {
namespace {

HtmlTable to_html(const TextTable& table, std::string caption = "") {
  return {std::move(caption), table.header(), table.rows()};
}

}  // namespace

std::string fit_report_html(const FitResults& r, const std::vector<Chart>& charts) {
  const PreparedData& p = r.data;
  HtmlReport report;
  report.title = fmt::format("linreg fit: {}", p.train.target_name);
  report.subtitle = fmt::format("linreg {} · {}", LINREG_VERSION, p.source);
  for (const auto& w : all_warnings(r)) report.warnings.push_back(w.text);

  HtmlSection data{"Data and solver", {}, {}, {}};
  data.lines.push_back(data_line(r.data));
  if (r.test) data.lines.push_back(split_line(r));
  for (auto& line : solver_lines(r)) data.lines.push_back(std::move(line));
  data.tables.push_back(to_html(metrics_table(r), "How well the model fits"));
  report.sections.push_back(std::move(data));

  HtmlSection model{"Coefficients", {}, {}, {}};
  if (r.inference) {
    model.tables.push_back(
        to_html(inference_table(*r.inference, r.vif),
                "Coefficients in original units, with standard errors, t statistics, "
                "p-values and 95% confidence intervals"));
    model.notes = inference_lines(*r.inference);
  } else {
    model.tables.push_back(to_html(coefficients_table(r, p.train.feature_names.size()),
                                   "Coefficients in original units"));
    model.notes.push_back(r.inference_note);
  }
  report.sections.push_back(std::move(model));
  report.charts = charts;
  return render_html(report);
}

}  // namespace linreg::cli
