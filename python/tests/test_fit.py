"""The estimators against scikit-learn and the library's own guarantees: the same coefficients,
errors as ValueError with the library's message, warnings with codes, pickling."""
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn.linear_model

import linreg
from linreg import _core


def well_conditioned(n=500, d=8, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, size=d) + rng.normal(size=d)
    y = X @ rng.normal(size=d) + 3.0 + 0.1 * rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("solver", ["exact", "cholesky", "svd"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_direct_solvers_match_scikit_learn(solver, fit_intercept):
    X, y = well_conditioned()
    ours = linreg.LinearRegression(solver=solver, fit_intercept=fit_intercept).fit(X, y)
    theirs = sklearn.linear_model.LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    # Both are backward stable on a design of condition number ~10: they agree to a few hundred ε
    # of the coefficients' size; 1e-10 relative is the issue's bound.
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10, atol=0)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-10, abs=1e-12)
    assert ours.rank_ == X.shape[1]
    assert ours.aliased_.size == 0
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)


def test_gradient_descent_converges_to_the_least_squares_coefficients():
    X, y = well_conditioned()
    gd = linreg.GDRegressor(max_iter=20000).fit(X, y)
    exact = linreg.LinearRegression().fit(X, y)
    assert gd.stop_reason_ == "converged"
    assert 0 < gd.n_iter_ < 20000
    assert gd.loss_history_.shape == (gd.n_iter_ + 1,) or gd.loss_history_.shape == (gd.n_iter_,)
    # Converged certifies ‖θ − θ*‖ ≤ 1e-12·‖θ*‖ in standardized units; converting back amplifies
    # it by the scales (about 10 here): 1e-9 relative.
    np.testing.assert_allclose(gd.coef_, exact.coef_, rtol=1e-9)


def test_c_ordered_float32_and_fortran_ordered_inputs_give_the_same_fit():
    X, y = well_conditioned(seed=1)
    c = linreg.LinearRegression().fit(np.ascontiguousarray(X), y)
    f = linreg.LinearRegression().fit(np.asfortranarray(X), y)
    np.testing.assert_array_equal(c.coef_, f.coef_)
    x32 = X.astype(np.float32)
    f32 = linreg.LinearRegression().fit(x32, y)
    np.testing.assert_array_equal(
        f32.coef_, linreg.LinearRegression().fit(x32.astype(np.float64), y).coef_)


def test_a_mismatched_y_raises_value_error_in_the_binding_too():
    X, y = well_conditioned()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        linreg.LinearRegression().fit(X, y[:-1])
    # Past scikit-learn's validation the module checks shapes itself.
    with pytest.raises(ValueError, match="X has 500 rows but y has 499 values"):
        _core.fit(np.asfortranarray(X), y[:-1], [f"x{j}" for j in range(8)])
    with pytest.raises(ValueError, match="8 columns but 2 feature names"):
        _core.fit(np.asfortranarray(X), y, ["a", "b"])


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_value_that_is_not_finite_is_a_value_error_naming_its_row_and_column(order, bad):
    # The library checks X's values (scikit-learn's own check is skipped for the numeric path).
    X, y = well_conditioned()
    X = np.array(X, order=order)
    X[41, 5] = bad
    for estimator in (linreg.LinearRegression(), linreg.GDRegressor()):
        with pytest.raises(ValueError, match=r"row 42, column 'x5': value -?(nan|inf) is not "
                                             r"finite \(NaN or infinity\)"):
            estimator.fit(X, y)


def test_library_errors_are_value_errors_with_its_message_in_python_words():
    X, y = well_conditioned()
    with pytest.raises(ValueError, match="solver"):
        linreg.LinearRegression(solver="qr").fit(X, y)
    with pytest.raises(ValueError, match="learning rate|learning_rate"):
        linreg.GDRegressor(learning_rate=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="max_iter"):
        linreg.GDRegressor(max_iter=0).fit(X, y)
    with pytest.raises(ValueError, match='dtype must be "float64" or "float32"'):
        linreg.GDRegressor(dtype="float16").fit(X, y)


def test_aliased_columns_are_named_and_warned_with_a_code():
    X, y = well_conditioned(d=3)
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    frame["twice_a"] = 2.0 * frame["a"]
    with pytest.warns(linreg.LinregWarning) as caught:
        model = linreg.LinearRegression().fit(frame, y)
    assert [w.message.code for w in caught] == ["rank_deficient"]
    assert "twice_a" in str(caught[0].message) or "'a'" in str(caught[0].message)
    assert model.rank_ == 3
    assert list(model.aliased_) in (["twice_a"], ["a"])
    assert model.warnings_ == ["rank_deficient"]
    assert list(model.feature_names_in_) == ["a", "b", "c", "twice_a"]


