"""Spaces: named dimensions, their encoding, sampling and point keys."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ._categorical import Categorical
from ._distribution import Distribution
from ._encoding import Encoding
from ._keys import _value_key
from ._ordinal import Ordinal
from ._parse import to_dimension
from ._ranges import Integer, Real

__all__ = ["SearchSpace", "Space", "to_skopt_space"]

# Finite spaces up to this many points may be enumerated when few points are
# left unseen.
_MAX_ENUMERATE = 2_000_000


class Space:
    """An immutable, ordered set of named dimensions.

    Parameters names are kept in sorted order (the order scikit-optimize
    uses for ``optimizer_results_[i].x``).

    Parameters
    ----------
    dimensions : mapping of str to dimension specification
        Each value is parsed by :func:`~skbayes.space.to_dimension`.

    Examples
    --------
    >>> from skbayes.space import Space
    >>> space = Space({"C": (1e-3, 1e3, "log-uniform"), "kernel": ["rbf", "linear"]})
    >>> space.names
    ('C', 'kernel')
    >>> space.n_points
    inf
    >>> point = space.encoding.from_unit([[0.5, 0.9]])[0]
    >>> point
    {'C': 1.0..., 'kernel': 'linear'}
    >>> space.key(point) == space.key(dict(point))
    True
    """

    __slots__ = ("_dims", "_encoding", "_names")

    def __init__(self, dimensions):
        if not isinstance(dimensions, Mapping):
            raise TypeError(
                f"A search space must be a dict of parameter names to dimensions, "
                f"got {type(dimensions).__name__}."
            )
        for name in dimensions:
            if not isinstance(name, str):
                raise TypeError(f"Parameter names must be strings, got {name!r}.")
        names = tuple(sorted(dimensions))
        dims = tuple(to_dimension(dimensions[n], n) for n in names)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_dims", dims)
        object.__setattr__(self, "_encoding", None)

    def __setattr__(self, name, value):
        raise AttributeError("Space objects are immutable")

    def __delattr__(self, name):
        raise AttributeError("Space objects are immutable")

    def __reduce__(self):
        return (Space, (dict(zip(self._names, self._dims)),))

    def __repr__(self):
        inner = ", ".join(f"{n!r}: {d!r}" for n, d in zip(self._names, self._dims))
        return f"Space({{{inner}}})"

    def __eq__(self, other):
        return isinstance(other, Space) and self.items() == other.items()

    def __hash__(self):
        return hash(self.items())

    def __len__(self):
        return len(self._names)

    @property
    def names(self):
        """Parameter names, sorted."""
        return self._names

    @property
    def dimensions(self):
        """Dimensions, in the order of :attr:`names`."""
        return self._dims

    def items(self):
        return tuple(zip(self._names, self._dims))

    def __getitem__(self, name):
        return self._dims[self._names.index(name)]

    @property
    def n_points(self):
        """Number of distinct points, ``math.inf`` if any dimension is continuous."""
        total = 1
        for dim in self._dims:
            if not dim.is_finite:
                return math.inf
            total *= dim.n_values
        return total

    @property
    def encoding(self):
        """The :class:`Encoding` of this space (built once)."""
        if self._encoding is None:
            object.__setattr__(self, "_encoding", Encoding(self))
        return self._encoding

    def sample(self, n, random_state=None):
        """Draw ``n`` independent points from the space's prior."""
        rng = np.random.default_rng(random_state)
        return self.encoding.from_unit(rng.random((n, len(self))))

    # -- keys and finite spaces ---------------------------------------------
    def key(self, point):
        """Canonical hashable key of a point (dict with this space's names).

        Compact (the index of each value of a finite dimension) and valid
        within this space only; :meth:`SearchSpace.key` keys points of every
        sub-space alike.
        """
        return tuple(dim.key(point[name]) for name, dim in self.items())

    def contains(self, point):
        """Whether ``point`` has exactly this space's names and valid values."""
        if set(point) != set(self._names):
            return False
        return all(dim.contains(point[name]) for name, dim in self.items())

    def mismatch(self, point):
        """Why ``point`` is not a point of this space, or None if it is.

        Examples
        --------
        >>> from skbayes.space import Space
        >>> space = Space({"max_depth": (1, 10)})
        >>> print(space.mismatch({"max_depth": 3.5}))
        max_depth=3.5 is not a value of Integer(low=1, high=10, ...)
        >>> space.mismatch({"max_depth": 3.0}) is None
        True
        """
        names = set(point)
        missing = [n for n in self._names if n not in names]
        extra = sorted(map(str, names.difference(self._names)))
        if missing or extra:
            parts = [f"missing {missing}"] if missing else []
            parts += [f"unknown {extra}"] if extra else []
            return f"its parameters do not match ({', '.join(parts)})"
        for name, dim in self.items():
            if not dim.contains(point[name]):
                return f"{name}={point[name]!r} is not a value of {dim!r}"
        return None

    def canonical(self, point):
        """A point of this space with each value as its dimension gives it.

        Whole floats become ints for :class:`Integer` dimensions; every other
        value is kept (the same object).

        Examples
        --------
        >>> from skbayes.space import Space
        >>> Space({"max_depth": (1, 10), "C": (0.1, 1.0)}).canonical(
        ...     {"max_depth": 3.0, "C": 0.5}
        ... )
        {'C': 0.5, 'max_depth': 3}
        """
        return {name: dim.canonical(point[name]) for name, dim in self.items()}

    def index_of(self, key):
        """Position of a point's key in the enumeration of a finite space."""
        index = 0
        for k, dim in zip(key, self._dims):
            index = index * dim.n_values + int(k)
        return index

    def point_at(self, index):
        """Point at position ``index`` of the enumeration of a finite space."""
        values = []
        for dim in reversed(self._dims):
            index, k = divmod(int(index), dim.n_values)
            values.append(dim.value_at(k))
        return dict(zip(self._names, reversed(values)))

    def unseen_points(self, seen_keys, n, random_state=None):
        """Up to ``n`` distinct random points whose keys are not in ``seen_keys``.

        In a finite space fewer than ``n`` points are returned once the space
        is exhausted; nothing is returned when every point has been seen.
        """
        rng = np.random.default_rng(random_state)
        seen = set(seen_keys)
        out, out_keys = [], set()
        total = self.n_points
        # rejection sampling while most of the space is unseen
        tries = 0
        while len(out) < n and tries < 20 * n + 100:
            if total <= _MAX_ENUMERATE and len(seen) + len(out) >= 0.5 * total:
                break
            tries += 1
            point = self.sample(1, rng)[0]
            key = self.key(point)
            if key not in seen and key not in out_keys:
                out.append(point)
                out_keys.add(key)
        if len(out) < n and math.isfinite(total) and total <= _MAX_ENUMERATE:
            taken = {self.index_of(k) for k in seen | out_keys}
            remaining = np.setdiff1d(
                np.arange(total, dtype=np.int64),
                np.fromiter(taken, dtype=np.int64, count=len(taken)),
            )
            pick = rng.permutation(remaining)[: n - len(out)]
            out.extend(self.point_at(i) for i in pick)
        return out


