#!/usr/bin/env python3
"""Reference values for tests/stats/test_weighted_statistics.cpp: statsmodels' WLS statistics
table (coefficients, standard errors, t, p, 95 % intervals, R², adjusted R², F, σ, the
log-likelihood, AIC, BIC) on weighted.csv, which this script writes (seeded): errors whose spread
grows with x1 and weights 1/σ² (times 3.7: the scale of the weights is not 1), a feature offset
by 1e4, one of scale 1e-3, a text column, a cluster column (site) for the covariance tests, and
twelve rows of weight 0 whose targets are far off (a fit that let them in would show it). And on
the real California housing data (../shared/data/housing.csv) weighted by households, the block
groups' sizes (the test skips it when that folder is absent).

linreg leaves rows of weight 0 out; statsmodels' WLS is fitted on the others (it would count
them in n). The other make_*_statsmodels.py scripts add weighted cases on weighted.csv.

On weighted.csv the same table is also computed in 50-digit arithmetic (mpmath, from the
values as stored): statsmodels' pinv of the raw design, x2 at 1e4, leaves about κ·ε = 3e-12
relative in the intercept and x2's standard errors, 1e-12 in their p-values, so the strict bars
are held against the exact values ("exact") and statsmodels' own at what it carries.

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_weighted_statsmodels.py
"""
import json
import os

import mpmath as mp
import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

from statsmodels_design import (encoded, exact_terms, exact_wls, f_sf,  # tests/data/statsmodels_design.py
                                positive_weights)

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "..", "shared", "data")

rng = np.random.default_rng(20261208)
n = 240
x1 = 5 + 2 * rng.standard_normal(n)
x2 = 1e4 + 3 * rng.standard_normal(n)
x3 = 1e-3 * rng.standard_normal(n)
region = rng.choice(["east", "north", "south", "west"], size=n)
site = rng.integers(1, 11, size=n)
sigma = 0.5 + np.abs(x1) / 4
effect = pd.Series(region).map({"east": 0.0, "north": 0.8, "south": -0.4, "west": 0.3})
y = (2 + 1.5 * x1 + 0.01 * (x2 - 1e4) + 300 * x3 + effect.to_numpy()
     + sigma * rng.standard_t(5, size=n))
w = 3.7 / sigma ** 2
zero = rng.choice(n, size=12, replace=False)
w[zero] = 0.0
y[zero] += 50.0
frame = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "region": region, "site": site, "w": w,
                      "y": y})
frame.to_csv(os.path.join(here, "weighted.csv"), index=False, float_format="%.17g")


def exact_table(exog, endog, w, intercept):
    """The WLS table in 50-digit arithmetic from the values as stored (doubles)."""
    fit = exact_wls(exog, endog, w)
    y, wt, resid = fit["y"], fit["w"], fit["resid"]
    n, k = len(y), len(exog.columns)
    rss = sum(wi * r * r for wi, r in zip(wt, resid))
    total = sum(wt)
    mean = sum(wi * yi for wi, yi in zip(wt, y)) / total if intercept else 0
    tss = sum(wi * (yi - mean) ** 2 for wi, yi in zip(wt, y))
    df = n - k
    s2 = rss / df
    terms = exact_terms(exog.columns, fit["beta"], [s2 * fit["inverse"][a, a] for a in range(k)],
                        df)
    m = k - 1 if intercept else k
    f = ((tss - rss) / m) / s2
    llf = -mp.mpf(n) / 2 * (mp.log(2 * mp.pi) + mp.log(rss / n) + 1) + \
        sum(mp.log(wi) for wi in wt) / 2
    r2 = 1 - rss / tss
    return {"terms": terms, "r2": float(r2),
            "r2_adj": float(1 - (1 - r2) * (n - (1 if intercept else 0)) / df),
            "f_stat": float(f), "f_p": float(f_sf(f, m, df)),
            "sigma": float(mp.sqrt(s2)), "log_likelihood": float(llf),
            "aic": float(-2 * llf + 2 * k), "bic": float(-2 * llf + mp.log(n) * k)}


def table(data, target, weights, drop=(), intercept=True, exact=False):
    kept, wt = positive_weights(data.drop(columns=list(drop)), weights)
    X, yy = encoded(kept, target)
    exog = sm.add_constant(X, prepend=True).rename(columns={"const": "(intercept)"}) \
        if intercept else X
    result = sm.WLS(yy, exog, weights=wt).fit()
    extra = {"exact": exact_table(exog, yy, wt, intercept)} if exact else {}
    ci = result.conf_int(alpha=0.05)
    return {
        "terms": {name: {"coef": result.params[name], "se": result.bse[name],
                         "t": result.tvalues[name], "p": result.pvalues[name],
                         "ci_low": ci.loc[name, 0], "ci_high": ci.loc[name, 1]}
                  for name in exog.columns},
        "r2": result.rsquared, "r2_adj": result.rsquared_adj, "f_stat": result.fvalue,
        "f_p": result.f_pvalue, "sigma": float(np.sqrt(result.scale)),
        "log_likelihood": result.llf, "aic": result.aic, "bic": result.bic,
        "n": float(result.nobs), "df_model": result.df_model, "df_residual": result.df_resid,
        **extra,
    }


cases = {
    "weighted": {"file": "weighted.csv", "target": "y", "weights": "w", "drop": ["site"],
                 **table(frame, "y", "w", ["site"], exact=True)},
    "weighted_no_intercept": {"file": "weighted.csv", "target": "y", "weights": "w",
                              "drop": ["site"], "intercept": False,
                              **table(frame, "y", "w", ["site"], intercept=False, exact=True)},
}
housing_file = os.path.join(shared, "housing.csv")
if os.path.exists(housing_file):
    housing = pd.read_csv(housing_file).dropna()
    cases["housing_by_households"] = {
        "file": "housing.csv", "shared": True, "target": "median_house_value",
        "weights": "households", "drop": [], "args": ["--missing", "drop"],
        **table(housing, "median_house_value", "households")}
with open(os.path.join(here, "weighted_statsmodels.json"), "w") as f:
    json.dump({"statsmodels_version": statsmodels.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
