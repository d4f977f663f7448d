#!/usr/bin/env python3
"""Reference values for tests/stats/test_diagnostics.cpp: the residual diagnostics under
statsmodels' OLS summary (Durbin–Watson, omnibus, skew, kurtosis, Jarque–Bera), the raw
design's condition number and each feature's variance inflation factor
(statsmodels.stats.outliers_influence.variance_inflation_factor on its exog), on insurance.csv and on diagnostics.csv, which this script writes
(seeded): AR(1) errors with Student-t innovations, features with large offsets and mixed scales
(a raw condition number in the thousands), a column that nearly repeats another, and a
cluster column (site) for tests/stats/test_covariance.cpp.

The condition number is numpy.linalg.cond of statsmodels' exog (its singular values); statsmodels'
own `condition_number` comes from eigvalsh of XᵀX formed, which carries ε·κ² of error, and is
stored beside it for comparison, as is the text of its notes.

A weighted case on weighted.csv (make_weighted_statsmodels.py writes it): statsmodels' WLS
summary takes the tests of the whitened residuals √w·e and the condition number of its wexog
(the rows times √w); the VIF of a weighted fit is 1/(1 − R²ⱼ) with R²ⱼ that of the weighted
regression of xⱼ on the others (statsmodels' variance_inflation_factor runs OLS, so its WLS R² is
taken instead). Rows of weight 0 are left out, as linreg does.

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_diagnostics_statsmodels.py
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor
from statsmodels.stats.stattools import durbin_watson, jarque_bera, omni_normtest

from statsmodels_design import encoded, positive_weights  # tests/data/statsmodels_design.py

here = os.path.dirname(os.path.abspath(__file__))

rng = np.random.default_rng(20261207)
n = 160
age = 40 + 12 * rng.standard_normal(n)
income = 52000 + 9000 * rng.standard_normal(n)
rate = 0.05 + 0.01 * rng.standard_normal(n)
noise = np.empty(n)
innovations = rng.standard_t(4, size=n)
noise[0] = innovations[0]
for i in range(1, n):
    noise[i] = 0.6 * noise[i - 1] + innovations[i]
near = 2 * age + 1e-9 * rng.standard_normal(n)  # nearly a copy of age: a singular design's note
y = 3 + 0.5 * age + 0.0002 * income - 40 * rate + 2 * noise
site = rng.integers(1, 13, size=n)  # 12 clusters, for the cluster covariance's test
frame = pd.DataFrame({"age": age, "income": income, "rate": rate, "near": near, "site": site,
                      "y": y})
frame.to_csv(os.path.join(here, "diagnostics.csv"), index=False, float_format="%.17g")


def finite(value):
    """JSON has no infinity: an undefined value (a VIF of a column the others span) is null."""
    return float(value) if np.isfinite(value) else None


def weighted_vif(exog, w, i):
    """1/(1 − R²) of the weighted regression of column i on the others (centered R² with the
    constant among them, as WLS computes it)."""
    others = exog.drop(columns=exog.columns[i])
    return 1.0 / (1.0 - sm.WLS(exog.iloc[:, i], others, weights=w).fit().rsquared)


def case(frame, target, intercept, drop=(), weights=None):
    frame = frame.drop(columns=list(drop))
    w = None
    if weights:
        frame, w = positive_weights(frame, weights)
    X, y = encoded(frame, target)
    exog = sm.add_constant(X, prepend=True) if intercept else X
    result = sm.WLS(y, exog, weights=w).fit() if weights else sm.OLS(y, exog).fit()
    resid = result.wresid
    wexog = result.model.wexog
    omnibus, omnibus_p = omni_normtest(resid)
    jb, jb_p, skew, kurtosis = jarque_bera(resid)
    notes = [line for line in str(result.summary()).splitlines() if line.startswith("[")]
    return {
        "durbin_watson": durbin_watson(resid),
        "omnibus": omnibus,
        "omnibus_p": omnibus_p,
        "skew": skew,
        "kurtosis": kurtosis,
        "jarque_bera": jb,
        "jarque_bera_p": jb_p,
        "condition_number_raw": np.linalg.cond(wexog),
        "smallest_eigenvalue": np.linalg.svd(wexog, compute_uv=False)[-1] ** 2,
        "statsmodels_condition_number": result.condition_number,
        "statsmodels_notes": notes,
        "vif": {name: finite(weighted_vif(exog, w, i) if weights else
                             variance_inflation_factor(exog.to_numpy(), i))
                for i, name in enumerate(exog.columns) if name != "const"},
    }


insurance = pd.read_csv(os.path.join(here, "insurance.csv"))
weighted = pd.read_csv(os.path.join(here, "weighted.csv"))
out = {
    "statsmodels_version": statsmodels.__version__,
    "cases": {
        "insurance": {"file": "insurance.csv", "target": "charges", "intercept": True,
                      "drop": [], **case(insurance, "charges", True)},
        "ar_errors": {"file": "diagnostics.csv", "target": "y", "intercept": True,
                      "drop": ["near", "site"], **case(frame, "y", True, ["near", "site"])},
        "ar_errors_no_intercept": {"file": "diagnostics.csv", "target": "y", "intercept": False,
                                   "drop": ["near", "site"],
                                   **case(frame, "y", False, ["near", "site"])},
        "near_singular": {"file": "diagnostics.csv", "target": "y", "intercept": True,
                          "drop": ["site"], **case(frame, "y", True, ["site"])},
        "weighted": {"file": "weighted.csv", "target": "y", "intercept": True, "drop": ["site"],
                     "weights": "w", **case(weighted, "y", True, ["site"], "w")},
    },
}
with open(os.path.join(here, "diagnostics_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
