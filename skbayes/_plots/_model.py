"""A Gaussian-process model of a search's scores, for the dependence plots."""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..optimizer import Surrogate
from ..space import Categorical, SearchSpace
from ._common import check_fitted, objective_scores

__all__ = ["SearchModel"]


class SearchModel:
    """A :class:`~skbayes.optimizer.Surrogate` fitted to a search's results.

    One sub-space; the successful candidates only.
    """

    def __init__(self, search, subspace=0):
        check_fitted(search)
        space = getattr(search, "search_space_", None)
        if space is None:
            space = SearchSpace(
                getattr(search, "search_spaces", None)
                or getattr(search, "param_grid", None)
                or search.param_distributions
            )
        n_subspaces = len(space.subspaces)
        if not (
            isinstance(subspace, numbers.Integral)
            and not isinstance(subspace, (bool, np.bool_))
            and 0 <= subspace < n_subspaces
        ):
            raise ValueError(
                f"subspace must be the index of one of the search's "
                f"{n_subspaces} sub-spaces (0 to {n_subspaces - 1}), got "
                f"{subspace!r}."
            )
        self.space = space.subspaces[subspace]
        scores, self.name = objective_scores(search)
        params = search.cv_results_["params"]
        keep = [
            i
            for i, p in enumerate(params)
            if self.space.contains(p) and math.isfinite(scores[i])
        ]
        if len(keep) < 2:
            raise ValueError(
                "The search has fewer than 2 successful candidates in this space: "
                "nothing to model."
            )
        self.points = [params[i] for i in keep]
        self.scores = scores[keep]
        self.surrogate = Surrogate(self.space).fit(self.points, self.scores)
        self.encoding = self.surrogate.encoding
        self.Z = self.encoding.encode(self.points)

    def axis(self, name, n_grid=40):
        """Values of ``name`` to draw and their model columns.

        Returns ``(values, cols)``, ``cols`` of shape ``(len(values), width)``.
        """
        dim = self.space[name]
        if dim.n_values == 1:
            values = [self.encoding.constants[name]]
        elif isinstance(dim, Categorical):
            values = list(dim.values)
        else:
            u = np.linspace(
                0.0, 1.0 - 1e-9, n_grid if not dim.is_finite else 2 * n_grid
            )
            values = dim.decode(u)
            values = list(dict.fromkeys(values)) if dim.is_finite else values
        return values, self.encoding.encode_values(name, values)

    def _mean_over_points(self, Z, return_std=False):
        """Mean prediction, on the score scale, per block of ``len(points)``.

        With ``return_std``, also the prediction's standard deviation
        averaged over each block.
        """
        if not return_std:
            mean = self.surrogate.predict_encoded(Z).reshape(-1, len(self.Z))
            return mean.mean(axis=1)
        mean, std = self.surrogate.predict_encoded(Z, return_std=True)
        n = len(self.Z)
        return mean.reshape(-1, n).mean(axis=1), std.reshape(-1, n).mean(axis=1)

    def partial_dependence(self, name, n_grid=40, return_std=False):
        """Grid of values of ``name`` and the mean prediction over the others.

        Returns ``(values, mean)``, or ``(values, mean, std)`` with
        ``return_std``.
        """
        values, cols = self.axis(name, n_grid)
        Z = np.repeat(self.Z[None], len(cols), axis=0)
        Z[:, :, self.encoding.columns(name)] = cols[:, None, :]
        predicted = self._mean_over_points(Z.reshape(-1, self.Z.shape[1]), return_std)
        return (values, *predicted) if return_std else (values, predicted)

    def partial_dependence_2d(self, name_x, name_y, n_grid=20):
        """Mean prediction over the other parameters on a grid of two.

        Returns ``(values_x, values_y, means)`` with ``means`` of shape
        ``(len(values_y), len(values_x))``.
        """
        vx, cx = self.axis(name_x, n_grid)
        vy, cy = self.axis(name_y, n_grid)
        means = np.empty((len(vy), len(vx)))
        for i, col_y in enumerate(cy):
            Z = np.repeat(self.Z[None], len(cx), axis=0)
            Z[:, :, self.encoding.columns(name_x)] = cx[:, None, :]
            Z[:, :, self.encoding.columns(name_y)] = col_y
            means[i] = self._mean_over_points(Z.reshape(-1, self.Z.shape[1]))
        return vx, vy, means
