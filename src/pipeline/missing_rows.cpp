#include "pipeline/missing_rows.hpp"

namespace linreg::detail {

MissingRowRule missing_row_rule(const std::vector<std::string>& inputs, const std::string& target,
                                MissingPolicy policy, const std::string& weights) {
  MissingRowRule rule;
  rule.counted = inputs;
  std::vector<std::string> needed;  // what no policy fills
  for (const std::string* name : {&target, &weights}) {
    if (name->empty()) continue;
    rule.counted.push_back(*name);
    needed.push_back(*name);
  }
  rule.leave_out = policy != MissingPolicy::mean ? rule.counted : needed;
  return rule;
}

std::vector<bool> rows_left_out(const CsvTable& table, const MissingRowRule& rule,
                                MissingTally& tally) {
  std::vector<bool> missing = tally.add(table);  // rows with a missing value in rule.counted
  if (rule.leave_out.size() == rule.counted.size()) return missing;
  return rows_with_missing(table, rule.leave_out);
}

std::vector<Index> kept_rows(const std::vector<bool>& skip) {
  std::vector<Index> rows;
  for (std::size_t i = 0; i < skip.size(); ++i) {
    if (!skip[i]) rows.push_back(static_cast<Index>(i));
  }
  return rows;
}

}  // namespace linreg::detail
