"""The penalized estimators against scikit-learn's (Debian's python3-sklearn, run here): the same
objective on the same data gives the same coefficients. Both solve to tol = 1e-12 (scikit-learn's
duality gap, linreg's KKT conditions), so 1e-8 bounds their difference with room; the direct
solves (Ridge, RidgeCV's leave-one-out) agree to 1e-10 relative."""
import os
import subprocess

import numpy as np
import pandas as pd
import pytest
import sklearn.linear_model as sk
from sklearn.base import clone

import linreg


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(120, 8)) * rng.uniform(0.5, 3.0, size=8) + rng.normal(size=8)
    X[:, 3] = X[:, 2] + 0.1 * rng.normal(size=120)  # two correlated columns
    y = X @ np.array([1.0, -2.0, 0.0, 0.5, 0.0, 0.0, 3.0, 0.0]) + 5 + rng.normal(size=120)
    return X, y


@pytest.mark.parametrize("ours, theirs", [
    (linreg.Lasso(alpha=0.1), sk.Lasso(alpha=0.1, tol=1e-12, max_iter=100000)),
    (linreg.Lasso(alpha=0.5, fit_intercept=False),
     sk.Lasso(alpha=0.5, fit_intercept=False, tol=1e-12, max_iter=100000)),
    (linreg.ElasticNet(alpha=0.2, l1_ratio=0.3),
     sk.ElasticNet(alpha=0.2, l1_ratio=0.3, tol=1e-12, max_iter=100000)),
], ids=["lasso", "lasso-no-intercept", "elasticnet"])
def test_coordinate_descent_equals_scikit_learn(data, ours, theirs):
    X, y = data
    ours.fit(X, y)
    theirs.fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8)
    assert abs(ours.intercept_ - theirs.intercept_) < 1e-8
    assert ours.stop_reason_ == "converged"
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=0, atol=1e-7)


@pytest.mark.parametrize("alpha", [0.0, 0.3, 30.0])
def test_ridge_equals_scikit_learn(data, alpha):
    X, y = data
    ours = linreg.Ridge(alpha=alpha).fit(X, y)
    theirs = sk.Ridge(alpha=alpha, solver="svd").fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10, atol=1e-12)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-10)


def test_ridge_cv_leave_one_out_equals_scikit_learn(data):
    X, y = data
    alphas = [0.01, 0.3, 3.0, 30.0, 300.0]
    ours = linreg.RidgeCV(alphas=alphas).fit(X, y)
    theirs = sk.RidgeCV(alphas=alphas, store_cv_values=True).fit(X, y)
    np.testing.assert_allclose(ours.cv_mse_, theirs.cv_values_.mean(axis=0), rtol=1e-10)
    assert ours.alpha_ == theirs.alpha_
    assert ours.best_score_ == pytest.approx(theirs.best_score_, rel=1e-10)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10, atol=1e-12)


def test_lasso_cv_takes_the_least_error_and_refits_at_it(data):
    X, y = data
    cv = linreg.LassoCV(cv=4, random_state=3).fit(X, y)
    assert cv.mse_path_.shape == (100, 4)
    assert cv.alphas_[0] > cv.alphas_[-1]
    assert cv.alpha_ == cv.alphas_[np.argmin(cv.mse_path_.mean(axis=1))]
    at = linreg.Lasso(alpha=cv.alpha_).fit(X, y)
    np.testing.assert_allclose(cv.coef_, at.coef_, rtol=0, atol=1e-9)  # warm path vs cold start
    again = linreg.LassoCV(cv=4, random_state=3).fit(X, y)
    assert np.array_equal(again.mse_path_, cv.mse_path_)  # seeded folds: deterministic


def test_lasso_cv_with_scikit_learns_folds_equals_its_curve(data):
    from sklearn.model_selection import KFold

    X, y = data
    ours = linreg.LassoCV(cv=KFold(4)).fit(X, y)
    theirs = sk.LassoCV(cv=KFold(4), alphas=ours.alphas_, tol=1e-12, max_iter=100000).fit(X, y)
    # Each fold refitted on its own rows at every alpha: both exact to 1e-12, so the fold errors
    # agree far below their spread.
    np.testing.assert_allclose(ours.mse_path_, theirs.mse_path_, rtol=1e-8)
    assert ours.alpha_ == pytest.approx(theirs.alpha_, rel=1e-12)


