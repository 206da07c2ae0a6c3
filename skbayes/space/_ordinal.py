"""``Ordinal``: an ordered, finite set of numbers (a ``GridSearchCV`` list)."""

from __future__ import annotations

import hashlib
import math
import numbers

import numpy as np

from ._dimensions import _Finite
from ._keys import _value_key
from ._values import _is_number, _native

__all__ = ["Ordinal"]


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
