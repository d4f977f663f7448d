#!/usr/bin/env python3
"""The peer on Cars24 with one-hot make and model: pandas.read_csv, OneHotEncoder for the text
columns (unseen test levels encode as all zeros), LinearRegression, predictions on the test file.
Prints JSON: the time from reading to predictions (median of REPEATS) and the test R².

MODE dense: the one-hot block as a dense array, so LinearRegression solves exactly (LAPACK
gelsd, minimum norm). MODE sparse: OneHotEncoder's sparse output, which LinearRegression solves
iteratively (scipy's lsqr, not exact).

Usage: cars24_sklearn.py TRAIN TEST TARGET dense|sparse REPEATS
"""
import json
import statistics
import sys
import time

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

train_path, test_path, target, mode, repeats = sys.argv[1:4] + [sys.argv[4], int(sys.argv[5])]
times = []
for _ in range(repeats):
    start = time.perf_counter()
    train = pd.read_csv(train_path)
    test = pd.read_csv(test_path)
    y = train.pop(target)
    y_test = test.pop(target)
    text = [c for c in train.columns if train[c].dtype == object]
    encode = ColumnTransformer([("onehot", OneHotEncoder(handle_unknown="ignore"), text)], remainder="passthrough",
                               sparse_threshold=0 if mode == "dense" else 1)
    model = make_pipeline(encode, LinearRegression()).fit(train, y)
    predicted = model.predict(test)
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "test_r2": r2_score(y_test, predicted),
                  "features": int(model[0].transform(train.head(1)).shape[1]), "rows": len(train)}))