def test_elastic_net_cv_picks_among_ratios(data):
    X, y = data
    cv = linreg.ElasticNetCV(l1_ratio=[0.1, 0.9], cv=3).fit(X, y)
    assert cv.l1_ratio_ in (0.1, 0.9)
    assert cv.mse_path_.shape == (2, 100, 3)


def test_lasso_path_equals_scikit_learn(data):
    X, y = data
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alphas, coefs, kkt = linreg.lasso_path(Xc, yc, n_alphas=20)
    _, theirs, _ = sk.lasso_path(Xc, yc, alphas=alphas, tol=1e-12, max_iter=100000)
    assert coefs.shape == (8, 20)
    np.testing.assert_allclose(coefs, theirs, rtol=0, atol=1e-8)
    assert kkt.max() <= 1e-10


def test_a_saved_penalized_model_loads_and_predicts(data, tmp_path):
    X, y = data
    model = linreg.ElasticNet(alpha=0.2, l1_ratio=0.4).fit(X, y)
    model.save(tmp_path / "m.json")
    back = linreg.load_model(tmp_path / "m.json")
    assert isinstance(back, linreg.ElasticNet)
    assert back.alpha == 0.2 and back.l1_ratio == 0.4
    # The loaded model predicts through the library, the fitted one by NumPy's X @ coef_: the
    # same weights, sums in another order (a few ulps).
    np.testing.assert_array_equal(back.coef_, model.coef_)
    np.testing.assert_allclose(back.predict(X), model.predict(X), rtol=1e-13, atol=1e-13)
    ridge = linreg.Ridge(alpha=6.0).fit(X, y)
    ridge.save(tmp_path / "r.json")
    assert linreg.load_model(tmp_path / "r.json").alpha == pytest.approx(6.0, rel=1e-15)


def test_a_model_the_program_saved_refits_with_its_scaling(data, tmp_path):
    """`linreg fit --penalty` standardizes the features by default: its model file loads as an
    estimator with standardize=True, which fitted again on the same rows gives the same model."""
    program = os.environ.get("LINREG_PROGRAM")
    if not program:
        pytest.skip("LINREG_PROGRAM is unset (run through ctest)")
    X, y = data
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    frame["y"] = y
    frame.to_csv(tmp_path / "d.csv", index=False, float_format="%.17g")
    subprocess.run([program, "fit", str(tmp_path / "d.csv"), "--target", "y", "--penalty", "lasso",
                    "--lambda", "0.05", "--model", str(tmp_path / "m.json"), "--in-memory"],
                   check=True, capture_output=True)
    back = linreg.load_model(tmp_path / "m.json")
    assert isinstance(back, linreg.Lasso) and back.standardize is True and back.alpha == 0.05
    again = clone(back).fit(X, y)
    # The same rows (printed to 17 digits, read back exactly) and the same solver, on another
    # memory layout (the Gram matrix summed in another order): equal to rounding.
    np.testing.assert_allclose(again.coef_, back.coef_, rtol=0, atol=1e-12)
    assert again.intercept_ == pytest.approx(back.intercept_, abs=1e-12)
    raw = linreg.Lasso(alpha=0.05).fit(X, y)
    assert np.abs(raw.coef_ - back.coef_).max() > 1e-6  # the raw features' model is another


def test_refusals(data):
    X, y = data
    with pytest.raises(ValueError):
        linreg.Lasso(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError):
        linreg.ElasticNet(l1_ratio=1.5).fit(X, y)
    with pytest.raises(ValueError):
        linreg.Lasso().fit(X, y).summary()
    with pytest.raises(ValueError, match="n_samples=3"):
        linreg.LassoCV(cv=5).fit(X[:3], y[:3])
