"""The design linreg builds from a table, for the statsmodels reference scripts beside this file:
numeric columns as they are; text columns one-hot encoded with the first sorted level as the
reference, named column=level; columns in file order."""
import pandas as pd


def encoded(frame, target):
    """(X, y): the features of `frame` as linreg encodes them, and the target column."""
    y = frame[target]
    columns = {}
    for name in frame.columns:
        if name == target:
            continue
        if frame[name].dtype == object:
            for level in sorted(frame[name].unique())[1:]:
                columns[f"{name}={level}"] = (frame[name] == level).astype(float)
        else:
            columns[name] = frame[name].astype(float)
    return pd.DataFrame(columns), y
