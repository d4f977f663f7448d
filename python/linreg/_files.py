"""CSV files through the library: fit_csv() trains as `linreg fit FILE` does (streamed, a block
of rows at a time, when nothing needs all the rows at once), read_csv() reads as its reader does."""
import functools

import numpy as np

from . import _core
from ._estimators import GDRegressor, LinearRegression, from_model


def fit_csv(path, target, *, drop=(), categorical="auto", missing="error", solver="exact",
            fit_intercept=True, in_memory=False, delimiter=None, na_values=(), decimal=".",
            encoding="utf8", learning_rate="auto", max_iter=1000, tol=1e-12, scale=True,
            weights=None):
    """Fits `target` on the other columns of the CSV file at `path` (less `drop`) and returns the
    fitted estimator: a LinearRegression, or a GDRegressor for solver="gd".

    The exact solver streams a file it can (numeric columns, or text columns read twice: their
    levels first): the rows are folded a block at a time and never held, so the file may be
    larger than memory. in_memory=True reads all the rows instead. The other settings are the
    program's: categorical ("auto" or column names), missing ("error", "drop", "mean"),
    delimiter (detected unless given; "tab"), na_values, decimal, encoding ("utf8", "latin1").
    weights: the name of a column of row weights (weighted least squares, `--weights`; not a
    feature).
    """
    if categorical == "auto":
        listed = []
    elif isinstance(categorical, str):
        raise ValueError('categorical must be "auto" or a list of column names')
    else:
        listed = [str(c) for c in categorical]
    rate = None if learning_rate == "auto" else float(learning_rate)
    call = functools.partial(
        _core.fit_csv, str(path), str(target), [str(c) for c in drop], listed, missing=missing,
        in_memory=bool(in_memory), delimiter=delimiter, na_values=[str(v) for v in na_values],
        decimal=decimal, encoding=encoding, solver=solver, fit_intercept=bool(fit_intercept),
        learning_rate=rate, max_iterations=int(max_iter), tolerance=float(tol),
        scale=bool(scale), weights="" if weights is None else str(weights))
    if solver == "gd":
        estimator = GDRegressor(learning_rate=learning_rate, max_iter=max_iter, tol=tol,
                                scale=scale, fit_intercept=fit_intercept, missing=missing,
                                categorical=categorical)
    else:
        estimator = LinearRegression(solver=solver, fit_intercept=fit_intercept,
                                     missing=missing, categorical=categorical)
    result = call()
    return from_model(estimator, result["model"], result, call)


def read_csv(path, *, delimiter=None, na_values=(), decimal=".", encoding="utf8"):
    """The CSV file as a pandas DataFrame, read by linreg's reader with its rules and errors:
    numeric columns as float64 (NaN where missing), text columns as pandas categoricals whose
    categories are the distinct values in byte order (numbers in a text column in their
    shortest form)."""
    import pandas as pd

    columns = _core.read_csv(str(path), delimiter=delimiter,
                             na_values=[str(v) for v in na_values], decimal=decimal,
                             encoding=encoding)
    data = {}
    for name, kind, payload in columns:
        if kind == "numeric":
            data[name] = payload
        else:
            codes, levels = payload
            data[name] = pd.Categorical.from_codes(np.asarray(codes), categories=levels)
    return pd.DataFrame(data)
