"""Optimizers: the ask/tell protocol and its strategies.

Every optimizer is built as ``factory(space, *, n_initial_points,
random_state, **kwargs)`` and then used through ``ask(n_points)`` and
``tell(points, scores)``; scores are maximized and NaN marks a failure.
:class:`Surrogate` is the Gaussian-process model of scores the GP engine
and the plots use.
"""

from ._base import BaseOptimizer, check_random_state_seed
from ._gp import GPOptimizer
from ._random import RandomOptimizer
from ._registry import OPTIMIZERS, make_optimizer
from ._skopt import SkoptOptimizer
from ._surrogate import Surrogate
from ._tpe import TPEOptimizer

__all__ = [
    "OPTIMIZERS",
    "BaseOptimizer",
    "GPOptimizer",
    "RandomOptimizer",
    "SkoptOptimizer",
    "Surrogate",
    "TPEOptimizer",
    "check_random_state_seed",
    "make_optimizer",
]
