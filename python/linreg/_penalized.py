"""scikit-learn's penalized linear models over linreg's library: Ridge, Lasso, ElasticNet, their
cross-validated versions and lasso_path, with scikit-learn's parameter names and objectives.

The objective is scikit-learn's, on the raw features (the library's Scaling::none):
(1/2n)·‖y − Xw − b‖² + alpha·(l1_ratio·‖w‖₁ + (1 − l1_ratio)/2·‖w‖²) for Lasso and ElasticNet,
‖y − Xw − b‖² + alpha·‖w‖² for Ridge (the library's λ = alpha/n). The intercept is never
penalized. Coordinate descent stops when the KKT conditions hold to ``tol`` relative to the
gradient's scale at w = 0 (about 1e-15 in practice), not on scikit-learn's duality gap.
"""
import numbers

import numpy as np
from sklearn.utils.validation import _num_samples, check_array, check_is_fitted

from . import _core
from ._estimators import _LinearModel
from ._tables import has_text, is_frame


def _real(value, name, low=0.0, high=None, low_open=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < low or (low_open and value == low) or (high is not None and value > high):
        bound = f"> {low}" if low_open else f">= {low}"
        raise ValueError(f"{name} must be {bound}{'' if high is None else f' and <= {high}'}, "
                         f"got {value!r}")
    return float(value)


def _count(value, name, low=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _folds(cv, X, y, default=5):
    """cv as the library's folds: None (the default count), an integer >= 2, or a scikit-learn
    splitter (KFold(…), or any object with split(X, y)): its test sets as fold ids 1, 2, …"""
    if cv is None:
        return {"folds": default}
    if hasattr(cv, "split"):
        ids = np.zeros(_rows(X), dtype=np.int64)
        for k, (_, test) in enumerate(cv.split(X, y), start=1):
            ids[test] = k
        if np.any(ids == 0):
            raise ValueError("cv's splits leave rows out of every test set: each row needs a fold")
        return {"fold_ids": ids.tolist()}
    return {"folds": _count(cv, "cv", 2)}


def _seed(random_state):
    if random_state is None:
        return 42
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool) \
            and random_state >= 0:
        return int(random_state)
    raise ValueError(f"random_state must be None or an integer >= 0, got {random_state!r}")


def _alphas(values):
    """A non-empty 1-D array of finite alphas >= 0."""
    alphas = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if alphas.ndim != 1 or alphas.size == 0 or not np.all(np.isfinite(alphas)) \
            or np.any(alphas < 0):
        raise ValueError(f"alphas must be finite numbers >= 0, got {values!r}")
    return alphas


def _rows(X):
    try:
        return _num_samples(X)
    except TypeError:
        return 1  # the fit's own validation says what is wrong with X


class _Penalized(_LinearModel):
    """What the penalized estimators share: numeric X only, the library's penalized solver on
    the raw features (scikit-learn's convention; ``standardize=True`` penalizes each feature
    divided by its population SD, glmnet's and the program's default, with the coefficients
    still in the features' units), and the path it ran (``path_``-like attributes for the CV
    estimators)."""

    missing = "error"  # the in-memory route of _LinearModel._fit
    categorical = "auto"

    def _fit_penalty(self, X, y, penalty, tol=1e-12, sample_weight=None):
        if is_frame(X) and has_text(X):
            raise ValueError(f"{type(self).__name__} takes numeric features: encode the text "
                             "columns first (or fit them with linreg.LinearRegression)")
        tol = _real(tol, "tol", 0.0, 1.0, low_open=True)
        if tol >= 1.0:
            raise ValueError(f"tol must be < 1, got {tol!r}")
        n = _rows(X)
        if "lambda" not in penalty and n < 2:
            raise ValueError(f"n_samples={n}: cross-validation needs at least 2 samples")
        if penalty.get("folds", 0) > n:
            raise ValueError(f"Cannot have number of splits n_splits={penalty['folds']} greater "
                             f"than the number of samples: n_samples={n}.")
        self._fit(X, y, sample_weight, solver="penalized", scale=bool(self.standardize),
                  tolerance=tol, penalty=penalty)
        # Coordinate-descent sweeps at the model's λ; ridge's direct solve counts as one.
        sweeps = int(self._penalized["sweeps"][self._penalized["index"]])
        self.n_iter_ = sweeps if self._penalized["penalty"] != "ridge" else 1
        return self

    def _fitted(self, result, call, terms=None):
        super()._fitted(result, call, terms)
        self._penalized = result.get("penalized")
        return self

    def summary(self):
        raise ValueError("summary() is ordinary least squares' statistics table: a penalized "
                         "fit's coefficients are shrunk on purpose, and its standard errors "
                         "would not mean what they say")


class Lasso(_Penalized):
    """Linear regression with an L1 penalty: (1/2n)·‖y − Xw − b‖² + alpha·‖w‖₁.

    max_iter: the most coordinate-descent sweeps; tol: the KKT conditions' tolerance, relative.
    """

    def __init__(self, alpha=1.0, fit_intercept=True, max_iter=100000, tol=1e-12,
                 standardize=False):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.standardize = standardize

    def fit(self, X, y, sample_weight=None):
        """Fits the model; returns self. sample_weight: each row's weight, the objective's
        (1/2n)·Σ w·r² with the weights scaled to sum to n (scikit-learn's and glmnet's); a row of
        weight 0 is the row left out."""
        penalty = {"penalty": "lasso", "lambda": _real(self.alpha, "alpha"),
                   "max_sweeps": _count(self.max_iter, "max_iter")}
        return self._fit_penalty(X, y, penalty, self.tol, sample_weight)


class ElasticNet(_Penalized):
    """(1/2n)·‖y − Xw − b‖² + alpha·l1_ratio·‖w‖₁ + alpha·(1 − l1_ratio)/2·‖w‖² (scikit-learn's
    ElasticNet); l1_ratio 0 is ridge, 1 the lasso."""

    def __init__(self, alpha=1.0, l1_ratio=0.5, fit_intercept=True, max_iter=100000, tol=1e-12,
                 standardize=False):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.standardize = standardize

    def fit(self, X, y, sample_weight=None):
        """Fits the model; returns self. sample_weight: as Lasso's."""
        ratio = _real(self.l1_ratio, "l1_ratio", 0.0, 1.0)
        penalty = {"penalty": "ridge" if ratio == 0.0 else "elasticnet", "l1_ratio": ratio or 1.0,
                   "lambda": _real(self.alpha, "alpha"),
                   "max_sweeps": _count(self.max_iter, "max_iter")}
        return self._fit_penalty(X, y, penalty, self.tol, sample_weight)


class Ridge(_Penalized):
    """‖y − Xw − b‖² + alpha·‖w‖² (scikit-learn's Ridge), solved directly (one symmetric
    eigendecomposition, refined once): the library's ridge at λ = alpha/n."""

    def __init__(self, alpha=1.0, fit_intercept=True, standardize=False):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.standardize = standardize

    def fit(self, X, y, sample_weight=None):
        """Fits the model; returns self. sample_weight: scikit-learn's Σ w·r² + alpha·‖w‖²
        with the weights as given (the library's ridge at λ = alpha/Σw)."""
        alpha = _real(self.alpha, "alpha")
        total = max(_rows(X), 1)
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=np.float64)
            total = float(np.sum(weights)) if weights.ndim else weights * max(_rows(X), 1)
        penalty = {"penalty": "ridge", "lambda": alpha / total if total > 0 else alpha}
        return self._fit_penalty(X, y, penalty, sample_weight=sample_weight)


