#!/usr/bin/env python3
"""linreg vs scikit-learn's LinearRegression on the same CSV.

`linreg generate house --rows 10000 --seed 7 | linreg fit - --target price --json` must give
coefficients equal to scikit-learn's to 1e-6 relative with --solver exact and 1e-4 with the
default gradient descent. Exits 77 (CTest: skipped) when scikit-learn is not installed.
"""
import io
import json
import subprocess
import sys

try:
    import numpy as np
    from sklearn.linear_model import LinearRegression
except ImportError as e:  # pragma: no cover
    print(f"skipped: scikit-learn not available ({e}); install python3-sklearn")
    sys.exit(77)

linreg = sys.argv[1]
csv = subprocess.run([linreg, "generate", "house", "--rows", "10000", "--seed", "7"],
                     check=True, capture_output=True, text=True).stdout
data = np.loadtxt(io.StringIO(csv), delimiter=",", skiprows=1)
header = csv.split("\n", 1)[0].split(",")
X, y = data[:, :3], data[:, 3]
ref = LinearRegression().fit(X, y)
reference = dict(zip(header[:3], ref.coef_))
reference["(intercept)"] = ref.intercept_

failures = 0
for solver, tolerance in (("exact", 1e-6), ("gd", 1e-4)):
    out = subprocess.run([linreg, "fit", "-", "--target", "price", "--json", "--solver", solver],
                         input=csv, check=True, capture_output=True, text=True).stdout
    fitted = json.loads(out)
    ours = dict(fitted["coefficients"])
    ours["(intercept)"] = fitted["intercept"]
    worst = max(abs(ours[k] - v) / abs(v) for k, v in reference.items())
    ok = worst <= tolerance
    failures += not ok
    print(f"{solver:5s}: max relative difference to scikit-learn {worst:.2e} "
          f"(tolerance {tolerance:g}) {'ok' if ok else 'FAIL'}")
print(f"{2 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
