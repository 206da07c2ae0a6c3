"""How much each parameter moves the modelled score."""

from __future__ import annotations

import numpy as np

from ._common import pyplot
from ._model import SearchModel

__all__ = ["plot_importance"]


def plot_importance(search, *, subspace=0, ax=None):
    """How much each parameter moves the predicted score.

    The importance of a parameter is the range of its partial dependence
    (see :func:`plot_objective`), as a share of the sum over parameters.
    Parameters with a single value are left out.

    Parameters
    ----------
    search : fitted search
        A fitted ``BayesSearchCV``, ``GridSearchCV`` or
        ``RandomizedSearchCV`` with at least 2 successful candidates.
    subspace : int, default=0
        Which sub-space of a list of dicts.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure by default.

    Returns
    -------
    ax : matplotlib Axes
        A horizontal bar per parameter, the most important at the top; the
        bars sum to 1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV
    >>> from skbayes.plots import plot_importance
    >>> X, y = load_iris(return_X_y=True)
    >>> space = {"C": (1e-2, 1e2, "log-uniform"), "kernel": ["rbf", "linear"]}
    >>> search = BayesSearchCV(SVC(), space, n_iter=8, random_state=0).fit(X, y)
    >>> ax = plot_importance(search)
    >>> sorted(t.get_text() for t in ax.get_yticklabels())
    ['C', 'kernel']
    """
    plt = pyplot()
    model = SearchModel(search, subspace)
    names = [n for n in model.space.names if model.space[n].n_values != 1]
    spans = np.array([np.ptp(model.partial_dependence(n)[1]) for n in names])
    share = spans / spans.sum() if spans.sum() > 0 else np.zeros_like(spans)
    if ax is None:
        _, ax = plt.subplots()
    order = np.argsort(share)
    ax.barh([names[i] for i in order], share[order])
    ax.set_xlabel("importance (share of the predicted score's range)")
    ax.set_title("Parameter importance")
    return ax
