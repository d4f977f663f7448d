#!/usr/bin/env python3
"""Reference values for tests/stats/test_inference.cpp: statsmodels OLS on tests/data/insurance.csv
with the design linreg builds (numeric columns as they are; text columns one-hot encoded with the
first sorted level as reference; columns in file order). Writes insurance_statsmodels.json.

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_insurance_statsmodels.py
"""
import json
import os

import pandas as pd
import statsmodels
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
frame = pd.read_csv(os.path.join(here, "insurance.csv"))
y = frame.pop("charges")
columns = {}
for name in frame.columns:
    if frame[name].dtype == object:
        levels = sorted(frame[name].unique())
        for level in levels[1:]:
            columns[f"{name}={level}"] = (frame[name] == level).astype(float)
    else:
        columns[name] = frame[name].astype(float)
X = sm.add_constant(pd.DataFrame(columns), prepend=True)
X = X.rename(columns={"const": "(intercept)"})
result = sm.OLS(y, X).fit()
ci = result.conf_int(alpha=0.05)
out = {
    "statsmodels_version": statsmodels.__version__,
    "terms": {
        name: {
            "coef": result.params[name],
            "se": result.bse[name],
            "t": result.tvalues[name],
            "p": result.pvalues[name],
            "ci_low": ci.loc[name, 0],
            "ci_high": ci.loc[name, 1],
        }
        for name in X.columns
    },
    "r2": result.rsquared,
    "r2_adj": result.rsquared_adj,
    "f_stat": result.fvalue,
    "f_p": result.f_pvalue,
    "log_likelihood": result.llf,
    "aic": result.aic,
    "bic": result.bic,
    "df_model": result.df_model,
    "df_residual": result.df_resid,
}
with open(os.path.join(here, "insurance_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
