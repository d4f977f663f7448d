"""DataFrames through the library's pipeline, as the program reads a CSV: text columns one-hot
encoded by linreg's encoder, the missing-value policies, model files shared with the program."""
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linreg

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("LINREG_SHARED_DATA", ROOT.parent / "shared" / "data"))
INSURANCE = DATA / "insurance.csv"
PROGRAM = os.environ.get("LINREG_PROGRAM", str(ROOT / "build" / "linreg"))
needs_insurance = pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent")
needs_program = pytest.mark.skipif(not Path(PROGRAM).exists(), reason=f"{PROGRAM} is not built")


def program(*args):
    return subprocess.run([PROGRAM, *map(str, args)], check=True, capture_output=True,
                          text=True).stdout


@needs_insurance
def test_text_columns_are_encoded_as_the_program_encodes_them():
    frame = pd.read_csv(INSURANCE)
    model = linreg.LinearRegression().fit(frame.drop(columns="charges"), frame["charges"])
    assert list(model.terms_) == ["age", "sex=male", "bmi", "children", "smoker=yes",
                                  "region=northwest", "region=southeast", "region=southwest"]
    import json
    cli = json.loads(program("fit", INSURANCE, "--target", "charges", "--json"))
    np.testing.assert_array_equal(model.coef_, [cli["coefficients"][t] for t in model.terms_])
    assert model.intercept_ == cli["intercept"]
    assert list(model.feature_names_in_) == list(frame.columns.drop("charges"))
    assert model.n_features_in_ == 6


@needs_insurance
def test_category_dtype_and_text_give_the_same_model():
    frame = pd.read_csv(INSURANCE)
    X = frame.drop(columns="charges")
    as_category = X.astype({"sex": "category", "smoker": "category", "region": "category"})
    a = linreg.LinearRegression().fit(X, frame["charges"])
    b = linreg.LinearRegression().fit(as_category, frame["charges"])
    np.testing.assert_array_equal(a.coef_, b.coef_)
    np.testing.assert_array_equal(a.predict(X), b.predict(as_category))


@needs_insurance
def test_the_whole_insurance_summary_equals_statsmodels():
    statsmodels = pytest.importorskip("statsmodels.api")
    frame = pd.read_csv(INSURANCE)
    model = linreg.LinearRegression().fit(frame.drop(columns="charges"), frame["charges"])
    ours = model.summary()
    # statsmodels on the same design: dummies with the first level (sorted) the reference.
    dummies = pd.get_dummies(frame.drop(columns="charges"), drop_first=True, dtype=float)
    dummies = dummies[[t.replace("=", "_") for t in model.terms_]]  # linreg's term order
    theirs = statsmodels.OLS(frame["charges"], statsmodels.add_constant(dummies)).fit()
    assert len(ours.params) == len(theirs.params) == 9
    rel = dict(rtol=1e-8, atol=0)
    np.testing.assert_allclose(ours.params, theirs.params.to_numpy(), **rel)
    np.testing.assert_allclose(ours.bse, theirs.bse.to_numpy(), **rel)
    np.testing.assert_allclose(ours.tvalues, theirs.tvalues.to_numpy(), **rel)
    np.testing.assert_allclose(ours.pvalues, theirs.pvalues.to_numpy(), rtol=0, atol=1e-10)
    for name in ("rsquared", "rsquared_adj", "fvalue", "llf", "aic", "bic"):
        assert getattr(ours, name) == pytest.approx(getattr(theirs, name), rel=1e-8), name
    assert ours.names[0] == "(intercept)" and ours.names[1:] == list(model.terms_)


