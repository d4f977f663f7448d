"""The design linreg builds from a table, for the statsmodels reference scripts beside this file:
numeric columns as they are; text columns one-hot encoded with the first sorted level as the
reference, named column=level; columns in file order."""
import numpy as np
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


def positive_weights(frame, weights):
    """(frame, w): the rows of positive weight without the weight column, and their weights.
    linreg leaves a row of weight 0 out, as R's lm does; statsmodels' WLS would count it in n
    and in the degrees of freedom."""
    kept = frame[frame[weights] > 0]
    return kept.drop(columns=[weights]), kept[weights]


def whitened(exog, endog, w):
    """statsmodels' wexog and wendog: the rows multiplied by √w. OLS on them is the weighted fit,
    and its OLSInfluence the weighted one (R's lm.influence), which statsmodels' own does not
    give for WLS (its hat matrix mixes the raw and the whitened design)."""
    root = np.sqrt(np.asarray(w, dtype=float))
    return exog.mul(root, axis=0), endog * root