class RidgeCV(_Penalized):
    """Ridge with alpha chosen among ``alphas`` by cross-validation: cv=None is leave-one-out in
    closed form (scikit-learn's default: e_i/(1 − h_i) from the one decomposition), an integer
    k-fold (seeded folds). Fitted: ``alpha_``, ``best_score_`` (minus the mean squared error at
    alpha_), ``cv_mse_`` (the mean squared error at each of ``alphas``, in their order)."""

    def __init__(self, alphas=(0.1, 1.0, 10.0), fit_intercept=True, cv=None, standardize=False):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.standardize = standardize

    def fit(self, X, y):
        """Fits the model; returns self."""
        alphas = _alphas(self.alphas)
        n = max(_rows(X), 1)
        penalty = {"penalty": "ridge", "lambdas": list(alphas / n), "rule": "min"}
        if self.cv is None:
            penalty["leave_one_out"] = True
        else:
            penalty.update(_folds(self.cv, X, y))
        self._fit_penalty(X, y, penalty)
        p = self._penalized
        order = np.argsort(-alphas, kind="stable")  # the path runs from the largest λ down
        mse = np.asarray(p["cv"]["mean"])
        self.cv_mse_ = np.empty_like(mse)
        self.cv_mse_[order] = mse
        self.alpha_ = float(alphas[order[p["index"]]])
        self.best_score_ = -float(mse[p["index"]])
        return self


class _PathCV(_Penalized):
    def _fit_path_cv(self, X, y, penalty_name, ratio):
        penalty = {"penalty": penalty_name, "l1_ratio": ratio, "rule": "min",
                   "max_sweeps": _count(self.max_iter, "max_iter"),
                   "seed": _seed(self.random_state), **_folds(self.cv, X, y)}
        if self.alphas is None:
            penalty["n_lambda"] = _count(self.n_alphas, "n_alphas")
            penalty["lambda_min_ratio"] = _real(self.eps, "eps", 0.0, 1.0, low_open=True)
        else:
            penalty["lambdas"] = list(_alphas(self.alphas))
        return self._fit_penalty(X, y, penalty, self.tol)

    def _path_attributes(self):
        p = self._penalized
        self.alpha_ = float(p["lambda"])
        self.alphas_ = np.asarray(p["lambdas"], dtype=np.float64)
        self.mse_path_ = np.asarray(p["cv"]["fold_mse"], dtype=np.float64)


