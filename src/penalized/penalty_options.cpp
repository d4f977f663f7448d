#include "linreg/penalty_options.hpp"

#include <fmt/format.h>

#include <cmath>

#include "linreg/errors.hpp"

namespace linreg {

std::string to_string(Penalty penalty) { return name_in(kPenaltyNames, penalty); }

Penalty parse_penalty(const std::string& name) { return parse_in(kPenaltyNames, "penalty", name); }

double PenaltyOptions::effective_l1_ratio() const {
  if (penalty == Penalty::ridge) return 0.0;
  return penalty == Penalty::lasso ? 1.0 : l1_ratio;
}

void PenaltyOptions::validate() const {
  if (penalty == Penalty::elastic_net && !(l1_ratio > 0.0 && l1_ratio <= 1.0)) {
    throw UsageError(
        fmt::format("l1_ratio must be in (0, 1] for the elastic net, got {}", l1_ratio));
  }
  if (!(tolerance > 0.0 && tolerance < 1.0))
    throw UsageError(fmt::format("tolerance must be in (0, 1), got {}", tolerance));
  if (max_sweeps < 1)
    throw UsageError(fmt::format("max_sweeps must be at least 1, got {}", max_sweeps));
  if (lambdas.empty() && n_lambda < 1)
    throw UsageError(fmt::format("n_lambda must be at least 1, got {}", n_lambda));
  if (lambda_min_ratio && !(*lambda_min_ratio > 0.0 && *lambda_min_ratio < 1.0)) {
    throw UsageError(fmt::format("lambda_min_ratio must be in (0, 1), got {}", *lambda_min_ratio));
  }
  for (const double lambda : lambdas) {
    if (!(std::isfinite(lambda) && lambda >= 0.0))
      throw UsageError(fmt::format("a penalty λ must be finite and >= 0, got {}", lambda));
  }
  if (folds == 1 || folds < 0)
    throw UsageError(fmt::format("folds must be 0 (none) or at least 2, got {}", folds));
  for (const long id : fold_ids) {
    if (id < 1) throw UsageError(fmt::format("fold ids are 1, 2, …, got {}", id));
  }
  if (leave_one_out && penalty != Penalty::ridge) {
    throw UsageError(
        fmt::format("leave_one_out is ridge's closed form: the {} is cross-validated by folds",
                    to_string(penalty)));
  }
  if (leave_one_out && (folds > 0 || !fold_ids.empty()))
    throw UsageError("leave_one_out takes neither folds nor fold ids: every row is a fold");
  if (lambda && !(std::isfinite(*lambda) && *lambda >= 0.0))
    throw UsageError(fmt::format("the fit's λ must be finite and >= 0, got {}", *lambda));
  if (lambda && cross_validates()) {
    throw UsageError(
        "a fixed λ and cross-validation exclude each other: give the λ or the folds, not both");
  }
}

std::string to_string(LambdaRule rule) { return name_in(kLambdaRuleNames, rule); }

LambdaRule parse_lambda_rule(const std::string& name) {
  return parse_in(kLambdaRuleNames, "lambda rule", name);
}

}  // namespace linreg
