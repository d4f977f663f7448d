#!/usr/bin/env python3
"""One iteration of the tutorial's PyTorch loop (forward, loss, backward, update under no_grad,
grads zeroed) on the data bench_gd_iteration wrote: X column-major float64, then y.

Usage: gd_iteration_torch.py RAW ROWS COLS REPEATS
Prints one JSON line: {"median_s": ...} (seconds per iteration).
"""
import json
import statistics
import sys
import time

import numpy as np
import torch

path, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
raw = np.fromfile(path, dtype=np.float64)
X = torch.from_numpy(np.ascontiguousarray(raw[: rows * cols].reshape(cols, rows).T))
y = torch.from_numpy(raw[rows * cols:].reshape(rows, 1).copy())
W = torch.full((cols, 1), 0.01, dtype=torch.float64, requires_grad=True)
b = torch.full((1,), 0.01, dtype=torch.float64, requires_grad=True)
learning_rate = 1e-3


def iteration():
    y_pred = X @ W + b
    loss = ((y_pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():  # the tutorial's W -= lr * W.grad, in place
        W.sub_(learning_rate * W.grad)
        b.sub_(learning_rate * b.grad)
    W.grad.zero_()
    b.grad.zero_()
    return loss.item()


iteration()  # warm-up
times = []
for _ in range(repeats):
    start = time.perf_counter()
    iteration()
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "threads": torch.get_num_threads()}))
