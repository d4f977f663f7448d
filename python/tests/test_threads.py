"""The GIL is released while the library fits: another Python thread keeps running."""
import threading
import time

import numpy as np

import linreg


def test_another_thread_runs_during_a_long_fit():
    rng = np.random.default_rng(3)
    X = np.asfortranarray(rng.normal(size=(1_000_000, 40)))
    y = X @ rng.normal(size=40) + rng.normal(size=1_000_000)
    model = linreg.GDRegressor(max_iter=60, tol=0.0)
    done = threading.Event()
    spans = []

    def fit():
        start = time.perf_counter()
        model.fit(X, y)
        spans.append((start, time.perf_counter()))
        done.set()

    worker = threading.Thread(target=fit)
    ticks = []
    worker.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    (start, end), = spans
    during = [t for t in ticks if start < t < end]
    gaps = np.diff([start] + during + [end])
    # Holding the GIL through the fit would leave this thread no turn at all: one gap as long as
    # the fit. Released, it ticks about every millisecond; a tenth of the fit allows for a busy
    # machine's scheduling.
    assert end - start > 0.05, "the fit was too short to tell"
    assert gaps.max() < 0.1 * (end - start), (gaps.max(), end - start)
    assert model.n_iter_ == 60
