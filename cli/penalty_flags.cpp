#include "penalty_flags.hpp"

#include <fmt/format.h>

#include <cmath>

#include "format.hpp"
#include "linreg/errors.hpp"
#include "linreg/penalty_options.hpp"

namespace linreg::cli {
namespace {

bool given(const CLI::App& command, const char* name) {
  return command.get_option(name)->count() > 0;
}

}  // namespace

void add_penalty_options(CLI::App* command, PenaltyArgs& args, bool fit) {
  auto* penalty = command
                      ->add_option("--penalty", args.penalty,
                                   fit ? "Fit a penalized model: ridge, lasso or elasticnet "
                                         "(glmnet's objective; see --lambda)"
                                       : "ridge, lasso or elasticnet")
                      ->check(CLI::IsMember(names_in(kPenaltyNames)));
  if (!fit) penalty->required();
  command->add_option("--l1-ratio", args.l1_ratio,
                      "The elastic net's share of L1 penalty r, in (0, 1] (default 0.5)");
  if (fit) {
    command->add_option("--lambda", args.lambda,
                        "The penalty λ: a number >= 0, or cv (default: chosen by "
                        "cross-validation, see --folds and --lambda-rule)");
    command
        ->add_option("--lambda-rule", args.lambda_rule,
                     "Which cross-validated λ: min (least error) or 1se (the largest within one "
                     "standard error of it, glmnet's default)")
        ->check(CLI::IsMember(names_in(kLambdaRuleNames)))
        ->capture_default_str();
  }
  command
      ->add_option("--nlambda", args.nlambda,
                   "Number of λ on the path, log-spaced down from λ_max (the smallest λ with "
                   "every weight 0)")
      ->check(CLI::Range(1L, 100000L))
      ->capture_default_str();
  command->add_option("--lambda-min-ratio", args.lambda_min_ratio,
                      "The smallest λ of the path over λ_max, in (0, 1) (default 1e-4 when "
                      "rows > features, else 0.01)");
  command->add_option("--folds", args.folds,
                      fit ? "Cross-validation folds (>= 2, seeded by --seed; default 10), or loo: "
                            "ridge's leave-one-out in closed form"
                          : "Cross-validate the path: folds (>= 2, seeded by --seed), or loo: "
                            "ridge's leave-one-out in closed form");
  command->add_option("--foldid", args.foldid,
                      "A column of each row's fold, 1, 2, … (glmnet's foldid): not a feature");
}

void check_penalty_flags(const CLI::App& command, const PenaltyArgs& args) {
  const bool fit = command.get_option_no_throw("--lambda") != nullptr;
  if (args.penalty.empty()) {
    for (const char* name : {"--l1-ratio", "--lambda", "--lambda-rule", "--nlambda",
                             "--lambda-min-ratio", "--folds", "--foldid"}) {
      if (command.get_option_no_throw(name) != nullptr && given(command, name))
        throw UsageError(
            fmt::format("{} is an option of penalized fits: add --penalty "
                        "ridge|lasso|elasticnet",
                        name));
    }
    return;
  }
  if (given(command, "--l1-ratio") && args.penalty != "elasticnet") {
    throw UsageError(fmt::format(
        "--l1-ratio is the elastic net's: the {} has r = {} (--penalty elasticnet mixes them)",
        args.penalty, args.penalty == "lasso" ? "1" : "0"));
  }
  const bool fixed = fit && !args.lambda.empty() && args.lambda != "cv";
  if (fixed) {
    for (const char* name :
         {"--lambda-rule", "--folds", "--foldid", "--nlambda", "--lambda-min-ratio"}) {
      if (given(command, name))
        throw UsageError(
            fmt::format("{} is for choosing λ by cross-validation, but --lambda {} fixes it", name,
                        args.lambda));
    }
  }
  if (args.folds == "loo" && args.penalty != "ridge")
    throw UsageError("--folds loo is ridge's closed-form leave-one-out: the " + args.penalty +
                     " is cross-validated by a number of folds");
  if (given(command, "--folds") && given(command, "--foldid"))
    throw UsageError("--folds and --foldid both say how to fold the rows: give one of them");
}

void apply_penalty(const PenaltyArgs& args, std::uint64_t seed, bool fit, FitOptions& options) {
  options.solver = SolverKind::penalized;
  PenaltyOptions& p = options.penalized;
  p.penalty = parse_penalty(args.penalty);
  if (p.penalty == Penalty::elastic_net) p.l1_ratio = args.l1_ratio.value_or(0.5);
  p.n_lambda = args.nlambda;
  p.lambda_min_ratio = args.lambda_min_ratio;
  p.seed = seed;
  p.rule = parse_lambda_rule(args.lambda_rule);
  if (fit && !args.lambda.empty() && args.lambda != "cv") {
    const std::optional<double> lambda = finite_number(args.lambda);
    if (!lambda || *lambda < 0.0)
      throw UsageError(fmt::format("--lambda must be a number >= 0 or cv, got '{}'", args.lambda));
    p.lambda = *lambda;
    return;
  }
  if (!args.foldid.empty()) return;  // the spec's fold column
  if (args.folds == "loo") {
    p.leave_one_out = true;
  } else if (!args.folds.empty()) {
    const std::optional<double> folds = finite_number(args.folds);
    if (!folds || *folds < 2.0 || *folds != std::floor(*folds) || *folds > 1e9) {
      throw UsageError(fmt::format(
          "--folds must be a whole number of at least 2, or loo (ridge), got '{}'", args.folds));
    }
    p.folds = static_cast<long>(*folds);
  } else if (fit) {
    p.folds = 10;
  }
}

}  // namespace linreg::cli
