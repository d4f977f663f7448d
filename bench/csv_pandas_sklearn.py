#!/usr/bin/env python3
"""The peer's end-to-end CSV fit: pandas.read_csv, then scikit-learn's LinearRegression on every
column but TARGET. Run under /usr/bin/time -v by bench/run for wall time and peak RSS.

Usage: csv_pandas_sklearn.py FILE TARGET
"""
import sys

import pandas as pd
from sklearn.linear_model import LinearRegression

path, target = sys.argv[1], sys.argv[2]
frame = pd.read_csv(path)
y = frame.pop(target).to_numpy()
model = LinearRegression().fit(frame.to_numpy(), y)
print(model.intercept_, model.coef_[:3])
