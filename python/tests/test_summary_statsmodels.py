"""summary() against statsmodels' OLS on the insurance data (../shared/data/insurance.csv):
the same numbers, to 1e-8 relative and p-values to 1e-10 absolute. The text columns are left out
here (pandas encoding of categories comes with the DataFrame path)."""
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linreg

statsmodels = pytest.importorskip("statsmodels.api")

DATA = Path(os.environ.get("LINREG_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
INSURANCE = DATA / "insurance.csv"


@pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent (../shared/data)")
def test_summary_equals_statsmodels_ols_on_insurance():
    frame = pd.read_csv(INSURANCE)
    X = frame[["age", "bmi", "children"]]
    y = frame["charges"]
    ours = linreg.LinearRegression().fit(X, y).summary()
    theirs = statsmodels.OLS(y.to_numpy(), statsmodels.add_constant(X.to_numpy())).fit()
    # Both are least squares in double precision on a well-conditioned design (κ ≈ 30); the
    # issue's bounds: 1e-8 relative for the statistics, 1e-10 absolute for the p-values.
    rel = dict(rtol=1e-8, atol=0)
    np.testing.assert_allclose(ours.params, theirs.params, **rel)
    np.testing.assert_allclose(ours.bse, theirs.bse, **rel)
    np.testing.assert_allclose(ours.tvalues, theirs.tvalues, **rel)
    np.testing.assert_allclose(ours.pvalues, theirs.pvalues, rtol=0, atol=1e-10)
    np.testing.assert_allclose(ours.conf_int(), theirs.conf_int(), **rel)
    for name in ("rsquared", "rsquared_adj", "fvalue", "llf", "aic", "bic"):
        assert getattr(ours, name) == pytest.approx(getattr(theirs, name), rel=1e-8), name
    assert ours.f_pvalue == pytest.approx(theirs.f_pvalue, abs=1e-10)
    assert ours.nobs == theirs.nobs and ours.df_resid == theirs.df_resid
    assert ours.df_model == theirs.df_model
    assert ours.names == ["(intercept)", "age", "bmi", "children"]
    assert ours.target == "charges"
