"""Immutable search dimensions.

Every dimension maps a value to and from the unit interval ``[0, 1)``: the
*unit encoding*. A uniform draw on the unit interval, decoded, is a draw from
the dimension's prior (uniform, log-uniform, the categories' weights, or a
``scipy.stats`` distribution). Finite dimensions also number their values
``0 .. n_values - 1`` (the *index*), which gives each point a canonical key.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections import OrderedDict

import numpy as np

__all__ = [
    "Categorical",
    "Dimension",
    "Integer",
    "Ordinal",
    "Real",
]

from ._priors import _check_base, _check_prior
from ._values import _digits, _is_number, _native, _round


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


# The priors of a range, spelt as scikit-optimize spells them.
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
        _check_base(base, "Real")
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
        _check_base(base, "Integer")
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


def _value_key(value, *, by_number=False):
    """A hashable key of a value: values with the same key are the same value.

    By default values are compared by value and the type counts: ``1``,
    ``1.0`` and ``True`` are three values, as categories or parameters are.
    Containers are compared by their items: equal dicts (in any order),
    lists, tuples and sets, and numpy arrays of the same dtype, shape and
    values, have one key; so have two NaN. Objects without value equality,
    estimators among them, are keyed by identity, as their ``==`` compares
    them (two ``SVC()`` are two values). With ``by_number=True`` a real number
    is keyed by its value (``1``, ``1.0`` and numpy's ``1`` are one step of
    an ordinal axis) and anything else raises ``TypeError``.
    """
    value = _native(value)
    if by_number:
        if not _is_number(value):
            raise TypeError(f"{value!r} is not a real number.")
        return value
    try:
        return _key_by_value(value)
    except RecursionError:  # pragma: no cover - a container holding itself
        return ("__id__", id(value))


def _key_by_value(value):
    kind = type(value)
    if kind is float and math.isnan(value):
        return ("float", "nan")
    if isinstance(value, (np.datetime64, np.timedelta64)) and np.isnat(value):
        return (kind.__name__, "nat", str(value.dtype))  # NaT != NaT, as NaN
    if isinstance(value, tuple):
        # (1, 2) == (True, 2): compare the items by key too
        return (kind.__name__, tuple(_value_key(v) for v in value))
    if isinstance(value, np.ndarray):
        return _array_key(value)
    try:
        hash(value)
    except TypeError:
        pass
    else:
        # 1 == 1.0 == True in Python; keep them apart
        return (kind.__name__, value)
    # unhashable: by value where == is the builtin containers' own
    equality = getattr(kind, "__eq__", None)
    if equality in (dict.__eq__, OrderedDict.__eq__):
        items = ((_value_key(k), _value_key(v)) for k, v in value.items())
        # OrderedDicts are equal only in the same order
        ordered = equality is OrderedDict.__eq__
        return (kind.__name__, tuple(items) if ordered else frozenset(items))
    if equality is list.__eq__:
        return (kind.__name__, tuple(_value_key(v) for v in value))
    if equality is set.__eq__:
        return (kind.__name__, frozenset(_value_key(v) for v in value))
    if equality is bytearray.__eq__:
        return (kind.__name__, bytes(value))
    return ("__id__", id(value))


def _array_key(array):
    """A numpy array's key: its type, dtype, shape and values."""
    head = (type(array).__name__, str(array.dtype), array.shape)
    if array.dtype.hasobject:
        return (*head, tuple(_value_key(v) for v in array.ravel().tolist()))
    if array.dtype.kind in "biufcmM" and not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    if array.dtype.kind in "fc":
        array = array + 0  # -0.0 is 0.0
    data = np.ascontiguousarray(array).reshape(-1).view(np.uint8)
    return (*head, hashlib.blake2b(data, digest_size=20).hexdigest())


class _FrozenDict(dict):
    """A dict that hashes by content (used for immutable lookup tables)."""

    def __hash__(self):
        return hash(tuple(self.items()))


