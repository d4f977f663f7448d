"""fit_csv() and read_csv(): files through the library as the program reads them."""
import json
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


def numeric_file(tmp_path, n=5000, d=4, seed=2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * [1.0, 10.0, 0.1, 3.0]
    y = X @ rng.normal(size=d) + 2.0 + rng.normal(size=n)
    frame = pd.DataFrame(X, columns=[f"c{j}" for j in range(d)]).assign(y=y)
    path = tmp_path / "numbers.csv"
    frame.to_csv(path, index=False, float_format="%.17g")
    return path, frame


def test_fit_csv_streams_a_numeric_file_to_the_in_memory_coefficients(tmp_path):
    path, frame = numeric_file(tmp_path)
    streamed = linreg.fit_csv(path, target="y")
    assert isinstance(streamed, linreg.LinearRegression)
    assert list(streamed.feature_names_in_) == ["c0", "c1", "c2", "c3"]
    in_memory = linreg.LinearRegression().fit(frame.drop(columns="y"), frame["y"])
    # The streamed fit folds the rows into a triangle in double-double, then refines: the same
    # least-squares solution to a few ulps of the coefficients' size.
    np.testing.assert_allclose(streamed.coef_, in_memory.coef_, rtol=1e-13)
    assert streamed.intercept_ == pytest.approx(in_memory.intercept_, rel=1e-13)
    assert streamed.rank_ == 4
    np.testing.assert_allclose(streamed.predict(frame.drop(columns="y")),
                               in_memory.predict(frame.drop(columns="y")), rtol=1e-12)
    summary = streamed.summary()  # reads the file again, in memory, for the table
    assert summary.nobs == 5000 and summary.names[1:] == ["c0", "c1", "c2", "c3"]


@pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent")
@pytest.mark.skipif(not Path(PROGRAM).exists(), reason=f"{PROGRAM} is not built")
def test_fit_csv_is_the_programs_fit(tmp_path):
    model = linreg.fit_csv(INSURANCE, target="charges", drop=["region"])
    cli = json.loads(subprocess.run([PROGRAM, "fit", str(INSURANCE), "--target", "charges",
                                     "--drop", "region", "--json"], check=True,
                                    capture_output=True, text=True).stdout)
    assert list(model.terms_) == list(cli["coefficients"])
    np.testing.assert_array_equal(model.coef_, list(cli["coefficients"].values()))
    assert model.intercept_ == cli["intercept"]
    gd = linreg.fit_csv(INSURANCE, target="charges", solver="gd", max_iter=50, tol=0)
    assert isinstance(gd, linreg.GDRegressor) and gd.n_iter_ == 50


def test_read_csv_uses_the_programs_reader(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("x;city;when\n1,5;Paris;2\n2,25;;3\nNA;Lyon;4\n", encoding="utf-8")
    frame = linreg.read_csv(path, decimal=",")
    assert list(frame.columns) == ["x", "city", "when"]
    np.testing.assert_array_equal(frame["x"].to_numpy(), [1.5, 2.25, np.nan])
    assert frame["x"].dtype == np.float64
    assert list(frame["city"].cat.categories) == ["Lyon", "Paris"]
    assert frame["city"].isna().tolist() == [False, True, False]


def test_file_errors_name_the_place_and_the_reason(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv:3"):
        linreg.read_csv(bad)
    with pytest.raises(ValueError, match=r"bad.csv:3"):
        linreg.fit_csv(bad, target="b")
    with pytest.raises(OSError, match="No such file"):
        linreg.read_csv(tmp_path / "absent.csv")
    with pytest.raises(ValueError, match="no column named 'nope'; the columns are: c0"):
        linreg.fit_csv(numeric_file(tmp_path)[0], target="nope")