def test_missing_values_follow_the_policy():
    frame = pd.DataFrame({"x": [1.0, 2.0, np.nan, 4.0, 5.0, 6.0],
                          "g": ["a", "b", "a", None, "b", "a"]})
    y = pd.Series([1.0, 2.5, 2.9, 4.2, 5.1, 5.8], name="y")
    with pytest.raises(ValueError, match="missing") as refused:
        linreg.LinearRegression().fit(frame, y)
    assert "line" not in str(refused.value)  # a DataFrame has no lines to point to
    with pytest.warns(linreg.LinregWarning) as caught:
        dropped = linreg.LinearRegression(missing="drop").fit(frame, y)
    assert "rows_left_out" in [w.message.code for w in caught]
    full = linreg.LinearRegression().fit(frame.iloc[[0, 1, 4, 5]], y.iloc[[0, 1, 4, 5]])
    np.testing.assert_allclose(dropped.coef_, full.coef_, rtol=1e-14)
    with pytest.warns(linreg.LinregWarning):
        filled = linreg.LinearRegression(missing="mean").fit(frame, y)
    assert filled.coef_.shape == (2,)
    # Predicting a row with a missing input under `drop`: NaN for it, and a warning.
    with pytest.warns(linreg.LinregWarning) as caught:
        predicted = dropped.predict(frame)
    assert np.isnan(predicted[2]) and np.isnan(predicted[3])
    assert np.isfinite(predicted[[0, 1, 4, 5]]).all()


@needs_insurance
@needs_program
def test_a_model_saved_from_python_predicts_in_the_program_and_back(tmp_path):
    frame = pd.read_csv(INSURANCE)
    X, y = frame.drop(columns="charges"), frame["charges"]
    model = linreg.LinearRegression().fit(X, y)
    path = tmp_path / "model.json"
    model.save(path)
    out = tmp_path / "predictions.csv"
    program("predict", INSURANCE, "--model", path, "--out", out)
    from_program = pd.read_csv(out)
    column = [c for c in from_program.columns if c not in frame.columns][0]
    np.testing.assert_allclose(from_program[column].to_numpy(), model.predict(X), rtol=1e-15)

    cli_model = tmp_path / "cli.json"
    program("fit", INSURANCE, "--target", "charges", "--model", cli_model)
    loaded = linreg.load_model(cli_model)
    assert isinstance(loaded, linreg.LinearRegression)
    np.testing.assert_array_equal(loaded.coef_, model.coef_)
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), rtol=1e-15)


def test_a_numeric_model_round_trips_through_its_file(tmp_path):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(50, 3))
    y = X @ [1.0, 2.0, 3.0] + 1.0
    model = linreg.GDRegressor(max_iter=5000).fit(X, y)
    model.save(tmp_path / "gd.json")
    loaded = linreg.load_model(tmp_path / "gd.json")
    assert isinstance(loaded, linreg.GDRegressor)
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), rtol=1e-14)
    with pytest.raises(ValueError, match="X has 2 features"):
        loaded.predict(X[:, :2])


def test_listed_categoricals_apply_to_arrays_and_must_exist():
    X = np.array([[1, 0.5], [2, 1.5], [1, 2.0], [3, 0.1], [2, 0.7], [3, 1.1], [1, 0.3]],
                 dtype=float)
    y = np.array([1.0, 2.0, 1.5, 3.2, 2.1, 3.3, 1.1])
    model = linreg.LinearRegression(categorical=["x0"]).fit(X, y)
    assert list(model.terms_) == ["x0=2", "x0=3", "x1"]
    np.testing.assert_allclose(model.predict(X), model.predict(X.copy()))
    with pytest.raises(ValueError, match="categorical names columns that X does not have"):
        linreg.LinearRegression(categorical=["zz"]).fit(pd.DataFrame(X, columns=["a", "b"]), y)
    with pytest.raises(ValueError, match="categorical must be"):
        linreg.LinearRegression(categorical=None).fit(X, y)


def test_a_frame_fit_predicts_an_array_by_position_with_sklearns_warning():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 5.0], "g": ["a", "b", "a", "b", "a"]})
    y = pd.Series([1.0, 2.2, 2.9, 4.1, 5.0])
    model = linreg.LinearRegression().fit(frame, y)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_array = model.predict(frame.to_numpy(dtype=object))
    np.testing.assert_allclose(from_array, model.predict(frame), rtol=1e-15)


def test_repeated_column_names_and_huge_iteration_counts_are_value_errors():
    frame = pd.DataFrame([[1.0, "a"], [2.0, "b"], [3.0, "a"]], columns=["x", "x"])
    with pytest.raises(ValueError, match="repeated: \\['x'\\]"):
        linreg.LinearRegression().fit(frame, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="max_iter"):
        linreg.GDRegressor(max_iter=2**70).fit(np.eye(3), [1.0, 2.0, 3.0])
