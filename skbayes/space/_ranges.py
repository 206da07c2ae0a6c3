"""Ranges of numbers: ``Real`` (continuous) and ``Integer``."""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._dimensions import Dimension, _check_bounds
from ._priors import _check_base, _check_prior
from ._values import _digits, _is_number, _round

__all__ = ["Integer", "Real"]


class _Range(Dimension):
    """What ``Real`` and ``Integer`` share: bounds, a prior and its base."""

    def _state(self):
        return {
            "low": self.low,
            "high": self.high,
            "prior": self.prior,
            "base": self.base,
        }

    def _identity(self):
        return (self.low, self.high, self.prior)


class Real(_Range):
    """A continuous interval ``[low, high]``.

    Parameters
    ----------
    low, high : float
        Bounds, ``low < high``.
    prior : {"uniform", "log-uniform"}, default="uniform"
        With ``"log-uniform"`` the logarithm of the value is uniform (``low``
        must be positive).
    base : float, default=10
        Base of the logarithm; kept for compatibility with scikit-optimize
        (the distribution does not depend on it).

    Examples
    --------
    >>> from skbayes.space import Real
    >>> Real(1e-3, 1e3, prior="log-uniform").decode([0.5])
    [1.0]
    """

    __slots__ = ("base", "high", "low", "prior")

    def __init__(self, low, high, prior="uniform", base=10):
        _check_bounds(low, high, "Real")
        _check_prior(prior, low, "Real")
        _check_base(base, "Real")
        self._set(low=float(low), high=float(high), prior=prior, base=base)

    def _bounds(self):
        if self.prior == "log-uniform":
            return math.log(self.low), math.log(self.high)
        return self.low, self.high

    def decode(self, u):
        lo, hi = self._bounds()
        x = lo + np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * (hi - lo)
        if self.prior == "log-uniform":
            x = np.exp(x)
        x = np.clip(x, self.low, self.high)
        digits = _digits(self.low, self.high)
        return [
            float(v)
            if v in (self.low, self.high)
            else min(max(_round(v, digits), self.low), self.high)
            for v in x
        ]

    def encode(self, values):
        lo, hi = self._bounds()
        x = np.asarray(values, dtype=float)
        if self.prior == "log-uniform":
            x = np.log(x)
        return np.clip((x - lo) / (hi - lo), 0.0, 1.0)

    def key(self, value):
        return float(value)

    def contains(self, value):
        return _is_number(value) and self.low <= value <= self.high


class Integer(_Range):
    """The integers ``low, low + 1, ..., high`` (both ends included).

    Parameters
    ----------
    low, high : int
        Bounds, ``low < high``.
    prior : {"uniform", "log-uniform"}, default="uniform"
        With ``"log-uniform"``, small values are as likely as large ones on a
        log scale (``low`` must be positive).
    base : float, default=10
        Kept for compatibility with scikit-optimize.

    Examples
    --------
    >>> from skbayes.space import Integer
    >>> Integer(1, 4).decode([0.0, 0.3, 0.99])
    [1, 2, 4]
    """

    __slots__ = ("base", "high", "low", "prior")
    is_finite = True

    def __init__(self, low, high, prior="uniform", base=10):
        for bound in (low, high):
            if not isinstance(bound, numbers.Integral) or isinstance(bound, bool):
                raise TypeError(
                    f"Integer: low and high must be integers, got low={low!r} and "
                    f"high={high!r}."
                )
        _check_bounds(int(low), int(high), "Integer")
        _check_prior(prior, low, "Integer")
        _check_base(base, "Integer")
        self._set(low=int(low), high=int(high), prior=prior, base=base)

    @property
    def n_values(self):
        return self.high - self.low + 1

    def _edges(self):
        # values are buckets [v, v + 1) of the real line, log-scaled if asked
        if self.prior == "log-uniform":
            return math.log(self.low), math.log(self.high + 1)
        return float(self.low), float(self.high + 1)

    def decode(self, u):
        lo, hi = self._edges()
        x = lo + np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * (hi - lo)
        if self.prior == "log-uniform":
            x = np.exp(x)
        x = np.clip(np.floor(x), self.low, self.high)
        return [int(v) for v in x]

    def encode(self, values):
        lo, hi = self._edges()
        x = np.asarray(values, dtype=float)
        if self.prior == "log-uniform":
            centre = 0.5 * (np.log(x) + np.log(x + 1))
        else:
            centre = x + 0.5
        return np.clip((centre - lo) / (hi - lo), 0.0, 1.0)

    def index(self, value):
        return int(value) - self.low

    def value_at(self, index):
        return self.low + int(index)

    def key(self, value):
        return self.index(value)

    def contains(self, value):
        """Whether ``value`` is an integer in ``[low, high]``; a whole float
        (``3.0``, as a table of results may hold it) counts as one."""
        if isinstance(value, (bool, np.bool_)):
            return False
        if isinstance(value, numbers.Integral):
            return self.low <= value <= self.high
        return (
            isinstance(value, (float, np.floating))
            and float(value).is_integer()
            and self.low <= value <= self.high
        )

    def canonical(self, value):
        return int(value)
