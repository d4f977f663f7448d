"""The library's warnings as Python warnings: each carries the library's code."""
import warnings

from sklearn.exceptions import ConvergenceWarning


class LinregWarning(UserWarning):
    """A warning from linreg's library; ``code`` names it (e.g. "rank_deficient")."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class LinregConvergenceWarning(LinregWarning, ConvergenceWarning):
    """Gradient descent stopped before its tolerance, or diverged (codes "not_converged",
    "diverged"): also a scikit-learn ConvergenceWarning, so filters for that one apply."""


_CONVERGENCE_CODES = {"not_converged", "diverged"}


def emit(library_warnings, stacklevel=4):
    """Issues each (code, text) pair the library returned as a warning, attributed to the line
    that called the estimator's fit (emit <- _fit <- fit <- the caller)."""
    for code, text in library_warnings:
        kind = LinregConvergenceWarning if code in _CONVERGENCE_CODES else LinregWarning
        warnings.warn(kind(text, code), stacklevel=stacklevel)
