"""The models of a multi-fidelity search: one per sub-space and resource.

:class:`FidelityModels` keeps an optimizer per ``(sub-space, resource)``,
tells each the results at its resource, and chooses which one proposes the
candidates of a new round: the largest resource with enough results whose
ranking has not been shown to disagree with the next resource's (as in
BOHB, with a check of the low-resource ranking).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

from .optimizer import check_random_state_seed, make_optimizer

__all__ = ["MIN_RANK_CORRELATION", "MIN_RANK_PAIRS", "FidelityModels"]


# -- the models -----------------------------------------------------------------


class FidelityModels:
    """One optimizer per sub-space and resource, and who proposes.

    The optimizer of a sub-space at a resource is told the candidates
    evaluated at that resource only. New candidates come from the
    optimizer of the largest resource with enough results (more than its
    random initial design): the cheap results of the first rounds pick the
    candidates while the expensive ones are few, and the knowledge carries
    to later brackets. A proposal already evaluated at the resource it is
    wanted at is replaced by one of that resource's own optimizer.

    A resource whose ranking is shown not to carry to the next resource
    (the candidates promoted from it rank there with a Spearman correlation
    below :data:`MIN_RANK_CORRELATION`, over at least
    :data:`MIN_RANK_PAIRS` candidates) does not propose: its model would
    steer the search towards what wins with little resource only (such as a
    large learning rate with few boosting iterations). The next resource
    that does proposes; if none does, the candidates are drawn at random, as
    in Hyperband. A resource not measured yet is trusted.

    Parameters
    ----------
    search : HalvingBayesSearchCV
    search_space : SearchSpace
    base : list
        The optimizer of each sub-space at the first resource (those of
        ``optimizers_``).
    budgets : list of int
        The candidates planned for each sub-space.
    """

    def __init__(self, search, search_space, base, budgets):
        self.search = search
        self.search_space = search_space
        self.budgets = budgets
        self.first = None  # the first resource, set by the runtime
        self.models = {}  # (sub-space, resource) -> optimizer
        self._base = list(base)
        self._seeds = check_random_state_seed(search.random_state).spawn(1)[0]
        self.n_told = {}  # (sub-space, resource) -> finite scores told
        self.distrusted = set()  # resources whose ranking does not carry
        self._random = {}  # sub-space -> random sampler (nothing trusted)

    def model(self, index, resource):
        """The optimizer of sub-space ``index`` at ``resource``."""
        key = (index, resource)
        if key not in self.models:
            if resource == self.first:
                self.models[key] = self._base[index]
            else:
                kwargs = dict(self.search.optimizer_kwargs or {})
                n_initial = self.search.n_initial_points
                from_kwargs = kwargs.pop("n_initial_points", None)
                if n_initial == "auto" and from_kwargs is not None:
                    n_initial = from_kwargs
                (seed,) = self._seeds.spawn(1)
                self.models[key] = make_optimizer(
                    self.search.optimizer,
                    self.search_space.subspaces[index],
                    n_initial_points=n_initial,
                    random_state=seed,
                    n_subspaces=len(self._base),
                    budget=self.budgets[index],
                    **kwargs,
                )
        return self.models[key]

    def tell(self, index, resource, points, scores):
        self.model(index, resource).tell(points, scores)
        finite = int(np.isfinite(np.asarray(scores, dtype=float)).sum())
        self.n_told[(index, resource)] = self.n_told.get((index, resource), 0) + finite

    def proposer(self, index, resource):
        """The resource whose model proposes for ``resource``.

        None when only distrusted resources could: random candidates.
        """
        ready = [
            r
            for (i, r), n in self.n_told.items()
            if i == index
            and r not in self.distrusted
            and n > max(2, _initial_points(self.model(i, r)))
        ]
        if ready:
            return max(ready)
        return None if resource in self.distrusted else resource

    def rank_agreement(self, pairs):
        """Distrust the resources whose ranking does not carry to the next.

        ``pairs`` maps a resource to the ``(score there, score at the next
        resource)`` of the candidates promoted from it.
        """
        for resource, values in pairs.items():
            values = [(a, b) for a, b in values if np.isfinite(a) and np.isfinite(b)]
            if len(values) < MIN_RANK_PAIRS:
                continue
            low, high = np.asarray(values, dtype=float).T
            if np.ptp(low) == 0 or np.ptp(high) == 0:
                continue
            rho = spearmanr(low, high)[0]
            if rho < MIN_RANK_CORRELATION:
                self.distrusted.add(resource)
            else:
                self.distrusted.discard(resource)

    def _sampler(self, index):
        if index not in self._random:
            (seed,) = self._seeds.spawn(1)
            self._random[index] = make_optimizer(
                "random",
                self.search_space.subspaces[index],
                n_initial_points=0,
                random_state=seed,
            )
        return self._random[index]

    def ask(self, index, n, resource, known):
        """Up to ``n`` points of sub-space ``index`` new at ``resource``."""
        source = self.proposer(index, resource)
        out, keys = [], set()
        if source != resource:
            proposer = self._sampler(index) if source is None else None
            proposer = proposer or self.model(index, source)
            for point in proposer.ask(n):
                key = self.search_space.key(point)
                if key not in known and key not in keys:
                    keys.add(key)
                    out.append(point)
        if len(out) < n:
            own = self.model(index, resource)
            for _ in range(3):  # its own model; it knows what it saw
                for point in own.ask(n - len(out)):
                    key = self.search_space.key(point)
                    if key not in known and key not in keys:
                        keys.add(key)
                        out.append(point)
                if len(out) >= n:
                    break
        return out


#: Below this Spearman correlation between the scores of the candidates
#: promoted from a resource and their scores at the next, the resource's
#: model stops proposing.
MIN_RANK_CORRELATION = 0.5
#: Promoted candidates needed to measure that correlation.
MIN_RANK_PAIRS = 5


def _initial_points(optimizer):
    return int(getattr(optimizer, "n_initial_points", 5) or 0)
