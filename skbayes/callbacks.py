"""Callbacks that see a search's state and may stop it.

A callback is any callable ``callback(state)``, passed to
``BayesSearchCV(callbacks=[...])``; it is called after every batch with a
:class:`SearchState`, and a return value of True ends the search (the best
candidate so far is still refitted and ``cv_results_`` is complete).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "DeadlineStopper",
    "NoImprovementStopper",
    "SearchState",
    "TargetScoreStopper",
]


@dataclass(frozen=True)
class SearchState:
    """What a callback sees after each batch.

    The search builds it; callbacks read it. It is immutable, and its
    arrays, lists and dicts are copies: a callback that changes them changes
    nothing in the search.

    Parameters
    ----------
    params : list of dict
        Every candidate evaluated so far, in order.
    scores : ndarray
        Their mean test score on the optimized metric (NaN for failures).
    best_score : float
        The best of ``scores`` (NaN while every candidate failed).
    best_params : dict or None
        The candidate with ``best_score``.
    iteration : int
        Number of batches evaluated.
    elapsed : float
        Seconds since the search started.
    cv_results : dict
        ``cv_results_`` so far.
    design_end : int or None, default=None
        Number of candidates evaluated when the random initial design of
        every sub-space was complete: the candidates after it were proposed
        by the model. None while an initial design is still running.

    Attributes
    ----------
    n_candidates : int
        Number of candidates evaluated so far.

    Examples
    --------
    A callback that stops the search after 6 candidates, and records the best
    score it saw after each batch:

    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> seen = []
    >>> def stop_after_six(state):
    ...     seen.append(state.best_score)
    ...     return state.n_candidates >= 6
    >>> search = BayesSearchCV(
    ...     SVC(), {"C": (1e-2, 1e2, "log-uniform")}, n_iter=20,
    ...     callbacks=[stop_after_six], random_state=0,
    ... ).fit(X, y)
    >>> len(search.cv_results_["params"]), len(seen)  # 2 candidates per batch
    (6, 3)
    >>> search.stop_reason_
    'stop_after_six'
    """

    params: list
    scores: np.ndarray
    best_score: float
    best_params: dict | None
    iteration: int
    elapsed: float
    cv_results: dict = field(repr=False)
    design_end: int | None = None

    @property
    def n_candidates(self):
        """Number of candidates evaluated so far."""
        return len(self.params)


class DeadlineStopper:
    """Stop once ``seconds`` have passed since the search started.

    Parameters
    ----------
    seconds : float
        Wall-clock seconds, counted from the start of the search; checked
        after every batch (a batch started in time finishes).

    Examples
    --------
    >>> from skbayes.callbacks import DeadlineStopper
    >>> DeadlineStopper(60)
    DeadlineStopper(seconds=60)
    """

    def __init__(self, seconds):
        if not (_is_real(seconds) and seconds > 0):
            raise ValueError(f"seconds must be a positive number, got {seconds!r}.")
        self.seconds = seconds

    def __repr__(self):
        return f"DeadlineStopper(seconds={self.seconds!r})"

    def __call__(self, state):
        return state.elapsed >= self.seconds


class NoImprovementStopper:
    """Stop when the model's last ``patience`` candidates did not improve the best.

    The search ends after a batch once none of the last ``patience``
    candidates beat the best score before them by more than ``min_delta``.

    Patience counts from the end of the random initial design (see
    ``n_initial_points``): the design explores on purpose, and a run of
    design candidates without improvement says nothing about the model. With
    ``include_initial_design=True`` every candidate counts, the initial
    design's too.

    Parameters
    ----------
    patience : int
        Candidates without improvement before stopping.
    min_delta : float, default=0.0
        Smallest increase of the best score that counts as an improvement.
    include_initial_design : bool, default=False
        Whether the candidates of the initial design count towards
        ``patience``.

    Examples
    --------
    >>> from skbayes.callbacks import NoImprovementStopper
    >>> NoImprovementStopper(patience=10, min_delta=1e-3)
    NoImprovementStopper(patience=10, min_delta=0.001)

    A search of 200 candidates whose first 20 are the initial design stops
    at the earliest after 25:

    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = BayesSearchCV(
    ...     SVC(), {"C": (1e-2, 1e2, "log-uniform")}, n_iter=200, cv=3,
    ...     callbacks=[NoImprovementStopper(patience=5)], random_state=0,
    ... ).fit(X, y)
    >>> search.optimizers_[0].n_initial_points
    20
    >>> 25 <= len(search.cv_results_["params"]) < 200
    True
    """

    def __init__(self, patience, min_delta=0.0, *, include_initial_design=False):
        if not (_is_int(patience) and patience >= 1):
            raise ValueError(f"patience must be an int >= 1, got {patience!r}.")
        if not (_is_real(min_delta) and min_delta >= 0):
            raise ValueError(f"min_delta must be a number >= 0, got {min_delta!r}.")
        self.patience = patience
        self.min_delta = min_delta
        self.include_initial_design = bool(include_initial_design)

    def __repr__(self):
        extra = ", include_initial_design=True" if self.include_initial_design else ""
        return (
            f"NoImprovementStopper(patience={self.patience!r}, "
            f"min_delta={self.min_delta!r}{extra})"
        )

    def __call__(self, state):
        scores = np.where(np.isnan(state.scores), -np.inf, state.scores)
        start = 0
        if not self.include_initial_design:
            if state.design_end is None:  # the initial design still runs
                return False
            start = state.design_end
        if len(scores) - start < self.patience or len(scores) <= self.patience:
            return False
        before = scores[: -self.patience].max()
        recent = scores[-self.patience :].max()
        return not (recent > before + self.min_delta)


class TargetScoreStopper:
    """Stop once a candidate reaches ``target`` (a mean test score).

    Parameters
    ----------
    target : float
        The mean test score, on the optimized metric, that is good enough.

    Examples
    --------
    >>> from skbayes.callbacks import TargetScoreStopper
    >>> TargetScoreStopper(0.95)
    TargetScoreStopper(target=0.95)
    """

    def __init__(self, target):
        if not (_is_real(target) and math.isfinite(target)):
            raise ValueError(
                f"target must be a finite number (a mean test score), got {target!r}."
            )
        self.target = target

    def __repr__(self):
        return f"TargetScoreStopper(target={self.target!r})"

    def __call__(self, state):
        return math.isfinite(state.best_score) and state.best_score >= self.target


def _is_real(value):
    """A real number (Python's or numpy's), not a boolean."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_int(value):
    """An integer (Python's or numpy's), not a boolean."""
    return isinstance(value, numbers.Integral) and not isinstance(
        value, (bool, np.bool_)
    )
