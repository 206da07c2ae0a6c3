"""Turn every search-space format users already have into dimensions."""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

from ._dimensions import (
    Categorical,
    Dimension,
    Distribution,
    Integer,
    Ordinal,
    Real,
    _is_number,
)

__all__ = ["to_dimension"]

_PRIORS = ("uniform", "log-uniform")


def _from_skopt(dimension):
    """Convert a ``skopt.space`` dimension without touching it."""
    kind = type(dimension).__name__
    if kind == "Real":
        return Real(
            dimension.low,
            dimension.high,
            prior=dimension.prior,
            base=getattr(dimension, "base", 10),
        )
    if kind == "Integer":
        return Integer(
            int(dimension.low),
            int(dimension.high),
            prior=dimension.prior,
            base=getattr(dimension, "base", 10),
        )
    if kind == "Categorical":
        prior = getattr(dimension, "prior", None)
        return Categorical(list(dimension.categories), prior=prior)
    return None


def _is_skopt_dimension(obj):
    module = type(obj).__module__ or ""
    return (
        module.startswith("skopt.")
        and hasattr(obj, "rvs")
        and hasattr(obj, "transformed_size")
    )


def _looks_like_prior(word):
    """A prior name, or a misspelt one (refused later with the valid names)."""
    word = word.lower()
    return word in _PRIORS or "uniform" in word or word.startswith("log")


def _is_range_tuple(spec):
    """``(low, high)``, ``(low, high, prior)`` or ``(low, high, prior, base)``."""
    if not isinstance(spec, tuple) or not 2 <= len(spec) <= 4:
        return False
    low, high = spec[:2]
    if not (_is_number(low) and _is_number(high)):
        return False
    if len(spec) >= 3 and not (isinstance(spec[2], str) and _looks_like_prior(spec[2])):
        return False
    if len(spec) == 4 and not _is_number(spec[3]):
        return False
    return True


def _range_tuple(spec, name):
    low, high = spec[:2]
    prior = spec[2] if len(spec) >= 3 else "uniform"
    base = spec[3] if len(spec) == 4 else 10
    integral = all(isinstance(v, numbers.Integral) for v in (low, high))
    try:
        if integral:
            return Integer(int(low), int(high), prior=prior, base=base)
        return Real(low, high, prior=prior, base=base)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"search_spaces[{name!r}]: {exc}") from None


def to_dimension(spec, name="parameter"):
    """Parse one user-given dimension specification.

    Parameters
    ----------
    spec : object
        One of:

        - a dimension of :mod:`skbayes.space` or of ``skopt.space``;
        - a ``(low, high)``, ``(low, high, prior)`` or ``(low, high, prior,
          base)`` tuple, read as scikit-optimize reads it: integers give an
          :class:`Integer` range, otherwise a :class:`Real` interval;
        - a frozen ``scipy.stats`` distribution (``RandomizedSearchCV``);
        - a list, tuple, ``range`` or 1-D numpy array of values
          (``GridSearchCV``): numbers give an ordered :class:`Ordinal` axis,
          anything else an unordered :class:`Categorical`.
    name : str
        The parameter's name, used in error messages.

    Returns
    -------
    dimension : Dimension
        A :class:`Real`, :class:`Integer`, :class:`Ordinal`,
        :class:`Categorical` or :class:`Distribution`.

    Examples
    --------
    >>> from skbayes.space import to_dimension
    >>> to_dimension((1e-3, 1e3, "log-uniform"))
    Real(low=0.001, high=1000.0, prior='log-uniform', base=10)
    >>> to_dimension([1, 10, 100])
    Ordinal(values=[1, 10, 100])
    >>> to_dimension(["rbf", "linear"])
    Categorical(categories=['rbf', 'linear'], prior=None)
    """
    where = f"search_spaces[{name!r}]"
    if isinstance(spec, Dimension):
        return spec
    if _is_skopt_dimension(spec):
        dim = _from_skopt(spec)
        if dim is not None:
            return dim
    if hasattr(spec, "ppf") and hasattr(spec, "rvs"):
        try:
            return Distribution(spec)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: {exc}") from None
    if hasattr(spec, "rvs"):
        raise TypeError(
            f"{where}: {spec!r} has rvs but no ppf; expected a frozen scipy.stats "
            "distribution, a list of values, a (low, high[, prior]) tuple or a "
            "skbayes/skopt dimension."
        )
    if isinstance(spec, tuple) and _is_range_tuple(spec):
        return _range_tuple(spec, name)
    if isinstance(spec, np.ndarray):
        if spec.ndim != 1:
            raise ValueError(
                f"{where}: a numpy array of values must be one-dimensional, got "
                f"shape {spec.shape}."
            )
        values = list(spec)
    elif isinstance(spec, (list, tuple, range)):
        values = list(spec)
    elif isinstance(spec, Mapping):
        raise TypeError(
            f"{where}: expected a list of values or a dimension, got a dict."
        )
    else:
        raise TypeError(
            f"{where}: expected a list, tuple, range or 1-D array of values, a "
            "(low, high[, prior]) tuple, a frozen scipy.stats distribution or a "
            f"skbayes/skopt dimension, got {spec!r}."
        )
    if not values:
        raise ValueError(f"{where}: the list of values is empty.")
    try:
        if all(_is_number(v) for v in values):
            return Ordinal(values)
        return Categorical(values)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where}: {exc}") from None