def _normalize_entry(entry, position):
    """One entry of a list of sub-spaces -> (dict, n_iter or None)."""
    where = f"search_spaces[{position}]"
    if isinstance(entry, tuple):
        if len(entry) != 2:
            raise ValueError(
                f"{where}: a sub-space given as a tuple must be a (dict, n_iter) "
                f"pair, got a tuple of length {len(entry)}."
            )
        subspace, n_iter = entry
        if not isinstance(subspace, Mapping):
            raise TypeError(
                f"{where}: the first item of a (dict, n_iter) pair must be a dict, "
                f"got {type(subspace).__name__}."
            )
        if isinstance(n_iter, bool) or not isinstance(n_iter, (int, np.integer)):
            raise TypeError(
                f"{where}: the n_iter of a (dict, n_iter) pair must be an int, got "
                f"{n_iter!r}."
            )
        if n_iter < 1:
            raise ValueError(
                f"{where}: the n_iter of a (dict, n_iter) pair must be >= 1, got "
                f"{n_iter}."
            )
        return subspace, int(n_iter)
    if isinstance(entry, Mapping):
        return entry, None
    raise TypeError(
        f"{where}: each sub-space must be a dict or a (dict, n_iter) pair, got "
        f"{type(entry).__name__} {entry!r}."
    )


