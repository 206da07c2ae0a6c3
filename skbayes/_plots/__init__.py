"""The figures of :mod:`skbayes.plots`, one module per kind of plot.

``_common.py`` holds what every plot needs (the fitted check, pyplot
imported lazily, the optimized metric's scores); ``_model.py`` the
Gaussian-process model of a search's scores that the partial dependence
(``_objective.py``) and importance (``_importance.py``) plots draw.
"""

from ._convergence import plot_convergence
from ._importance import plot_importance
from ._objective import plot_objective
from ._train_validation import plot_train_validation

__all__ = [
    "plot_convergence",
    "plot_importance",
    "plot_objective",
    "plot_train_validation",
]
