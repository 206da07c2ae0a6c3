"""Local proposals around the best point once a sequential search stalls.

A Gaussian process can be confidently wrong: on a surface of discrete
plateaus (accuracy on a small data set) it may fit a parameter as
irrelevant (a long lengthscale) while a small better region lies next to
the best plateau, along that very parameter. Its acquisition then never
points there. Trust-region methods (TuRBO, Eriksson et al. 2019) and
epsilon-greedy Bayesian optimization (De Ath et al. 2021) escape such
stalls with proposals that do not trust the model: here, once the best
score has not improved for a while, a share of the proposals are random
points in a box around a best point, every parameter moved, the ones the
model calls irrelevant included.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["local_box", "since_best", "stall_turn"]

#: proposals without improvement before local proposals start
STALL_AFTER = 5
#: half-widths of the box on the model columns (each in [0, 1]): drawn
#: log-uniformly between these, so that both close and wider neighbours of
#: the best point are tried without a schedule to tune
HALF_WIDTHS = (0.02, 0.2)


def since_best(scores):
    """How many scores were told after the first best one (NaN ignored).

    Parameters
    ----------
    scores : array-like of float
        Scores in the order they were told.

    Returns
    -------
    n : int
        0 when the last score is the first to reach the best one, or when
        no score is finite.

    Examples
    --------
    >>> since_best([0.1, 0.5, 0.3, 0.5, float("nan")])
    3
    """
    scores = np.asarray(scores, dtype=float)
    finite = np.isfinite(scores)
    if not finite.any():
        return 0
    first = int(np.argmax(np.where(finite, scores, -np.inf)))
    return len(scores) - 1 - first


def stall_turn(n_since_best, stall_after=STALL_AFTER):
    """Whether the next proposal is a local one.

    After ``stall_after`` proposals without improvement, every other
    proposal is local: the model keeps half of them.

    Examples
    --------
    >>> [stall_turn(n, 3) for n in range(8)]
    [False, False, False, True, False, True, False, True]
    """
    return n_since_best >= stall_after and (n_since_best - stall_after) % 2 == 0


def local_box(encoding, center, n, rng, half_widths=HALF_WIDTHS):
    """Random valid rows in a box around ``center``, every parameter moved.

    Each row gets its own half-width, drawn log-uniformly in
    ``half_widths``; an ordered column is drawn uniformly within that
    half-width of the centre (the box shifted to stay in [0, 1]), a
    category changes to one drawn at random with probability ``2 * w``.

    Parameters
    ----------
    encoding : Encoding
        The space's encoding.
    center : ndarray of shape (n_columns,)
        A valid row.
    n : int
        Number of rows.
    rng : Generator
        Source of randomness.
    half_widths : (float, float), default=HALF_WIDTHS
        Smallest and largest half-width.

    Returns
    -------
    Z : ndarray of shape (n, n_columns)
        Snapped rows (see :meth:`~skbayes.space.Encoding.snap`).

    Examples
    --------
    >>> import numpy as np
    >>> from skbayes.space import Space
    >>> enc = Space({"x": (0.0, 1.0), "y": (0.0, 1.0)}).encoding
    >>> Z = local_box(enc, np.array([0.5, 0.0]), 100, np.random.default_rng(0))
    >>> bool(np.all(np.abs(Z[:, 0] - 0.5) <= 0.2)), bool(np.all(Z[:, 1] <= 0.4))
    (True, True)
    """
    lo, hi = math.log(half_widths[0]), math.log(half_widths[1])
    w = np.exp(rng.uniform(lo, hi, size=n))
    Z = np.repeat(np.asarray(center, dtype=float)[None, :], n, axis=0)
    for name in encoding.space.names:
        cols = encoding.columns(name)
        if cols.stop == cols.start:  # a single value
            continue
        if name not in encoding.categorical:  # one ordered column
            j = cols.start
            low = np.clip(Z[:, j] - w, 0.0, np.maximum(0.0, 1.0 - 2 * w))
            Z[:, j] = low + 2 * w * rng.random(n)
        else:  # one-hot columns
            flip = np.flatnonzero(rng.random(n) < 2 * w)
            if len(flip):
                new = rng.integers(cols.start, cols.stop, size=len(flip))
                Z[flip, cols] = 0.0
                Z[flip, new] = 1.0
    return encoding.snap(Z)
