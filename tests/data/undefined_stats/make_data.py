#!/usr/bin/env python3
"""Writes the CSV files of tests/stats/test_undefined_stats.cpp (run from this folder)."""
import random

random.seed(13)
n = 20
x1 = [float(i % 7 + i // 3) for i in range(n)]
x2 = [round(random.uniform(-5, 5), 3) for _ in range(n)]


def write(name, ys, rows=None):
    rows = rows if rows is not None else list(zip(x1, x2))
    with open(name, "w") as f:
        f.write("x1,x2,y\n")
        for r, y in zip(rows, ys):
            f.write(",".join(repr(v) for v in r) + "," + repr(y) + "\n")


# y = 1 + 2*x1 exactly; x2 is irrelevant.
write("perfect.csv", [1.0 + 2.0 * a for a in x1])
# The same with coefficients that are not doubles (0.1, 0.3), evaluated in double: the residuals
# are rounding, not noise.
write("rounding.csv", [0.1 + 0.3 * a for a in x1])
# A constant target.
write("constant.csv", [5.0] * n)
# y = 1 + 2*x1 + noise of about 1e-10: tiny but real.
write("tiny_noise.csv", [1.0 + 2.0 * a + 1e-10 * random.uniform(-1, 1) for a in x1])
# As many rows as coefficients (intercept, x1, x2): no residual degrees of freedom.
write("no_residual_df.csv", [1.0 + 2.0 * a + 0.5 for a in x1[:3]], rows=list(zip(x1, x2))[:3])
