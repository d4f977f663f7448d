"""scikit-learn estimators over linreg's library: LinearRegression (exact least squares by
default) and GDRegressor (the tutorial's batch gradient descent)."""
import functools
import numbers

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_array, check_consistent_length, column_or_1d
from sklearn.utils.validation import _check_sample_weight, check_is_fitted

from . import _core
from ._summary import Summary
from ._tables import column, columns_of, has_text, is_frame
from ._warnings import emit


class _LinearModel(RegressorMixin, BaseEstimator):
    """What both estimators share: validation, the library's fit or its table pipeline, the
    fitted attributes, summary(), save()."""

    def _fit(self, X, y, sample_weight=None, **options):
        target = getattr(y, "name", None)  # a pandas Series' name, for the summary and the file
        target = str(target) if target is not None else "y"
        options = dict(options, fit_intercept=bool(self.fit_intercept))
        if self.missing not in ("error", "drop", "mean"):
            raise ValueError(f'missing must be "error", "drop" or "mean", got {self.missing!r}')
        listed = not (isinstance(self.categorical, str) and self.categorical == "auto")
        if listed and (not isinstance(self.categorical, (list, tuple)) or
                       not all(isinstance(c, str) for c in self.categorical)):
            raise ValueError('categorical must be "auto" or a list of column names, got '
                             f"{self.categorical!r}")
        if (is_frame(X) and has_text(X)) or self.missing != "error" or listed:
            return self._fit_table(X, y, target, options, sample_weight)
        # X's values are checked by the library (NaN and infinity refused, naming the row and
        # column), in the pass that also finds its ranges: scikit-learn's check would be another
        # pass over X.
        X, y = self._validate_data(X, y, dtype=[np.float64, np.float32], y_numeric=True,
                                   force_all_finite=False)
        # The library reads a float64 array in place in either order (a C-order one a tile of rows
        # at a time); anything else is made contiguous here.
        X = np.asarray(X, dtype=np.float64)
        if not (X.flags.f_contiguous or X.flags.c_contiguous):
            X = np.ascontiguousarray(X)
        y = np.ascontiguousarray(y, dtype=np.float64)
        if sample_weight is not None:  # the library checks them: finite, ≥ 0, not all 0
            options["sample_weight"] = np.ascontiguousarray(
                _check_sample_weight(sample_weight, X, dtype=np.float64))
        names = getattr(self, "feature_names_in_", None)
        names = [str(n) for n in names] if names is not None else [f"x{j}" for j in range(X.shape[1])]
        # For summary(): the call again, on the arrays fitted (referred to, not copied); dropped
        # when pickled.
        call = functools.partial(_core.fit, X, y, names, target=target, **options)
        self._table = False
        return self._fitted(call(), call, terms=names)

    def _fit_table(self, X, y, target, options, sample_weight=None):
        """Text columns, a missing-value policy or listed categoricals: the library's pipeline
        (the program's fit), on the table of X's columns and y (and the weights, a column that
        is not a feature: rows of weight 0 go before anything else)."""
        self._check_feature_names(X, reset=True)
        if not is_frame(X):
            X = check_array(X, dtype=np.float64, force_all_finite="allow-nan")
        self._check_n_features(X, reset=True)
        y = column_or_1d(check_array(y, ensure_2d=False, dtype=np.float64,
                                     force_all_finite="allow-nan"), warn=True)
        check_consistent_length(X, y)
        listed = [] if isinstance(self.categorical, str) else [str(c) for c in self.categorical]
        columns = self._columns(X, listed)
        names = [c[0] for c in columns]
        unknown = [c for c in listed if c not in names]
        if unknown:
            raise ValueError(f"categorical names columns that X does not have: {unknown}; its "
                             f"columns are {names}")
        while target in names:
            target = "_" + target
        columns.append((target, "numeric", np.ascontiguousarray(y)))
        if sample_weight is not None:
            weights = "sample_weight"
            while weights in names or weights == target:
                weights = "_" + weights
            w = _check_sample_weight(sample_weight, np.empty((len(y), 0)), dtype=np.float64)
            columns.append((weights, "numeric", np.ascontiguousarray(w)))
            options = dict(options, weights=weights)
        call = functools.partial(_core.train, columns, len(y), target=target,
                                 categorical=listed, missing=self.missing, **options)
        self._table = True
        return self._fitted(call(), call)

    def _columns(self, X, text, names=None):
        """X's columns for the library; an array's named `names` (x0, x1, ... by default)."""
        if is_frame(X):
            return columns_of(X, text=text)
        import pandas as pd

        names = names if names is not None else [f"x{j}" for j in range(X.shape[1])]
        return [column(name, pd.Series(X[:, j]), as_text=name in set(text))
                for j, name in enumerate(names)]

    def _fitted(self, result, call, terms=None):
        emit(result["warnings"])
        for stale in ("rank_", "aliased_", "loss_history_", "learning_rate_"):  # an earlier fit's
            self.__dict__.pop(stale, None)
        self._call = call
        self._summary = None
        self._model = result["model"]
        self.coef_ = np.asarray(result["coef"], dtype=np.float64)
        self.intercept_ = float(result["intercept"])
        self.terms_ = np.asarray(result["terms"] if terms is None else terms, dtype=object)
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

    def summary(self, cov_type="nonrobust", groups=None, maxlags=None):
        """The statistics table (statsmodels' OLS summary): a Summary that prints as text,
        renders as HTML in Jupyter and converts with to_frame(). Computed on the first call from
        the training data (as the program's --summary), then kept.

        cov_type: the covariance of the standard errors, statsmodels' names — "nonrobust",
        "HC0", "HC1", "HC2", "HC3" (heteroscedasticity-robust) or "cluster" with ``groups``, each
        training row's cluster (integers); t, p, the intervals and F follow it, with Student's t
        (statsmodels' use_t=True), n − k degrees of freedom or G − 1 for G clusters; or "HAC"
        with ``maxlags`` (Newey–West over that many lags in row order, Bartlett kernel:
        statsmodels' cov_type="HAC", cov_kwds={"maxlags": L})."""
        check_is_fitted(self)
        if cov_type != "nonrobust" or groups is not None or maxlags is not None:
            return self._robust_summary(cov_type, groups, maxlags)
        if self._summary is None:
            if getattr(self, "_call", None) is None:
                raise ValueError("summary() needs the training data, which a pickled or loaded "
                                 "model does not carry: call summary() before pickling, or fit "
                                 "again")
            result = self._call(statistics=True)
            # The arrays' fit is repeated exactly. A table's or a file's may take the other
            # route (a file streamed at first is read whole for the table): the same solution,
            # normwise to rounding, so 1e-12 of the largest coefficient tells a changed file.
            coef = np.asarray(result["coef"], dtype=np.float64)
            same = (np.allclose(coef, self.coef_, rtol=0,
                                atol=1e-12 * max(np.abs(self.coef_).max(initial=0.0), 1e-300))
                    if self._table else np.array_equal(coef, self.coef_))
            if not same:
                raise ValueError("the training data changed after fit (the model refers to the "
                                 "arrays it was fitted on): fit again for its summary")
            if result["statistics"] is None:
                raise ValueError(result["statistics_error"])
            emit(result["statistics"]["warnings"])
            self._summary = Summary(result["statistics"], target=self._model.target_name)
        return self._summary

    def get_prediction(self, X, cov_type="nonrobust", groups=None):
        """Intervals around the predictions for X (statsmodels' get_prediction): a
        PredictionResults whose summary_frame(alpha) has the mean's and a new observation's
        intervals, from the coefficients' covariance (``cov_type`` and ``groups`` as in
        summary()), computed by the library from the training data."""
        check_is_fitted(self)
        if getattr(self, "_call", None) is None:
            raise ValueError("get_prediction() needs the training data, which a pickled or loaded "
                             "model does not carry: fit again")
        clusters = [] if groups is None else [int(g) for g in np.asarray(groups).ravel()]
        result = self._call(statistics=True, cov_type=str(cov_type), groups=clusters,
                            intervals=True)
        if result["statistics"] is None:
            raise ValueError(result["statistics_error"])
        model = result["model"]
        index = X.index if is_frame(X) else None
        if self._table:
            self._check_feature_names(X, reset=False)
            if not is_frame(X):
                import pandas as pd

                X = pd.DataFrame(np.asarray(X), columns=list(model.inputs)).infer_objects()
            columns = self._columns(X, model.categorical)
        else:
            X = self._validate_data(X, dtype=[np.float64], reset=False)
            columns = self._columns(np.asarray(X, dtype=np.float64), [], names=list(model.inputs))
        rows = X.shape[0]

        def intervals(level):
            frame = model.intervals(columns, rows, level=level)
            emit(frame["warnings"])
            return frame

        return PredictionResults(intervals, index)

    def influence(self):
        """Each training row's influence on the fit, as a DataFrame (statsmodels'
        OLSInfluence.summary_frame() quantities): fitted, residual, leverage (the hat matrix's
        diagonal), student_internal, student_external, cooks_distance and dffits, by their
        closed forms (nothing refitted); NaN where a measure is undefined (leverage 1)."""
        import pandas as pd

        check_is_fitted(self)
        if getattr(self, "_call", None) is None:
            raise ValueError("influence() needs the training data, which a pickled or loaded "
                             "model does not carry: fit again")
        result = self._call(statistics=True, influence=True)
        if result["statistics"] is None:
            raise ValueError(result["statistics_error"])
        keys = ["fitted", "residual", "leverage", "student_internal", "student_external",
                "cooks_distance", "dffits"]
        return pd.DataFrame({k: np.asarray(result["influence"][k], dtype=np.float64)
                             for k in keys})

    def _robust_summary(self, cov_type, groups, maxlags=None):
        if getattr(self, "_call", None) is None:
            raise ValueError("summary() needs the training data, which a pickled or loaded model "
                             "does not carry: fit again")
        clusters = [] if groups is None else [int(g) for g in np.asarray(groups).ravel()]
        if groups is not None and len(np.unique(np.asarray(groups))) != len(set(clusters)):
            raise ValueError("groups must be integers (one cluster id per training row)")
        if maxlags is not None and (not isinstance(maxlags, numbers.Integral) or maxlags < 0):
            raise ValueError(f"maxlags must be a whole number >= 0, got {maxlags!r}")
        result = self._call(statistics=True, cov_type=str(cov_type), groups=clusters,
                            maxlags=-1 if maxlags is None else int(maxlags))
        if result["statistics"] is None:
            raise ValueError(result["statistics_error"])
        emit(result["statistics"]["warnings"])
        return Summary(result["statistics"], target=self._model.target_name)

    def save(self, path):
        """Writes the model file the program writes (`linreg fit --model`): `linreg predict`
        and linreg.load_model read it."""
        check_is_fitted(self)
        self._model.save(str(path))

    def __getstate__(self):
        # A copy: on Python 3.11 object.__getstate__ returns the instance's own __dict__.
        state = dict(super().__getstate__())
        state.pop("_call", None)  # the training data stays out of the pickle
        return state

    def predict(self, X):
        """X·coef_ + intercept_ for each row of X; with text columns or a missing-value policy,
        the library encodes the rows as in training (NaN for a row it cannot predict)."""
        check_is_fitted(self)
        if self._table:
            self._check_feature_names(X, reset=False)
            if not is_frame(X):
                import pandas as pd

                # An array's columns are the inputs by position (its numbers as numbers).
                X = np.asarray(X)
                if X.ndim != 2:
                    raise ValueError(f"Expected a 2D array, got an array of shape {X.shape}: "
                                     "reshape it, one row per sample")
                self._check_n_features(X, reset=False)
                X = pd.DataFrame(X, columns=list(self._model.inputs)).infer_objects()
            self._check_n_features(X, reset=False)
            columns = self._columns(X, self._model.categorical)
            values, _, warnings = self._model.predict(columns, X.shape[0])
            emit(warnings)
            return np.asarray(values, dtype=np.float64)
        X = self._validate_data(X, dtype=[np.float64, np.float32], reset=False)
        return np.asarray(X, dtype=np.float64) @ self.coef_ + self.intercept_


