#!/usr/bin/env python3
"""The statsmodels peer of the summary case: pandas.read_csv, the text columns one-hot encoded
(pandas.get_dummies, drop_first=True: the first level is the reference, as in R and linreg), a
constant added, then OLS(y, X).fit() (its default: the pseudo-inverse, by SVD) and the text of
.summary(). Run under timeout and /usr/bin/time -v by bench/run for the wall time and peak RSS end
to end; prints JSON with the time of each step.

Usage: summary_statsmodels.py FILE TARGET
"""
import json
import sys
import time

import pandas as pd
import statsmodels.api as sm

path, target = sys.argv[1], sys.argv[2]
start = time.perf_counter()
frame = pd.read_csv(path)
y = frame.pop(target).astype(float)
X = sm.add_constant(pd.get_dummies(frame, drop_first=True, dtype=float))
design = time.perf_counter()
result = sm.OLS(y, X).fit()
fitted = time.perf_counter()
text = result.summary().as_text()
done = time.perf_counter()
print(json.dumps({"read_design_s": design - start, "fit_s": fitted - design, "summary_s": done - fitted,
                  "features": X.shape[1], "rank": int(result.df_model) + 1, "r2": result.rsquared}))
