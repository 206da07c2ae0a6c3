"""Immutable search dimensions.

Every dimension maps a value to and from the unit interval ``[0, 1)``: the
*unit encoding*. A uniform draw on the unit interval, decoded, is a draw from
the dimension's prior (uniform, log-uniform, the categories' weights, or a
``scipy.stats`` distribution). Finite dimensions also number their values
``0 .. n_values - 1`` (the *index*), which gives each point a canonical key.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "Categorical",
    "Dimension",
    "Distribution",
    "Integer",
    "Ordinal",
    "Real",
]

# Encoded values are kept inside [_EPS, 1 - _EPS] so that distributions with
# unbounded support never decode to +-inf.
_EPS = 1e-9


def _digits(low, high):
    """Significant digits that resolve ``[low, high]`` to 12 digits (at most 17)."""
    scale = max(abs(low), abs(high))
    if not (math.isfinite(scale) and scale > 0 and high > low):
        return 17
    return int(min(17, 12 + max(0, math.ceil(math.log10(scale / (high - low))))))


def _round(value, digits=12):
    """A real value rounded to ``digits`` significant digits (12 by default).

    Proposals computed in floating point can differ in their last bits from
    one process to another (BLAS kernels depend on memory alignment); rounding
    keeps the same seed giving the very same candidates, and the printed
    parameters readable.
    """
    return float(f"{float(value):.{digits}g}")


def _native(value):
    """Return a numpy scalar as the equivalent Python scalar, anything else as is."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _is_number(value):
    """True for real numbers that are not booleans."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


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


def _check_prior(prior, low, name):
    if prior not in ("uniform", "log-uniform"):
        raise ValueError(
            f"{name}: prior must be 'uniform' or 'log-uniform', got {prior!r}."
        )
    if prior == "log-uniform" and low <= 0:
        raise ValueError(
            f"{name}: a 'log-uniform' prior needs low > 0, got low={low!r}."
        )


class Real(Dimension):
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
        self._set(low=float(low), high=float(high), prior=prior, base=base)

    def _state(self):
        return {
            "low": self.low,
            "high": self.high,
            "prior": self.prior,
            "base": self.base,
        }

    def _identity(self):
        return (self.low, self.high, self.prior)

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


class Integer(Dimension):
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
        self._set(low=int(low), high=int(high), prior=prior, base=base)

    def _state(self):
        return {
            "low": self.low,
            "high": self.high,
            "prior": self.prior,
            "base": self.base,
        }

    def _identity(self):
        return (self.low, self.high, self.prior)

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
        return (
            isinstance(value, numbers.Integral)
            and not isinstance(value, (bool, np.bool_))
            and self.low <= value <= self.high
        )


class _Finite(Dimension):
    """A dimension with an explicit tuple of values.

    Repeated values (values with the same key) are kept once, at their first
    position: each value is one point of the space.
    """

    __slots__ = ("_keys", "values")
    is_finite = True
    #: Whether values are keyed by number (see :func:`_value_key`).
    _by_number = False

    def __init__(self, values):
        unique = {}
        for v in values:
            v = _native(v)
            unique.setdefault(_value_key(v, by_number=self._by_number), v)
        if not unique:
            raise ValueError(f"{type(self).__name__}: at least one value is needed.")
        keys = _FrozenDict((k, i) for i, k in enumerate(unique))
        self._set(values=tuple(unique.values()), _keys=keys)

    def _identity(self):
        return tuple(_value_key(v) for v in self.values)

    @property
    def n_values(self):
        return len(self.values)

    def _cdf(self):
        n = len(self.values)
        return np.arange(1, n + 1) / n

    def decode(self, u):
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        idx = np.searchsorted(self._cdf(), u, side="right")
        idx = np.minimum(idx, len(self.values) - 1)
        return [self.values[i] for i in idx]

    def encode(self, values):
        cdf = np.concatenate([[0.0], self._cdf()])
        idx = np.array([self.index(v) for v in values], dtype=int)
        return 0.5 * (cdf[idx] + cdf[idx + 1])

    def index(self, value):
        """Position of ``value`` in :attr:`values` (raises ``KeyError`` if absent)."""
        return self._keys[_value_key(value, by_number=self._by_number)]

    def value_at(self, index):
        return self.values[int(index)]

    def key(self, value):
        return self.index(value)

    def contains(self, value):
        try:
            self.index(value)
        except (KeyError, TypeError):
            return False
        return True


def _value_key(value, *, by_number=False):
    """A hashable key of a value: values with the same key are the same value.

    By default the type counts (``1``, ``1.0`` and ``True`` are three values,
    as categories or parameters are) and an unhashable value is keyed by its
    identity. With ``by_number=True`` a real number is keyed by its value
    (``1``, ``1.0`` and numpy's ``1`` are one step of an ordinal axis) and
    anything else raises ``TypeError``.
    """
    value = _native(value)
    if by_number:
        if not _is_number(value):
            raise TypeError(f"{value!r} is not a real number.")
        return value
    if isinstance(value, tuple):
        # (1, 2) == (True, 2): compare the items by key too
        return (type(value).__name__, tuple(_value_key(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("__id__", id(value))
    # 1 == 1.0 == True in Python; keep them apart
    return (type(value).__name__, value)


class _FrozenDict(dict):
    """A dict that hashes by content (used for immutable lookup tables)."""

    def __hash__(self):
        return hash(tuple(self.items()))


class Ordinal(_Finite):
    """An ordered, finite set of numbers, such as a ``GridSearchCV`` list.

    Values are sorted and de-duplicated (``1`` and ``1.0`` are one value,
    the first given is kept). The optimizer treats them as
    equally spaced steps along one axis: ``[1, 10, 100]`` is a log-spaced
    axis with three steps. A decoded value is always one of the given values
    (numpy scalars are returned as the equal Python scalar).

    Parameters
    ----------
    values : sequence of numbers
        The values (ints, floats or numpy scalars; not NaN), in any order.

    Examples
    --------
    >>> from skbayes.space import Ordinal
    >>> Ordinal([100, 1, 10]).values
    (1, 10, 100)
    """

    __slots__ = ()
    _by_number = True

    def __init__(self, values):
        values = [_native(v) for v in values]
        bad = [v for v in values if not _is_number(v)]
        if bad:
            raise TypeError(f"Ordinal: values must be real numbers, got {bad[0]!r}.")
        if any(isinstance(v, float) and math.isnan(v) for v in values):
            raise ValueError("Ordinal: values must not be NaN.")
        super().__init__(sorted(values))

    def _state(self):
        return {"values": list(self.values)}


class Categorical(_Finite):
    """An unordered set of values of any type.

    Strings, ``None``, booleans, tuples (``hidden_layer_sizes``), estimator
    objects, ``"passthrough"``: a decoded value is the very object given
    (not a copy). A repeated category is kept once (with the summed weight
    of its occurrences when a prior is given).

    Parameters
    ----------
    categories : sequence
        The values.
    prior : sequence of float, default=None
        Probabilities of the categories when sampled at random (uniform if
        None), as in scikit-optimize.

    Examples
    --------
    >>> from skbayes.space import Categorical
    >>> Categorical(["rbf", "linear", None]).decode([0.0, 0.9])
    ['rbf', None]
    """

    __slots__ = ("prior",)

    def __init__(self, categories, prior=None):
        if isinstance(categories, (str, bytes)) or not hasattr(categories, "__len__"):
            raise TypeError(
                f"Categorical: categories must be a list or tuple, got {categories!r}."
            )
        categories = list(categories)
        super().__init__(categories)
        if prior is not None:
            prior = np.asarray(prior, dtype=float)
            if (
                prior.shape != (len(categories),)
                or not np.all(np.isfinite(prior))
                or np.any(prior < 0)
                or not (prior.sum() > 0)
            ):
                raise ValueError(
                    "Categorical: prior must hold one finite, non-negative weight "
                    f"per category, got {prior!r}."
                )
            weights = np.zeros(len(self.values))
            for category, p in zip(categories, prior):
                weights[self.index(category)] += p
            prior = tuple(float(p) for p in weights / weights.sum())
        self._set(prior=prior)

    def _identity(self):
        return (super()._identity(), self.prior)

    def _state(self):
        return {"categories": list(self.values), "prior": self.prior}

    def _cdf(self):
        if self.prior is None:
            return super()._cdf()
        # divided by the total, not just cdf[-1] = 1.0: trailing categories of
        # weight 0 must keep an empty bucket, even when rounding leaves the
        # sum of the weights before them just below 1
        cdf = np.cumsum(self.prior)
        return cdf / cdf[-1]


class Distribution(Dimension):
    """A frozen ``scipy.stats`` distribution, as in ``RandomizedSearchCV``.

    The unit interval is mapped through the distribution's quantile function
    (``ppf``), so a uniform draw gives a draw from the distribution and the
    user's prior is kept. Discrete distributions give integers.

    Parameters
    ----------
    distribution : frozen scipy.stats distribution
        Continuous or discrete, e.g. ``loguniform(1e-3, 1e3)`` or
        ``randint(1, 20)``; it is kept, not copied.

    Examples
    --------
    >>> from scipy.stats import loguniform
    >>> from skbayes.space import Distribution
    >>> Distribution(loguniform(1e-2, 1e2)).decode([0.5])
    [1.0...]
    """

    __slots__ = ("_index", "_support", "_values", "discrete", "distribution")

    def __init__(self, distribution):
        if not (hasattr(distribution, "ppf") and hasattr(distribution, "cdf")):
            raise TypeError(
                "Distribution: expected a frozen scipy.stats distribution (with "
                f"ppf and cdf methods), got {distribution!r}."
            )
        from scipy import stats

        discrete = isinstance(distribution, stats.rv_discrete) or isinstance(
            getattr(distribution, "dist", None), stats.rv_discrete
        )
        low, high = distribution.support()
        values = None
        if discrete:
            values = _discrete_support(distribution, float(low), float(high))
        self._set(
            distribution=distribution,
            discrete=discrete,
            _support=(float(low), float(high)),
            _values=values,
            _index=None if values is None else {v: i for i, v in enumerate(values)},
        )

    def _state(self):
        return {"distribution": self.distribution}

    def _identity(self):
        return (id(self.distribution),)

    @property
    def n_values(self):
        if self._values is not None:
            return len(self._values)
        return math.inf

    @property
    def is_finite(self):
        return self._values is not None

    def support_values(self):
        """The values of a finite discrete distribution (with probability > 0)."""
        if self._values is None:
            raise ValueError(f"{self!r} does not have finitely many values.")
        return self._values

    def _as_value(self, x):
        if self.discrete:
            return int(x) if float(x).is_integer() else float(x)
        low, high = self._support
        return min(max(_round(x), low), high)

    def decode(self, u):
        u = np.clip(np.asarray(u, dtype=float), _EPS, 1 - _EPS)
        x = np.asarray(self.distribution.ppf(u), dtype=float)
        if self._values is not None:
            # ppf gives support values; snap away any rounding of its own
            support = np.asarray(self._values, dtype=float)
            pos = np.clip(np.searchsorted(support, x), 0, len(support) - 1)
            left = np.clip(pos - 1, 0, len(support) - 1)
            pick = np.where(
                np.abs(support[left] - x) < np.abs(support[pos] - x), left, pos
            )
            return [self._values[i] for i in pick]
        return [self._as_value(v) for v in x]

    def encode(self, values):
        x = np.asarray(values, dtype=float)
        if self.discrete:
            # centre of the value's probability mass
            pmf = np.asarray(self.distribution.pmf(x), dtype=float)
            u = np.asarray(self.distribution.cdf(x), dtype=float) - 0.5 * pmf
        else:
            u = self.distribution.cdf(x)
        return np.clip(np.asarray(u, dtype=float), _EPS, 1 - _EPS)

    def index(self, value):
        return self._index[self._as_value(value)]

    def value_at(self, index):
        return self._values[int(index)]

    def key(self, value):
        if self._values is not None:
            return self.index(value)
        return self._as_value(value)

    def contains(self, value):
        if not _is_number(value) or not math.isfinite(value):
            return False
        if self._values is not None:
            return self._as_value(value) in self._index
        low, high = self._support
        if self.discrete and not float(value).is_integer():
            return False
        return low <= value <= high


# A discrete distribution with at most this many values is enumerated (its
# points can then be exhausted and keyed by position).
_MAX_DISCRETE_VALUES = 1_000_000


def _discrete_support(distribution, low, high):
    """The values of positive probability of a bounded discrete distribution."""
    xk = getattr(distribution, "xk", None)
    if xk is None:
        xk = getattr(getattr(distribution, "dist", None), "xk", None)
    if xk is not None:  # rv_discrete(values=(xk, pk))
        candidates = np.unique(np.asarray(xk, dtype=float))
    elif (
        math.isfinite(low) and math.isfinite(high) and high - low < _MAX_DISCRETE_VALUES
    ):
        candidates = np.arange(low, high + 1)
    else:
        return None
    candidates = candidates[np.asarray(distribution.pmf(candidates)) > 0]
    return tuple(int(v) if float(v).is_integer() else float(v) for v in candidates)
