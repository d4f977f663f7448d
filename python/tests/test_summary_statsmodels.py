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


@pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent (../shared/data)")
def test_diagnostics_and_vif_equal_statsmodels_on_insurance():
    """The block under statsmodels' summary and its variance_inflation_factor, on the same
    numeric design: 1e-10 relative (p-values 1e-12 absolute), as the C++ tests hold them."""
    from statsmodels.stats.outliers_influence import variance_inflation_factor
    from statsmodels.stats.stattools import durbin_watson, jarque_bera, omni_normtest

    frame = pd.read_csv(INSURANCE)
    X = frame[["age", "bmi", "children"]]
    y = frame["charges"]
    ours = linreg.LinearRegression().fit(X, y).summary()
    exog = statsmodels.add_constant(X.to_numpy())
    theirs = statsmodels.OLS(y.to_numpy(), exog).fit()
    resid = theirs.resid
    omnibus, omnibus_p = omni_normtest(resid)
    jb, jb_p, skew, kurtosis = jarque_bera(resid)
    rel = dict(rel=1e-10)
    assert ours.durbin_watson == pytest.approx(durbin_watson(resid), **rel)
    assert ours.omnibus == pytest.approx(omnibus, **rel)
    assert ours.omnibus_pvalue == pytest.approx(omnibus_p, abs=1e-12)
    assert ours.skew == pytest.approx(skew, **rel)
    assert ours.kurtosis == pytest.approx(kurtosis, **rel)
    assert ours.jarque_bera == pytest.approx(jb, **rel)
    assert ours.jarque_bera_pvalue == pytest.approx(jb_p, abs=1e-12)
    assert ours.condition_number_raw == pytest.approx(theirs.condition_number, **rel)
    assert np.isnan(ours.vif[0])  # the intercept has none
    np.testing.assert_allclose(ours.vif[1:], [variance_inflation_factor(exog, i)
                                              for i in range(1, 4)], rtol=1e-10)
    assert ours.cov_type == "nonrobust" and ours.notes == []


@pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent (../shared/data)")
@pytest.mark.parametrize("cov_type", ["HC0", "HC1", "HC2", "HC3", "cluster"])
def test_robust_summary_equals_statsmodels_on_insurance(cov_type):
    """summary(cov_type=...) against statsmodels' fit(cov_type=..., use_t=True): se, t, p, the
    intervals and F, to 1e-10 relative (p-values 1e-12 absolute)."""
    frame = pd.read_csv(INSURANCE)
    X = frame[["age", "bmi", "children"]]
    y = frame["charges"]
    groups = pd.factorize(frame["region"])[0] if cov_type == "cluster" else None
    ours = linreg.LinearRegression().fit(X, y).summary(cov_type=cov_type, groups=groups)
    kwds = {"groups": groups} if groups is not None else None
    theirs = statsmodels.OLS(y.to_numpy(), statsmodels.add_constant(X.to_numpy())).fit(
        cov_type=cov_type, cov_kwds=kwds, use_t=True)
    assert ours.cov_type == cov_type.lower()
    np.testing.assert_allclose(ours.bse, theirs.bse, rtol=1e-10)
    np.testing.assert_allclose(ours.tvalues, theirs.tvalues, rtol=1e-10)
    np.testing.assert_allclose(ours.pvalues, theirs.pvalues, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.conf_int(), theirs.conf_int(), rtol=1e-10)
    assert ours.fvalue == pytest.approx(theirs.fvalue, rel=1e-10)


def test_robust_summary_refuses_bad_arguments():
    X = np.random.default_rng(0).normal(size=(30, 2))
    model = linreg.LinearRegression().fit(X, X @ [1.0, 2.0])
    with pytest.raises(ValueError, match="cov_type"):
        model.summary(cov_type="HC9")
    with pytest.raises(ValueError, match="groups"):
        model.summary(cov_type="cluster")


@pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent (../shared/data)")
@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1"])
@pytest.mark.parametrize("alpha", [0.05, 0.2])
def test_get_prediction_equals_statsmodels_on_insurance(cov_type, alpha):
    """get_prediction(X).summary_frame(alpha) against statsmodels' on the same design (numeric
    arrays, and a DataFrame with text columns through the pipeline): 1e-10 relative."""
    frame = pd.read_csv(INSURANCE)
    y = frame.pop("charges")
    for X, design in ((frame[["age", "bmi", "children"]].to_numpy(), None), (frame, "dummies")):
        model = linreg.LinearRegression().fit(X, y)
        exog = (pd.get_dummies(frame, drop_first=True, dtype=float) if design
                else pd.DataFrame(X))
        theirs = statsmodels.OLS(y, statsmodels.add_constant(exog)).fit(cov_type=cov_type,
                                                                        use_t=True)
        want = theirs.get_prediction(statsmodels.add_constant(exog).iloc[:20]).summary_frame(
            alpha=alpha)
        rows = X[:20] if design is None else X.iloc[:20]
        got = model.get_prediction(rows, cov_type=cov_type).summary_frame(alpha=alpha)
        for column in want.columns:
            np.testing.assert_allclose(got[column].to_numpy(), want[column].to_numpy(),
                                       rtol=1e-10, err_msg=column)


@pytest.mark.skipif(not INSURANCE.exists(), reason=f"{INSURANCE} is absent (../shared/data)")
def test_influence_equals_statsmodels_on_insurance():
    """influence() against statsmodels' OLSInfluence on the same design: 1e-10 relative."""
    from statsmodels.stats.outliers_influence import OLSInfluence

    frame = pd.read_csv(INSURANCE)
    y = frame.pop("charges")
    ours = linreg.LinearRegression().fit(frame, y).influence()
    exog = statsmodels.add_constant(pd.get_dummies(frame, drop_first=True, dtype=float))
    theirs = OLSInfluence(statsmodels.OLS(y, exog).fit())
    assert list(ours.columns) == ["fitted", "residual", "leverage", "student_internal",
                                  "student_external", "cooks_distance", "dffits"]
    for column, want in (("leverage", theirs.hat_matrix_diag),
                         ("student_internal", theirs.resid_studentized_internal),
                         ("student_external", theirs.resid_studentized_external),
                         ("cooks_distance", theirs.cooks_distance[0]),
                         ("dffits", theirs.dffits[0])):
        np.testing.assert_allclose(ours[column].to_numpy(), np.asarray(want), rtol=1e-10,
                                   atol=1e-14, err_msg=column)


def test_hac_summary_equals_statsmodels_on_ar_errors():
    """summary(cov_type="HAC", maxlags=4): statsmodels' Newey–West (Bartlett kernel, no
    small-sample correction, use_t=True) on tests/data/diagnostics.csv's AR(1) errors, to 1e-10
    (statsmodels' sandwich of this raw design, income at 5e4, carries about 1e-10 itself)."""
    frame = pd.read_csv(Path(__file__).resolve().parents[2] / "tests" / "data" / "diagnostics.csv")
    X, y = frame[["age", "income", "rate"]], frame["y"]
    ours = linreg.LinearRegression().fit(X, y).summary(cov_type="HAC", maxlags=4)
    theirs = statsmodels.OLS(y, statsmodels.add_constant(X)).fit(
        cov_type="HAC", cov_kwds={"maxlags": 4}, use_t=True)
    np.testing.assert_allclose(ours.bse, theirs.bse, rtol=1e-10)
    np.testing.assert_allclose(ours.tvalues, theirs.tvalues, rtol=1e-10)
    assert ours.cov_type == "hac"
    with pytest.raises(ValueError):
        linreg.LinearRegression().fit(X, y).summary(cov_type="HAC")  # no maxlags
