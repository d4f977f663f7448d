#!/usr/bin/env python3
"""Reference values for tests/stats/test_influence.cpp: statsmodels' OLSInfluence (leverage,
internally and externally studentized residuals, Cook's distance, DFFITS) and the fitted values
and residuals, on insurance.csv (every 7th row, and the ten with the largest Cook's distance)
and on diagnostics.csv (every row; make_diagnostics_statsmodels.py writes it), keyed by data
row (0-based). A weighted case on weighted.csv (make_weighted_statsmodels.py writes it): R's
lm.influence for a weighted fit, the hat matrix of the whitened design and the whitened residuals,
which is OLSInfluence of OLS on statsmodels' wexog and wendog (OLSInfluence of a WLS result mixes
the raw and the whitened design); the residual column is y − fitted itself. Its rows of weight 0
take no part: their measures are NA ("na_rows").

Run with Debian's python3-statsmodels: /usr/bin/python3 tests/data/make_influence_statsmodels.py
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import OLSInfluence

from statsmodels_design import encoded, positive_weights, whitened  # tests/data/statsmodels_design.py

here = os.path.dirname(os.path.abspath(__file__))


def case(file, target, drop, rows, weights=None):
    frame = pd.read_csv(os.path.join(here, file)).drop(columns=drop)
    extra = {}
    if weights:
        extra = {"weights": weights, "na_rows": np.flatnonzero(frame[weights] == 0).tolist()}
        frame, w = positive_weights(frame, weights)
    X, y = encoded(frame, target)
    exog = sm.add_constant(X, prepend=True)
    wexog, wendog = whitened(exog, y, w) if weights else (exog, y)
    result = sm.OLS(wendog, wexog).fit()
    influence = OLSInfluence(result)
    cooks = influence.cooks_distance[0]
    fitted = exog.to_numpy() @ result.params.to_numpy()
    positions = frame.index.to_numpy()  # the rows' places in the file
    chosen = sorted(set(rows(len(y))) | set(np.argsort(-cooks)[:10].tolist()))
    columns = {
        "fitted": fitted,
        "residual": y.to_numpy() - fitted,
        "leverage": influence.hat_matrix_diag,
        "student_internal": influence.resid_studentized_internal,
        "student_external": influence.resid_studentized_external,
        "cooks_distance": cooks,
        "dffits": influence.dffits[0],
    }
    return {"file": file, "target": target, "drop": drop, **extra,
            "rows": {str(positions[i]): {k: float(np.asarray(v)[i]) for k, v in columns.items()}
                     for i in chosen}}


out = {
    "statsmodels_version": statsmodels.__version__,
    "cases": {
        "insurance": case("insurance.csv", "charges", [], lambda n: range(0, n, 7)),
        "ar_errors": case("diagnostics.csv", "y", ["near", "site"], lambda n: range(n)),
        "weighted": case("weighted.csv", "y", ["site"], lambda n: range(n), weights="w"),
    },
}
with open(os.path.join(here, "influence_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
