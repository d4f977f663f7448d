#!/usr/bin/env python3
"""scikit-learn's LinearRegression on the data bench_exact_inmemory wrote (X column-major
float64, then y), timed. Prints {"median_s", "intercept", "coefficients"} as JSON.

Usage: exact_sklearn.py RAW ROWS COLS REPEATS
"""
import json
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import LinearRegression

path, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
raw = np.fromfile(path, dtype=np.float64)
X = np.asfortranarray(raw[: rows * cols].reshape(cols, rows).T)
y = raw[rows * cols:].copy()
times = []
for _ in range(repeats):
    start = time.perf_counter()
    model = LinearRegression().fit(X, y)
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "intercept": float(model.intercept_),
                  "coefficients": [float(c) for c in model.coef_]}))