class LassoCV(_PathCV):
    """The lasso with alpha chosen by k-fold cross-validation along its path (scikit-learn's
    LassoCV): ``n_alphas`` values log-spaced from the smallest alpha with every weight 0 down to
    ``eps`` times it, or ``alphas``; ``cv`` a fold count (a seeded shuffle, ``random_state``) or a
    scikit-learn splitter such as KFold(5). Fitted:
    ``alpha_`` (least mean error), ``alphas_``, ``mse_path_`` (alphas × folds)."""

    def __init__(self, eps=1e-3, n_alphas=100, alphas=None, fit_intercept=True, max_iter=100000,
                 tol=1e-12, cv=None, random_state=None, standardize=False):
        self.standardize = standardize
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.random_state = random_state

    def fit(self, X, y):
        """Fits the model; returns self."""
        self._fit_path_cv(X, y, "lasso", 1.0)
        self._path_attributes()
        return self


class ElasticNetCV(_PathCV):
    """The elastic net with alpha (and, for a list of ``l1_ratio``, the ratio) chosen by k-fold
    cross-validation (scikit-learn's ElasticNetCV). Fitted: ``alpha_``, ``l1_ratio_``,
    ``alphas_`` and ``mse_path_`` (with a leading axis per ratio for a list)."""

    def __init__(self, l1_ratio=0.5, eps=1e-3, n_alphas=100, alphas=None, fit_intercept=True,
                 max_iter=100000, tol=1e-12, cv=None, random_state=None, standardize=False):
        self.standardize = standardize
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.random_state = random_state

    def fit(self, X, y):
        """Fits the model; returns self."""
        listed = np.ndim(self.l1_ratio) == 1
        ratios = list(self.l1_ratio) if listed else [self.l1_ratio]
        if not ratios:
            raise ValueError("l1_ratio must be a number in (0, 1] or a non-empty list of them")
        best, fits = None, []
        for ratio in ratios:
            ratio = _real(ratio, "l1_ratio", 0.0, 1.0, low_open=True)
            self._fit_path_cv(X, y, "elasticnet", ratio)
            self._path_attributes()
            state = dict(self.__dict__)
            error = float(self._penalized["cv"]["mean"][self._penalized["index"]])
            fits.append((self.alphas_, self.mse_path_))
            if best is None or error < best[0]:
                best = (error, ratio, state)
        self.__dict__.update(best[2])
        self.l1_ratio_ = best[1]
        if listed:
            self.alphas_ = np.asarray([a for a, _ in fits])
            self.mse_path_ = np.asarray([m for _, m in fits])
        return self


def from_penalty(model):
    """The unfitted estimator of a penalized model file's penalty, its λ as scikit-learn's alpha
    (Ridge's alpha = n·λ, n the training rows) and its scaling as ``standardize`` (the program
    standardizes by default): fitted again on the same rows it gives the same model."""
    p = model.penalty
    common = {"fit_intercept": model.fit_intercept, "standardize": p["standardize"]}
    if p["penalty"] == "ridge":
        return Ridge(alpha=p["lambda"] * p["n"], **common)
    if p["penalty"] == "lasso":
        return Lasso(alpha=p["lambda"], **common)
    return ElasticNet(alpha=p["lambda"], l1_ratio=p["l1_ratio"], **common)


def lasso_path(X, y, *, eps=1e-3, n_alphas=100, alphas=None, tol=1e-12, max_iter=100000):
    """The lasso along a path of alphas, as scikit-learn's lasso_path: no intercept (center X
    and y first for one) and the raw features. Returns (alphas, coefs, kkt): the alphas from the
    largest down, coefs of shape (n_features, n_alphas), and at each alpha the largest KKT
    violation relative to the gradient's scale (where scikit-learn returns duality gaps)."""
    X = check_array(X, dtype=np.float64, order="F")
    y = check_array(y, ensure_2d=False, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    penalty = {"penalty": "lasso", "max_sweeps": _count(max_iter, "max_iter")}
    if alphas is None:
        penalty["n_lambda"] = _count(n_alphas, "n_alphas")
        penalty["lambda_min_ratio"] = _real(eps, "eps", 0.0, 1.0, low_open=True)
    else:
        penalty["lambdas"] = [float(a) for a in np.atleast_1d(alphas)]
    path = _core.penalized_path(X, y, fit_intercept=False, scale=False, penalty=penalty,
                                tolerance=_real(tol, "tol", 0.0, 1.0, low_open=True))
    return (np.asarray(path["lambdas"]), np.asarray(path["weights"]),
            np.asarray(path["kkt_violation"]))
