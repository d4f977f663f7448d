#pragma once
// The statistics tests' reference cases (tests/data/make_*_statsmodels.py): each names a file in
// tests/data (or, with "shared", in ../shared/data), its target, the columns to drop, whether the
// model has an intercept, its weight column if any, and further arguments ("args").
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

// The case's data file.
inline std::string case_file(const nlohmann::json& c) {
  const bool shared = c.contains("shared") && c["shared"].get<bool>();
  return std::string(shared ? LINREG_SHARED_DATA_DIR : LINREG_TEST_DATA_DIR) + "/" +
         c["file"].get<std::string>();
}

// `linreg fit` of a case: its file, target, dropped columns, intercept, weights and arguments,
// then `extra`.
inline std::vector<std::string> fit_args(const nlohmann::json& c,
                                         const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"fit", case_file(c), "--target", c["target"].get<std::string>()};
  for (const auto& column : c["drop"]) {
    args.push_back("--drop");
    args.push_back(column.get<std::string>());
  }
  if (c.contains("intercept") && !c["intercept"].get<bool>()) args.push_back("--no-intercept");
  if (c.contains("weights")) {
    args.push_back("--weights");
    args.push_back(c["weights"].get<std::string>());
  }
  if (c.contains("args")) {
    for (const auto& a : c["args"]) args.push_back(a.get<std::string>());
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace linreg::testing
