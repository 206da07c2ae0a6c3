"""Ranges that depend on the data, resolved when the data is known.

A default space says ``max_features`` spans ``[1 / n_features, 1]`` or
``n_neighbors`` spans ``1 .. min(100, n_train)``; the numbers are only known
at ``fit``. :class:`DataInfo` describes the data an estimator will be fitted
on, :class:`DataRange` is a range written in terms of it.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

from ..space import Categorical, Integer, Real

__all__ = ["DataInfo", "DataRange", "integer_range", "real_range"]


def _n_rows(X):
    if hasattr(X, "shape") and len(X.shape) >= 1:
        return int(X.shape[0])
    return len(X)


def _n_columns(X):
    if hasattr(X, "shape"):
        return int(X.shape[1]) if len(X.shape) > 1 else 1
    first = X[0] if len(X) else []
    return len(first) if hasattr(first, "__len__") else 1


def _variance(X):
    """``X.var()`` as scikit-learn's ``gamma="scale"`` computes it (1.0 if none)."""
    try:
        if sp.issparse(X):
            var = float(X.multiply(X).mean() - X.mean() ** 2)
        else:
            var = float(np.asarray(X, dtype=float).var())
    except (TypeError, ValueError):  # strings, mixed columns
        return 1.0
    return var if math.isfinite(var) and var > 0 else 1.0


def _mean_squared_norm(X):
    """Mean of ``||x||^2`` over the rows: the linear kernel's mean diagonal."""
    try:
        if sp.issparse(X):
            value = float(X.multiply(X).sum() / X.shape[0])
        else:
            X = np.asarray(X, dtype=float)
            value = float(np.mean(np.sum(X.reshape(len(X), -1) ** 2, axis=1)))
    except (TypeError, ValueError, ZeroDivisionError):  # strings, no rows
        return 1.0
    return value if math.isfinite(value) and value > 0 else 1.0


class DataInfo:
    """What a default space may know of the data an estimator is fitted on.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data as the estimator sees it.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        The target.
    n_train : int, default=None
        The number of samples in the smallest training set of the
        cross-validation (the estimator is fitted on those, not on the whole
        ``X``). Defaults to ``n_samples``.
    transform : callable, default=None
        Maps ``(X, y)`` to the data seen by a step of a pipeline (its
        preceding steps fitted and applied), called the first time a
        statistic of the features is read. Should it fail, the statistics
        are those of ``X``.

    Attributes
    ----------
    n_samples, n_train : int
    n_features : int
        Features as the estimator sees them (after the preceding steps).
    x_variance : float
        Variance of all the feature values (scikit-learn's ``X.var()``).
    x_squared_norm : float
        Mean over the samples of ``||x||^2``, the diagonal of the linear
        kernel (1.0 if zero or not numeric).
    n_classes : int
        Distinct values of a one-dimensional ``y`` (0 without ``y``).
    y_std, y_mean : float
        Standard deviation (1.0 if zero) and mean of a numeric ``y``.
    """

    def __init__(self, X, y=None, *, n_train=None, transform=None):
        self._X, self._y, self._transform = X, y, transform
        self.n_samples = _n_rows(X)
        self.n_train = int(n_train) if n_train is not None else self.n_samples
        self._seen = None
        self.n_classes = 0
        self.y_std, self.y_mean = 1.0, 0.0
        if y is not None:
            y_arr = np.asarray(y)
            if y_arr.ndim == 1 or (y_arr.ndim == 2 and y_arr.shape[1] == 1):
                self.n_classes = len(np.unique(y_arr.ravel()))
            if y_arr.dtype.kind in "iuf" and y_arr.size:
                std = float(np.std(y_arr))
                self.y_std = std if math.isfinite(std) and std > 0 else 1.0
                self.y_mean = float(np.mean(y_arr))

    def _features(self):
        if self._seen is None:
            seen = self._X
            if self._transform is not None:
                try:
                    seen = self._transform(self._X, self._y)
                except Exception:  # the raw data is a fair guess
                    seen = self._X
            self._seen = seen
        return self._seen

    @property
    def n_features(self):
        return max(1, _n_columns(self._features()))

    @property
    def x_variance(self):
        return _variance(self._features())

    @property
    def x_squared_norm(self):
        return _mean_squared_norm(self._features())


def steps_transform(steps):
    """A ``transform`` for :class:`DataInfo`: fit and apply pipeline ``steps``."""

    def transform(X, y):
        for _, step in steps:
            if step is None or step == "passthrough":
                continue
            X = clone(step).fit_transform(X, y)
        return X

    return transform


def integer_range(low, high, prior="uniform"):
    """An :class:`Integer` range, or the single value when ``low >= high``."""
    low, high = int(low), int(high)
    if high <= low:
        return Categorical([low])
    return Integer(low, high, prior=prior)


def real_range(low, high, prior="uniform"):
    """A :class:`Real` range, or the single value when ``low >= high``."""
    low, high = float(low), float(high)
    if high <= low * (1 + 1e-12):
        return Categorical([high])
    return Real(low, high, prior=prior)


class DataRange:
    """A range whose bounds are functions of the data.

    Parameters
    ----------
    resolve : callable
        ``resolve(info)`` returns the dimension for a :class:`DataInfo`.
    text : str
        The range in words, for tables (``"[1 / n_features, 1]"``).
    prior : str
        ``"uniform"`` or ``"log-uniform"``.
    """

    __slots__ = ("prior", "resolve", "text")

    def __init__(self, resolve, text, prior):
        object.__setattr__(self, "resolve", resolve)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "prior", prior)

    def __setattr__(self, name, value):
        raise AttributeError("DataRange objects are immutable")

    def __reduce__(self):
        return (DataRange, (self.resolve, self.text, self.prior))

    def __eq__(self, other):
        return isinstance(other, DataRange) and (
            self.text,
            self.prior,
        ) == (other.text, other.prior)

    def __hash__(self):
        return hash((self.text, self.prior))

    def __repr__(self):
        return f"DataRange({self.text!r}, prior={self.prior!r})"
