"""A fit of a float64 array does not copy it, in Fortran order or in NumPy's default C order (read
in place, a tile of rows at a time): the process's peak memory during the fit stays within 10% of
the array's size above what it held before."""
import subprocess
import sys
import textwrap

import pytest


@pytest.mark.parametrize("order", ["F", "C"])
def test_a_fit_needs_no_copy_of_the_array(order):
    script = textwrap.dedent(f"""
        import resource
        import numpy as np
        import linreg

        def rss_mb():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * resource.getpagesize() / 2**20

        n, d = 500_000, 60
        rng = np.random.default_rng(0)
        X = np.empty((n, d), order="{order}")
        for j in range(d):
            X[:, j] = rng.normal(size=n)
        y = X @ rng.normal(size=d) + rng.normal(size=n)
        linreg.LinearRegression().fit(X[:1000], y[:1000])  # loads everything once
        before = rss_mb()
        linreg.LinearRegression().fit(X, y)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(peak - before, X.nbytes / 2**20)
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                         text=True).stdout.split()
    extra, size = float(out[0]), float(out[1])
    # The fit's own memory is O(d²) plus a few vectors of n (8 bytes × 500,000 = 4 MB each).
    assert extra < 0.1 * size, f"the fit took {extra:.0f} MB above {size:.0f} MB of X"
