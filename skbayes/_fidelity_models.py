"""The models of a multi-fidelity search: one per sub-space and resource.

:class:`FidelityModels` keeps an optimizer per ``(sub-space, resource)``,
tells each the results at its resource, and chooses which one proposes the
candidates of a new round: the largest resource with enough results whose
ranking was shown to agree with the next resource's (as in BOHB, with a
check of the low-resource ranking), a third of every round random.
"""

from __future__ import annotations

import copy
import math

import numpy as np
from scipy.stats import spearmanr

from .optimizer import check_random_state_seed, make_optimizer

__all__ = [
    "MIN_RANK_CORRELATION",
    "MIN_RANK_PAIRS",
    "RANDOM_FRACTION",
    "FidelityModels",
]


# -- the models -----------------------------------------------------------------


class FidelityModels:
    """One optimizer per sub-space and resource, and who proposes.

    The optimizer of a sub-space at a resource is told the candidates
    evaluated at that resource only. New candidates come from the optimizer
    of the largest resource that has enough results (more than its random
    initial design) and whose results are known to rank candidates as the
    largest resource does: the largest resource itself, or one whose
    ranking carried to the next resource (the candidates promoted from it
    ranked there with a Spearman correlation of at least
    :data:`MIN_RANK_CORRELATION`, over at least :data:`MIN_RANK_PAIRS`
    candidates). The cheap results of the first rounds then pick the
    candidates while the expensive ones are few, and the knowledge carries
    to later brackets. A resource not measured yet does not propose: a
    model of few boosting iterations or of small subsamples steers the
    search towards what wins with little resource only (a large learning
    rate, small batches), which measured worse than random candidates
    (``benchmarks/results/halving.md``). While no resource qualifies, the
    candidates are drawn at random, as in Hyperband; and as in BOHB a
    fraction :data:`RANDOM_FRACTION` of every first-round batch is always
    random, so a model that ranks the region it knows well cannot keep the
    search from the rest of the space. A proposal already evaluated at the
    resource it is wanted at is replaced by one of that resource's own
    optimizer.

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
        self.top = None  # the largest resource, set by the runtime
        self.distrusted = set()  # resources whose ranking does not carry
        self.agreed = set()  # resources whose ranking was shown to carry
        self._n_asked = {}  # sub-space -> first-round candidates asked
        self._lent = {}  # sub-space -> (key, copy of the proposing model)
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

    def trusted(self, resource):
        """Whether the model of ``resource`` may propose candidates."""
        if resource in self.distrusted:
            return False
        return resource == self.top or resource in self.agreed

    def proposer(self, index):
        """The resource whose model proposes for sub-space ``index``.

        None when no trusted resource has enough results: random candidates.
        """
        ready = [
            r
            for (i, r), n in self.n_told.items()
            if i == index
            and self.trusted(r)
            and n > max(2, _initial_points(self.model(i, r)))
        ]
        return max(ready) if ready else None

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
                self.agreed.discard(resource)
            else:
                self.distrusted.discard(resource)
                self.agreed.add(resource)

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
        """Up to ``n`` points of sub-space ``index`` new at ``resource``.

        ``ceil`` of :data:`RANDOM_FRACTION` of the candidates asked so far
        are random (counted over the sub-space's first rounds), the others
        come from the model of :meth:`proposer` (random too when there is
        none).
        """
        source = self.proposer(index)
        asked = self._n_asked.get(index, 0)
        n_random = n
        if source is not None:
            n_random = min(
                n,
                math.ceil((asked + n) * RANDOM_FRACTION)
                - math.ceil(asked * RANDOM_FRACTION),
            )
        out, keys = [], set()

        def take(points):
            for point in points:
                key = self.search_space.key(point)
                if key not in known and key not in keys and len(out) < n:
                    keys.add(key)
                    out.append(point)

        if n - n_random > 0:
            take(self._lender(index, source, resource).ask(n - n_random))
        if len(out) < n:
            take(self._sampler(index).ask(n - len(out)))
        if len(out) < n:
            own = self.model(index, resource)
            for _ in range(3):  # its own model; it knows what it saw
                take(own.ask(n - len(out)))
                if len(out) >= n:
                    break
        self._n_asked[index] = asked + len(out)
        return out

    def _lender(self, index, source, resource):
        """The model that proposes for ``resource`` on behalf of ``source``.

        The model of ``source`` itself when ``source == resource``: its
        proposals are told back to it once evaluated. Otherwise a copy of
        it, kept while ``source`` learns nothing new (the batches of one
        round): the proposals are evaluated at another resource and never
        told to the model of ``source``, in which they would stay pending
        for good, and a pending point repels the later proposals of a
        batch-aware model (the GP's constant liar) from where it is best.
        """
        if source == resource:
            return self.model(index, source)
        key = (index, source, resource, self.model(index, source).n_told)
        if self._lent.get(index, (None,))[0] != key:
            model = self.model(index, source)
            try:
                model = copy.deepcopy(model)
            except Exception:  # a user's engine that cannot be copied: itself
                pass
            self._lent[index] = (key, model)
        return self._lent[index][1]


#: The share of every first round's candidates drawn at random (BOHB's).
RANDOM_FRACTION = 1 / 3
#: Below this Spearman correlation between the scores of the candidates
#: promoted from a resource and their scores at the next, the resource's
#: model stops proposing.
MIN_RANK_CORRELATION = 0.5
#: Promoted candidates needed to measure that correlation.
MIN_RANK_PAIRS = 5


def _initial_points(optimizer):
    return int(getattr(optimizer, "n_initial_points", 5) or 0)
