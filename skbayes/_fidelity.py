"""Successive halving as a scheduler of the search runtime.

:class:`HalvingBayesSearchCV <skbayes.HalvingBayesSearchCV>` runs the loop
of :class:`~skbayes._runtime.SearchRuntime` (resume, warm start, batch after
batch: propose, evaluate, record, check whether to stop); what differs is
which candidates each batch holds and at which resource they are evaluated:

- the rounds and their resources: :class:`HalvingSchedule`
  (``_halving_schedule.py``, with the subsamples of ``n_samples``
  resources, :func:`subsample_splits`);
- who proposes the candidates of a round: :class:`FidelityModels`
  (``_fidelity_models.py``), one optimizer per sub-space and resource;
- :class:`HalvingRuntime` (here): the runtime whose batches follow the
  schedule: first round of a bracket in batches proposed by the models,
  then the best ``1 / factor`` promoted to the next resource in one batch
  per round.
"""

from __future__ import annotations

import math
import numbers
import time
from math import ceil
from typing import NamedTuple

import numpy as np
from sklearn.base import is_classifier

from ._evaluations import Evaluations
from ._fidelity_models import FidelityModels
from ._halving_schedule import (
    HalvingSchedule,
    _subsample_seed,
    select_best_index,
    subsample_splits,
)
from ._plan import FixedSplits
from ._runtime import SearchRuntime

__all__ = [
    "FidelityBatch",
    "FidelityModels",
    "HalvingRuntime",
    "HalvingSchedule",
    "select_best_index",
    "subsample_splits",
]


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
        self.models.top = schedule.brackets[0][-1].n_resources
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
        more_results = {
            "iter": [batch.iter] * n,
            "n_resources": [batch.n_resources] * n,
        }
        scores = self._cross_validate(evaluate_candidates, candidates, more_results, cv)
        self.evaluated.bracket_of_row.extend([batch.bracket] * n)
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
