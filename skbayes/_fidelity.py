"""Successive halving as a scheduler of the search runtime.

:class:`HalvingBayesSearchCV <skbayes.HalvingBayesSearchCV>` runs the loop
of :class:`~skbayes._runtime.SearchRuntime` (resume, warm start, batch after
batch: propose, evaluate, record, check whether to stop); what differs is
which candidates each batch holds and at which resource they are evaluated:

- :class:`HalvingSchedule`: the rounds of a search, computed as
  scikit-learn's ``HalvingRandomSearchCV`` computes them (``min_resources``,
  ``max_resources``, ``factor``, ``aggressive_elimination``,
  ``n_candidates``), and the Hyperband brackets that start at larger
  resources;
- :func:`subsample_splits`: the cross-validation splits at ``n_samples``
  resources, stratified for classifiers, every class of a fold kept;
- :class:`FidelityModels`: one optimizer per sub-space and per resource;
  new candidates come from the model of the largest resource that has
  enough results (as in BOHB);
- :class:`HalvingRuntime`: the runtime whose batches follow the schedule:
  first round of a bracket in batches proposed by the models, then the best
  ``1 / factor`` promoted to the next resource in one batch per round.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import time
from math import ceil, floor, log
from typing import NamedTuple

import numpy as np
from scipy.stats import spearmanr
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import indexable

from ._evaluations import Evaluations
from ._plan import FixedSplits
from ._runtime import SearchRuntime
from .optimizer import check_random_state_seed, make_optimizer
from .utils._sklearn_compat import routed_split_params

__all__ = [
    "FidelityBatch",
    "FidelityModels",
    "HalvingRuntime",
    "HalvingSchedule",
    "select_best_index",
    "subsample_splits",
]


# -- the schedule -------------------------------------------------------------


class Round(NamedTuple):
    """One round of successive halving: candidates at one resource."""

    iter: int  # the round's number, as cv_results_["iter"]
    n_resources: int
    n_candidates: int


def _n_samples(X):
    shape = getattr(X, "shape", None)
    if shape is not None and len(shape):
        return int(shape[0])
    try:
        return len(X)
    except TypeError:  # an array-like without len()
        return len(np.asarray(X))


class HalvingSchedule:
    """The rounds of a successive-halving search, before any fit.

    The first bracket follows scikit-learn's ``HalvingRandomSearchCV``
    exactly (its ``min_resources_``, ``max_resources_``,
    ``n_required_iterations_``, ``n_possible_iterations_`` and the resource
    and number of candidates of each round); bracket ``b > 0`` starts at the
    resource of round ``b`` of the first one with fewer candidates, so that
    each bracket costs about as much as the first (Hyperband).

    Parameters
    ----------
    search : HalvingBayesSearchCV
        Its ``resource``, ``factor``, ``min_resources``, ``max_resources``,
        ``aggressive_elimination``, ``n_candidates`` and ``brackets`` are read.
    X, y, params
        The arguments of ``fit`` (the number of samples, classes and splits).
    n_points_in_space : int or None
        Distinct points of a finite search space (None if infinite): the
        first round draws no more candidates than that.
    """

    def __init__(self, search, X, y, params, n_points_in_space=None):
        self.resource = search.resource
        self.factor = search.factor
        self.aggressive = bool(search.aggressive_elimination)
        estimator = search.estimator
        # -- checked before anything is fitted
        if not isinstance(self.resource, str) or not self.resource:
            raise ValueError(
                f"resource must be 'n_samples' or the name of a parameter of "
                f"the estimator, got {self.resource!r}."
            )
        if self.resource != "n_samples":
            names = estimator.get_params(deep=True)
            if self.resource not in names:
                raise ValueError(
                    f"Cannot use resource={self.resource} which is not supported "
                    f"by estimator {type(estimator).__name__}: resource must be "
                    "'n_samples' or one of its parameters (a pipeline step's as "
                    f"'step__param'), such as n_estimators or max_iter."
                )
            value = names[self.resource]
            if isinstance(value, bool) or (
                isinstance(value, numbers.Real)
                and not isinstance(value, numbers.Integral)
            ):
                raise ValueError(
                    f"resource={self.resource!r}: the estimator's value "
                    f"{value!r} is not an integer, so the resource cannot grow "
                    "by factor; use a parameter that takes a count (n_estimators, "
                    "max_iter ...)."
                )
        if not self.factor > 1:
            raise ValueError(
                f"factor={self.factor!r}: the resource cannot grow; factor must "
                "be greater than 1 (3 keeps a third of the candidates and "
                "triples their resource)."
            )
        if search.min_resources == search.n_candidates == "exhaust":
            raise ValueError(
                "n_candidates and min_resources cannot be both set to 'exhaust'."
            )
        n_samples = _n_samples(X)
        self.n_samples = n_samples
        min_resources = search.min_resources
        if min_resources in ("smallest", "exhaust"):
            if self.resource == "n_samples":
                Xi, yi = indexable(X, y)
                cv = check_cv(search.cv, yi, classifier=is_classifier(estimator))
                split = routed_split_params(search, Xi, params)
                try:
                    n_splits = cv.get_n_splits(Xi, yi, **split)
                except TypeError:  # a list of splits
                    n_splits = cv.get_n_splits()
                min_resources = 2 * n_splits
                if is_classifier(estimator) and y is not None:
                    min_resources *= len(np.unique(np.asarray(yi)))
            else:
                min_resources = 1
        max_resources = search.max_resources
        if max_resources == "auto":
            if self.resource != "n_samples":
                raise ValueError(
                    "resource can only be 'n_samples' when max_resources='auto'"
                    f"; give max_resources, the largest {self.resource} a "
                    "candidate may get."
                )
            max_resources = n_samples
        if self.resource == "n_samples" and max_resources > n_samples:
            raise ValueError(
                f"max_resources={max_resources} is greater than the number of "
                f"samples ({n_samples}); the resource cannot grow beyond it."
            )
        if min_resources > max_resources:
            samples = (
                f" (X has n_samples={n_samples})"
                if self.resource == "n_samples"
                else ""
            )
            raise ValueError(
                f"min_resources_={min_resources} is greater than "
                f"max_resources_={max_resources}{samples}."
            )
        if min_resources == 0:
            raise ValueError(
                f"min_resources_={min_resources}: you might have passed an "
                "empty dataset X."
            )
        n_candidates = search.n_candidates
        if n_candidates == "exhaust":
            n_candidates = max_resources // min_resources
        if n_points_in_space is not None:
            n_candidates = min(n_candidates, n_points_in_space)
        n_candidates = max(1, int(n_candidates))
        self.n_candidates = n_candidates
        self.n_required_iterations = 1 + floor(log(n_candidates, self.factor))
        if search.min_resources == "exhaust":
            last = self.n_required_iterations - 1
            min_resources = max(min_resources, max_resources // self.factor**last)
        self.min_resources = int(min_resources)
        self.max_resources = int(max_resources)
        self.n_possible_iterations = 1 + floor(
            log(self.max_resources // self.min_resources, self.factor)
        )
        if self.aggressive:
            self.n_iterations = self.n_required_iterations
        else:
            self.n_iterations = min(
                self.n_possible_iterations, self.n_required_iterations
            )
        self.brackets = self._brackets(search.brackets)

    def resources(self, itr):
        """The resource of round ``itr`` (scikit-learn's rule)."""
        power = itr
        if self.aggressive:
            power = max(
                0, itr - self.n_required_iterations + self.n_possible_iterations
            )
        return min(int(self.factor**power * self.min_resources), self.max_resources)

    def _brackets(self, brackets):
        n_iter = self.n_iterations
        if brackets == "hyperband":
            n_brackets = n_iter
        else:
            n_brackets = int(brackets)
            if n_brackets < 1:
                raise ValueError(
                    f"brackets must be an int >= 1 or 'hyperband', got {brackets!r}."
                )
        if n_brackets > 1 and self.aggressive:
            raise ValueError(
                "aggressive_elimination=True replays the first round of a single "
                f"bracket; it cannot be combined with brackets={brackets!r}."
            )
        n_brackets = min(n_brackets, n_iter)  # a bracket has at least one round
        out = []
        for b in range(n_brackets):
            n_rounds = n_iter - b
            # about the cost of the first bracket (Hyperband): fewer
            # candidates, each started at a larger resource
            n = self.n_candidates
            if b:
                n = ceil(self.n_candidates * n_iter / (n_rounds * self.factor**b))
            rounds = []
            for itr in range(b, n_iter):
                rounds.append(Round(itr, self.resources(itr), max(1, n)))
                n = ceil(n / self.factor)
            out.append(rounds)
        return out

    @property
    def n_first_candidates(self):
        """Candidates drawn by all brackets (their first rounds)."""
        return sum(rounds[0].n_candidates for rounds in self.brackets)

    def describe(self):
        """What a checkpoint of the search must match (JSON-ready)."""
        return {
            "resource": self.resource,
            "factor": float(self.factor),
            "min_resources": self.min_resources,
            "max_resources": self.max_resources,
            "aggressive_elimination": self.aggressive,
            "brackets": [[list(r) for r in rounds] for rounds in self.brackets],
        }


def select_best_index(refit, refit_metric, results):
    """The best candidate of the last round (scikit-learn's rule).

    Candidates of earlier rounds were scored with less resource: they are
    not comparable. With several brackets, the last round is that of the
    largest resource (``n_resources``) every bracket ends with.
    """
    if callable(refit):
        index = refit(results)
        return int(index)
    metric = refit_metric if isinstance(refit_metric, str) else "score"
    key = f"mean_test_{metric}"
    if key not in results:
        key = "mean_test_score"
    if "n_resources" in results:
        level = np.asarray(results["n_resources"])
    else:
        level = np.asarray(results["iter"])
    last = np.flatnonzero(level == np.max(level))
    scores = np.asarray(results[key], dtype=float)[last]
    if np.isnan(scores).all():
        return int(last[0])
    return int(last[np.nanargmax(scores)])


# -- subsampling ----------------------------------------------------------------


def _take(indices, size, labels, rng):
    """``size`` of ``indices``, stratified by ``labels``, every label kept.

    Each label keeps its share of ``size`` (largest remainders), and at
    least one index while ``size`` allows. The order is a fixed permutation,
    so a larger ``size`` takes a superset.
    """
    indices = np.asarray(indices)
    size = int(min(max(size, 0), len(indices)))
    if labels is None:
        return np.sort(indices[rng.permutation(len(indices))[:size]])
    own = labels[indices]
    classes, counts = np.unique(own, return_counts=True)
    exact = counts * size / len(indices)
    quota = np.floor(exact).astype(int)
    if size >= len(classes):
        quota = np.maximum(quota, 1)
    while quota.sum() > size:  # the minimum of one pushed it over
        big = np.flatnonzero(quota > 1)
        quota[big[np.argmax((quota - exact)[big])]] -= 1
    left = size - quota.sum()
    if left > 0:
        order = np.argsort(-(exact - quota), kind="stable")
        for i in order[:left]:
            quota[i] += 1
    chosen = []
    for cls, q in zip(classes, quota):
        members = indices[own == cls]
        chosen.append(members[rng.permutation(len(members))[:q]])
    return np.sort(np.concatenate(chosen)) if chosen else indices[:0]


def subsample_splits(splits, n_resources, n_samples, y=None, *, seed=0):
    """The splits at ``n_resources`` samples.

    As scikit-learn's ``HalvingRandomSearchCV``, every train and test set is
    cut to ``n_resources / n_samples`` of its size; unlike it, the cut is
    stratified when ``y`` is given (a classifier's labels): every class of
    a fold is kept in it as long as the fold has room, the classes keep
    their proportions, and the same resource gives the same subsample on
    every call (a larger resource takes a superset).

    Parameters
    ----------
    splits : list of (ndarray, ndarray)
        The full (train, test) splits.
    n_resources, n_samples : int
        The resource and the number of samples of the data.
    y : array-like or None, default=None
        Labels to stratify by (None: plain random subsamples).
    seed : int, default=0
        Seed of the permutations.

    Returns
    -------
    splits : list of (ndarray, ndarray)
    """
    labels = None
    if y is not None:
        labels = np.asarray(y)
        if labels.ndim == 2 and labels.shape[1] == 1:
            labels = labels.ravel()  # a column of labels
        if labels.ndim != 1:
            labels = None  # multi-output: plain subsamples
        else:
            _, labels = np.unique(labels, return_inverse=True)
    fraction = n_resources / n_samples
    out = []
    for i, (train, test) in enumerate(splits):
        train, test = np.asarray(train), np.asarray(test)
        if train.dtype == bool:
            train = np.flatnonzero(train)
        if test.dtype == bool:
            test = np.flatnonzero(test)
        rng = np.random.default_rng([seed, i])
        sub_train = _take(train, int(fraction * len(train)), labels, rng)
        rng = np.random.default_rng([seed, i, 1])
        sub_test = _take(test, int(fraction * len(test)), labels, rng)
        out.append((sub_train, sub_test))
    return out


def _subsample_seed(random_state, splits):
    """An int seed that a resumed search finds again.

    The ``random_state`` itself when it is an int; otherwise a digest of the
    test indices of the splits (fixed for the data and the splitter).
    """
    if isinstance(random_state, numbers.Integral) and not isinstance(
        random_state, bool
    ):
        return int(random_state) % (2**32)
    h = hashlib.sha256()
    for _, test in splits or ():
        h.update(np.asarray(test, dtype=np.int64).tobytes())
    return int.from_bytes(h.digest()[:4], "little")


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


# -- the runtime ----------------------------------------------------------------


class FidelityBatch(NamedTuple):
    """Candidates evaluated together at one resource.

    ``subspace`` is the sub-space that proposed a first-round batch, None
    for a batch of promoted candidates (of any sub-space).
    """

    subspace: int | None
    points: list
    new: list
    bracket: int
    iter: int
    n_resources: int


class HalvingEvaluations(Evaluations):
    """``cv_results_`` and checkpoint records with their round and resource."""

    resource = "n_samples"

    def _describe(self, search, search_space, X, y, params):
        description = super()._describe(search, search_space, X, y, params)
        seed = search.random_state
        subsampled = search.resource == "n_samples"
        description["fidelity"] = {
            "resource": search.resource,
            "factor": float(search.factor),
            "min_resources": search.min_resources,
            "max_resources": search.max_resources,
            "aggressive_elimination": bool(search.aggressive_elimination),
            "n_candidates": search.n_candidates,
            "brackets": search.brackets,
            # the subsamples depend on an int seed (otherwise on the splits)
            "subsample_seed": int(seed)
            if subsampled and isinstance(seed, numbers.Integral)
            else None,
        }
        return description

    def _resumed_columns(self):
        columns = super()._resumed_columns()
        fidelity = [r.fidelity or (0, 0, 0) for r in self.resumed]
        columns["iter"] = [f[1] for f in fidelity]
        columns["n_resources"] = [f[2] for f in fidelity]
        return columns

    def _resumed_point(self, record):
        if self.resource == "n_samples" or record.fidelity is None:
            return record.point
        return {**record.point, self.resource: record.fidelity[2]}

    def _checkpoint_record(self, row, point):
        results = self.results
        point = {k: v for k, v in point.items() if k != self.resource}
        fidelity = (
            int(self.bracket_of_row[row]),
            int(results["iter"][row]),
            int(results["n_resources"][row]),
        )
        return point, fidelity


class HalvingRuntime(SearchRuntime):
    """The runtime of a :class:`~skbayes.HalvingBayesSearchCV` fit.

    The loop (``_run_search``) is the same as ``BayesSearchCV``'s; the
    batches follow the successive-halving schedule (see the module's
    docstring).
    """

    evaluations_class = HalvingEvaluations

    def __init__(self, search, X, y, params, *, callback=None):
        self._fit_args = (X, y, params)
        super().__init__(search, X, y, params, callback=callback)
        schedule = self.schedule
        self.evaluated.resource = schedule.resource
        self.evaluated.bracket_of_row = []
        self.models = FidelityModels(
            search, self.search_space, self.optimizers, self.budgets
        )
        self.models.first = schedule.brackets[0][0].n_resources
        self.y = y if is_classifier(search.estimator) else None
        self._split_cache = {}
        if schedule.resource == "n_samples":
            if self.evaluated.splits is None:
                raise ValueError(
                    "cv: resource='n_samples' subsamples the cross-validation "
                    "splits, which an iterator of splits cannot give twice; pass "
                    f"an int, a splitter or a list of splits, got {search.cv!r}."
                )
            self._seed = _subsample_seed(search.random_state, self.evaluated.splits)
        # what each round evaluated: (bracket, iter) -> {key: (point, score)}
        self.rounds = {}
        self.known_at = {}  # resource -> set of keys evaluated at it
        self.done = {}  # (bracket, iter) -> {key: score}: the checkpoint's
        self.rounds_run = []  # (bracket, Round) in the order run
        self.remaining = 0
        self._batches = self._schedule_batches()

    # -- planning hooks of SearchRuntime --------------------------------------
    def _budget(self):
        X, y, params = self._fit_args
        resource = self.search.resource
        if resource != "n_samples":
            for subspace in self.search_space.subspaces:
                if resource in subspace.names:
                    raise ValueError(
                        f"Cannot use parameter {resource} as the resource since "
                        "it is part of the searched parameters."
                    )
        finite = all(s.n_points != math.inf for s in self.search_space.subspaces)
        n_points = None
        if finite:
            n_points = int(sum(s.n_points for s in self.search_space.subspaces))
        self.schedule = HalvingSchedule(self.search, X, y, params, n_points)
        return self.schedule.n_first_candidates

    def _planned_batches(self):
        first = sum(
            math.ceil(r[0].n_candidates / self.n_points) + 1
            for r in self.schedule.brackets
        )
        return first + sum(len(r) for r in self.schedule.brackets)

    def _describe_fidelity(self):
        return self.schedule.describe()

    # -- the steps of the loop ------------------------------------------------
    def resume(self):
        """The checkpoint's candidates: their rounds, and the models told."""
        resumed = self.evaluated.resumed
        if not resumed:
            return
        results = self.search._format_results([], self.evaluated.n_splits, [], {})
        self.iteration = 1 + max(record.iteration for record in resumed)
        scores = self._objective_scores(results, len(resumed))
        for record, score in zip(resumed, scores):
            if record.fidelity is None:
                continue
            bracket, itr, resource = record.fidelity
            key = self.search_space.key(record.point)
            self.done.setdefault((bracket, itr), {})[key] = float(score)
            self.evaluated.bracket_of_row.append(bracket)
            self._told(record.subspace, resource, [record.point], [float(score)])

    def warm_start(self):
        """``initial_points``: scores at full resource, told to those models."""
        top = self.schedule.brackets[0][-1].n_resources
        for params, score in self.warm_start_points:
            for index, subspace in enumerate(self.search_space.subspaces):
                if subspace.contains(params):
                    self.models.tell(index, top, [params], [score])
                    self.n_warm_start += 1
                    break

    def next_batch(self):
        return next(self._batches, None)

    def evaluate(self, batch, evaluate_candidates):
        """Cross-validate the batch at its resource."""
        if not batch.new:
            return
        resource = self.schedule.resource
        for point in batch.new:
            key = self.search_space.key(point)
            if key not in self.evaluated.subspace_of:
                self.evaluated.subspace_of[key] = self._subspace_of(point)
        n = len(batch.new)
        if resource == "n_samples":
            candidates = batch.new
            cv = self._splits_at(batch.n_resources)
        else:
            candidates = [{**p, resource: batch.n_resources} for p in batch.new]
            cv = self.cv
        kwargs = {
            "more_results": {
                "iteration": [self.iteration] * n,
                "iter": [batch.iter] * n,
                "n_resources": [batch.n_resources] * n,
            }
        }
        if cv is not None:
            kwargs["cv"] = cv
        batch_ctx = None
        if self._search_ctx is not None:
            batch_ctx = self._search_ctx.subcontext(
                task_name="iteration",
                max_subtasks=n * self.search.n_splits_,
                sequential_subtasks=False,
            ).call_on_fit_task_begin(estimator=self.search)
            kwargs["callback_ctx"] = batch_ctx
        search, verbose = self.search, self.search.verbose
        search.verbose = max(0, int(verbose or 0) - 1)
        try:
            results = evaluate_candidates(candidates, **kwargs)
        finally:
            search.verbose = verbose
        self.evaluated.bracket_of_row.extend([batch.bracket] * n)
        self.iteration += 1
        self.n_evaluated += n
        if batch_ctx is not None and batch_ctx.call_on_fit_task_end(estimator=search):
            self.stop_reason = "sklearn callback"
        scores = self._objective_scores(results, n)
        self._batch_scores = dict(
            zip((self.search_space.key(p) for p in batch.new), map(float, scores))
        )

    def record(self, batch):
        """Tell the models the batch's scores; write the checkpoint."""
        with self.interrupt.shielded():
            scores = getattr(self, "_batch_scores", {})
            self._batch_scores = {}
            store = self.rounds.setdefault((batch.bracket, batch.iter), {})
            for point in batch.new:
                key = self.search_space.key(point)
                if key in scores:
                    store[key] = (point, scores[key])
            by_subspace = {}
            for point in batch.new:
                key = self.search_space.key(point)
                if key in scores:
                    index = self._subspace_of(point)
                    by_subspace.setdefault(index, ([], []))
                    by_subspace[index][0].append(point)
                    by_subspace[index][1].append(scores[key])
            for index, (points, values) in by_subspace.items():
                self._told(index, batch.n_resources, points, values)
            if batch.subspace is not None:
                values = [
                    scores.get(self.search_space.key(p), math.nan) for p in batch.new
                ]
                if self.scheduler.record(batch.subspace, len(batch.new), values):
                    self.exhausted.add(batch.subspace)
            self.evaluated.write()
        if self.search.verbose > 0 and batch.new:
            self.print_progress(batch)

    def should_stop(self, batch):
        if batch.subspace is not None:
            return super().should_stop(batch)
        callbacks, self.fit_callbacks = self.fit_callbacks, []
        try:  # scikit-optimize's callbacks see the sub-spaces' first rounds
            return super().should_stop(batch)
        finally:
            self.fit_callbacks = callbacks

    def print_progress(self, batch):
        values = [
            self.rounds[(batch.bracket, batch.iter)].get(self.search_space.key(p))
            for p in batch.new
        ]
        scores = np.array([v[1] if v else math.nan for v in values])
        best = np.nanmax(scores) if np.isfinite(scores).any() else math.nan
        n_done = len(self.results.get("params", []))
        print(
            f"[HalvingBayesSearchCV] bracket {batch.bracket} iter {batch.iter}: "
            f"{len(batch.new)} candidates at {self.schedule.resource}="
            f"{batch.n_resources}, best {best:.4f}; {n_done} evaluations; "
            f"{time.perf_counter() - self.started:.1f} s",
            flush=True,
        )

    def publish(self):
        """The fitted attributes of successive halving, then the others."""
        search, schedule = self.search, self.schedule
        n_resources, n_candidates = [], []
        brackets = []
        for bracket, rnd in self.rounds_run:
            n_resources.append(rnd.n_resources)
            n_candidates.append(rnd.n_candidates)
            if len(brackets) <= bracket:
                brackets.append({"n_resources": [], "n_candidates": []})
            brackets[bracket]["n_resources"].append(rnd.n_resources)
            brackets[bracket]["n_candidates"].append(rnd.n_candidates)
        search.n_resources_ = n_resources
        search.n_candidates_ = n_candidates
        search.n_iterations_ = len(n_resources)
        search.n_remaining_candidates_ = self.remaining
        search.n_required_iterations_ = schedule.n_required_iterations
        search.n_possible_iterations_ = schedule.n_possible_iterations
        search.min_resources_ = schedule.min_resources
        search.max_resources_ = schedule.max_resources
        search.brackets_ = brackets
        search.bracket_of_candidates_ = np.asarray(
            self.evaluated.bracket_of_row, dtype=int
        )
        search.fidelity_models_ = dict(self.models.models)
        super().publish()

    # -- helpers --------------------------------------------------------------
    def _told(self, index, resource, points, scores):
        if resource == self.models.first:
            self._tell(index, points, scores)  # the base optimizer, histories
            n = int(np.isfinite(np.asarray(scores, dtype=float)).sum())
            self.models.n_told[(index, resource)] = (
                self.models.n_told.get((index, resource), 0) + n
            )
        else:
            self.models.tell(index, resource, points, scores)
        known = self.known_at.setdefault(resource, set())
        known.update(self.search_space.key(p) for p in points)

    def _subspace_of(self, point):
        key = self.search_space.key(point)
        index = self.evaluated.subspace_of.get(key)
        if index is not None:
            return index
        for i, subspace in enumerate(self.search_space.subspaces):
            if subspace.contains(point):
                return i
        return 0

    def _splits_at(self, resource):
        if resource not in self._split_cache:
            splits = self.evaluated.splits
            if resource >= self.schedule.n_samples:
                self._split_cache[resource] = FixedSplits(splits)
            else:
                self._split_cache[resource] = FixedSplits(
                    subsample_splits(
                        splits,
                        resource,
                        self.schedule.n_samples,
                        self.y,
                        seed=self._seed,
                    )
                )
        return self._split_cache[resource]

    def _schedule_batches(self):
        """The batches, bracket after bracket, round after round."""
        factor = self.schedule.factor
        for bracket, rounds in enumerate(self.schedule.brackets):
            first = rounds[0]
            self.rounds.setdefault((bracket, first.iter), {})
            self._restore(bracket, first.iter)
            while len(self.rounds[(bracket, first.iter)]) < first.n_candidates:
                want = first.n_candidates - len(self.rounds[(bracket, first.iter)])
                pick = self.scheduler.next(min(self.n_points, want))
                if pick is None:
                    break
                index, n = pick
                self._update_trust()
                known = self.known_at.get(first.n_resources, set())
                points = self.models.ask(index, n, first.n_resources, known)
                if not points:
                    self.exhausted.add(index)
                    self.scheduler.close(index)
                    continue
                yield FidelityBatch(
                    index, points, points, bracket, first.iter, first.n_resources
                )
            current = self.rounds[(bracket, first.iter)]
            if not current:
                continue  # nothing new at this resource: the next bracket
            self.rounds_run.append((bracket, first._replace(n_candidates=len(current))))
            for rnd in rounds[1:]:
                keep = ceil(len(current) / factor)
                promoted = _top_k(current, keep)
                self.rounds.setdefault((bracket, rnd.iter), {})
                self._restore(bracket, rnd.iter, promoted)
                store = self.rounds[(bracket, rnd.iter)]
                todo = [p for p in promoted if self.search_space.key(p) not in store]
                if todo:
                    yield FidelityBatch(
                        None, todo, todo, bracket, rnd.iter, rnd.n_resources
                    )
                current = {
                    self.search_space.key(p): store[self.search_space.key(p)]
                    for p in promoted
                    if self.search_space.key(p) in store
                }
                if not current:
                    break
                self.rounds_run.append(
                    (bracket, rnd._replace(n_candidates=len(current)))
                )
            self.remaining = ceil(len(current) / factor)

    def _update_trust(self):
        """Tell the models how well each resource's ranking carries on."""
        pairs = {}
        for (bracket, itr), store in self.rounds.items():
            after = self.rounds.get((bracket, itr + 1))
            low, high = self.schedule.resources(itr), self.schedule.resources(itr + 1)
            if not after or high <= low:
                continue
            pairs.setdefault(low, []).extend(
                (store[key][1], after[key][1]) for key in after if key in store
            )
        self.models.rank_agreement(pairs)

    def _restore(self, bracket, itr, promoted=None):
        """The checkpoint's results of a round, as if just evaluated."""
        done = self.done.get((bracket, itr))
        if not done:
            return
        store = self.rounds[(bracket, itr)]
        points = {}
        for record in self.evaluated.resumed:
            if record.fidelity is not None and tuple(record.fidelity[:2]) == (
                bracket,
                itr,
            ):
                points[self.search_space.key(record.point)] = record.point
        for key, score in done.items():
            if key in points:
                store[key] = (points[key], score)
        if promoted is None:
            # the first round's draws count towards the sub-spaces' budgets
            for key in done:
                if key in points:
                    index = self._subspace_of(points[key])
                    self.scheduler.record(index, 1, [done[key]])


def _top_k(current, k):
    """The ``k`` best points of a round (NaN scores last, ties by order)."""
    items = list(current.values())
    scores = np.array([s for _, s in items], dtype=float)
    filled = np.where(np.isnan(scores), -np.inf, scores)
    order = np.argsort(-filled, kind="stable")[:k]
    return [items[i][0] for i in order]
