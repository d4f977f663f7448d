#!/usr/bin/env python3
"""The tutorial's PyTorch training loop, timed: 1000 iterations of batch gradient descent at
lr 0.1 on standardized features, autograd gradients, as the article writes it.

Usage: tutorial_torch.py HOUSES.csv DTYPE REPEATS   (DTYPE: float32 as the article, or float64)
Prints one JSON line: {"median_s": ..., "min_s": ..., "repeats": ..., "final_loss": ...}.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch

path, dtype_name, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
dtype = {"float32": torch.float32, "float64": torch.float64}[dtype_name]
data = np.loadtxt(path, delimiter=",", skiprows=1)
X = torch.tensor(data[:, :3], dtype=dtype)
y = torch.tensor(data[:, 3:4], dtype=dtype)
X_scaled = (X - X.mean(dim=0)) / X.std(dim=0)


def train():
    W = torch.zeros((3, 1), dtype=dtype, requires_grad=True)
    b = torch.zeros(1, dtype=dtype, requires_grad=True)
    learning_rate = 0.1
    for epoch in range(1000):
        y_pred = X_scaled @ W + b
        loss = ((y_pred - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            W -= learning_rate * W.grad
            b -= learning_rate * b.grad
        W.grad.zero_()
        b.grad.zero_()
    return loss.item()


train()  # warm-up
times = []
for _ in range(repeats):
    start = time.perf_counter()
    final_loss = train()
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "min_s": min(times),
                  "repeats": repeats, "final_loss": final_loss}))