# An Ordinal shows at most this many values in its repr.
_REPR_VALUES = 12


def _ordinal_array(values):
    """The sorted, distinct values of an :class:`Ordinal`, as a read-only array.

    Numbers of one kind (ints, or floats; Python's or numpy's) give an array
    of numbers, read and checked in bulk; other mixes (ints and floats,
    fractions, ints beyond 64 bits) an array of the objects given.

    Returns
    -------
    array : ndarray
    as_numpy : bool
        Whether the values were given as numpy numbers of one dtype (a numeric
        array, or a list of numpy scalars of one type), and come back so.
    """
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(
                "Ordinal: an array of values must be one-dimensional, got shape "
                f"{values.shape}."
            )
        if values.dtype.kind in "iuf":
            return _sorted_distinct(values), True
        values = list(values)
    elif isinstance(values, range):
        low, high = min(values.start, values.stop), max(values.start, values.stop)
        if len(values) and -(2**63) <= low and high < 2**63:
            array = np.arange(values.start, values.stop, values.step)
            return _sorted_distinct(array), False
        values = list(values)
    else:
        values = list(values)
    if not values:
        raise ValueError("Ordinal: at least one value is needed.")
    types = set(map(type, values))
    bad = {t for t in types if not _is_number_type(t)}
    if bad:
        first = next(v for v in values if type(v) in bad)
        raise TypeError(f"Ordinal: values must be real numbers, got {first!r}.")
    if len(types) == 1 and issubclass(next(iter(types)), (np.integer, np.floating)):
        # numpy numbers of one type (list(np.logspace(...))): kept as they are
        return _sorted_distinct(np.array(values, dtype=next(iter(types)))), True
    if types == {int}:
        array = np.array(values)  # object for ints beyond 64 bits
        if array.dtype.kind in "iu":
            return _sorted_distinct(array), False
    elif types == {float}:
        return _sorted_distinct(np.array(values, dtype=np.float64)), False
    # a mix (Python and numpy numbers, ints and floats, fractions): each value
    # kept as the object given
    return _sorted_distinct_objects(values), False


_ORDINAL_NAN = (
    "Ordinal: values must not be NaN (an ordered axis of numbers has no place "
    "for it). To search NaN as one of the values (SimpleImputer's "
    "missing_values, say), give them as categories: "
    "skbayes.space.Categorical([np.nan, ...])."
)


def _is_number_type(kind):
    # numpy registers its durations as integers: they are values, not numbers
    return issubclass(kind, numbers.Real) and not issubclass(
        kind, (bool, np.bool_, np.timedelta64)
    )


def _strictly_increasing(array, block=1 << 20):
    """Whether a 1-D array is sorted without repeats (nor NaN), a block at a time."""
    for start in range(0, len(array) - 1, block):
        stop = min(start + block, len(array) - 1)
        if not np.all(array[start + 1 : stop + 1] > array[start:stop]):
            return False
    return True


def _sorted_distinct(array):
    """A numeric array sorted, each value once (the first given), read-only.

    An array already sorted and distinct is not copied: a read-only view of
    it is returned.
    """
    if array.dtype.kind == "f" and array.dtype.itemsize > 8:
        array = array.astype(np.float64)  # values come back as Python floats
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    n = len(array)
    if n == 0:
        raise ValueError("Ordinal: at least one value is needed.")
    if n > 1 and _strictly_increasing(array):
        # sorted and distinct already (so no NaN): kept as a read-only view,
        # as GridSearchCV keeps it (a copy of a huge grid costs its memory
        # again, and more time than the whole search)
        out = array.view()
    else:
        out = np.sort(array, kind="stable")  # NaN last; equal values in order
        if out.dtype.kind == "f" and np.isnan(out[-1]):
            raise ValueError(_ORDINAL_NAN)
        distinct = np.empty(n, dtype=bool)
        distinct[0] = True
        np.not_equal(out[1:], out[:-1], out=distinct[1:])
        if not distinct.all():
            out = out[distinct]
    out.flags.writeable = False
    return out


