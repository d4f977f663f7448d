"""scikit-learn estimators over linreg's library: LinearRegression (exact least squares by
default) and GDRegressor (the tutorial's batch gradient descent)."""
import numbers

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from . import _core
from ._summary import Summary
from ._warnings import emit


class _LinearModel(RegressorMixin, BaseEstimator):
    """What both estimators share: validation, the library's fit, the fitted attributes."""

    def _fit(self, X, y, **options):
        target = getattr(y, "name", None)  # a pandas Series' name, for the summary
        target = str(target) if target is not None else "y"
        X, y = self._validate_data(X, y, dtype=[np.float64, np.float32], y_numeric=True)
        # The library views a float64 Fortran-ordered array in place; other layouts are copied
        # once here.
        X = np.asfortranarray(X, dtype=np.float64)
        y = np.ascontiguousarray(y, dtype=np.float64)
        names = getattr(self, "feature_names_in_", None)
        names = [str(n) for n in names] if names is not None else [f"x{j}" for j in range(X.shape[1])]
        options = dict(options, fit_intercept=bool(self.fit_intercept))
        result = _core.fit(X, y, names, **options)
        emit(result["warnings"])
        # For summary(): the data by reference (the arrays fitted, no copy kept beyond them)
        # and the options; dropped when pickled.
        self._training = (X, y, names, target, options)
        self._summary = None
        self.coef_ = result["coef"]
        self.intercept_ = float(result["intercept"])
        self.stop_reason_ = result["stop_reason"]
        self.message_ = result["message"]
        self.n_iter_ = int(result["n_iter"])
        self.warnings_ = [code for code, _ in result["warnings"]]
        if "rank" in result:
            self.rank_ = int(result["rank"])
            self.aliased_ = np.asarray(result["aliased"], dtype=object)
        if "loss_history" in result:
            self.loss_history_ = np.asarray(result["loss_history"], dtype=np.float64)
            self.learning_rate_ = float(result["learning_rate"])
        return self

    def summary(self):
        """The statistics table (statsmodels' OLS summary): a Summary that prints as text,
        renders as HTML in Jupyter and converts with to_frame(). Computed on the first call from
        the training data (as the program's --summary), then kept."""
        check_is_fitted(self)
        if self._summary is None:
            if getattr(self, "_training", None) is None:
                raise ValueError("summary() needs the training data, which a pickled model does "
                                 "not carry: call summary() before pickling, or fit again")
            X, y, names, target, options = self._training
            result = _core.fit(X, y, names, statistics=True, **options)
            if result["statistics"] is None:
                raise ValueError(result["statistics_error"])
            emit(result["statistics"]["warnings"], stacklevel=3)
            self._summary = Summary(result["statistics"], target=target)
        return self._summary

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_training", None)
        return state

    def predict(self, X):
        """X·coef_ + intercept_ for each row of X."""
        check_is_fitted(self)
        X = self._validate_data(X, dtype=[np.float64, np.float32], reset=False)
        return np.asarray(X, dtype=np.float64) @ self.coef_ + self.intercept_


class LinearRegression(_LinearModel):
    """Ordinary least squares.

    solver: "exact" (Householder QR with column pivoting on centered columns, refined in
    double-double: the certified digits of the NIST reference data), "cholesky" (normal
    equations), "svd" (minimum norm), or "gd" (gradient descent with GDRegressor's defaults).
    A column that is a linear combination of others is aliased (exact, cholesky): its weight is 0
    and its name is in ``aliased_``; ``rank_`` is the design's numerical rank.
    """

    def __init__(self, solver="exact", fit_intercept=True):
        self.solver = solver
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fits the model; returns self."""
        if not isinstance(self.solver, str):
            raise ValueError(f"solver must be a string, got {self.solver!r}")
        return self._fit(X, y, solver=self.solver)


class GDRegressor(_LinearModel):
    """Batch gradient descent on the mean squared error, as the tutorial builds it.

    learning_rate: a number > 0, or "auto" (1/L, L the gradient's Lipschitz constant).
    max_iter: the most updates. tol: converged when the parameters are certified within tol
    (relative) of the least-squares optimum; 0 runs all max_iter updates. scale: standardize the
    features first (the weights are returned in the original units). dtype: "float64", or
    "float32" (float32 passes over a float32 copy of the data).
    Fitted: ``coef_``, ``intercept_``, ``n_iter_`` (updates made), ``loss_history_`` (the MSE
    before each update), ``stop_reason_`` ("converged", "max_iterations", "diverged").
    """

    def __init__(self, learning_rate="auto", max_iter=1000, tol=1e-12, scale=True,
                 dtype="float64", fit_intercept=True):
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.scale = scale
        self.dtype = dtype
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fits the model; returns self."""
        if isinstance(self.learning_rate, str):
            if self.learning_rate != "auto":
                raise ValueError(
                    f'learning_rate must be a number > 0 or "auto", got {self.learning_rate!r}')
            rate = None
        elif isinstance(self.learning_rate, numbers.Real):
            rate = float(self.learning_rate)
        else:
            raise ValueError(
                f'learning_rate must be a number > 0 or "auto", got {self.learning_rate!r}')
        if not isinstance(self.max_iter, numbers.Integral) or isinstance(self.max_iter, bool):
            raise ValueError(f"max_iter must be an integer >= 1, got {self.max_iter!r}")
        precisions = {"float64": "f64", "float32": "f32"}
        try:
            dtype = np.dtype(self.dtype).name
        except TypeError:
            dtype = None
        if dtype not in precisions:
            raise ValueError(f'dtype must be "float64" or "float32", got {self.dtype!r}')
        return self._fit(X, y, solver="gd", learning_rate=rate, max_iterations=int(self.max_iter),
                         tolerance=float(self.tol), scale=bool(self.scale),
                         precision=precisions[dtype])
