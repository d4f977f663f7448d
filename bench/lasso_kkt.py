#!/usr/bin/env python3
"""One cell of bench/run lasso: each peer's largest KKT violation at the last λ, recomputed the same
way from its weights in the data's units: with z_j = (x_j − mean_j)/sd_j (population SD),
g_j = z_jᵀ(y − b − Xw)/n must equal λ·sign(w_j) where w_j ≠ 0 and lie within ±λ where w_j = 0;
the largest miss, divided by λ_max = max|Zᵀ(y − ȳ)|/n. Prints one JSON line for the cell; of
glmnet's two algorithms it keeps the faster.

Usage: lasso_kkt.py DIR ROWS COLS RHO LINREG_JSON GLMNET_JSON_LIST SKLEARN_JSON|null
"""
import json
import sys

import numpy as np

folder, n, p, rho = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ours, glmnet, sklearn = json.loads(sys.argv[5]), json.loads(sys.argv[6]), json.loads(sys.argv[7])
X = np.fromfile(f"{folder}/X.f64").reshape(p, n).T
y = np.fromfile(f"{folder}/y.f64")
lam = np.loadtxt(f"{folder}/lambdas.txt")[-1]
mean, sd = X.mean(axis=0), X.std(axis=0)
Z = (X - mean) / sd
lambda_max = np.max(np.abs(Z.T @ (y - y.mean()))) / n


def kkt(run):
    w = np.array(run["coefficients"])
    g = Z.T @ (y - run["intercept"] - X @ w) / n
    miss = np.where(w != 0, np.abs(g - lam * np.sign(w)), np.maximum(0.0, np.abs(g) - lam))
    return float(miss.max() / lambda_max)


best = min(glmnet, key=lambda run: run["median_s"])
cell = {"cell": f"{n}x{p}", "rho": rho,
        "linreg": {"median_s": ours["median_s"], "kkt": kkt(ours)},
        "glmnet": {"median_s": best["median_s"], "kkt": kkt(best), "type": best["type"]},
        "sklearn": {"median_s": sklearn["median_s"], "kkt": kkt(sklearn)} if sklearn else None}
print(json.dumps(cell))
