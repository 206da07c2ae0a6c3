"""Partial dependence of the score on each parameter, alone or in pairs."""

from __future__ import annotations

import math

import numpy as np

from ..space import Categorical
from ._common import pyplot
from ._model import SearchModel

__all__ = ["plot_objective"]


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
        decades) with a band of one standard deviation of the model,
        categorical ones a point per category with the standard deviation
        as an error bar (the model's, averaged over the candidates like its
        prediction). With ``pairs=True``, the square matrix (the panels
        above the diagonal are hidden). The panels of a column share their
        x axis, those of a row left of the diagonal their y axis, and the
        diagonal panels the score's axis, so tick labels and axis labels
        are drawn once: x on the bottom row, y on the first column, the
        score on the right of the last diagonal panel. Each panel's
        ``get_xlabel()`` and ``get_ylabel()`` still name its axes; given
        axes that already share an axis with others keep their labels.

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
    plt = pyplot()
    model = SearchModel(search, subspace)
    names = list(model.space.names)
    if pairs:
        return _plot_objective_matrix(plt, model, names, n_grid, axes)
    created = axes is None
    if created:
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
    if created:
        axes[0].figure.tight_layout()
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


def _spread(pos, width=0.3):
    """Spread points sharing an x position across ``width`` (a strip plot)."""
    out = np.array(pos, dtype=float)
    for p in np.unique(out):
        same = np.flatnonzero(out == p)
        if len(same) > 1:
            out[same] += np.linspace(-width / 2, width / 2, len(same))
    return out


def _draw_dependence(ax, model, name, n_grid):
    values, mean, std = model.partial_dependence(name, n_grid, return_std=True)
    observed = [p[name] for p in model.points]
    if isinstance(model.space[name], Categorical) or len(values) == 1:
        # A point per category with the model's standard deviation as an
        # error bar (bars would need a baseline that scores do not have),
        # over a strip of the candidates evaluated in that category.
        pos = _positions(model, name, values)
        ax.scatter(
            _spread(_positions(model, name, observed)),
            model.scores,
            s=12,
            color="k",
            alpha=0.6,
            zorder=2,
        )
        ax.errorbar(
            pos, mean, yerr=std, fmt="o", markersize=7, capsize=5, color="C0", zorder=3
        )
        if isinstance(model.space[name], Categorical):
            ax.set_xlim(-0.5, len(values) - 0.5)
    else:
        ax.fill_between(
            values, mean - std, mean + std, color="C0", alpha=0.2, linewidth=0
        )
        ax.plot(values, mean, color="C0")
        ax.scatter(observed, model.scores, s=12, color="k")
    _set_scale(ax, model, name, values)


def _share(ax, ref, axis):
    """Share ``axis`` ("x" or "y") of ``ax`` with ``ref``'s if ``ax``'s is free.

    Returns whether the two are shared (so one set of tick labels serves).
    """
    group = getattr(ax, f"get_shared_{axis}_axes")()
    if ax is not ref and len(group.get_siblings(ax)) == 1:
        getattr(ax, f"share{axis}")(ref)
    return group.joined(ax, ref)


def _plot_objective_matrix(plt, model, names, n_grid, axes):
    n = len(names)
    created = axes is None
    if created:
        size = max(2.2, min(3.2, 12 / n))
        _, axes = plt.subplots(n, n, figsize=(size * n, size * n), squeeze=False)
    axes = np.asarray(axes)
    if axes.shape != (n, n):
        raise ValueError(
            f"axes: expected a {n} x {n} array for {n} parameters with "
            f"pairs=True, got shape {axes.shape}."
        )
    # Column j shows names[j] on x in every panel, row i names[i] on y left
    # of the diagonal, and every diagonal panel the score on y. A shared axis
    # needs its tick labels and label once: x on the bottom row, names[i] on
    # the left column, the score on the right of the last diagonal panel.
    outer_x = np.ones((n, n), dtype=bool)
    outer_y = np.ones((n, n), dtype=bool)
    last = axes[n - 1, n - 1]
    for i in range(n):
        for j in range(i + 1):
            outer_x[i, j] = i == n - 1 or not _share(axes[i, j], axes[n - 1, j], "x")
            if j < i:
                outer_y[i, j] = j == 0 or not _share(axes[i, j], axes[i, 0], "y")
            else:
                outer_y[i, i] = i == n - 1 or not _share(axes[i, i], last, "y")
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
                ax.yaxis.label.set_visible(outer_y[i, i])
                if n > 1:  # the right side is free: the upper panels are hidden
                    ax.yaxis.tick_right()
                    ax.yaxis.set_label_position("right")
                    ax.tick_params(axis="y", which="both", labelright=outer_y[i, i])
            else:
                _draw_pair(ax, model, name_x, name_y, best, max(5, n_grid // 2))
                ax.set_ylabel(name_y)
                ax.yaxis.label.set_visible(outer_y[i, j])
                ax.tick_params(axis="y", which="both", labelleft=outer_y[i, j])
            ax.set_xlabel(name_x)
            ax.xaxis.label.set_visible(outer_x[i, j])
            ax.tick_params(axis="x", which="both", labelbottom=outer_x[i, j])
    if created:
        axes[0, 0].figure.tight_layout()
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
