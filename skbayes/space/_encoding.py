"""The numeric views of a space that optimizers and plots work in."""

from __future__ import annotations

import math
from collections import namedtuple
from types import MappingProxyType

import numpy as np

from ._categorical import Categorical
from ._dimensions import _Finite
from ._distribution import Distribution
from ._ordinal import Ordinal
from ._ranges import Integer, Real
from ._values import _EPS

__all__ = ["Encoding"]

# How one parameter is laid out in the model columns: ``kind`` is "constant"
# (no column), "onehot" (``width`` columns), "finite" or "real" (one column).
_Block = namedtuple("_Block", "name dim kind start width")

# Decoded unit values stay below 1: the last bucket of a finite dimension is
# [1 - 1/n, 1), and 1.0 itself is no value.
_BELOW_ONE = 1.0 - 1e-12


class Encoding:
    """The numeric views of a :class:`Space` that optimizers and plots work in.

    Every consumer of numbers (the Gaussian process, TPE, the adapter around
    scikit-optimize, the plots, quasi-random designs) goes through one
    ``Encoding``. All views start from each dimension's *unit encoding*: a
    value in ``[0, 1]`` whose uniform draws decode to draws from the
    dimension's prior (the log scale for log-uniform priors, the quantile for
    ``scipy.stats`` distributions, bucket centres for finite dimensions).

    Views, from points (dicts) and back:

    - **model columns** ``Z`` (:meth:`encode`, :meth:`decode`): one column in
      ``[0, 1]`` per ordered parameter (real, integer, ordinal, distribution:
      its unit encoding), one-hot columns for a categorical parameter with
      more than one value, no column for a parameter with a single value;
      :meth:`snap`, :meth:`random` and :meth:`perturb` keep rows valid.
    - **unit cube** ``U`` (:meth:`from_unit`): one column per parameter, its
      unit encoding; decoding uniform rows samples the prior.
    - **mixed** ``(U, C)`` (:meth:`to_mixed`, :meth:`from_mixed`): the unit
      columns of the parameters in :attr:`ordered`, and the category indices
      of those in :attr:`categorical`.
    - **scikit-optimize rows** (:meth:`skopt_dimensions`, :meth:`to_skopt`,
      :meth:`from_skopt`): one column per parameter with more than one value,
      which ``skopt.Optimizer`` transforms with its own dimensions.

    Parameters
    ----------
    space : Space
        The space to encode (for a dict of parameters, build its
        :class:`Space` first: ``Space(dict).encoding``).

    Attributes
    ----------
    space : Space
        The space encoded.
    n_columns : int
        Number of model columns.
    constants : mapping
        The value of each parameter with a single value (it has no model
        column, nor a scikit-optimize column).
    ordered : tuple of str
        Parameters of the ``U`` part of the mixed view, in the order of
        :attr:`Space.names`: every parameter that is not categorical.
    categorical : tuple of str
        Parameters of the ``C`` part of the mixed view: the categorical ones.
    n_categories : tuple of int
        Number of categories of each parameter of :attr:`categorical`.

    See Also
    --------
    Space : The dimensions encoded; :attr:`Space.encoding` is its encoding.

    Examples
    --------
    >>> from skbayes.space import Encoding, Space
    >>> enc = Encoding(Space({"C": (1e-2, 1e2, "log-uniform"), "k": ["a", "b", "c"]}))
    >>> enc.n_columns, enc.columns("k")
    (4, slice(1, 4, None))
    >>> Z = enc.encode([{"C": 1.0, "k": "b"}])
    >>> Z
    array([[0.5, 0. , 1. , 0. ]])
    >>> enc.decode(Z)
    [{'C': 1.0, 'k': 'b'}]
    >>> enc.to_mixed([{"C": 1.0, "k": "c"}])
    (array([[0.5]]), array([[2]]))
    """

    __slots__ = (
        "_blocks",
        "categorical",
        "constants",
        "n_categories",
        "n_columns",
        "ordered",
        "space",
    )

    def __init__(self, space):
        if not hasattr(space, "names") or not callable(getattr(space, "items", None)):
            raise TypeError(
                f"Encoding takes a Space, got {space!r}: for a dict of parameters, "
                "use Space(dict).encoding."
            )
        blocks, start = [], 0
        for name, dim in space.items():
            if dim.n_values == 1:
                blocks.append(_Block(name, dim, "constant", start, 0))
            elif isinstance(dim, Categorical):
                blocks.append(_Block(name, dim, "onehot", start, dim.n_values))
            else:
                kind = "finite" if dim.is_finite else "real"
                blocks.append(_Block(name, dim, kind, start, 1))
            start += blocks[-1].width
        categorical = [(n, d) for n, d in space.items() if isinstance(d, Categorical)]
        self._set(
            space=space,
            _blocks=tuple(blocks),
            n_columns=start,
            constants=MappingProxyType(
                {b.name: b.dim.decode([0.5])[0] for b in blocks if not b.width}
            ),
            ordered=tuple(
                n for n, d in space.items() if not isinstance(d, Categorical)
            ),
            categorical=tuple(n for n, _ in categorical),
            n_categories=tuple(d.n_values for _, d in categorical),
        )

    def _set(self, **attributes):
        for name, value in attributes.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError("Encoding objects are immutable")

    def __reduce__(self):
        return (Encoding, (self.space,))

    def __repr__(self):
        return f"Encoding({self.space!r})"

    # -- model columns ----------------------------------------------------------
    def columns(self, name):
        """The model columns of one parameter.

        Parameters
        ----------
        name : str
            A parameter of the space.

        Returns
        -------
        columns : slice
            Its columns in the rows of :meth:`encode` (empty for a parameter
            with a single value).
        """
        block = self._block(name)
        return slice(block.start, block.start + block.width)

    def encode(self, points):
        """Map points to model columns.

        Parameters
        ----------
        points : list of dict
            Points of the space.

        Returns
        -------
        Z : ndarray of shape (n_points, n_columns)
            Values in ``[0, 1]``.
        """
        points = list(points)
        Z = np.zeros((len(points), self.n_columns))
        for block in self._blocks:
            if block.width:
                Z[:, block.start : block.start + block.width] = self._encode_block(
                    block, [p[block.name] for p in points]
                )
        return Z

    def encode_values(self, name, values):
        """Model columns of one parameter, for some of its values.

        Parameters
        ----------
        name : str
            A parameter of the space.
        values : list
            Values of that parameter.

        Returns
        -------
        columns : ndarray of shape (len(values), width)
            What :meth:`encode` writes in ``Z[:, self.columns(name)]``.
        """
        block = self._block(name)
        return self._encode_block(block, list(values))

    def decode(self, Z):
        """Map model columns to points (the inverse of :meth:`encode`).

        Parameters
        ----------
        Z : array-like of shape (n_points, n_columns)
            Rows of model columns; a one-hot block is read by its largest
            column, an ordered column is clipped to ``[0, 1]``.

        Returns
        -------
        points : list of dict
            One point per row.
        """
        Z = np.atleast_2d(np.asarray(Z, dtype=float))
        columns = []
        for block in self._blocks:
            dim, cols = block.dim, Z[:, block.start : block.start + block.width]
            if block.kind == "constant":
                columns.append([self.constants[block.name]] * len(Z))
            elif block.kind == "onehot":
                columns.append([dim.value_at(i) for i in cols.argmax(1)])
            else:
                columns.append(dim.decode(np.clip(cols[:, 0], 0.0, _BELOW_ONE)))
        return self._points(columns)

    def snap(self, Z):
        """Move rows of model columns to the rows of valid points.

        Parameters
        ----------
        Z : ndarray of shape (n_points, n_columns)
            Rows to move.

        Returns
        -------
        Z : ndarray of shape (n_points, n_columns)
            Clipped to ``[0, 1]``, one-hot blocks with a single 1 (at their
            largest column), finite ordered columns at their values' encoding.
        """
        Z = np.clip(Z, 0.0, 1.0)
        for block in self._blocks:
            dim, start, width = block.dim, block.start, block.width
            if block.kind == "onehot":
                hot = np.zeros((len(Z), width))
                hot[np.arange(len(Z)), Z[:, start : start + width].argmax(1)] = 1.0
                Z[:, start : start + width] = hot
            elif block.kind == "finite":
                u = np.minimum(Z[:, start], _BELOW_ONE)
                if isinstance(dim, _Finite):  # through indices, not values
                    Z[:, start] = dim._encode_index(dim._decode_index(u))
                else:
                    Z[:, start] = dim.encode(dim.decode(u))
        return Z

    def random(self, n, random_state=None):
        """Quasi-random valid rows of model columns (a scrambled Sobol sequence).

        Parameters
        ----------
        n : int
            Number of rows.
        random_state : int, Generator or None, default=None
            Seed of the scrambling (a Generator is drawn from).

        Returns
        -------
        Z : ndarray of shape (n, n_columns)
            Snapped rows (see :meth:`snap`).
        """
        from scipy.stats import qmc

        m = max(1, math.ceil(math.log2(max(n, 2))))
        sobol = qmc.Sobol(d=self.n_columns, scramble=True, seed=random_state)
        return self.snap(sobol.random_base2(m)[:n])

    def perturb(self, Z, scale, random_state=None):
        """Neighbours of rows: Gaussian steps on ordered columns, category flips.

        Parameters
        ----------
        Z : ndarray of shape (n_points, n_columns)
            Valid rows.
        scale : float
            Standard deviation of the steps; a category changes with
            probability ``2 * scale`` (within [0.1, 0.5]), to one drawn at
            random.
        random_state : int, Generator or None, default=None
            Seed of the steps (a Generator is drawn from).

        Returns
        -------
        Z : ndarray of shape (n_points, n_columns)
            New, snapped rows (see :meth:`snap`).
        """
        rng = np.random.default_rng(random_state)
        Z = np.array(Z, dtype=float)
        for block in self._blocks:
            start, width = block.start, block.width
            if block.kind in ("real", "finite"):
                Z[:, start] += scale * rng.standard_normal(len(Z))
            elif block.kind == "onehot":
                flip = rng.random(len(Z)) < max(0.1, min(0.5, scale * 2))
                if flip.any():
                    rows = np.flatnonzero(flip)
                    new = rng.integers(width, size=len(rows))
                    Z[rows, start : start + width] = 0.0
                    Z[rows, start + new] = 1.0
        return self.snap(Z)

    # -- unit cube --------------------------------------------------------------
    def from_unit(self, U):
        """Map rows of the unit cube to points.

        Column ``j`` is decoded by the ``j``-th dimension of the space (see
        :meth:`Dimension.decode`). Uniform rows give draws from the space's
        prior: this is how random and quasi-random designs become points.

        Parameters
        ----------
        U : array-like of shape (n_points, len(space))
            Rows of the unit cube (a single row may be given flat).

        Returns
        -------
        points : list of dict
            One point per row.
        """
        U = np.atleast_2d(np.asarray(U, dtype=float))
        if U.shape[1] != len(self.space):
            raise ValueError(
                f"Expected {len(self.space)} columns to decode, got {U.shape[1]}."
            )
        columns = [dim.decode(U[:, j]) for j, dim in enumerate(self.space.dimensions)]
        return self._points(columns)

    # -- mixed: unit columns and category indices --------------------------------
    def to_mixed(self, points):
        """Map points to unit columns and category indices.

        Parameters
        ----------
        points : list of dict
            Points of the space.

        Returns
        -------
        U : ndarray of shape (n_points, len(ordered))
            The unit encoding of the parameters of :attr:`ordered`.
        C : ndarray of int of shape (n_points, len(categorical))
            The index of the category of each parameter of :attr:`categorical`.
        """
        points = list(points)
        U = np.empty((len(points), len(self.ordered)))
        for j, name in enumerate(self.ordered):
            U[:, j] = self.space[name].encode([p[name] for p in points])
        C = np.empty((len(points), len(self.categorical)), dtype=int)
        for j, name in enumerate(self.categorical):
            dim = self.space[name]
            C[:, j] = [dim.index(p[name]) for p in points]
        return U, C

    def from_mixed(self, U, C):
        """Map unit columns and category indices to points.

        Parameters
        ----------
        U : ndarray of shape (n_points, len(ordered))
            Unit values of the parameters of :attr:`ordered`.
        C : ndarray of int of shape (n_points, len(categorical))
            Category indices of the parameters of :attr:`categorical`.

        Returns
        -------
        points : list of dict
            One point per row.
        """
        U, C = np.asarray(U, dtype=float), np.asarray(C)
        values = {
            name: self.space[name].decode(U[:, j])
            for j, name in enumerate(self.ordered)
        }
        for j, name in enumerate(self.categorical):
            values[name] = [self.space[name].value_at(i) for i in C[:, j]]
        return self._points([values[name] for name in self.space.names])

    # -- scikit-optimize rows --------------------------------------------------------
    def skopt_dimensions(self):
        """``skopt.space`` dimensions for the rows of :meth:`to_skopt`.

        Real and integer parameters keep their bounds and prior (so
        scikit-optimize models them as it would its own), ordinal and
        categorical ones become their indices, distributions their unit
        encoding; parameters with a single value have no column.

        Returns
        -------
        dimensions : list of skopt.space.Dimension
            One per column.
        """
        from skopt import space as sk

        out = []
        for block in self._varying():
            dim = block.dim
            if isinstance(dim, Real):
                out.append(sk.Real(dim.low, dim.high, prior=dim.prior, base=dim.base))
            elif isinstance(dim, Integer):
                out.append(
                    sk.Integer(dim.low, dim.high, prior=dim.prior, base=dim.base)
                )
            elif isinstance(dim, Ordinal):
                out.append(sk.Integer(0, dim.n_values - 1))
            elif isinstance(dim, Categorical):
                out.append(sk.Categorical(list(range(dim.n_values)), prior=dim.prior))
            elif isinstance(dim, Distribution):
                out.append(sk.Real(_EPS, 1 - _EPS))
            else:  # pragma: no cover - every dimension kind is listed
                raise TypeError(f"Unsupported dimension {dim!r}.")
        return out

    def to_skopt(self, points):
        """Map points to rows of :meth:`skopt_dimensions`.

        Parameters
        ----------
        points : list of dict
            Points of the space.

        Returns
        -------
        rows : list of list
            One row per point.
        """
        rows = []
        for point in points:
            row = []
            for block in self._varying():
                dim, value = block.dim, point[block.name]
                if isinstance(dim, Real):
                    row.append(float(value))
                elif isinstance(dim, Integer):
                    row.append(int(value))
                elif isinstance(dim, (Ordinal, Categorical)):
                    row.append(dim.index(value))
                else:
                    row.append(float(dim.encode([value])[0]))
            rows.append(row)
        return rows

    def from_skopt(self, rows):
        """Map rows of :meth:`skopt_dimensions` to points.

        Parameters
        ----------
        rows : list of list
            Rows, as ``skopt.Optimizer.ask`` returns them.

        Returns
        -------
        points : list of dict
            One point per row, with the values of :attr:`constants` too.
        """
        points = []
        for row in rows:
            values = dict(self.constants)
            for block, value in zip(self._varying(), row):
                dim = block.dim
                if isinstance(dim, Real):  # rounded as decoded values are
                    values[block.name] = dim.decode(dim.encode([value]))[0]
                elif isinstance(dim, Integer):
                    values[block.name] = int(value)
                elif isinstance(dim, (Ordinal, Categorical)):
                    values[block.name] = dim.value_at(int(value))
                else:
                    values[block.name] = dim.decode([value])[0]
            points.append({name: values[name] for name in self.space.names})
        return points

    # -- helpers --------------------------------------------------------------------
    def _block(self, name):
        for block in self._blocks:
            if block.name == name:
                return block
        raise KeyError(f"{name!r} is not a parameter of {self.space!r}.")

    def _varying(self):
        return [b for b in self._blocks if b.kind != "constant"]

    def _encode_block(self, block, values):
        if block.kind == "onehot":
            hot = np.zeros((len(values), block.width))
            idx = np.array([block.dim.index(v) for v in values], dtype=int)
            hot[np.arange(len(values)), idx] = 1.0
            return hot
        if block.kind == "constant":
            return np.zeros((len(values), 0))
        return np.asarray(block.dim.encode(values), dtype=float).reshape(-1, 1)

    def _points(self, columns):
        return [dict(zip(self.space.names, row)) for row in zip(*columns)]
