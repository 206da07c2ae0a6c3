"""Plots of fitted searches (matplotlib is imported lazily).

Every function takes fitted searches and returns matplotlib axes; install
the plotting extra with ``pip install "skbayes[plots]"``.
"""

from ._plots import (
    plot_convergence,
    plot_importance,
    plot_objective,
    plot_train_validation,
)

__all__ = [
    "plot_convergence",
    "plot_importance",
    "plot_objective",
    "plot_train_validation",
]
