#!/usr/bin/env python3
"""Reference values for tests/penalized/test_penalized_path.cpp: scikit-learn's Lasso and
ElasticNet (tol 1e-12) on seeded designs with correlated features, as in Friedman, Hastie and
Tibshirani 2010 (X_ij = b*Z_i + W_ij, b = sqrt(rho/(1 - rho))), one with n > p and one with n < p.
scikit-learn penalizes the raw features, linreg's Scaling::none; its alpha is linreg's lambda (the
same objective, (1/2n)*|y - b - Xw|^2 + lambda*(r*|w|_1 + (1 - r)/2*|w|^2)). The data are stored
with the results (17 significant digits: they read back exactly). Writes sklearn_reference.json.

Run with Debian's python3-sklearn: /usr/bin/python3 tests/data/penalized/make_sklearn_reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import ElasticNet, Lasso

here = os.path.dirname(os.path.abspath(__file__))


def design(n, p, rho, seed):
    rng = np.random.default_rng(seed)
    b = np.sqrt(rho / (1 - rho))
    X = b * rng.normal(size=(n, 1)) + rng.normal(size=(n, p))
    X = X * rng.uniform(0.5, 3.0, size=p) + rng.normal(scale=2.0, size=p)  # units and offsets
    beta = np.array([(-1) ** j * np.exp(-(2 * j - 1) / 20) for j in range(1, p + 1)])
    signal = X @ beta
    y = 4.0 + signal + rng.normal(scale=np.std(signal) / 3.0, size=n)
    return X, y


designs = []
for name, n, p, rho, seed in (("tall", 80, 10, 0.5, 11), ("wide", 30, 60, 0.5, 12)):
    X, y = design(n, p, rho, seed)
    Xc = X - X.mean(axis=0)
    lambda_max = np.max(np.abs(Xc.T @ (y - y.mean()))) / n
    fits = []
    for penalty, ratio in (("lasso", 1.0), ("elasticnet", 0.5)):
        for fraction in (0.5, 0.1, 0.01):
            lam = fraction * lambda_max / ratio
            cls = Lasso(alpha=lam) if penalty == "lasso" else ElasticNet(alpha=lam, l1_ratio=ratio)
            cls.set_params(tol=1e-12, max_iter=10**7)
            model = cls.fit(X, y)
            fits.append({"penalty": penalty, "l1_ratio": ratio, "lambda": lam,
                         "intercept": float(model.intercept_),
                         "coefficients": [float(c) for c in model.coef_]})
    designs.append({"name": name, "X": [[float(v) for v in row] for row in X],
                    "y": [float(v) for v in y], "fits": fits})

with open(os.path.join(here, "sklearn_reference.json"), "w") as f:
    json.dump({"scikit_learn": sklearn.__version__, "designs": designs}, f, indent=1)
