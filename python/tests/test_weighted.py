"""sample_weight: weighted least squares through the library, against statsmodels' WLS on
tests/data/weighted.csv (heteroscedastic errors, weights 1/σ², a feature at 1e4, twelve rows of
weight 0 with far-off targets; tests/data/make_weighted_statsmodels.py writes it). statsmodels is
fitted on the rows of positive weight: linreg leaves a row of weight 0 out, as R's lm does
(statsmodels would count it in n). Bars as the C++ tests': 1e-10 relative; p-values 1e-11
absolute, what statsmodels' pinv of this raw design carries (against 50-digit values linreg's
are within 1e-15: tests/stats/test_weighted_statistics.cpp)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linreg

statsmodels = pytest.importorskip("statsmodels.api")

WEIGHTED = Path(__file__).resolve().parents[2] / "tests" / "data" / "weighted.csv"
REL = dict(rtol=1e-10, atol=0)


def data():
    frame = pd.read_csv(WEIGHTED)
    return frame[["x1", "x2", "x3", "region"]], frame["y"], frame["w"]


def wls(X, y, w):
    """statsmodels' WLS on the rows of positive weight, with the design linreg builds."""
    kept = w > 0
    exog = pd.get_dummies(X[kept], columns=[c for c in X if X[c].dtype == object],
                          drop_first=True, dtype=float)
    return statsmodels.WLS(y[kept], statsmodels.add_constant(exog), weights=w[kept]).fit()


@pytest.mark.parametrize("columns", [["x1", "x2", "x3"], ["x1", "x2", "x3", "region"]])
def test_weighted_summary_equals_statsmodels_wls(columns):
    X, y, w = data()
    X = X[columns]
    model = linreg.LinearRegression().fit(X, y, sample_weight=w)
    ours, theirs = model.summary(), wls(X, y, w)
    np.testing.assert_allclose(ours.params, theirs.params, **REL)
    np.testing.assert_allclose(ours.bse, theirs.bse, **REL)
    np.testing.assert_allclose(ours.tvalues, theirs.tvalues, **REL)
    np.testing.assert_allclose(ours.pvalues, theirs.pvalues, rtol=0, atol=1e-11)
    np.testing.assert_allclose(ours.conf_int(), theirs.conf_int(), **REL)
    for name in ("rsquared", "rsquared_adj", "fvalue", "llf", "aic", "bic"):
        assert getattr(ours, name) == pytest.approx(getattr(theirs, name), rel=1e-10), name
    assert ours.nobs == theirs.nobs == 228 and ours.df_resid == theirs.df_resid
    assert ours.weighted and str(ours).startswith("WLS regression")
    # score() is scikit-learn's weighted R², which is WLS's.
    assert model.score(X, y, sample_weight=w) == pytest.approx(theirs.rsquared, rel=1e-12)
    robust = model.summary(cov_type="HC3")
    their_robust = wls(X, y, w).get_robustcov_results("HC3", use_t=True)
    np.testing.assert_allclose(robust.bse, their_robust.bse, **REL)


def test_weighted_prediction_and_influence_equal_statsmodels():
    X, y, w = data()
    X = X[["x1", "x2", "x3"]]
    model = linreg.LinearRegression().fit(X, y, sample_weight=w)
    theirs = wls(X, y, w)
    frame = model.get_prediction(X.iloc[:10]).summary_frame(alpha=0.1)
    expected = theirs.get_prediction(statsmodels.add_constant(X).iloc[:10]).summary_frame(alpha=0.1)
    np.testing.assert_allclose(frame.to_numpy(), expected.to_numpy(), rtol=1e-10, atol=1e-9)
    # R's lm.influence of a weighted fit: OLSInfluence of OLS on the whitened rows.
    from statsmodels.stats.outliers_influence import OLSInfluence

    kept = (w > 0).to_numpy()
    root = np.sqrt(w[kept].to_numpy())
    exog = statsmodels.add_constant(X[kept]).to_numpy() * root[:, None]
    influence = OLSInfluence(statsmodels.OLS(y[kept].to_numpy() * root, exog).fit())
    ours = model.influence()
    assert len(ours) == len(X)
    np.testing.assert_allclose(ours["leverage"][kept], influence.hat_matrix_diag, rtol=1e-10)
    # A near-zero Cook's distance is the square of a residual that cancels: 1e-12 of the
    # largest as its floor, as the C++ test's.
    cooks = influence.cooks_distance[0]
    np.testing.assert_allclose(ours["cooks_distance"][kept], cooks, rtol=1e-10,
                               atol=1e-12 * cooks.max())
    # statsmodels' studentized residuals of this raw design (x2 at 1e4) carry about 1e-11
    # absolute: on the worst row (0.00694) it is off by 5e-10 relative from the 50-digit value,
    # which linreg's is within 7e-13 of. So an absolute floor of 1e-10 on these O(1) numbers.
    np.testing.assert_allclose(ours["student_external"][kept],
                               influence.resid_studentized_external, rtol=1e-10, atol=1e-10)
    assert ours["leverage"][~kept].isna().all()
    assert np.isfinite(ours["fitted"][~kept]).all()  # given: only the measures are undefined


