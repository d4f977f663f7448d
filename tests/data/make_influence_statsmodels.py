#!/usr/bin/env python3
"""Reference values for tests/stats/test_influence.cpp: statsmodels' OLSInfluence (leverage,
internally and externally studentized residuals, Cook's distance, DFFITS) and the fitted values
and residuals, on insurance.csv (every 7th row, and the ten with the largest Cook's distance)
and on diagnostics.csv (every row; make_diagnostics_statsmodels.py writes it), keyed by data
row (0-based).

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_influence_statsmodels.py
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import OLSInfluence

from statsmodels_design import encoded  # tests/data/statsmodels_design.py

here = os.path.dirname(os.path.abspath(__file__))


def case(file, target, drop, rows):
    frame = pd.read_csv(os.path.join(here, file)).drop(columns=drop)
    X, y = encoded(frame, target)
    result = sm.OLS(y, sm.add_constant(X, prepend=True)).fit()
    influence = OLSInfluence(result)
    cooks = influence.cooks_distance[0]
    chosen = sorted(set(rows(len(y))) | set(np.argsort(-cooks)[:10].tolist()))
    columns = {
        "fitted": result.fittedvalues.to_numpy(),
        "residual": result.resid.to_numpy(),
        "leverage": influence.hat_matrix_diag,
        "student_internal": influence.resid_studentized_internal,
        "student_external": influence.resid_studentized_external,
        "cooks_distance": cooks,
        "dffits": influence.dffits[0],
    }
    return {"file": file, "target": target, "drop": drop,
            "rows": {str(i): {k: float(v[i]) for k, v in columns.items()} for i in chosen}}


out = {
    "statsmodels_version": statsmodels.__version__,
    "cases": {
        "insurance": case("insurance.csv", "charges", [], lambda n: range(0, n, 7)),
        "ar_errors": case("diagnostics.csv", "y", ["near", "site"], lambda n: range(n)),
    },
}
with open(os.path.join(here, "influence_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
