"""pandas DataFrames as the library's tables: numeric columns as float64 (NaN missing), the
others (object, string, category) as text, so that the library's pipeline encodes them as the
program does (one-hot, term names "column=level", the first level in byte order the reference)."""
import numpy as np


def is_frame(X):
    """Whether X is a pandas DataFrame (pandas is imported only if it already is)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a test dependency
        return False
    return isinstance(X, pd.DataFrame)


def has_text(frame):
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return any(not (is_numeric_dtype(t) or is_bool_dtype(t)) for t in frame.dtypes)


def column(name, series, as_text=False):
    """One column for linreg._core: (name, "numeric", float64) or (name, "text", (codes, values))."""
    import pandas as pd
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    numeric = is_numeric_dtype(series.dtype) or is_bool_dtype(series.dtype)
    if numeric and not as_text:
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return (str(name), "numeric", np.ascontiguousarray(values))
    codes, uniques = pd.factorize(series, sort=False)
    return (str(name), "text", (codes.astype(np.int64), [str(u) for u in uniques]))


def columns_of(frame, text=()):
    """The DataFrame's columns in order; those named in `text` as text whatever they hold."""
    text = set(text)
    if frame.columns.duplicated().any():
        repeated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise ValueError(f"the DataFrame's column names must be unique; repeated: {repeated}")
    return [column(name, frame[name], as_text=str(name) in text) for name in frame.columns]