@pytest.mark.parametrize("estimator", [linreg.LinearRegression(), linreg.GDRegressor(),
                                       linreg.LinearRegression(solver="svd")])
def test_zero_weight_is_the_row_left_out(estimator):
    X, y, w = data()
    kept = (w > 0).to_numpy()
    for columns in (["x1", "x3"], ["x1", "x3", "region"]):
        a = estimator.fit(X[columns], y, sample_weight=w)
        coef, intercept = a.coef_.copy(), a.intercept_
        b = estimator.fit(X[columns][kept], y[kept], sample_weight=w[kept])
        np.testing.assert_array_equal(coef, b.coef_)  # to the bit
        assert intercept == b.intercept_


def test_integer_weights_are_copies_and_bad_weights_are_refused():
    X, y, _ = data()
    X = X[["x1", "x3"]]
    counts = np.arange(len(y)) % 3 + 1
    weighted = linreg.LinearRegression().fit(X, y, sample_weight=counts)
    copied = linreg.LinearRegression().fit(X.loc[X.index.repeat(counts)],
                                           y.loc[y.index.repeat(counts)])
    np.testing.assert_allclose(weighted.coef_, copied.coef_, rtol=1e-13)
    for bad in (-np.ones(len(y)), np.zeros(len(y)), np.full(len(y), np.nan)):
        with pytest.raises(ValueError):
            linreg.LinearRegression().fit(X, y, sample_weight=bad)
    with pytest.raises(ValueError):
        linreg.LinearRegression().fit(X, y, sample_weight=np.ones(3))


@pytest.mark.parametrize("pair", ["lasso", "elastic_net", "ridge"])
def test_penalized_sample_weight_equals_scikit_learn(pair):
    """scikit-learn's weighted Lasso and ElasticNet ((1/2n)·Σ w·r², the weights scaled to sum to
    n) and Ridge (Σ w·r² with the weights as given): the same convex problems, solved here to
    the KKT tolerance 1e-12 and there to tol 1e-14, so equal to 1e-10 of the largest
    coefficient."""
    from sklearn import linear_model

    X, y, w = data()
    X = X[["x1", "x2", "x3"]].to_numpy().copy()
    X[:, 1] -= 1e4  # scikit-learn centers in double without refinement: keep its data tame
    ours, theirs = {
        "lasso": (linreg.Lasso(alpha=0.05), linreg_free(linear_model.Lasso, alpha=0.05)),
        "elastic_net": (linreg.ElasticNet(alpha=0.05),
                        linreg_free(linear_model.ElasticNet, alpha=0.05)),
        "ridge": (linreg.Ridge(alpha=3.0), linear_model.Ridge(alpha=3.0)),
    }[pair]
    a = ours.fit(X, y, sample_weight=w)
    b = theirs.fit(X, y, sample_weight=w)
    scale = np.abs(b.coef_).max()
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=0, atol=1e-10 * scale)
    assert a.intercept_ == pytest.approx(b.intercept_, abs=1e-10 * scale)


def linreg_free(estimator, **kwargs):
    """A scikit-learn coordinate-descent estimator run to its tightest tolerance."""
    return estimator(tol=1e-14, max_iter=10**6, **kwargs)


def test_fit_csv_takes_a_weight_column():
    """fit_csv(..., weights="w") streams the file with its weight column (not a feature), as
    `linreg fit --weights w`: the arrays' weighted fit, normwise to 1e-13, and its WLS summary."""
    X, y, w = data()
    X = X[["x1", "x2", "x3"]]
    model = linreg.fit_csv(WEIGHTED, "y", drop=["site", "region"], weights="w")
    arrays = linreg.LinearRegression().fit(X, y, sample_weight=w)
    np.testing.assert_allclose(model.coef_, arrays.coef_, rtol=0,
                               atol=1e-13 * np.abs(arrays.coef_).max())
    assert list(model.feature_names_in_) == ["x1", "x2", "x3"]
    summary = model.summary()
    assert summary.weighted and summary.nobs == 228
    np.testing.assert_allclose(summary.bse, arrays.summary().bse, rtol=1e-10)
