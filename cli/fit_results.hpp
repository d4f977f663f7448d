#pragma once
// What `linreg fit` worked on and found, and the pieces every front end shows of it: the
// printed table, the JSON object and the HTML report are built from the same tables.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "format.hpp"
#include "linreg/chart.hpp"
#include "linreg/dataset.hpp"
#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/metrics.hpp"
#include "linreg/training.hpp"
#include "progress.hpp"

namespace linreg::cli {

struct FitResults {
  const PreparedData& data;
  const FitSummary& summary;
  RegressionMetrics train;
  std::optional<RegressionMetrics> test;
  std::optional<InferenceTable> inference;  // with --summary (and for the report)
  std::string inference_note;               // why there is no statistics table, when there is none
  bool vif = false;                         // the statistics table shows each term's VIF
};

// "cars.csv: 1,000 rows read, 5 input columns, 4 features, target 'price'".
std::string data_line(const PreparedData& p);
// "split: 800 for training, 200 for testing"; empty without a test set.
std::string split_line(const FitResults& r);
// How the solver ran: one or two lines.
std::vector<std::string> solver_lines(const FitResults& r);
// (intercept) and the features with their coefficients, the first `max_rows` features.
TextTable coefficients_table(const FitResults& r, std::size_t max_rows);
TextTable metrics_table(const FitResults& r);
TextTable inference_table(const InferenceTable& t, bool vif);
// n, degrees of freedom, R², F, σ, log-likelihood, AIC, BIC, condition number.
std::vector<std::string> inference_lines(const InferenceTable& t);
// The data's, the solver's and the statistics' warnings, in that order, their texts in the
// program's words (render_for_cli): what the table, --json and the report show.
std::vector<Warning> all_warnings(const FitResults& r);

void print_table(const FitResults& r, std::ostream& out);
void print_json(const FitResults& r, const std::vector<std::filesystem::path>& chart_files,
                std::ostream& out);

// The self-contained HTML report (`--report FILE`): the tables above and the charts inline.
std::string fit_report_html(const FitResults& r, const std::vector<Chart>& charts);

}  // namespace linreg::cli
