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


def exact_wls(exog, endog, w=None):
    """The weighted least-squares fit in 50-digit arithmetic (mpmath) from the values as stored
    (doubles): the rows X, y, w, the coefficients β, (XᵀWX)⁻¹ and the residuals y − Xβ. For
    reference values where statsmodels' own double-precision route (pinv of the raw design)
    carries more error than the comparison's bar."""
    import mpmath as mp
    mp.mp.dps = 50
    X = [[mp.mpf(float(v)) for v in row] for row in exog.to_numpy()]
    y = [mp.mpf(float(v)) for v in endog]
    wt = [mp.mpf(1)] * len(y) if w is None else [mp.mpf(float(v)) for v in w]
    k = len(X[0])
    gram = mp.matrix(k, k)
    moment = mp.matrix(k, 1)
    for xi, yi, wi in zip(X, y, wt):
        for a in range(k):
            moment[a] += wi * xi[a] * yi
            for b in range(k):
                gram[a, b] += wi * xi[a] * xi[b]
    inverse = gram ** -1
    beta = inverse * moment
    resid = [yi - sum(xi[a] * beta[a] for a in range(k)) for xi, yi in zip(X, y)]
    return {"X": X, "y": y, "w": wt, "beta": beta, "inverse": inverse, "resid": resid}


def student_sf(t, df):
    """P(T > t) for Student's t with df degrees of freedom (t ≥ 0), in mpmath."""
    import mpmath as mp
    return mp.betainc(mp.mpf(df) / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2


def f_sf(f, m, df):
    """P(F > f) for F(m, df), in mpmath."""
    import mpmath as mp
    return mp.betainc(mp.mpf(df) / 2, mp.mpf(m) / 2, 0, df / (df + m * f), regularized=True)


def exact_terms(names, beta, variances, df):
    """coef, se, t, p and the 95 % interval of each coefficient from exact variances."""
    import mpmath as mp
    t_crit = mp.findroot(lambda t: student_sf(t, df) - mp.mpf("0.025"), 2)
    terms = {}
    for a, name in enumerate(names):
        se = mp.sqrt(variances[a])
        t = beta[a] / se
        terms[name] = {"coef": float(beta[a]), "se": float(se), "t": float(t),
                       "p": float(2 * student_sf(abs(t), df)),
                       "ci_low": float(beta[a] - t_crit * se),
                       "ci_high": float(beta[a] + t_crit * se)}
    return terms
