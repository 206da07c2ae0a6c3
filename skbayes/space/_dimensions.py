"""Immutable search dimensions: the base classes.

Every dimension maps a value to and from the unit interval ``[0, 1)``: the
*unit encoding*. A uniform draw on the unit interval, decoded, is a draw from
the dimension's prior (uniform, log-uniform, the categories' weights, or a
``scipy.stats`` distribution). Finite dimensions also number their values
``0 .. n_values - 1`` (the *index*), which gives each point a canonical key.

The kinds of dimension live beside this module: ``_ranges.py`` (``Real``,
``Integer``), ``_ordinal.py`` (``Ordinal``), ``_categorical.py``
(``Categorical``), ``_distribution.py`` (``Distribution``); ``_keys.py``
keys values by what they are.
"""

from __future__ import annotations

import math

import numpy as np

from ._values import _is_number

__all__ = ["Dimension"]


class Dimension:
    """Base class of the search dimensions.

    Dimensions are immutable: their attributes are set once, in ``__init__``.
    Each maps the unit interval onto its values (``decode``) and back
    (``encode``), which is how the optimizers see every kind alike.

    Examples
    --------
    >>> from skbayes.space import Dimension, Integer
    >>> dim = Integer(1, 10)
    >>> isinstance(dim, Dimension), dim.decode([0.0, 0.999])
    (True, [1, 10])
    """

    __slots__ = ()
    #: True when the dimension has finitely many values.
    is_finite = False

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    def _set(self, **attributes):
        for name, value in attributes.items():
            object.__setattr__(self, name, value)

    def __eq__(self, other):
        return type(self) is type(other) and self._identity() == other._identity()

    def __hash__(self):
        return hash((type(self).__name__, self._identity()))

    def __reduce__(self):
        return (type(self)._rebuild, (self._state(),))

    @classmethod
    def _rebuild(cls, state):
        return cls(**state)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._state().items())
        return f"{type(self).__name__}({args})"

    @property
    def n_values(self):
        """Number of distinct values (``math.inf`` for continuous dimensions)."""
        return math.inf

    def decode(self, u):
        """Map unit-interval values (array-like) to a list of values."""
        raise NotImplementedError

    def encode(self, values):
        """Map values to the unit interval (the bucket centre for finite ones)."""
        raise NotImplementedError

    def key(self, value):
        """Canonical hashable key of ``value`` (an index for finite dimensions)."""
        raise NotImplementedError

    def contains(self, value):
        """Whether ``value`` is a value of this dimension."""
        raise NotImplementedError

    def canonical(self, value):
        """``value`` (a value of this dimension) as the dimension gives it.

        The identity, except where a dimension accepts another spelling of
        its values: an :class:`Integer` accepts a whole float (``3.0``) and
        gives an int.
        """
        return value


def _check_bounds(low, high, name):
    if not (_is_number(low) and _is_number(high)):
        raise TypeError(
            f"{name}: low and high must be real numbers, got low={low!r} and "
            f"high={high!r}."
        )
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{name}: low and high must be finite, got {low!r}, {high!r}.")
    if low >= high:
        raise ValueError(
            f"{name}: low must be strictly less than high, got low={low!r} and "
            f"high={high!r}."
        )


def _uniform_index(u, n):
    """The bucket of each unit value among ``n`` buckets of equal width.

    Bit for bit ``np.searchsorted(np.arange(1, n + 1) / n, u, side="right")``
    capped at ``n - 1`` (NaN in the last bucket), without building the ``n``
    bucket edges.
    """
    u = np.asarray(u, dtype=float)
    u = np.where(np.isnan(u), 1.0, u)
    idx = np.clip(np.floor(u * n), 0, n).astype(np.int64)
    for _ in range(2):  # floor(u * n) is one bucket off at most
        idx += (idx < n) & ((idx + 1) / n <= u)
        idx -= (idx > 0) & (idx / n > u)
    return np.minimum(idx, n - 1)


class _Finite(Dimension):
    """A dimension with finitely many values, numbered ``0 .. n_values - 1``.

    The unit interval is cut into one bucket per value, in order: of equal
    widths, or of the widths given by :meth:`_cdf`. Subclasses give
    :attr:`n_values`, :meth:`index`, :meth:`value_at` and :meth:`_values_at`;
    each costs O(1) or O(log n_values), so that a grid of millions of values
    is searched as fast as a small one.
    """

    __slots__ = ()
    is_finite = True

    def _cdf(self):
        """Upper edges of the buckets, or None for buckets of equal width."""
        return None

    def _decode_index(self, u):
        """Indices of the values whose buckets hold the unit values ``u``."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        cdf = self._cdf()
        if cdf is None:
            return _uniform_index(u, self.n_values)
        idx = np.searchsorted(cdf, u, side="right")
        return np.minimum(idx, self.n_values - 1)

    def _encode_index(self, idx):
        """Centres of the buckets of the values at indices ``idx``."""
        idx = np.asarray(idx, dtype=np.int64)
        cdf = self._cdf()
        if cdf is None:
            n = self.n_values
            return 0.5 * (idx / n + (idx + 1) / n)
        cdf = np.concatenate([[0.0], cdf])
        return 0.5 * (cdf[idx] + cdf[idx + 1])

    def decode(self, u):
        return self._values_at(self._decode_index(u))

    def encode(self, values):
        return self._encode_index([self.index(v) for v in values])

    def index(self, value):
        """Position of ``value`` among the values (raises ``KeyError`` if absent)."""
        raise NotImplementedError

    def value_at(self, index):
        """The value at position ``index``."""
        raise NotImplementedError

    def _values_at(self, idx):
        """The values at the positions ``idx`` (an array of int), as a list."""
        return [self.value_at(i) for i in idx]

    def key(self, value):
        return self.index(value)

    def contains(self, value):
        try:
            self.index(value)
        except (KeyError, TypeError):
            return False
        return True


_MOVED = {
    "Real": "_ranges",
    "Integer": "_ranges",
    "Ordinal": "_ordinal",
    "Categorical": "_categorical",
}


def __getattr__(name):
    # objects pickled when every kind lived in this module name them here
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f".{_MOVED[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
