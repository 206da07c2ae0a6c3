"""Which sub-space of a search proposes the next batch."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["SubspaceScheduler"]


class SubspaceScheduler:
    """Shares the budget of a search between its sub-spaces.

    Sub-spaces with a budget of their own (scikit-optimize's ``(dict,
    n_iter)`` pairs) spend it first, in order. The others share their
    budget adaptively: each first gets its random initial design (at most
    its equal share), then every batch goes to the sub-space with the
    highest upper confidence bound on its best score, ``best_i + spread *
    sqrt(2 log(t) / n_i)`` (``spread``: standard deviation of all scores so
    far, ``t``: candidates so far, ``n_i``: the sub-space's). A sub-space that
    runs out of candidates leaves its share to the others.

    Parameters
    ----------
    fixed_budgets : list of int or None
        The budget of each sub-space of its own, None for those sharing.
    shares : list of int
        The planned number of candidates of each sub-space.
    initial_points : list of int
        Size of the random initial design of each sub-space.
    """

    #: batches in a row without a new candidate after which a sub-space is
    #: closed (an optimizer that only repeats itself)
    max_stale_batches = 20

    def __init__(self, fixed_budgets, shares, initial_points):
        self.left = {i: b for i, b in enumerate(fixed_budgets) if b is not None}
        self.shared = [i for i, b in enumerate(fixed_budgets) if b is None]
        self.shared_left = sum(shares[i] for i in self.shared)
        self.warmup = {
            i: min(shares[i], max(1, int(initial_points[i]))) for i in self.shared
        }
        self.counts = dict.fromkeys(range(len(fixed_budgets)), 0)
        self.scores = {i: [] for i in range(len(fixed_budgets))}
        self.stale = dict.fromkeys(range(len(fixed_budgets)), 0)

    def next(self, n_points):
        """``(sub-space, n)``: who proposes the next ``n`` candidates, or None."""
        for i, left in self.left.items():
            if left > 0:
                return i, min(n_points, left)
        if self.shared_left <= 0 or not self.shared:
            return None
        n = min(n_points, self.shared_left)
        if len(self.shared) == 1:
            return self.shared[0], n
        for i in self.shared:
            if self.counts[i] < self.warmup[i]:
                return i, n
        finite = [s for i in self.shared for s in self.scores[i] if math.isfinite(s)]
        spread = float(np.std(finite)) if len(finite) > 1 else 1.0
        total = max(2, sum(self.counts[i] for i in self.shared))

        def bound(i):
            own = [s for s in self.scores[i] if math.isfinite(s)]
            best = max(own) if own else -math.inf
            bonus = spread * math.sqrt(2 * math.log(total) / max(1, self.counts[i]))
            return best + bonus

        return max(self.shared, key=bound), n

    def record(self, i, n_new, scores):
        """Count a batch; True when the sub-space only repeats known points."""
        self.counts[i] += n_new
        self.scores[i].extend(scores)
        if i in self.left:
            self.left[i] -= n_new
        else:
            self.shared_left -= n_new
        self.stale[i] = 0 if n_new else self.stale[i] + 1
        if self.stale[i] >= self.max_stale_batches:
            self.close(i)
            return True
        return False

    def close(self, i):
        """No more candidates from sub-space ``i``."""
        if i in self.left:
            self.left[i] = 0
        elif i in self.shared:
            self.shared.remove(i)
