#!/usr/bin/env python3
"""pandas.read_csv on FILE, timed: prints {"median_s", "min_s", "rows", "columns"} as JSON."""
import json
import statistics
import sys
import time

import pandas as pd

path, repeats = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(repeats):
    start = time.perf_counter()
    frame = pd.read_csv(path)
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "min_s": min(times),
                  "rows": frame.shape[0], "columns": frame.shape[1]}))
