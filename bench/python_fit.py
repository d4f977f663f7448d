#!/usr/bin/env python3
"""One peer's in-process fit of seeded float64 data in C order (as NumPy makes it), timed; run
under /usr/bin/time -v by bench/run python, one process per peer so that each peak RSS is its
own. Prints {"median_s", "intercept", "coefficients"} as JSON.

Usage: python_fit.py linreg|sklearn|statsmodels ROWS COLS REPEATS
"""
import json
import statistics
import sys
import time

import numpy as np

who, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(1)
X = rng.normal(size=(rows, cols))  # C order
y = X @ rng.normal(size=cols) + 3.0 + rng.normal(size=rows)

if who == "linreg":
    import linreg

    def fit():
        m = linreg.LinearRegression().fit(X, y)
        return m.intercept_, m.coef_
elif who == "sklearn":
    from sklearn.linear_model import LinearRegression

    def fit():
        m = LinearRegression().fit(X, y)
        return m.intercept_, m.coef_
elif who == "statsmodels":
    import statsmodels.api as sm

    design = sm.add_constant(X)  # statsmodels wants the ones column in the design

    def fit():
        params = sm.OLS(y, design).fit().params
        return params[0], params[1:]
else:
    sys.exit(f"unknown peer {who}")

times = []
for _ in range(repeats):
    start = time.perf_counter()
    intercept, coef = fit()
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "intercept": float(intercept),
                  "coefficients": [float(c) for c in coef]}))
