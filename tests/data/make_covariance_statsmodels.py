#!/usr/bin/env python3
"""Reference values for tests/stats/test_covariance.cpp: statsmodels OLS with each robust
covariance (HC0–HC3, and cluster-robust with its default correction), use_t=True (Student's t
with n − k degrees of freedom, G − 1 for clusters: linreg's choice, R's coeftest's), on
insurance.csv and diagnostics.csv (make_diagnostics_statsmodels.py writes it). The cluster
column is not a feature.

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_covariance_statsmodels.py
"""
import json
import os

import numpy as np
import pandas as pd
import scipy.stats
import statsmodels
import statsmodels.api as sm

from statsmodels_design import encoded  # tests/data/statsmodels_design.py

here = os.path.dirname(os.path.abspath(__file__))


def equilibrated_f(result, slopes):
    """The Wald F of all slopes 0 with V equilibrated (linreg's definition), or None where the
    slopes' covariance is singular (fewer clusters than slopes)."""
    v = result.cov_params().loc[slopes, slopes].to_numpy()
    w = result.params[slopes].to_numpy()
    if result.cov_type == "cluster" and result.df_resid_inference < len(slopes):
        return None, None
    d = 1 / np.sqrt(np.diag(v))
    c = v * np.outer(d, d)
    f = float((w * d) @ np.linalg.solve(c, w * d) / len(slopes))  # wᵀV⁻¹w = (Dw)ᵀC⁻¹(Dw)
    df = result.df_resid_inference if result.cov_type == "cluster" else result.df_resid
    return f, float(scipy.stats.f.sf(f, len(slopes), df))


def case(file, target, cov, drop=(), cluster=None, intercept=True):
    frame = pd.read_csv(os.path.join(here, file))
    groups = pd.factorize(frame.pop(cluster))[0] if cluster else None
    X, y = encoded(frame.drop(columns=list(drop)), target)
    exog = sm.add_constant(X, prepend=True).rename(columns={"const": "(intercept)"}) if intercept else X
    kwds = {"groups": groups} if cluster else None
    result = sm.OLS(y, exog).fit(cov_type="cluster" if cluster else cov.upper(), cov_kwds=kwds,
                                 use_t=True)
    ci = result.conf_int()
    wald = equilibrated_f(result, list(X.columns))
    return {
        "file": file, "target": target, "cov": f"cluster:{cluster}" if cluster else cov,
        "drop": list(drop), "intercept": intercept,
        "terms": {name: {"se": result.bse[name], "t": result.tvalues[name],
                         "p": result.pvalues[name], "ci_low": ci.loc[name, 0],
                         "ci_high": ci.loc[name, 1]} for name in exog.columns},
        # statsmodels' fvalue inverts the slopes' covariance in the features' units, which loses
        # κ(V)·ε when they differ by orders of magnitude (income against rate here: 1e-6 of F);
        # the same Wald statistic with V equilibrated first is the reference, its p from F(r, df).
        "f_stat": wald[0], "f_p": wald[1],
        "statsmodels_fvalue": float(result.fvalue),
        "df_inference": float(result.df_resid_inference if cluster else result.df_resid),
    }


cases = {}
for cov in ("hc0", "hc1", "hc2", "hc3"):
    cases[f"insurance_{cov}"] = case("insurance.csv", "charges", cov)
    cases[f"ar_errors_{cov}"] = case("diagnostics.csv", "y", cov, ["near", "site"])
cases["ar_errors_hc1_no_intercept"] = case("diagnostics.csv", "y", "hc1", ["near", "site"],
                                           intercept=False)
cases["insurance_cluster_region"] = case("insurance.csv", "charges", "cluster", cluster="region")
cases["ar_errors_cluster_site"] = case("diagnostics.csv", "y", "cluster", ["near"], cluster="site")
with open(os.path.join(here, "covariance_statsmodels.json"), "w") as f:
    json.dump({"statsmodels_version": statsmodels.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
