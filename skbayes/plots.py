"""Plots of fitted searches (matplotlib is imported lazily).

Every function takes fitted searches and returns matplotlib axes; install
the plotting extra with ``pip install "skbayes[plots]"``.
"""

from __future__ import annotations

import math

import numpy as np

from .space import Categorical, SearchSpace

__all__ = ["plot_convergence", "plot_importance", "plot_objective"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "skbayes.plots needs matplotlib: pip install 'skbayes[plots]'"
        ) from exc
    return plt


def _objective_scores(search):
    name = getattr(search, "objective_", None) or "score"
    key = f"mean_test_{name}"
    if key not in search.cv_results_:
        key = next(k for k in search.cv_results_ if k.startswith("mean_test_"))
        name = key[len("mean_test_") :]
    return np.asarray(search.cv_results_[key], dtype=float), name


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
    plt = _pyplot()
    if not searches:
        raise ValueError("plot_convergence needs at least one fitted search.")
    if ax is None:
        _, ax = plt.subplots()
    labels = labels or [type(s).__name__ for s in searches]
    name = "score"
    for search, label in zip(searches, labels):
        scores, name = _objective_scores(search)
        best = np.fmax.accumulate(np.where(np.isnan(scores), -np.inf, scores))
        best[np.isinf(best)] = np.nan
        ax.plot(np.arange(1, len(best) + 1), best, drawstyle="steps-post", label=label)
    ax.set_xlabel("candidates evaluated")
    ax.set_ylabel(f"best mean test {name}")
    ax.set_title("Convergence")
    ax.legend()
    return ax


class _Surrogate:
    """A GP fitted to a search's results, for plots (one sub-space)."""

    def __init__(self, search, subspace=0):
        from .optimizer._gp import _Encoder, _warp_scores
        from .optimizer._gp_model import MaternGP

        space = getattr(search, "search_space_", None)
        if space is None:
            space = SearchSpace(
                getattr(search, "search_spaces", None)
                or getattr(search, "param_grid", None)
                or search.param_distributions
            )
        self.space = space.subspaces[subspace]
        scores, self.name = _objective_scores(search)
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
        self.encoder = _Encoder(self.space)
        Z = self.encoder.encode(self.points)
        y = _warp_scores(self.scores)
        # predictions are mapped back to the score scale linearly
        self.scale = np.polyfit(y, self.scores, 1) if np.ptp(y) > 0 else (0.0, 0.0)
        self.gp = MaternGP(self.encoder.n_cols).fit(Z, y)
        self.Z = Z

    def partial_dependence(self, name, n_grid=40):
        """Grid of values of ``name`` and the mean prediction over the others."""
        dim = self.space[name]
        block = next(b for b in self.encoder.blocks if b[0] == name)
        _, _, kind, start, width = block
        if kind == "onehot":
            values = list(dim.values)
            cols = [np.eye(width)[i] for i in range(width)]
        elif kind == "constant":
            return [dim.decode([0.5])[0]], np.array([self.scores.mean()])
        else:
            u = np.linspace(
                0.0, 1.0 - 1e-9, n_grid if not dim.is_finite else 2 * n_grid
            )
            values = dim.decode(u)
            values = list(dict.fromkeys(values)) if dim.is_finite else values
            cols = [dim.encode([v]) for v in values]
        means = []
        for col in cols:
            Z = self.Z.copy()
            Z[:, start : start + width] = col
            mean, _ = self.gp.predict(Z)
            means.append(np.polyval(self.scale, mean).mean())
        return values, np.array(means)


def plot_objective(search, *, subspace=0, n_grid=40, axes=None):
    """Partial dependence of the score on each parameter, from a surrogate.

    A Gaussian process is fitted to the search's results; for each
    parameter, its prediction is averaged over the other parameters of the
    evaluated candidates (as ``skopt.plots.plot_objective`` does), and the
    evaluated candidates are drawn as points.

    Parameters
    ----------
    search : fitted search
        A fitted ``BayesSearchCV``, ``GridSearchCV`` or
        ``RandomizedSearchCV`` with at least 2 successful candidates.
    subspace : int, default=0
        Which sub-space of a list of dicts.
    n_grid : int, default=40
        Points along each continuous parameter.
    axes : array of matplotlib Axes, default=None
        One per parameter; a new figure with up to 3 columns by default.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        One per parameter, in the order of the search space (extra axes are
        hidden). Numeric parameters get a line (on a log axis for a
        log-uniform prior or a grid spanning over two decades), categorical
        ones a bar per category.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV
    >>> from skbayes.plots import plot_objective
    >>> X, y = load_iris(return_X_y=True)
    >>> space = {"C": (1e-2, 1e2, "log-uniform"), "kernel": ["rbf", "linear"]}
    >>> search = BayesSearchCV(SVC(), space, n_iter=8, random_state=0).fit(X, y)
    >>> axes = plot_objective(search)
    >>> [ax.get_xlabel() for ax in axes]
    ['C', 'kernel']
    """
    plt = _pyplot()
    model = _Surrogate(search, subspace)
    names = list(model.space.names)
    if axes is None:
        cols = min(3, len(names))
        rows = math.ceil(len(names) / cols)
        _, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    axes = np.ravel(axes)
    for ax, name in zip(axes, names):
        values, mean = model.partial_dependence(name, n_grid)
        dim = model.space[name]
        observed = [p[name] for p in model.points]
        if isinstance(dim, Categorical):
            labels = [str(v) for v in values]
            pos = np.arange(len(values))
            ax.bar(pos, mean - mean.min() + 1e-12, bottom=mean.min(), alpha=0.4)
            where = [dim.index(v) for v in observed]
            ax.scatter(where, model.scores, s=12, color="k")
            ax.set_xticks(pos)
            ax.set_xticklabels(labels, rotation=30, ha="right")
        else:
            ax.plot(values, mean)
            ax.scatter(observed, model.scores, s=12, color="k")
            prior = getattr(dim, "prior", None)
            if prior == "log-uniform" or _is_log_grid(values):
                ax.set_xscale("log")
        ax.set_xlabel(name)
        ax.set_ylabel(f"mean test {model.name}")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    return axes


def _is_log_grid(values):
    v = np.asarray([x for x in values if isinstance(x, (int, float))], dtype=float)
    return len(v) > 2 and np.all(v > 0) and v.max() / v.min() > 100


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
    plt = _pyplot()
    model = _Surrogate(search, subspace)
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
