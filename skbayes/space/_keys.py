"""Keys of values: two values with one key are the same value of a dimension."""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict

import numpy as np

from ._values import _is_number, _native

# private helpers of the space package, imported by name
__all__ = []


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