class PredictionResults:
    """What ``model.get_prediction(X)`` returns (statsmodels' PredictionResults):
    ``predicted_mean`` and ``se_mean``, and ``summary_frame(alpha=0.05)``, a DataFrame of mean,
    mean_se, mean_ci_lower, mean_ci_upper, obs_ci_lower, obs_ci_upper (the mean's interval and
    a new observation's, Student's t with the fit's residual degrees of freedom)."""

    def __init__(self, intervals, index):
        self._intervals = intervals  # level -> the library's columns
        self._index = index
        frame = intervals(0.95)
        self.predicted_mean = np.asarray(frame["mean"], dtype=np.float64)
        self.se_mean = np.asarray(frame["mean_se"], dtype=np.float64)

    def summary_frame(self, alpha=0.05):
        import pandas as pd

        if not 0.0 < alpha < 1.0:
            raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
        frame = self._intervals(1.0 - alpha)
        keys = ["mean", "mean_se", "mean_ci_lower", "mean_ci_upper", "obs_ci_lower",
                "obs_ci_upper"]
        return pd.DataFrame({k: np.asarray(frame[k], dtype=np.float64) for k in keys},
                            index=self._index)


def from_model(estimator, model, result=None, call=None):
    """`estimator` fitted as `model` says (a linreg._core.Model): its inputs, weights and terms;
    with the training `result`, what the fit reported too, and `call` (training again with
    statistics=True) makes summary() work. Predictions go through the library's pipeline."""
    inputs = list(model.inputs)
    if inputs != [f"x{j}" for j in range(len(inputs))]:
        estimator.feature_names_in_ = np.asarray(inputs, dtype=object)
    estimator.n_features_in_ = len(inputs)
    estimator._table = True
    if result is not None:
        estimator._fitted(result, call)
        return estimator
    estimator._call = None
    estimator._summary = None
    estimator._model = model
    estimator.coef_ = np.asarray(model.coef, dtype=np.float64)
    estimator.intercept_ = float(model.intercept)
    estimator.terms_ = np.asarray(model.terms, dtype=object)
    return estimator


