"""Turn every search-space format users already have into dimensions."""

from __future__ import annotations

import numbers
import reprlib
from collections.abc import Iterable, Mapping

import numpy as np

from ._categorical import Categorical
from ._dimensions import Dimension
from ._distribution import Distribution
from ._ordinal import Ordinal, _is_number_type
from ._priors import _looks_like_prior, _prior_error
from ._ranges import Integer, Real
from ._values import _is_number

__all__ = ["to_dimension"]

_EXPECTED = (
    "a list, tuple, range or 1-D numpy array of values (a grid, as in "
    "GridSearchCV), a (low, high[, prior[, base]]) range, a frozen scipy.stats "
    "distribution or a skbayes/skopt dimension"
)


def _short(obj):
    """A repr of ``obj`` short enough for an error message."""
    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = 80
    shortener.maxlist = shortener.maxtuple = shortener.maxdict = 6
    shortener.maxset = shortener.maxfrozenset = 6
    with np.printoptions(threshold=6, edgeitems=2):
        return shortener.repr(obj)


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


def _range_tuple(spec, where):
    """The dimension of a ``(low, high[, prior[, base]])`` tuple.

    Returns None when the tuple is a set of values instead: anything but two
    numbers (``("a", "b")``), three numbers or more (a grid), or two numbers
    and a string that is no prior, nor a misspelling of one
    (``(0.5, 1.0, "sqrt")``, categories). Two numbers and a misspelt prior
    (``"unifrom"``, ``"LOG-UNIFORM"``, ``"loguniform"``) raise ``ValueError``.
    """
    if len(spec) < 2 or not (_is_number(spec[0]) and _is_number(spec[1])):
        return None
    if len(spec) >= 3:
        prior = spec[2]
        if not isinstance(prior, str) or not _looks_like_prior(prior):
            return None
        values = _short(list(spec))
        if prior not in ("uniform", "log-uniform"):
            raise ValueError(
                f"{where}: {_short(spec)} reads as a (low, high, prior) range, but "
                f"{_prior_error(prior)} To search these {len(spec)} values as "
                f"categories, give them as a list: {values}."
            )
        if len(spec) > 4:
            raise ValueError(
                f"{where}: {_short(spec)} reads as a range, but a range has at most "
                "four items: (low, high, prior, base). To search these "
                f"{len(spec)} values as categories, give them as a list: "
                f"{values}."
            )
    low, high = spec[:2]
    prior = spec[2] if len(spec) >= 3 else "uniform"
    base = spec[3] if len(spec) == 4 else 10
    integral = all(isinstance(v, numbers.Integral) for v in (low, high))
    try:
        if integral:
            return Integer(int(low), int(high), prior=prior, base=base)
        return Real(low, high, prior=prior, base=base)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where}: {exc}") from None


def _all_numbers(values):
    """Whether every value is a real number (checked once per type, not value)."""
    return all(_is_number_type(t) for t in set(map(type, values)))


def _from_array(array, where):
    """The dimension of a 1-D numpy array of values."""
    kind = array.dtype.kind
    if kind in "iuf":  # read in bulk: no Python work per value
        return Ordinal(array)
    if kind != "O":
        # strings, booleans, dates: categories, each distinct value once
        try:
            _, first = np.unique(array, return_index=True)
        except TypeError:  # pragma: no cover - a dtype that does not sort
            return Categorical(list(array))
        return Categorical(list(array[np.sort(first)]))
    return _from_values(list(array), where)


def _from_values(values, where):
    """The dimension of a list of values: numbers are ordered, others categories."""
    if _all_numbers(values):
        return Ordinal(values)
    return Categorical(values)


# The first sentence of the two errors below is ParameterGrid's, word for
# word: code and tests written for GridSearchCV match on it.
def _empty_error(spec, name, where):
    return ValueError(
        f"{where}: Parameter grid for parameter {name!r} need to be a non-empty "
        f"sequence, got: {_short(spec)}. List the values to search, or give a "
        "(low, high) range."
    )