def _sorted_distinct_objects(values):
    """:func:`_sorted_distinct` for a mix of numbers, kept as the objects given."""
    distinct = {}
    for v in values:
        number = _native(v)
        if isinstance(number, float) and math.isnan(number):
            raise ValueError(_ORDINAL_NAN)
        distinct.setdefault(number, (number, v))  # 1 == 1.0: the first is kept
    ordered = [v for _, v in sorted(distinct.values(), key=lambda pair: pair[0])]
    out = np.empty(len(ordered), dtype=object)
    out[:] = ordered
    out.flags.writeable = False
    return out


class Ordinal(_Finite):
    """An ordered, finite set of numbers, such as a ``GridSearchCV`` list.

    Values are sorted and de-duplicated (``1`` and ``1.0`` are one value,
    the first given is kept). The optimizer treats them as
    equally spaced steps along one axis: ``[1, 10, 100]`` is a log-spaced
    axis with three steps. A decoded value is always one of the given values,
    of the type given, as ``GridSearchCV`` returns it: ``np.logspace(...)``
    and ``np.arange(...)`` give numpy numbers (``np.float64``, ``np.int64``),
    a list of Python numbers or a ``range`` gives Python numbers.

    The values are kept in one numpy array, and every method used during a
    search (decode, encode, key, index, contains) takes O(1) or
    O(log n_values) Python work, so a grid of ten million values costs its
    array and nothing more. A numpy array already sorted and without
    repeats (``np.linspace``, ``np.logspace``, ``np.arange``) is not copied,
    as ``GridSearchCV`` does not copy it: the dimension holds a read-only
    view of it, so do not modify the array in place while it is searched.
    Any other input is copied (sorted, each value once).

    Parameters
    ----------
    values : sequence of numbers, range or 1-D numpy array
        The values (ints, floats or numpy scalars; not NaN), in any order.

    Examples
    --------
    >>> from skbayes.space import Ordinal
    >>> Ordinal([100, 1, 10]).values
    (1, 10, 100)
    """

    __slots__ = ("_array", "_identity_cache", "_numpy")

    def __init__(self, values):
        array, as_numpy = _ordinal_array(values)
        self._set(_array=array, _numpy=as_numpy, _identity_cache=None)

    @property
    def values(self):
        """The values, sorted, as a tuple of Python numbers (built when read)."""
        values = self._array.tolist()
        if self._array.dtype.kind == "O":
            values = map(_native, values)
        return tuple(values)

    def _state(self):
        return {"values": self._array.tolist()}

    def __reduce__(self):
        return (_restore_ordinal, (self._array, self._numpy))

    def __repr__(self):
        n = len(self._array)
        if n <= _REPR_VALUES:
            return f"Ordinal(values={self._array.tolist()!r})"
        head = ", ".join(map(repr, self._array[:3].tolist()))
        tail = ", ".join(map(repr, self._array[-2:].tolist()))
        return f"Ordinal(values=[{head}, ..., {tail}], n_values={n})"

    def _identity(self):
        if self._identity_cache is None:
            array = self._array
            if array.dtype.kind == "O":
                identity = ("mixed", tuple(_value_key(v) for v in array.tolist()))
            else:
                # the type of the Python numbers decoded, and the values
                kind = "float" if array.dtype.kind == "f" else "int"
                if kind == "float":
                    array = array.astype(np.float64, copy=False)
                elif array.dtype.kind == "i" or array[-1] < 2**63:
                    array = array.astype(np.int64, copy=False)
                digest = hashlib.blake2b(
                    np.ascontiguousarray(array).view(np.uint8), digest_size=20
                ).hexdigest()
                identity = (kind, str(array.dtype), len(array), digest)
            self._set(_identity_cache=identity)
        return self._identity_cache

    @property
    def n_values(self):
        return len(self._array)

    def index(self, value):
        """Position of ``value`` in :attr:`values` (raises ``KeyError`` if absent).

        A binary search of the sorted values: ``1``, ``1.0`` and numpy's
        ``1`` are at the same position.
        """
        number = _native(value)
        if not _is_number(number):
            raise TypeError(f"{value!r} is not a real number.")
        array = self._array
        kind = array.dtype.kind
        try:
            if kind == "f":
                target = array.dtype.type(float(number))
                exact = float(target) == number
            elif kind in "iu":
                whole = int(number)
                info = np.iinfo(array.dtype)
                exact = whole == number and info.min <= whole <= info.max
                target = array.dtype.type(whole) if exact else None
            else:  # Python numbers of mixed types
                target, exact = number, True
        except (OverflowError, ValueError):  # inf, NaN, beyond the dtype
            exact = False
        if exact:
            i = int(np.searchsorted(array, target))
            if i < len(array) and array[i] == target:
                return i
        raise KeyError(value)

    def value_at(self, index):
        value = self._array[int(index)]
        if self._numpy or self._array.dtype.kind == "O":
            return value  # numpy numbers, or the objects given
        return value.item()

    def _values_at(self, idx):
        values = self._array[np.asarray(idx, dtype=np.int64)]
        return list(values) if self._numpy else values.tolist()


