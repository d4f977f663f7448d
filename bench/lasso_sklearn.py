#!/usr/bin/env python3
"""scikit-learn's lasso_path on the data bench_lasso_path wrote, on its grid, at scikit-learn's
default tol (1e-4). lasso_path has no intercept and does not standardize: it is given the centered
features divided by their population standard deviations and the centered y (that preparation is
not timed), and its weights are converted back. Prints {"median_s", "intercept", "coefficients"}
(at the last lambda) as JSON.

Usage: lasso_sklearn.py DIR ROWS COLS REPEATS
"""
import json
import statistics
import sys
import time

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import lasso_path

# Where it stops short of its tol it says so at every λ; its KKT violation in the table says how far.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

folder, n, p, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(f"{folder}/X.f64").reshape(p, n).T
y = np.fromfile(f"{folder}/y.f64")
lambdas = np.loadtxt(f"{folder}/lambdas.txt")
mean, sd = X.mean(axis=0), X.std(axis=0)
Z = np.asfortranarray((X - mean) / sd)
yc = y - y.mean()
times = []
for _ in range(repeats):
    start = time.perf_counter()
    _, coefs, _ = lasso_path(Z, yc, alphas=lambdas)
    times.append(time.perf_counter() - start)
w = coefs[:, -1] / sd
print(json.dumps({"median_s": statistics.median(times), "intercept": float(y.mean() - mean @ w),
                  "coefficients": [float(c) for c in w]}))