def test_an_unconverged_run_is_a_scikit_learn_convergence_warning():
    from sklearn.exceptions import ConvergenceWarning

    X, y = well_conditioned()
    with pytest.warns(ConvergenceWarning) as caught:
        model = linreg.GDRegressor(max_iter=3).fit(X, y)
    assert caught[0].message.code == "not_converged"
    assert caught[0].filename == __file__  # attributed to the caller's line, not linreg's
    # The message names the Python keyword, not the program's flag.
    assert "max_iter" in str(caught[0].message)
    assert "--" not in str(caught[0].message)
    assert model.stop_reason_ == "max_iterations"
    assert model.n_iter_ == 3


def test_fitted_estimators_pickle_to_the_same_predictions():
    X, y = well_conditioned()
    for model in (linreg.LinearRegression().fit(X, y), linreg.GDRegressor().fit(X, y)):
        again = pickle.loads(pickle.dumps(model))
        np.testing.assert_array_equal(again.predict(X), model.predict(X))
        np.testing.assert_array_equal(again.coef_, model.coef_)


def test_read_only_inputs_are_accepted():
    X, y = well_conditioned()
    X.setflags(write=False)
    y.setflags(write=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        linreg.LinearRegression().fit(np.asfortranarray(X), y)


def test_summary_is_the_statistics_table_with_statsmodels_names():
    X, y = well_conditioned(n=300, d=3, seed=5)
    model = linreg.LinearRegression().fit(X, y)
    s = model.summary()
    assert s is model.summary()  # computed once
    assert s.names == ["(intercept)", "x0", "x1", "x2"]
    np.testing.assert_array_equal(s.params, np.r_[model.intercept_, model.coef_])
    assert s.nobs == 300 and s.df_model == 3 and s.df_resid == 296
    text = str(s)
    assert "P>|t|" in text and "R² =" in text and "x2" in text
    assert "<table>" in s._repr_html_()
    frame = s.to_frame()
    assert list(frame.index) == s.names
    np.testing.assert_array_equal(frame["std err"].to_numpy(), s.bse)
    assert s.conf_int().shape == (4, 2)
    # Pickled without the training data: a table computed before is kept, else it says why.
    again = pickle.loads(pickle.dumps(model))
    assert again.summary().rsquared == s.rsquared
    fresh = pickle.loads(pickle.dumps(linreg.LinearRegression().fit(X, y)))
    with pytest.raises(ValueError, match="needs the training data"):
        fresh.summary()


def test_pickling_or_copying_leaves_the_original_whole():
    import copy

    X, y = well_conditioned(n=200, d=3, seed=6)
    model = linreg.LinearRegression().fit(X, y)
    pickle.dumps(model)
    copy.deepcopy(model)
    assert model.summary().nobs == 200  # still has its training data


def test_a_refit_with_another_solver_leaves_no_attribute_of_the_first():
    X, y = well_conditioned(n=200, d=3, seed=7)
    model = linreg.LinearRegression().fit(X, y)
    assert hasattr(model, "rank_")
    model.set_params(solver="gd").fit(X, y)
    assert not hasattr(model, "rank_") and hasattr(model, "loss_history_")
    model.set_params(solver="exact").fit(X, y)
    assert hasattr(model, "rank_") and not hasattr(model, "loss_history_")


def test_summary_refuses_training_data_changed_after_fit():
    X, y = well_conditioned(n=200, d=3, seed=8)
    X = np.asfortranarray(X)
    model = linreg.LinearRegression().fit(X, y)
    X[:, 0] = np.random.default_rng(0).normal(size=200)
    with pytest.raises(ValueError, match="changed after fit"):
        model.summary()


def test_numeric_model_files_record_the_training_fit(tmp_path):
    import json

    X, y = well_conditioned(n=300, d=3, seed=9)
    model = linreg.LinearRegression().fit(X, y)
    model.save(tmp_path / "m.json")
    saved = json.loads((tmp_path / "m.json").read_text())
    assert saved["training"]["r2"] == pytest.approx(model.score(X, y), rel=1e-12)
    loaded = linreg.load_model(tmp_path / "m.json")
    # The loaded model predicts through the library (Eigen's X·w), the fitted one through NumPy's
    # BLAS: two summation orders of the same products, a few ulps of the largest term apart.
    scale = np.abs(X * model.coef_).sum(axis=1).max()
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), rtol=0, atol=16 * 2.2e-16 * scale)
