"""scikit-optimize's ``OptimizeResult`` view of a sub-space's history.

``optimizer_results_`` and the ``fit(callback=...)`` callbacks see the search
as scikit-optimize's ``BayesSearchCV`` shows it.
"""

from __future__ import annotations

import math
import time

import numpy as np
from scipy.optimize import OptimizeResult

from .space import to_skopt_space

__all__ = ["optimize_result"]


class _OptimizeResult(OptimizeResult):
    """scikit-optimize's ``OptimizeResult``; its ``space`` is built when read.

    A scikit-optimize space of a grid is a list of its values: for a grid of
    millions of values it costs seconds and gigabytes, so it is made only
    for the code that reads it (scikit-optimize's plots and callbacks).
    """

    def __missing__(self, key):
        if key != "space":
            raise KeyError(key)
        self["space"] = to_skopt_space(vars(self)["_subspace"])
        return self["space"]


def optimize_result(space, points, scores, opt):
    """scikit-optimize's ``OptimizeResult`` view of a sub-space's history."""
    names = list(space.names)
    x_iters = [[p[n] for n in names] for p in points]
    scores = np.asarray(scores, dtype=float)
    func_vals = -scores
    if len(scores) and not np.all(np.isnan(scores)):
        best = int(np.nanargmax(scores))
        x, fun = x_iters[best], float(func_vals[best])
    else:
        x, fun = None, math.nan
    result = _OptimizeResult(
        x=x,
        fun=fun,
        x_iters=x_iters,
        func_vals=func_vals,
        models=[],
        specs={"optimizer": type(opt).__name__},
        timestamp=time.time(),
    )
    object.__setattr__(result, "_subspace", space)
    return result
