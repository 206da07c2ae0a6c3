"""Plots of fitted searches (matplotlib is imported lazily).

Every function takes fitted searches and returns matplotlib axes; install
the plotting extra with ``pip install "skbayes[plots]"``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from sklearn.exceptions import NotFittedError

from .optimizer import Surrogate
from .space import Categorical, SearchSpace

__all__ = [
    "plot_convergence",
    "plot_importance",
    "plot_objective",
    "plot_train_validation",
]


def _check_fitted(search):
    """Refuse a search that has no ``cv_results_`` yet.

    Duck-typed, unlike scikit-learn's ``check_is_fitted``: any object with a
    ``cv_results_`` (a fitted search of any library, or a table of results
    held by a namespace) can be plotted.
    """
    if not hasattr(search, "cv_results_"):
        raise NotFittedError(
            f"This {type(search).__name__} instance is not fitted yet (it has "
            "no cv_results_). Call 'fit' with appropriate arguments before "
            "plotting its results."
        )


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "skbayes.plots needs matplotlib: pip install 'skbayes[plots]'"
        ) from exc
    return plt


def _objective_scores(search):
    _check_fitted(search)
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
        _check_fitted(search)
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
    plt = _pyplot()
    model = _SearchModel(search, subspace)
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


def _train_validation_metric(search, metric):
    """The metric to draw: ``metric``, else the refit (or optimized) one."""
    results = search.cv_results_
    names = [k[len("mean_test_") :] for k in results if k.startswith("mean_test_")]
    if metric is not None:
        if metric not in names:
            raise ValueError(
                f"metric={metric!r} is not a metric of the search; its metrics "
                f"are {names}."
            )
        return metric
    if len(names) == 1:
        return names[0]
    for candidate in (
        getattr(search, "refit", None),
        getattr(search, "objective_", None),
    ):
        if isinstance(candidate, str) and candidate in names:
            return candidate
    raise ValueError(
        f"The search has several metrics ({names}) and no refit metric: "
        "name the one to draw with metric=."
    )


def plot_train_validation(search, *, metric=None, tol=None, ax=None):
    """Training score against validation score of each candidate of a search.

    Tuning steers between under-fitting (a model too simple to fit even the
    training data) and over-fitting (a model that fits the training folds
    much better than the validation folds). Each candidate is a point: its
    mean training score across the cross-validation splits on the x axis,
    its mean validation score (``mean_test_<metric>``) on the y axis. The
    chosen candidate (``best_index_``) is a star; the dotted diagonal is
    where both scores are equal, and the distance below it is the
    generalization gap.

    Candidates whose validation score is more than ``tol`` below the chosen
    candidate's are classified by their gap, the training minus the
    validation score: a gap more than ``tol`` larger than the chosen
    candidate's is **over-fitting** (training scores high, validation well
    below); otherwise the candidate fits the training folds no better than
    it generalizes, and is **under-fitting** (both scores low). The two
    regions are shaded, and the other candidates (as good as the chosen one
    within ``tol``) are grey.

    Parameters
    ----------
    search : fitted search
        A ``BayesSearchCV``, ``GridSearchCV``, ``RandomizedSearchCV`` ...
        (any scikit-learn search) fitted with ``return_train_score=True``.
    metric : str, default=None
        With several metrics in ``scoring``, the one to draw; by default the
        refit metric (for a ``BayesSearchCV`` whose ``refit`` is not a
        metric's name, the optimized one, ``objective_``).
    tol : float, default=None
        How far below the chosen candidate's validation score a candidate's
        must be to count as under- or over-fitting, and by how much its gap
        must exceed the chosen candidate's to count as over-fitting. By
        default the standard error of the chosen candidate's mean validation
        score: ``std_test_<metric>`` divided by the square root of the
        number of splits.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure by default.

    Returns
    -------
    ax : matplotlib Axes
        The axes drawn on, with a legend counting the candidates of each
        kind. Candidates whose scores are NaN (failed fits) are left out and
        counted in the legend's title. Both axes have the same limits.

    Raises
    ------
    ValueError
        If the search was fitted without ``return_train_score=True``, if
        ``metric`` is not one of its metrics, or if no candidate has finite
        scores.

    See Also
    --------
    plot_convergence : The best validation score as the search goes on.

    Notes
    -----
    The chosen candidate is ``best_index_``, which ``refit`` decides; a
    search fitted with ``refit=False`` chooses none, and the candidate with
    the best validation score is marked instead. When ``refit`` is a callable
    that prefers a simpler model, candidates may score better than the
    chosen one: they are drawn grey.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.tree import DecisionTreeRegressor
    >>> from skbayes.plots import plot_train_validation
    >>> X, y = load_diabetes(return_X_y=True)
    >>> search = GridSearchCV(
    ...     DecisionTreeRegressor(random_state=0),
    ...     {"max_depth": range(1, 11)},
    ...     return_train_score=True,
    ... ).fit(X, y)
    >>> ax = plot_train_validation(search)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('mean training score', 'mean validation score')
    >>> for text in ax.get_legend().get_texts():
    ...     print(text.get_text())
    train = validation
    under-fitting (1)
    over-fitting (7)
    close to the chosen (1)
    chosen (best_index_)
    """
    plt = _pyplot()
    _check_fitted(search)
    results = search.cv_results_
    metric = _train_validation_metric(search, metric)
    if f"mean_train_{metric}" not in results:
        raise ValueError(
            "plot_train_validation needs the training scores: fit the search "
            "with return_train_score=True."
        )
    train = np.asarray(results[f"mean_train_{metric}"], dtype=float)
    valid = np.asarray(results[f"mean_test_{metric}"], dtype=float)
    finite = np.isfinite(train) & np.isfinite(valid)
    if not finite.any():
        raise ValueError(
            f"No candidate of the search has finite training and validation "
            f"{metric}: nothing to draw."
        )
    # refit=False chooses nothing (a best_index_ may be left by an earlier fit)
    chosen = (
        getattr(search, "best_index_", None) if getattr(search, "refit", 1) else None
    )
    chosen_label = "chosen (best_index_)"
    if chosen is None or not finite[chosen]:
        chosen = int(np.flatnonzero(finite)[np.argmax(valid[finite])])
        chosen_label = "best validation score"
    if tol is None:  # the standard error of the chosen candidate's mean
        n_splits = sum(
            k.startswith("split") and k.endswith(f"_test_{metric}") for k in results
        )
        std = float(np.nan_to_num(results[f"std_test_{metric}"][chosen]))
        tol = std / math.sqrt(max(n_splits, 1))
    gap = train - valid
    floor = valid[chosen] - tol  # validation scores below it are worse
    limit = gap[chosen] + tol  # gaps above it are over-fitting
    worse = finite & (valid < floor)
    over = worse & (gap > limit)
    under = worse & ~over
    close = finite & ~worse
    close[chosen] = False

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5.5))
    both = np.concatenate([train[finite], valid[finite]])
    lo, hi = both.min(), both.max()
    pad = 0.05 * (hi - lo) if hi > lo else 0.05 * max(1.0, abs(hi))
    lo, hi = lo - pad, hi + pad
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.plot([lo, hi], [lo, hi], ":", color="0.5", label="train = validation")
    # The regions: below the floor, on either side of the line gap = limit.
    x = np.linspace(lo, hi, 200)
    edge = np.clip(x - limit, lo, floor)
    if floor > lo:
        ax.fill_between(
            x, edge, floor, color="C0", alpha=0.12, linewidth=0, gid="under-fit region"
        )
        ax.fill_between(
            x, lo, edge, color="C3", alpha=0.12, linewidth=0, gid="over-fit region"
        )
    kinds = [
        (under, "under-fitting", "C0", "under-fit"),
        (over, "over-fitting", "C3", "over-fit"),
        (close, "close to the chosen", "0.5", "close"),
    ]
    for mask, label, color, gid in kinds:
        ax.scatter(
            train[mask],
            valid[mask],
            s=25,
            color=color,
            label=f"{label} ({int(mask.sum())})",
            gid=gid,
            zorder=3,
        )
    ax.scatter(
        train[chosen],
        valid[chosen],
        s=200,
        marker="*",
        color="gold",
        edgecolor="k",
        label=chosen_label,
        gid="chosen",
        zorder=4,
    )
    n_failed = int((~finite).sum())
    title = None
    if n_failed:
        title = (
            f"{n_failed} failed candidate{'s' if n_failed > 1 else ''} "
            "(NaN scores) not drawn"
        )
    ax.legend(loc="upper left", title=title, fontsize="small", title_fontsize="small")
    ax.set_xlabel(f"mean training {metric}")
    ax.set_ylabel(f"mean validation {metric}")
    ax.set_title(f"Training and validation {metric} of each candidate")
    return ax
