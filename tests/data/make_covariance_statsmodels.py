#!/usr/bin/env python3
"""Reference values for tests/stats/test_covariance.cpp: statsmodels OLS with each robust
covariance (HC0–HC3, and cluster-robust with its default correction), use_t=True (Student's t
with n − k degrees of freedom, G − 1 for clusters: linreg's choice, R's coeftest's), on
insurance.csv and diagnostics.csv (make_diagnostics_statsmodels.py writes it). The cluster
column is not a feature. HAC (Newey–West, statsmodels' cov_type="HAC" with maxlags and
its defaults: Bartlett kernel, no small-sample correction) on diagnostics.csv's AR(1) errors.
Weighted cases on weighted.csv (make_weighted_statsmodels.py writes
it): statsmodels' WLS with the same covariances, on the rows of positive weight (linreg leaves
the others out). The weighted and the HAC cases also hold the same sandwiches in 50-digit
arithmetic ("exact"): statsmodels' cluster and HAC sandwiches of these designs (a feature at 1e4,
income at 5e4) carry up to 2e-9 relative error.

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_covariance_statsmodels.py
"""
import json
import os

import numpy as np
import pandas as pd
import scipy.stats
import statsmodels
import statsmodels.api as sm

import mpmath as mp

from statsmodels_design import (encoded, exact_terms, exact_wls, f_sf,  # tests/data/statsmodels_design.py
                                positive_weights)

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


def exact_covariance(exog, y, w, cov, groups, lags=None):
    """The table's robust statistics in 50 digits: the sandwich (XᵀWX)⁻¹·meat·(XᵀWX)⁻¹ of the
    whitened rows, its terms and the Wald F of all slopes 0."""
    fit = exact_wls(exog, y, w)
    X, wt, r, inverse = fit["X"], fit["w"], fit["resid"], fit["inverse"]
    n, k = len(X), len(X[0])
    meat = mp.matrix(k, k)
    if groups is not None:
        scores = {}
        for xi, ri, wi, g in zip(X, r, wt, groups):
            s = scores.setdefault(g, [mp.mpf(0)] * k)
            for a in range(k):
                s[a] += wi * xi[a] * ri
        for s in scores.values():
            meat += mp.matrix(s) * mp.matrix(s).T
        clusters = len(scores)
        factor = mp.mpf(clusters) / (clusters - 1) * (n - 1) / mp.mpf(n - k)
        df = clusters - 1
    elif lags is not None:  # Newey–West: Bartlett weights over `lags` lags, in row order
        s = [mp.matrix([wi * a * ri for a in xi]) for xi, ri, wi in zip(X, r, wt)]
        for t in range(n):
            meat += s[t] * s[t].T
        for lag in range(1, lags + 1):
            weight = 1 - mp.mpf(lag) / (lags + 1)
            for t in range(lag, n):
                g = s[t] * s[t - lag].T
                meat += weight * (g + g.T)
        factor = 1
        df = n - k
    else:
        for xi, ri, wi in zip(X, r, wt):
            x = mp.matrix(xi)
            h = wi * (x.T * inverse * x)[0]
            # x̃x̃ᵀ·ũ² with x̃ = √w·x, ũ = √w·r
            omega = wi * wi * ri * ri / {"hc2": 1 - h, "hc3": (1 - h) ** 2}.get(cov, 1)
            meat += omega * x * x.T
        factor = mp.mpf(n) / (n - k) if cov == "hc1" else 1
        df = n - k
    v = factor * inverse * meat * inverse
    names = list(exog.columns)
    out = {"terms": exact_terms(names, fit["beta"], [v[a, a] for a in range(k)], df),
           "f_stat": None, "f_p": None}
    slopes = [a for a, name in enumerate(names) if name != "(intercept)"]
    if groups is None or df >= len(slopes):
        vs = mp.matrix([[v[a, b] for b in slopes] for a in slopes])
        beta = mp.matrix([fit["beta"][a] for a in slopes])
        f = (beta.T * vs ** -1 * beta)[0] / len(slopes)
        out["f_stat"], out["f_p"] = float(f), float(f_sf(f, len(slopes), df))
    return out


