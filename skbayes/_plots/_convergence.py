"""The best score so far against the candidates evaluated."""

from __future__ import annotations

import numpy as np

from ._common import objective_scores, pyplot

__all__ = ["plot_convergence"]


def plot_convergence(*searches, labels=None, ax=None):
    """Best score so far against the number of candidates evaluated.

    Parameters
    ----------
    *searches : fitted searches
        ``BayesSearchCV``, ``GridSearchCV``, ``RandomizedSearchCV`` ...
        (anything with ``cv_results_``), drawn on one axis.
    labels : list of str, default=None
        Legend entries (the class names by default).
    ax : matplotlib Axes, default=None
        Where to draw; a new figure by default.

    Returns
    -------
    ax : matplotlib Axes
        The axes drawn on: one step line per search, the best mean test score
        of the optimized metric against the number of candidates evaluated
        (failed candidates leave the line unchanged).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV
    >>> from skbayes.plots import plot_convergence
    >>> X, y = load_iris(return_X_y=True)
    >>> search = BayesSearchCV(SVC(), {"C": (0.01, 100.0, "log-uniform")}, n_iter=6)
    >>> ax = plot_convergence(search.fit(X, y))
    >>> ax.get_xlabel()
    'candidates evaluated'
    """
    plt = pyplot()
    if not searches:
        raise ValueError("plot_convergence needs at least one fitted search.")
    if ax is None:
        _, ax = plt.subplots()
    labels = labels or [type(s).__name__ for s in searches]
    name = "score"
    for search, label in zip(searches, labels):
        scores, name = objective_scores(search)
        best = np.fmax.accumulate(np.where(np.isnan(scores), -np.inf, scores))
        best[np.isinf(best)] = np.nan
        ax.plot(np.arange(1, len(best) + 1), best, drawstyle="steps-post", label=label)
    ax.set_xlabel("candidates evaluated")
    ax.set_ylabel(f"best mean test {name}")
    ax.set_title("Convergence")
    ax.legend()
    return ax
