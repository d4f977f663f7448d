"""The library's warnings as Python warnings: each carries the library's code."""
import os
import sys
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


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _caller_level():
    """The stack level of the first frame outside this package: the user's line."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE:
        level, frame = level + 1, frame.f_back
    return level


def emit(library_warnings):
    """Issues each (code, text) pair the library returned as a warning, attributed to the line
    outside linreg that called it (the user's fit, predict or summary)."""
    stacklevel = _caller_level()
    for code, text in library_warnings:
        kind = LinregConvergenceWarning if code in _CONVERGENCE_CODES else LinregWarning
        warnings.warn(kind(text, code), stacklevel=stacklevel)
