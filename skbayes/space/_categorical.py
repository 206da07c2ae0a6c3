"""``Categorical``: unordered categories of any type, kept as given."""

from __future__ import annotations

import numpy as np

from ._dimensions import _Finite
from ._keys import _FrozenDict, _value_key
from ._values import _native

__all__ = ["Categorical"]


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
