"""Train against validation scores: where a search overfits."""

from __future__ import annotations

import math

import numpy as np

from ._common import check_fitted, pyplot

__all__ = ["plot_train_validation"]


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
    plt = pyplot()
    check_fitted(search)
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
