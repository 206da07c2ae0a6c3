"""A dimension that keeps the prior of a frozen ``scipy.stats`` distribution."""

from __future__ import annotations

import math

import numpy as np

from ._dimensions import Dimension
from ._discrete import _LIMIT, _MAX_DISCRETE_VALUES, DiscreteQuantiles
from ._values import _EPS, _is_number, _round

__all__ = ["Distribution"]


class Distribution(Dimension):
    """A frozen ``scipy.stats`` distribution, as in ``RandomizedSearchCV``.

    The unit interval is mapped through the distribution's quantile function
    (``ppf``), so a uniform draw gives a draw from the distribution and the
    user's prior is kept. Discrete distributions give integers. Those
    without a quantile function of their own in scipy (``zipf``, ``logser``,
    ``betabinom`` ...) are decoded through a table of their ``cdf`` built
    once, as scipy's generic ``ppf`` may sum hundreds of millions of
    probabilities for one heavy-tailed quantile. Discrete values are cut at
    +-2**53, the largest integers a float holds exactly.

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

    __slots__ = ("_quantiles", "_support", "_values", "discrete", "distribution")

    def __init__(self, distribution):
        if not (hasattr(distribution, "ppf") and hasattr(distribution, "cdf")):
            raise TypeError(
                "Distribution: expected a frozen scipy.stats distribution (with "
                f"ppf and cdf methods), got {distribution!r}."
            )
        discrete = _is_discrete(distribution)
        with np.errstate(all="ignore"):  # an infinite location: NaN ends
            low, high = distribution.support()
        values = quantiles = None
        if discrete:
            _check_support(distribution, low, high)
            values = _discrete_support(distribution, float(low), float(high))
            quantiles = DiscreteQuantiles(distribution, float(low), float(high), values)
        _check_values(distribution, low, high, quantiles)
        self._set(
            distribution=distribution,
            discrete=discrete,
            _support=(float(low), float(high)),
            # the sorted values of a finite discrete distribution (an array
            # of floats, searched by bisection), or None
            _values=values,
            # the cdf and quantiles of a discrete distribution, or None
            _quantiles=quantiles,
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
        return tuple(_whole_or_float(v) for v in self._values.tolist())

    def _as_value(self, x):
        if self.discrete:
            return _whole_or_float(x)
        low, high = self._support
        return min(max(_round(x), low), high)

    def decode(self, u):
        u = np.clip(np.asarray(u, dtype=float), _EPS, 1 - _EPS)
        if self.discrete:
            return [_whole_or_float(v) for v in self._quantiles.ppf(u).tolist()]
        x = np.asarray(self.distribution.ppf(u), dtype=float)
        return [self._as_value(v) for v in x]

    def encode(self, values):
        x = np.asarray(values, dtype=float)
        if self.discrete:
            # centre of the value's probability mass
            quantiles = self._quantiles
            if quantiles.exact or quantiles.values is not None:
                with np.errstate(all="ignore"):
                    pmf = np.asarray(self.distribution.pmf(x), dtype=float)
                u = quantiles.cdf(x) - 0.5 * pmf
            else:  # the mass between the tabulated cdf of x - 1 and of x
                u = 0.5 * (quantiles.cdf(x) + quantiles.cdf(x - 1))
        else:
            u = self.distribution.cdf(x)
        return np.clip(np.asarray(u, dtype=float), _EPS, 1 - _EPS)

    def index(self, value):
        """Position of ``value`` among the values of a finite distribution."""
        if self._values is None:
            raise TypeError(f"{self!r} does not have finitely many values.")
        if not _is_number(value):
            raise TypeError(f"{value!r} is not a real number.")
        x = float(self._as_value(value))
        i = int(np.searchsorted(self._values, x))
        if i < len(self._values) and self._values[i] == x:
            return i
        raise KeyError(value)

    def value_at(self, index):
        return _whole_or_float(self._values[int(index)])

    def key(self, value):
        if self._values is not None:
            return self.index(value)
        return self._as_value(value)

    def contains(self, value):
        if not _is_number(value) or not math.isfinite(value):
            return False
        if self._values is not None:
            try:
                self.index(value)
            except KeyError:
                return False
            return True
        low, high = self._support
        if self.discrete and not float(value).is_integer():
            return False
        return low <= value <= high


def _is_discrete(distribution):
    from scipy import stats

    return isinstance(distribution, stats.rv_discrete) or isinstance(
        getattr(distribution, "dist", None), stats.rv_discrete
    )


def _check_support(distribution, low, high):
    if math.isnan(low) or math.isnan(high) or low == math.inf or high == -math.inf:
        _refuse(distribution, f"support [{low}, {high}]")


def _check_values(distribution, low, high, quantiles):
    """Refuse a distribution whose quantiles are not all finite numbers.

    scipy.stats freezes a distribution with invalid parameters (a scale of 0
    or below, ``randint(3, 3)``, a NaN location) without complaint; its
    support and quantiles are then NaN, or infinite for an infinite scale.
    Every decoded value is a quantile between those of ``_EPS`` and
    ``1 - _EPS``, so these two and the median must be finite. A discrete
    distribution's median must also hold half the probability (scipy 1.10's
    ``poisson(inf)`` gives 0 for every quantile, and a cdf of 0), and at most
    half may lie beyond the limit of its values (``zipf(1.01)`` puts 0.69
    beyond 2**53).
    """
    edges = [_EPS, 0.5, 1 - _EPS]
    with np.errstate(all="ignore"):
        if quantiles is None:
            values = np.asarray(distribution.ppf(edges), dtype=float)
        else:
            values = np.asarray(quantiles.ppf(edges), dtype=float)
            median = values[1]
            held = quantiles.cdf([median])[0] >= 0.5
            if not math.isfinite(median):
                pass  # refused below
            elif not held and abs(median) < _LIMIT:
                values[1] = np.nan
            elif quantiles.beyond >= 0.5 or not held:
                raise ValueError(
                    f"Distribution: {_described(distribution)} puts "
                    f"{max(quantiles.beyond, 0.5):.4g} of its probability or "
                    "more beyond 2**53, "
                    "the largest integers a float holds exactly; truncate it "
                    "or lighten its tail."
                )
    if math.isnan(low) or math.isnan(high) or not np.isfinite(values).all():
        _refuse(distribution, f"support [{low}, {high}], quantiles {values.tolist()}")


def _described(distribution):
    dist = getattr(distribution, "dist", distribution)
    name = getattr(dist, "name", type(dist).__name__)
    args = ", ".join(
        [repr(a) for a in getattr(distribution, "args", ())]
        + [f"{k}={v!r}" for k, v in getattr(distribution, "kwds", {}).items()]
    )
    return f"{name}({args})"


def _refuse(distribution, what):
    raise ValueError(
        f"Distribution: {_described(distribution)} gives no finite values "
        f"({what}); its parameters are invalid for scipy.stats (a scale must "
        "be positive and finite, randint(low, high) needs low < high)."
    )


def _whole_or_float(x):
    """A value of a discrete distribution: an int when whole, else a float."""
    return int(x) if float(x).is_integer() else float(x)


def _discrete_support(distribution, low, high):
    """The sorted values of positive probability of a bounded discrete distribution.

    Returns a read-only float array, or None when the support is unbounded
    or too large to enumerate.
    """
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
    # (scipy 1.10's binom pmf divides by zero far in its tails, harmlessly)
    with np.errstate(all="ignore"):
        support = candidates[np.asarray(distribution.pmf(candidates)) > 0]
    support.flags.writeable = False
    return support