class SearchSpace:
    """One or more sub-spaces, as given to ``search_spaces``.

    Parameters
    ----------
    search_spaces : dict, list of dict, or list of (dict, int) pairs
        A single space, or sub-spaces each with its own parameters. A
        ``(dict, n_iter)`` pair (the scikit-optimize format) fixes the number
        of candidates drawn from that sub-space.

    Attributes
    ----------
    subspaces : tuple of Space
    budgets : tuple of int or None
        The fixed budget of each sub-space, None where it shares ``n_iter``.

    Examples
    --------
    >>> from skbayes.space import SearchSpace
    >>> ss = SearchSpace([({"max_depth": (1, 32)}, 10), {"alpha": [0.1, 1.0]}])
    >>> ss.budgets
    (10, None)
    >>> ss.split_budget(5)
    [10, 5]
    >>> ss.key({"alpha": 1.0}) == ss.key({"alpha": 1})
    False
    """

    __slots__ = ("budgets", "subspaces")

    def __init__(self, search_spaces):
        if isinstance(search_spaces, Mapping):
            entries = [(search_spaces, None)]
        elif isinstance(search_spaces, list):
            if not search_spaces:
                raise ValueError(
                    "search_spaces: the list of sub-spaces is empty; give at least "
                    "one dict of parameter names to dimensions."
                )
            entries = [_normalize_entry(e, i) for i, e in enumerate(search_spaces)]
        else:
            raise TypeError(
                "search_spaces must be a dict of parameter names to dimensions, or "
                "a list of such dicts or of (dict, n_iter) pairs, got "
                f"{type(search_spaces).__name__}."
            )
        subspaces = []
        for i, (subspace, _) in enumerate(entries):
            where = (
                "search_spaces"
                if isinstance(search_spaces, Mapping)
                else (f"search_spaces[{i}]")
            )
            # an empty dict is the estimator as it is (one candidate), as in
            # GridSearchCV
            try:
                subspaces.append(Space(subspace))
            except (TypeError, ValueError) as exc:
                msg = str(exc)
                if not msg.startswith("search_spaces"):
                    msg = f"{where}: {msg}"
                elif where != "search_spaces":
                    msg = where + msg[len("search_spaces") :]
                raise type(exc)(msg) from None
        object.__setattr__(self, "subspaces", tuple(subspaces))
        object.__setattr__(self, "budgets", tuple(b for _, b in entries))

    def __setattr__(self, name, value):
        raise AttributeError("SearchSpace objects are immutable")

    def __delattr__(self, name):
        raise AttributeError("SearchSpace objects are immutable")

    def __reduce__(self):
        entries = [
            (dict(space.items()), budget) if budget is not None else dict(space.items())
            for space, budget in zip(self.subspaces, self.budgets)
        ]
        return (SearchSpace, (entries,))

    def __len__(self):
        return len(self.subspaces)

    def __repr__(self):
        return f"SearchSpace({list(zip(self.subspaces, self.budgets))!r})"

    @property
    def names(self):
        """Every parameter name, over all sub-spaces."""
        return sorted({n for s in self.subspaces for n in s.names})

    def split_budget(self, n_iter):
        """Candidates per sub-space: fixed budgets, ``n_iter`` shared by the rest.

        Sub-spaces without a fixed budget share ``n_iter`` in equal parts
        (the first ones get one more when it does not divide evenly).
        """
        shared = [i for i, b in enumerate(self.budgets) if b is None]
        out = [b if b is not None else 0 for b in self.budgets]
        if shared:
            base, extra = divmod(int(n_iter), len(shared))
            for rank, i in enumerate(shared):
                out[i] = base + (rank < extra)
        return out

    def total_iterations(self, n_iter):
        """Total number of candidates a search with ``n_iter`` would draw."""
        return sum(self.split_budget(n_iter))

    def key(self, point):
        """The search-wide canonical key of a point.

        Unlike :meth:`Space.key` it does not depend on the sub-space, so a
        point proposed by two sub-spaces has one key. Values are compared
        by value, as the categories of a sub-space are: equal dicts, lists
        or numpy arrays give equal keys, ``1`` and ``True``, ``1`` and
        ``1.0`` are kept apart, and objects without value equality
        (estimators) are keyed by identity. Two points that a sub-space's
        :meth:`Space.key` tells apart never share this key.

        Parameters
        ----------
        point : dict
            Parameter names mapped to values.

        Returns
        -------
        key : tuple
            ``(name, value key)`` pairs sorted by name.

        Examples
        --------
        >>> from skbayes.space import SearchSpace
        >>> space = SearchSpace([{"C": [1, 10]}, {"C": [1, 100], "tol": [1e-3]}])
        >>> space.key({"C": 1, "fit_intercept": True}) == space.key(
        ...     {"C": True, "fit_intercept": True}
        ... )
        False
        >>> space.key({"C": 1.0, "kernel": "rbf"}) == space.key(
        ...     {"kernel": "rbf", "C": 1.0}
        ... )
        True
        >>> space.key({"C": 1, "w": {0: 1, 1: 2}}) == space.key(
        ...     {"C": 1, "w": {1: 2, 0: 1}}
        ... )
        True
        """
        return tuple(sorted((name, _value_key(value)) for name, value in point.items()))


def to_skopt_space(space):
    """The equivalent ``skopt.space.Space`` (over the same values), or None.

    Lets scikit-optimize callbacks that measure distances (``DeltaXStopper``)
    read skbayes results.

    Parameters
    ----------
    space : Space
        A sub-space of a search.

    Returns
    -------
    skopt_space : skopt.space.Space or None
        None when a dimension has no scikit-optimize equivalent (a
        ``scipy.stats`` distribution with unbounded support); a bounded
        continuous distribution becomes a uniform ``Real`` over its support.

    Examples
    --------
    >>> from skbayes.space import Space, to_skopt_space
    >>> to_skopt_space(Space({"C": (1e-2, 1e2, "log-uniform")})).dimension_names
    ['C']
    """
    try:
        from skopt import space as sk

        dims = []
        for name, dim in space.items():
            if isinstance(dim, Real):
                real = sk.Real(dim.low, dim.high, dim.prior, dim.base, name=name)
                dims.append(real)
            elif isinstance(dim, Integer):
                dims.append(sk.Integer(dim.low, dim.high, prior=dim.prior, name=name))
            elif isinstance(dim, (Ordinal, Categorical)):
                dims.append(sk.Categorical(list(dim.values), name=name))
            elif isinstance(dim, Distribution):
                low, high = dim._support
                if not (math.isfinite(low) and math.isfinite(high)):
                    return None
                if dim.discrete:
                    dims.append(sk.Categorical(list(dim.support_values()), name=name))
                else:
                    dims.append(sk.Real(low, high, name=name))
            else:
                return None
        return sk.Space(dims)
    except Exception:  # pragma: no cover - a view only; never fail a search
        return None
