#!/usr/bin/env python3
"""The NIST StRD linear datasets through numpy.linalg.lstsq, scikit-learn LinearRegression and
statsmodels OLS, with the same models as bench/nist_lre.cpp and x^k formed in double as a user
of those libraries would. Prints one JSON object per line: {"dataset", "peer", "coef", "sd",
"sigma", "r2"} (LREs; sd only where the peer reports standard errors).

Usage: nist_peers.py DIR
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression

warnings.filterwarnings("ignore")
MODELS = [("Norris", 1, True), ("Pontius", 2, True), ("NoInt1", 1, False), ("NoInt2", 1, False),
          ("Filip", 10, True), ("Longley", 0, True), ("Wampler1", 5, True), ("Wampler2", 5, True),
          ("Wampler3", 5, True), ("Wampler4", 5, True), ("Wampler5", 5, True)]


def lre(estimate, certified):
    if not np.isfinite(estimate):
        return 0.0
    error = abs(estimate) if certified == 0 else abs(estimate - certified) / abs(certified)
    return 15.0 if error == 0 else max(0.0, min(15.0, -math.log10(error)))


def read(path):
    lines = open(path).read().splitlines()
    coef, sd, sigma, r2, data_at = [], [], None, None, None
    for k, line in enumerate(lines):
        f = line.split()
        if len(f) >= 3 and f[0].startswith("B") and f[0][1:].isdigit():
            try:
                coef.append(float(f[1])); sd.append(float(f[2]))
            except ValueError:
                pass
        elif f[:2] == ["Standard", "Deviation"] and "Residual" in lines[k - 1]:
            sigma = float(f[2])
        elif f[:1] == ["R-Squared"]:
            r2 = float(f[1])
        elif f[:1] == ["Data:"]:
            data_at = k
    data = np.array([[float(v) for v in l.split()] for l in lines[data_at + 1:] if l.strip()])
    return np.array(coef), np.array(sd), sigma, r2, data


def design(data, degree):
    y = data[:, 0]
    if degree == 0:
        return data[:, 1:], y
    x = data[:, 1]
    return np.column_stack([x ** k for k in range(1, degree + 1)]), y


def main(directory):
    for name, degree, intercept in MODELS:
        coef, sd, sigma, r2, data = read(os.path.join(directory, name + ".dat"))
        X, y = design(data, degree)
        Xc = sm.add_constant(X, has_constant="add") if intercept else X
        n, p = Xc.shape

        def report(peer, params, bse=None, s=None, r=None):
            row = {"dataset": name, "peer": peer, "coef": round(min(lre(a, b) for a, b in zip(params, coef)), 1)}
            if bse is not None:
                row["sd"] = round(min(lre(a, b) for a, b in zip(bse, sd)), 1)
            if s is not None:
                row["sigma"] = round(lre(s, sigma), 1)
            if r is not None:
                row["r2"] = round(lre(r, r2), 1)
            print(json.dumps(row))

        params = np.linalg.lstsq(Xc, y, rcond=None)[0]
        report("numpy", params)
        model = LinearRegression(fit_intercept=intercept).fit(X, y)
        report("scikit-learn", ([model.intercept_] if intercept else []) + list(model.coef_))
        result = sm.OLS(y, Xc).fit()
        rsq = result.rsquared if intercept else 1 - result.ssr / float(y @ y)
        report("statsmodels", result.params, result.bse, math.sqrt(result.scale), rsq)


if __name__ == "__main__":
    main(sys.argv[1])