def case(file, target, cov, drop=(), cluster=None, intercept=True, weights=None):
    frame = pd.read_csv(os.path.join(here, file))
    w = None
    if weights:
        frame, w = positive_weights(frame, weights)
    groups = pd.factorize(frame.pop(cluster))[0] if cluster else None
    X, y = encoded(frame.drop(columns=list(drop)), target)
    exog = sm.add_constant(X, prepend=True).rename(columns={"const": "(intercept)"}) if intercept else X
    kwds = {"groups": groups} if cluster else None
    lags = int(cov.split(":")[1]) if cov.startswith("hac:") else None
    if lags is not None:  # statsmodels' HAC: Bartlett kernel, use_correction=False (its default)
        kwds = {"maxlags": lags}
    model = sm.WLS(y, exog, weights=w) if weights else sm.OLS(y, exog)
    result = model.fit(cov_type="cluster" if cluster else "HAC" if lags is not None else cov.upper(),
                       cov_kwds=kwds, use_t=True)
    ci = result.conf_int()
    wald = equilibrated_f(result, list(X.columns))
    return {
        "file": file, "target": target, "cov": f"cluster:{cluster}" if cluster else cov,
        "drop": list(drop), "intercept": intercept, **({"weights": weights} if weights else {}),
        "terms": {name: {"se": result.bse[name], "t": result.tvalues[name],
                         "p": result.pvalues[name], "ci_low": ci.loc[name, 0],
                         "ci_high": ci.loc[name, 1]} for name in exog.columns},
        # statsmodels' fvalue inverts the slopes' covariance in the features' units, which loses
        # κ(V)·ε when they differ by orders of magnitude (income against rate here: 1e-6 of F);
        # the same Wald statistic with V equilibrated first is the reference, its p from F(r, df).
        "f_stat": wald[0], "f_p": wald[1],
        "statsmodels_fvalue": float(result.fvalue),
        "df_inference": float(result.df_resid_inference if cluster else result.df_resid),
        **({"exact": exact_covariance(exog, y, w, cov, groups, lags)}
           if weights or lags is not None else {}),
    }


cases = {}
for cov in ("hc0", "hc1", "hc2", "hc3"):
    cases[f"insurance_{cov}"] = case("insurance.csv", "charges", cov)
    cases[f"ar_errors_{cov}"] = case("diagnostics.csv", "y", cov, ["near", "site"])
cases["ar_errors_hc1_no_intercept"] = case("diagnostics.csv", "y", "hc1", ["near", "site"],
                                           intercept=False)
cases["insurance_cluster_region"] = case("insurance.csv", "charges", "cluster", cluster="region")
cases["ar_errors_cluster_site"] = case("diagnostics.csv", "y", "cluster", ["near"], cluster="site")
for cov in ("hc0", "hc1", "hc2", "hc3"):
    cases[f"weighted_{cov}"] = case("weighted.csv", "y", cov, ["site"], weights="w")
cases["weighted_cluster_site"] = case("weighted.csv", "y", "cluster", cluster="site", weights="w")
# Newey–West on the AR(1) errors, where it matters, and weighted (with 50-digit values).
cases["ar_errors_hac4"] = case("diagnostics.csv", "y", "hac:4", ["near", "site"])
cases["ar_errors_hac0_no_intercept"] = case("diagnostics.csv", "y", "hac:0", ["near", "site"],
                                            intercept=False)
cases["weighted_hac3"] = case("weighted.csv", "y", "hac:3", ["site"], weights="w")
with open(os.path.join(here, "covariance_statsmodels.json"), "w") as f:
    json.dump({"statsmodels_version": statsmodels.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
