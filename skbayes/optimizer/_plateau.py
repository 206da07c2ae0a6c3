"""Plateaus: boxes of the search space where every observation scored the same.

Tree ensembles and boosting give many settings exactly the same score (once
``max_leaf_nodes`` binds, a deeper ``max_depth`` builds the same trees). A
stationary Gaussian process fitted to such data believes the flat region
continues smoothly, is nearly sure of it, and expected improvement keeps
proposing points of the flat region: each one scores the same and teaches
nothing.

Here the flat regions are found from the data alone: observations whose
scores are equal (to rounding) form a group; the bounding box of a group of
at least ``min_size`` points, in the model's columns, is a *plateau* when no
observation with another score lies inside it. Points inside a plateau are
expected to score exactly the same again: the GP engine proposes them only
once no other candidate is left. Continuous scores (no two equal) give no
plateau, so the rule changes nothing on smooth problems.
"""

from __future__ import annotations

import numpy as np

__all__ = ["in_plateaus", "plateau_boxes"]


def _equal_groups(scores, rtol):
    """Index arrays of the groups of equal finite scores (two or more)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) < 2:
        return []
    order = finite[np.argsort(scores[finite], kind="stable")]
    s = scores[order]
    tol = rtol * np.maximum(1.0, np.abs(s[1:]))
    breaks = np.flatnonzero(np.diff(s) > tol) + 1
    return [g for g in np.split(order, breaks) if len(g) >= 2]


def plateau_boxes(Z, scores, *, min_size=3, rtol=1e-10):
    """Boxes of the model columns where every observation scored the same.

    Parameters
    ----------
    Z : ndarray of shape (n_points, n_columns)
        Observed rows (model columns in ``[0, 1]``).
    scores : ndarray of shape (n_points,)
        Their scores; NaN (a failure) never belongs to a plateau and breaks
        any box it lies in.
    min_size : int, default=3
        Fewest equal scores that make a plateau.
    rtol : float, default=1e-10
        Scores closer than ``rtol * max(1, |score|)`` count as equal.

    Returns
    -------
    boxes : list of (ndarray, ndarray)
        The lower and upper corners of each plateau.

    Examples
    --------
    >>> import numpy as np
    >>> from skbayes.optimizer._plateau import plateau_boxes
    >>> Z = np.array([[0.6], [0.8], [1.0], [0.1]])
    >>> [(float(lo[0]), float(hi[0])) for lo, hi in plateau_boxes(Z, [1, 1, 1, 0])]
    [(0.6, 1.0)]
    >>> plateau_boxes(Z, [1, 0, 1, 1])  # the 0 lies between equal scores
    []
    """
    Z = np.asarray(Z, dtype=float)
    scores = np.asarray(scores, dtype=float)
    boxes = []
    for group in _equal_groups(scores, rtol):
        if len(group) < min_size:
            continue
        lo, hi = Z[group].min(0), Z[group].max(0)
        inside = np.all((Z >= lo - 1e-12) & (Z <= hi + 1e-12), axis=1)
        inside[group] = False
        if not inside.any():
            boxes.append((lo, hi))
    return boxes


def in_plateaus(Z, boxes, X=None, scores=None, *, metric=None, n_neighbours=None):
    """Which rows of ``Z`` lie in one of ``boxes`` (see :func:`plateau_boxes`).

    Parameters
    ----------
    Z : ndarray of shape (n_rows, n_columns)
        Rows to test.
    boxes : list of (ndarray, ndarray)
        Plateaus, from :func:`plateau_boxes`.
    X, scores : ndarray, optional
        The observations (rows scaled as distances should be measured, and
        their scores). With them, a row counts as inside a plateau only if
        its ``n_neighbours`` nearest observations also all scored the
        plateau's score: a tie can be a coincidence (accuracy on a small
        data set takes few values), and a box stretched to a coincidental
        member would hide the better region between it and the real
        plateau; near the edge of a plateau, where other scores are close,
        points stay open.
    metric : callable, optional
        Maps rows (of ``Z`` and ``X``) to the space where distances are
        Euclidean (the GP engine: warped columns over lengthscales).
    n_neighbours : int, optional
        Default: the number of columns plus one.

    Returns
    -------
    mask : ndarray of bool of shape (n_rows,)

    Examples
    --------
    >>> import numpy as np
    >>> from skbayes.optimizer._plateau import in_plateaus
    >>> boxes = [(np.array([0.5]), np.array([1.0]))]
    >>> in_plateaus(np.array([[0.2], [0.7]]), boxes).tolist()
    [False, True]
    """
    Z = np.atleast_2d(np.asarray(Z, dtype=float))
    mask = np.zeros(len(Z), dtype=bool)
    for lo, hi in boxes:
        mask |= np.all((Z >= lo - 1e-12) & (Z <= hi + 1e-12), axis=1)
    if X is None or not mask.any():
        return mask
    X = np.asarray(X, dtype=float)
    if metric is not None:
        X = metric(X)
    scores = np.asarray(scores, dtype=float)
    k = min(len(X), Z.shape[1] + 1 if n_neighbours is None else n_neighbours)
    rows = np.flatnonzero(mask)
    R = Z[rows] if metric is None else metric(Z[rows])
    d2 = (R**2).sum(1)[:, None] + (X**2).sum(1)[None, :] - 2.0 * R @ X.T
    near = np.argpartition(d2, k - 1, axis=1)[:, :k]
    near_scores = scores[near]
    first = near_scores[:, :1]
    same = np.abs(near_scores - first) <= 1e-10 * np.maximum(1.0, np.abs(first))
    mask[rows] = np.all(same, axis=1)
    return mask