def _type_error(spec, name, where):
    """What to write instead of a ``spec`` that is no dimension specification."""
    got = f"{_short(spec)} (of type {type(spec).__name__}) instead"
    if isinstance(spec, Mapping):
        hint = (
            "A dict of parameters is a sub-space: give sub-spaces as a list of "
            "dicts. A dict that is one value of the parameter needs to be "
            f"wrapped in a list: {{{name!r}: [{_short(spec)}]}}."
        )
    elif isinstance(spec, (str, bytes)):
        hint = (
            "A string is a single value, not a list of values: wrap it in a list "
            f"({{{name!r}: [{_short(spec)}]}}), or list the values one by one."
        )
    elif isinstance(spec, (set, frozenset)):
        try:
            values = sorted(spec)
        except TypeError:
            values = list(spec)
        hint = f"Give its values as a list: {{{name!r}: {_short(values)}}}."
    elif isinstance(spec, Iterable):
        hint = f"Give its values as a list: {{{name!r}: list(...)}}."
    else:
        hint = f"Write {{{name!r}: [{_short(spec)}]}}."
    return TypeError(
        f"{where}: Parameter grid for parameter {name!r} needs to be a list or a "
        f"numpy array, but got {got}. Single values need to be wrapped in a list "
        f"with one element. {hint} Expected {_EXPECTED}."
    )


def to_dimension(spec, name="parameter"):
    """Parse one user-given dimension specification.

    Parameters
    ----------
    spec : object
        One of:

        - a dimension of :mod:`skbayes.space` or of ``skopt.space``;
        - a ``(low, high)``, ``(low, high, prior)`` or ``(low, high, prior,
          base)`` tuple, read as scikit-optimize reads it: two integers give
          an :class:`Integer` range, otherwise (a float among them) a
          :class:`Real` interval; ``prior`` is ``"uniform"`` or
          ``"log-uniform"``, spelt exactly so. A misspelt prior
          (``"unifrom"``, ``"LOG-UNIFORM"``, ``"loguniform"``) is an error,
          not a category; two numbers and another string
          (``(0.5, 1.0, "sqrt")``) are three categories;
        - a frozen ``scipy.stats`` distribution (``RandomizedSearchCV``);
        - a list, tuple, ``range`` or 1-D numpy array of values
          (``GridSearchCV``): numbers give an ordered :class:`Ordinal` axis,
          anything else an unordered :class:`Categorical`. Numeric arrays
          and ranges are read in bulk, so grids of millions of values are
          fine.
    name : str
        The parameter's name, used in error messages.

    Returns
    -------
    dimension : Dimension
        A :class:`Real`, :class:`Integer`, :class:`Ordinal`,
        :class:`Categorical` or :class:`Distribution`.

    Raises
    ------
    TypeError
        For a value that is none of the above (a number, a string, a dict),
        as ``GridSearchCV`` does; the message says what to write instead.
    ValueError
        For an empty list, an array that is not one-dimensional, a range
        with a misspelt prior or bounds in the wrong order.

    Examples
    --------
    >>> from skbayes.space import to_dimension
    >>> to_dimension((1e-3, 1e3, "log-uniform"))
    Real(low=0.001, high=1000.0, prior='log-uniform', base=10)
    >>> to_dimension((1, 100, "log-uniform"))
    Integer(low=1, high=100, prior='log-uniform', base=10)
    >>> to_dimension([1, 10, 100])
    Ordinal(values=[1, 10, 100])
    >>> to_dimension(["rbf", "linear"])
    Categorical(categories=['rbf', 'linear'], prior=None)
    >>> to_dimension((1e-2, 1e2, "unifrom"), "C")
    Traceback (most recent call last):
        ...
    ValueError: search_spaces: 'C': ... got 'unifrom' (did you mean 'uniform'?)...
    """
    where = f"search_spaces: {name!r}"
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
            f"{where}: {_short(spec)} has rvs but no ppf; expected {_EXPECTED}."
        )
    if isinstance(spec, tuple):
        dim = _range_tuple(spec, where)
        if dim is not None:
            return dim
    if isinstance(spec, np.ndarray):
        if spec.ndim != 1:
            raise ValueError(
                f"{where}: a numpy array of values must be one-dimensional, but "
                f"got an array of shape {spec.shape}. Give array.ravel() to "
                "search its values, or list(array) to search its rows as "
                "categories."
            )
    elif not isinstance(spec, (list, tuple, range)):
        raise _type_error(spec, name, where)
    if len(spec) == 0:
        raise _empty_error(spec, name, where)
    try:
        if isinstance(spec, np.ndarray):
            return _from_array(spec, where)
        if isinstance(spec, range):
            return Ordinal(spec)
        return _from_values(list(spec), where)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where}: {exc}") from None
