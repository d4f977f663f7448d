#pragma once
// The penalty's flags of fit and path (--penalty, --l1-ratio, --lambda, --lambda-rule,
// --nlambda, --lambda-min-ratio, --folds, --foldid), and the checks that need to know which
// were given.
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace linreg::cli {

// `fit`: the flags of `linreg fit` (--penalty optional, --lambda and --lambda-rule there);
// otherwise those of `linreg path` (--penalty required).
void add_penalty_options(CLI::App* command, PenaltyArgs& args, bool fit);

// UsageError for a penalty flag without --penalty, --l1-ratio with a penalty other than the
// elastic net, --lambda-rule or --folds with a fixed --lambda, --folds loo with another penalty
// than ridge, --folds and --foldid together.
void check_penalty_flags(const CLI::App& command, const PenaltyArgs& args);

}  // namespace linreg::cli