def _restore_ordinal(array, as_numpy):
    """Unpickle an :class:`Ordinal`: its array, sorted and distinct already.

    The array is kept as it was pickled (not parsed again: an array of the
    objects given, e.g. ``[np.int64(0), 1.5]``, would be read as numbers).
    """
    dim = Ordinal.__new__(Ordinal)
    array.flags.writeable = False
    dim._set(_array=array, _numpy=as_numpy, _identity_cache=None)
    return dim


class Categorical(_Finite):
    """An unordered set of values of any type.

    Strings, ``None``, booleans, tuples (``hidden_layer_sizes``), estimator
    objects, ``"passthrough"``: a decoded value is the very object given
    (not a copy). Categories are compared by value: a repeated category,
    such as two equal dicts of ``class_weight`` or two equal numpy arrays, is
    kept once (the first given, with the summed weight of its occurrences
    when a prior is given); objects without value equality, such as
    estimators, are compared by identity (two ``SVC()`` are two categories,
    as ``GridSearchCV`` evaluates both).

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
    >>> Categorical([{0: 1, 1: 2}, {1: 2, 0: 1}, None]).n_values
    2
    """

    __slots__ = ("_keys", "prior", "values")

    def __init__(self, categories, prior=None):
        if isinstance(categories, (str, bytes)) or not hasattr(categories, "__len__"):
            raise TypeError(
                f"Categorical: categories must be a list or tuple, got {categories!r}."
            )
        categories = list(categories)
        unique = {}
        for v in categories:
            v = _native(v)
            unique.setdefault(_value_key(v), v)
        if not unique:
            raise ValueError("Categorical: at least one value is needed.")
        keys = _FrozenDict((k, i) for i, k in enumerate(unique))
        self._set(values=tuple(unique.values()), _keys=keys)
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
        return (tuple(_value_key(v) for v in self.values), self.prior)

    def _state(self):
        return {"categories": list(self.values), "prior": self.prior}

    @property
    def n_values(self):
        return len(self.values)

    def index(self, value):
        """Position of ``value`` in :attr:`values` (raises ``KeyError`` if absent)."""
        return self._keys[_value_key(value)]

    def value_at(self, index):
        return self.values[int(index)]

    def _cdf(self):
        if self.prior is None:
            return None
        # divided by the total, not just cdf[-1] = 1.0: trailing categories of
        # weight 0 must keep an empty bucket, even when rounding leaves the
        # sum of the weights before them just below 1
        cdf = np.cumsum(self.prior)
        return cdf / cdf[-1]
