#pragma once
// The statistics tests' reference cases (tests/data/make_*_statsmodels.py): each names a file in
// tests/data, its target, the columns to drop and whether the model has an intercept.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace linreg::testing {

// The reference file tests/data/`name`.
inline nlohmann::json reference_file(const std::string& name) {
  std::ifstream in(std::string(LINREG_TEST_DATA_DIR) + "/" + name);
  return nlohmann::json::parse(in);
}

// `linreg fit` of a case: its file, target, dropped columns and intercept, then `extra`.
inline std::vector<std::string> fit_args(const nlohmann::json& c,
                                         const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      "fit", std::string(LINREG_TEST_DATA_DIR) + "/" + c["file"].get<std::string>(), "--target",
      c["target"].get<std::string>()};
  for (const auto& column : c["drop"]) {
    args.push_back("--drop");
    args.push_back(column.get<std::string>());
  }
  if (c.contains("intercept") && !c["intercept"].get<bool>()) args.push_back("--no-intercept");
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace linreg::testing
