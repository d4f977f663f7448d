"""linreg: exact, fast linear regression (the C++ library) as scikit-learn estimators.

    >>> import linreg
    >>> model = linreg.LinearRegression().fit(X, y)      # exact least squares
    >>> gd = linreg.GDRegressor(max_iter=5000).fit(X, y)   # the tutorial's gradient descent
"""
from ._estimators import GDRegressor, LinearRegression, load_model
from ._files import fit_csv, read_csv
from ._penalized import ElasticNet, ElasticNetCV, Lasso, LassoCV, Ridge, RidgeCV, lasso_path
from ._warnings import LinregConvergenceWarning, LinregWarning

__all__ = [
    "LinearRegression",
    "GDRegressor",
    "Ridge",
    "Lasso",
    "ElasticNet",
    "RidgeCV",
    "LassoCV",
    "ElasticNetCV",
    "lasso_path",
    "load_model",
    "fit_csv",
    "read_csv",
    "LinregWarning",
    "LinregConvergenceWarning",
]