def load_model(path):
    """A model file (`linreg fit --model`, or model.save()) as a fitted estimator:
    GDRegressor for a gradient-descent model, Lasso, ElasticNet or Ridge for a penalized one (at
    its λ in scikit-learn's units), LinearRegression otherwise."""
    model = _core.Model.load(str(path))
    if model.penalty is not None:
        from ._penalized import from_penalty

        return from_model(from_penalty(model), model)
    if model.solver == "gd":
        estimator = GDRegressor(fit_intercept=model.fit_intercept, missing=model.missing)
    else:
        estimator = LinearRegression(solver=model.solver, fit_intercept=model.fit_intercept,
                                     missing=model.missing)
    return from_model(estimator, model)


class LinearRegression(_LinearModel):
    """Ordinary least squares.

    solver: "exact" (Householder QR with column pivoting on centered columns, refined in
    double-double: the certified digits of the NIST reference data), "cholesky" (normal
    equations), "svd" (minimum norm), or "gd" (gradient descent with GDRegressor's defaults).
    A column that is a linear combination of others is aliased (exact, cholesky): its weight is 0
    and its name is in ``aliased_``; ``rank_`` is the design's numerical rank.
    """

    def __init__(self, solver="exact", fit_intercept=True, missing="error", categorical="auto"):
        self.solver = solver
        self.fit_intercept = fit_intercept
        self.missing = missing
        self.categorical = categorical

    def fit(self, X, y, sample_weight=None):
        """Fits the model; returns self. sample_weight: each row's weight (weighted least
        squares, minimize Σ w·r²; finite and ≥ 0): a row of weight 0 is the same as the row left
        out, and summary(), get_prediction() and influence() are statsmodels' WLS ones (n counts
        the rows of positive weight, as R's lm)."""
        if not isinstance(self.solver, str):
            raise ValueError(f"solver must be a string, got {self.solver!r}")
        return self._fit(X, y, sample_weight, solver=self.solver)


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
                 dtype="float64", fit_intercept=True, missing="error", categorical="auto"):
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.scale = scale
        self.dtype = dtype
        self.fit_intercept = fit_intercept
        self.missing = missing
        self.categorical = categorical

    def fit(self, X, y, sample_weight=None):
        """Fits the model; returns self. sample_weight: each row's weight in the mean squared
        error (Σ w·r²/Σ w), as LinearRegression's."""
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
        if (not isinstance(self.max_iter, numbers.Integral) or isinstance(self.max_iter, bool)
                or not 0 < self.max_iter < 2**63):
            raise ValueError(f"max_iter must be an integer >= 1, got {self.max_iter!r}")
        precisions = {"float64": "f64", "float32": "f32"}
        try:
            dtype = np.dtype(self.dtype).name
        except TypeError:
            dtype = None
        if dtype not in precisions:
            raise ValueError(f'dtype must be "float64" or "float32", got {self.dtype!r}')
        return self._fit(X, y, sample_weight, solver="gd", learning_rate=rate, max_iterations=int(self.max_iter),
                         tolerance=float(self.tol), scale=bool(self.scale),
                         precision=precisions[dtype])
