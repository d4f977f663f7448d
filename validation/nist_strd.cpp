#include "nist_strd.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "linreg/errors.hpp"
#include "linreg/features.hpp"

namespace linreg {
namespace {

bool parse_double(const std::string& token, double& value) {
  char* end = nullptr;
  value = std::strtod(token.c_str(), &end);
  return end != token.c_str() && *end == '\0';
}

}  // namespace

NistDataset read_nist_strd(std::istream& in, const std::string& name) {
  NistDataset out;
  out.name = name;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  std::vector<double> estimates, sds;
  std::size_t data_line = lines.size();
  for (std::size_t k = 0; k < lines.size(); ++k) {
    std::istringstream fields(lines[k]);
    std::string first;
    fields >> first;
    if (first.size() >= 2 && first[0] == 'B' &&
        std::all_of(first.begin() + 1, first.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::string a, b;
      double estimate = 0.0, sd = 0.0;
      if (fields >> a >> b && parse_double(a, estimate) && parse_double(b, sd)) {
        estimates.push_back(estimate);
        sds.push_back(sd);
      }
    } else if (first == "Standard" && lines[k].find("Deviation") != std::string::npos && k > 0 &&
               lines[k - 1].find("Residual") != std::string::npos) {
      std::string word, value;
      std::istringstream rest(lines[k]);
      rest >> word >> word >> value;  // "Standard Deviation <value>"
      parse_double(value, out.residual_sd);
    } else if (first == "R-Squared") {
      std::string value;
      fields >> value;
      parse_double(value, out.r_squared);
    } else if (first == "Data:") {
      data_line = k;  // the last "Data:" line heads the data
    }
  }
  if (estimates.empty() || data_line == lines.size()) {
    throw DataError(fmt::format(
        "{}: not a NIST StRD linear regression file (no certified values or data)", name));
  }
  out.coefficients = Eigen::Map<Vector>(estimates.data(), static_cast<Index>(estimates.size()));
  out.standard_deviations = Eigen::Map<Vector>(sds.data(), static_cast<Index>(sds.size()));
  {
    std::istringstream header(lines[data_line]);
    std::string token;
    header >> token;  // "Data:"
    while (header >> token) out.column_names.push_back(token);
  }
  std::vector<double> values;
  std::size_t rows = 0;
  for (std::size_t k = data_line + 1; k < lines.size(); ++k) {
    std::istringstream fields(lines[k]);
    std::string token;
    std::size_t count = 0;
    while (fields >> token) {
      double v = 0.0;
      if (!parse_double(token, v)) {
        throw DataError(
            located_message(name, k + 1, 0, fmt::format("'{}' is not a number", token)));
      }
      values.push_back(v);
      ++count;
    }
    if (count == 0) continue;
    if (count != out.column_names.size()) {
      throw DataError(located_message(
          name, k + 1, 0,
          fmt::format("expected {} values, found {}", out.column_names.size(), count)));
    }
    ++rows;
  }
  out.data =
      Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          values.data(), static_cast<Index>(rows), static_cast<Index>(out.column_names.size()));
  return out;
}

const std::vector<NistModel>& nist_models() {
  static const std::vector<NistModel> models = {
      {"Norris", 1},   {"Pontius", 2},  {"NoInt1", 1, false}, {"NoInt2", 1, false},
      {"Filip", 10},   {"Longley", 0},  {"Wampler1", 5},      {"Wampler2", 5},
      {"Wampler3", 5}, {"Wampler4", 5}, {"Wampler5", 5}};
  return models;
}

Dataset nist_design(const NistDataset& nist, const NistModel& model) {
  Dataset d;
  d.y = nist.data.col(0);
  if (model.degree == 0) {
    d.X = nist.data.rightCols(nist.data.cols() - 1);
    for (Index j = 1; j < nist.data.cols(); ++j)
      d.feature_names.push_back(nist.column_names[static_cast<std::size_t>(j)]);
    return d;
  }
  const Vector x = nist.data.col(1);
  Matrix high, low;
  polynomial_powers(x, model.degree, high, low);
  d.X.resize(x.size(), model.degree);
  d.X_low = Matrix::Zero(x.size(), model.degree);
  d.X.col(0) = x;
  d.X.rightCols(model.degree - 1) = high;
  d.X_low.rightCols(model.degree - 1) = low;
  d.feature_names.push_back("x");
  for (int k = 2; k <= model.degree; ++k) d.feature_names.push_back(fmt::format("x^{}", k));
  return d;
}

double log_relative_error(double estimate, double certified) {
  const double error =
      certified == 0.0 ? std::abs(estimate) : std::abs(estimate - certified) / std::abs(certified);
  if (error == 0.0) return 15.0;
  return std::clamp(-std::log10(error), 0.0, 15.0);
}

NistScore score_nist_fit(const NistDataset& nist, const NistModel& model, const FitSummary& summary,
                         const InferenceTable& table) {
  NistScore score;
  const Index first = model.intercept ? 1 : 0;
  const Index certified = nist.coefficients.size();
  if (summary.model.n_features() + first != certified ||
      static_cast<Index>(table.terms.size()) != certified) {
    throw std::invalid_argument(
        fmt::format("score_nist_fit: {} certifies {} parameters, the fit has {}", nist.name,
                    certified, summary.model.n_features() + first));
  }
  score.coefficients =
      model.intercept ? log_relative_error(summary.model.intercept(), nist.coefficients[0]) : 15.0;
  for (Index j = 0; j < summary.model.n_features(); ++j) {
    score.coefficients =
        std::min(score.coefficients,
                 log_relative_error(summary.model.weights()[j], nist.coefficients[j + first]));
  }
  score.standard_deviations = 15.0;
  for (Index k = 0; k < certified; ++k) {
    const Statistic se = table.terms[static_cast<std::size_t>(k)].se;
    score.standard_deviations = std::min(
        score.standard_deviations, se ? log_relative_error(*se, nist.standard_deviations[k]) : 0.0);
  }
  score.residual_sd = log_relative_error(table.sigma, nist.residual_sd);
  score.r_squared = table.r2 ? log_relative_error(*table.r2, nist.r_squared) : 0.0;
  return score;
}

}  // namespace linreg
