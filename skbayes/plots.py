"""Plots of fitted searches (matplotlib is imported lazily).

Every function takes fitted searches and returns matplotlib axes; install
the plotting extra with ``pip install "skbayes[plots]"``.
"""

from __future__ import annotations

import math

import numpy as np

from .optimizer import Surrogate
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


class _SearchModel:
    """A :class:`~skbayes.optimizer.Surrogate` fitted to a search's results.

    One sub-space; the successful candidates only.
    """

    def __init__(self, search, subspace=0):
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

    def _mean_over_points(self, Z):
        """Mean prediction, on the score scale, per block of ``len(points)``."""
        mean = self.surrogate.predict_encoded(Z).reshape(-1, len(self.Z))
        return mean.mean(axis=1)

    def partial_dependence(self, name, n_grid=40):
        """Grid of values of ``name`` and the mean prediction over the others."""
        values, cols = self.axis(name, n_grid)
        Z = np.repeat(self.Z[None], len(cols), axis=0)
        Z[:, :, self.encoding.columns(name)] = cols[:, None, :]
        return values, self._mean_over_points(Z.reshape(-1, self.Z.shape[1]))

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


def plot_objective(search, *, pairs=False, subspace=0, n_grid=40, axes=None):
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
    pairs : bool, default=False
        False draws one panel per parameter. True draws the matrix of
        ``skopt.plots.plot_objective``: the one-parameter partial dependence
        on the diagonal and, below it, the two-parameter partial dependence
        of each pair as a filled contour (a grid of cells when a categorical
        parameter is involved) with the evaluated candidates as points and
        the best one as a red star.
    subspace : int, default=0
        Which sub-space of a list of dicts.
    n_grid : int, default=40
        Points along each continuous parameter (half of it in the pair
        panels).
    axes : array of matplotlib Axes, default=None
        One per parameter (``pairs=False``), or a square array with one row
        and one column per parameter (``pairs=True``); a new figure by
        default.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        With ``pairs=False``, one per parameter, in the order of the search
        space (extra axes are hidden). Numeric parameters get a line (on a
        log axis for a log-uniform prior or a grid spanning over two
        decades), categorical ones a bar per category. With ``pairs=True``,
        the square matrix (the panels above the diagonal are hidden).

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
    >>> plot_objective(search, pairs=True).shape
    (2, 2)
    """
    plt = _pyplot()
    model = _SearchModel(search, subspace)
    names = list(model.space.names)
    if pairs:
        return _plot_objective_matrix(plt, model, names, n_grid, axes)
    if axes is None:
        cols = min(3, len(names))
        rows = math.ceil(len(names) / cols)
        _, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    axes = np.ravel(axes)
    for ax, name in zip(axes, names):
        _draw_dependence(ax, model, name, n_grid)
        ax.set_xlabel(name)
        ax.set_ylabel(f"mean test {model.name}")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    return axes


def _positions(model, name, values):
    """x positions of ``values`` of ``name`` (category indices or the values)."""
    dim = model.space[name]
    if isinstance(dim, Categorical):
        return np.array([dim.index(v) for v in values], dtype=float)
    return np.asarray(values, dtype=float)


def _set_scale(ax, model, name, values, axis="x"):
    dim = model.space[name]
    if isinstance(dim, Categorical):
        ticks = getattr(ax, f"set_{axis}ticks")
        ticks(np.arange(len(values)))
        labels = getattr(ax, f"set_{axis}ticklabels")
        if axis == "x":
            labels([str(v) for v in values], rotation=30, ha="right")
        else:
            labels([str(v) for v in values])
    elif getattr(dim, "prior", None) == "log-uniform" or _is_log_grid(values):
        getattr(ax, f"set_{axis}scale")("log")


def _draw_dependence(ax, model, name, n_grid):
    values, mean = model.partial_dependence(name, n_grid)
    observed = [p[name] for p in model.points]
    if isinstance(model.space[name], Categorical):
        pos = np.arange(len(values))
        ax.bar(pos, mean - mean.min() + 1e-12, bottom=mean.min(), alpha=0.4)
        ax.scatter(_positions(model, name, observed), model.scores, s=12, color="k")
    else:
        ax.plot(values, mean)
        ax.scatter(observed, model.scores, s=12, color="k")
    _set_scale(ax, model, name, values)


def _plot_objective_matrix(plt, model, names, n_grid, axes):
    n = len(names)
    if axes is None:
        size = max(2.2, min(3.2, 12 / n))
        _, axes = plt.subplots(n, n, figsize=(size * n, size * n), squeeze=False)
    axes = np.asarray(axes)
    if axes.shape != (n, n):
        raise ValueError(
            f"axes: expected a {n} x {n} array for {n} parameters with "
            f"pairs=True, got shape {axes.shape}."
        )
    best = int(np.argmax(model.scores))
    for i, name_y in enumerate(names):
        for j, name_x in enumerate(names):
            ax = axes[i, j]
            if j > i:
                ax.set_visible(False)
                continue
            if i == j:
                _draw_dependence(ax, model, name_x, n_grid)
                ax.set_ylabel(f"mean test {model.name}")
            else:
                _draw_pair(ax, model, name_x, name_y, best, max(5, n_grid // 2))
                ax.set_ylabel(name_y)
            ax.set_xlabel(name_x)
    return axes


def _draw_pair(ax, model, name_x, name_y, best, n_grid):
    vx, vy, means = model.partial_dependence_2d(name_x, name_y, n_grid)
    px = _positions(model, name_x, vx)
    py = _positions(model, name_y, vy)
    categorical = any(isinstance(model.space[n], Categorical) for n in (name_x, name_y))
    if categorical or len(px) < 2 or len(py) < 2:
        ax.pcolormesh(px, py, means, shading="nearest", cmap="viridis")
    else:
        ax.contourf(px, py, means, levels=10, cmap="viridis")
    ox = _positions(model, name_x, [p[name_x] for p in model.points])
    oy = _positions(model, name_y, [p[name_y] for p in model.points])
    ax.scatter(ox, oy, s=8, color="k")
    ax.scatter(ox[best], oy[best], s=80, color="r", marker="*", zorder=3)
    _set_scale(ax, model, name_x, vx, "x")
    _set_scale(ax, model, name_y, vy, "y")


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
    model = _SearchModel(search, subspace)
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
