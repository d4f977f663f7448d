#pragma once
// The statistics table of a fitted linear model, as statsmodels' OLS summary and R's
// summary.lm print it: per term coefficient, standard error, t, P>|t| and a 95 % interval;
// for the model n, degrees of freedom, R², adjusted R², F and its p-value, the residual
// standard error, log-likelihood, AIC, BIC and the condition number.
//
// Classical OLS assumptions (independent, homoscedastic normal errors). Computed at the fitted
// coefficients whatever solver produced them: for gradient descent that has not converged the
// table describes that point, and a warning says so.
#include <string>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"

namespace linreg {

struct TermInference {
  std::string name;  // "(intercept)" or the feature's name
  double coef = 0.0;
  double se = 0.0;  // NaN for aliased terms (as R's NA)
  double t = 0.0;
  double p = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  bool aliased = false;
};

struct InferenceTable {
  std::vector<TermInference> terms;  // the intercept first (when fitted), then the features
  Index n = 0;
  Index df_model = 0;     // estimated coefficients, the intercept not counted
  Index df_residual = 0;  // n − estimated coefficients (intercept counted)
  double r2 = 0.0;        // centered with an intercept; uncentered (Σy²) without, as R and NIST
  double r2_adj = 0.0;
  double f_stat = 0.0;
  double f_p = 0.0;
  double sigma = 0.0;  // residual standard error √(RSS/df_residual)
  double log_likelihood = 0.0;
  double aic = 0.0;
  double bic = 0.0;
  double condition_number = 0.0;  // of the centered, scaled design the solvers factor
  std::vector<std::string> warnings;
};

// The table for `summary.model` on `data`. DataError when there are no residual degrees of
// freedom left (n ≤ number of coefficients).
InferenceTable infer(const Dataset& data, const FitSummary& summary, const FitOptions& options);

}  // namespace linreg
