#!/usr/bin/env python3
"""linreg on Cars24 with one-hot make and model, as a user runs it: `linreg fit TRAIN --solver
exact --model M`, then `linreg predict --model M TEST`. Prints JSON: the time of both commands
together (median of REPEATS) and the test R² of the predictions.

Usage: cars24_linreg.py LINREG TRAIN TEST TARGET REPEATS
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import pandas as pd
from sklearn.metrics import r2_score

linreg, train, test, target, repeats = sys.argv[1:5] + [int(sys.argv[5])]
with tempfile.TemporaryDirectory() as tmp:
    model, predictions = os.path.join(tmp, "m.json"), os.path.join(tmp, "p.csv")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([linreg, "fit", train, "--target", target, "--solver", "exact", "--quiet", "--model", model],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([linreg, "predict", "--model", model, test, "--quiet", "--out", predictions], check=True,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    fitted = json.load(open(model))
    r2 = r2_score(pd.read_csv(test)[target], pd.read_csv(predictions)["prediction"])
print(json.dumps({"median_s": statistics.median(times), "test_r2": r2,
                  "features": len(fitted["config"]["features"]) if "config" in fitted else None}))
