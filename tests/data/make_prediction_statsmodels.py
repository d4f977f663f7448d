#!/usr/bin/env python3
"""Reference values for tests/stats/test_prediction_intervals.cpp: statsmodels'
get_prediction().summary_frame() (mean, mean_se, mean_ci, obs_ci) at the first 12 rows of
insurance.csv and of diagnostics.csv, with the classical covariance and with HC1 (use_t=True),
at levels 0.95 and 0.8. Weighted cases on weighted.csv (make_weighted_statsmodels.py writes
it): WLS on the rows of positive weight, a new observation of weight 1 (statsmodels' default:
obs_ci from se² + σ²).

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_prediction_statsmodels.py
"""
import json
import os

import pandas as pd
import statsmodels
import statsmodels.api as sm

from statsmodels_design import encoded, positive_weights  # tests/data/statsmodels_design.py

here = os.path.dirname(os.path.abspath(__file__))


def case(file, target, drop, cov, level, weights=None):
    frame = pd.read_csv(os.path.join(here, file)).drop(columns=drop)
    if weights:
        # The first 12 rows of the file, whatever their weight, are predicted.
        new = encoded(frame.drop(columns=[weights]), target)[0].iloc[:12]
        frame, w = positive_weights(frame, weights)
    X, y = encoded(frame, target)
    exog = sm.add_constant(X, prepend=True)
    model = sm.WLS(y, exog, weights=w) if weights else sm.OLS(y, exog)
    result = model.fit(cov_type=cov.upper() if cov != "nonrobust" else "nonrobust", use_t=True)
    rows = sm.add_constant(new, prepend=True, has_constant="add") if weights else exog.iloc[:12]
    frame = result.get_prediction(rows).summary_frame(alpha=1 - level)
    extra = {"weights": weights} if weights else {}
    return {"file": file, "target": target, "drop": drop, "cov": cov, "level": level,
            "rows": 12, **extra, **{k: frame[k].tolist() for k in frame.columns}}


cases = {}
for cov in ("nonrobust", "hc1"):
    for level in (0.95, 0.8):
        cases[f"insurance_{cov}_{level}"] = case("insurance.csv", "charges", [], cov, level)
        cases[f"ar_errors_{cov}_{level}"] = case("diagnostics.csv", "y", ["near", "site"], cov,
                                                 level)
        cases[f"weighted_{cov}_{level}"] = case("weighted.csv", "y", ["site"], cov, level, "w")
with open(os.path.join(here, "prediction_statsmodels.json"), "w") as f:
    json.dump({"statsmodels_version": statsmodels.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
