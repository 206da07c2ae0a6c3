"""The state of one search, from the first batch to the last.

``BayesSearchCV.fit`` builds a :class:`SearchRuntime` (every argument is
checked there, before any model is fitted) and ``_run_search`` runs its loop:
resume from the checkpoint, warm start, then batch after batch: propose,
evaluate, record, check whether to stop. The runtime holds the state of the
search in named attributes and hands the fitted attributes to the search at
the end (:meth:`SearchRuntime.publish`).

While a batch is evaluated, its optimizer prepares the next proposal in a
thread of its own (``prepare``: the GP engine fits its model's
hyperparameters on the scores told so far), so that the workers wait only
for the rest of the proposal once the batch is told. The optimizer's calls
come in a fixed order (ask, prepare, tell, ask ...) whatever the timing: the
same seed gives the same candidates for any ``n_jobs``.
"""

from __future__ import annotations

import contextlib
import math
import time
import warnings
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from ._ahead import Ahead
from ._default_spaces import fit_search_spaces
from ._evaluations import Evaluations
from ._interrupt import InterruptGuard
from ._plan import (
    FixedSplits,
    batch_size,
    compute_splits,
    make_optimizers,
    split_budget,
)
from ._runtime_checks import check_initial_points, resolve_objective
from ._runtime_report import (
    NONFINITE_MESSAGE,
    callback_name,
    progress_line,
    search_state,
    warn_exhausted,
    warn_interrupted,
    warn_nonfinite,
)
from ._scheduler import SubspaceScheduler
from ._skopt_result import optimize_result
from ._validation import (
    check_callbacks,
    check_estimator_instance,
    check_objective,
    check_param_names,
    parse_initial_points,
)
from .space import SearchSpace
from .utils._sklearn_compat import (
    check_scoring,
    collect_fit_failures,
    report_fit_failures,
)

__all__ = ["Batch", "EverythingResumed", "SearchRuntime"]


class Batch(NamedTuple):
    """Candidates proposed together by one sub-space's optimizer."""

    subspace: int
    points: list  # as proposed
    new: list  # those not evaluated yet (the others are told their known score)


class EverythingResumed(Exception):
    """The checkpoint held every candidate: nothing was evaluated by this fit."""


class SearchRuntime:
    """Everything one ``fit`` of a :class:`~skbayes.BayesSearchCV` knows.

    Parameters
    ----------
    search : BayesSearchCV
        The search being fitted (its parameters are read, never changed,
        until :meth:`publish` sets its fitted attributes).
    X, y, params
        The arguments of ``fit``.
    callback : callable or list, default=None
        ``fit(callback=...)``: scikit-optimize's callbacks.
    """

    def __init__(self, search, X, y, params, *, callback=None):
        self.search = search
        check_estimator_instance(search.estimator)
        check_scoring(search)  # first, as scikit-learn's searchers do
        # search_spaces=None: the estimator's default space, resolved on X, y
        self.search_spaces, plain = fit_search_spaces(search, X, y, params)
        self.search_space = SearchSpace(plain)
        for subspace in self.search_space.subspaces:
            check_param_names(search.estimator, subspace)
        check_objective(search)
        self.fit_callbacks = check_callbacks(callback)
        self.callbacks = check_callbacks(search.callbacks, "callbacks")
        # initial_points: those of the search space, spelt as it spells them
        self.warm_start_points = check_initial_points(
            parse_initial_points(search.initial_points, search), self.search_space
        )
        self.budgets = split_budget(self.search_space, self._budget())
        self.optimizers = make_optimizers(search, self.search_space, self.budgets)
        # the candidates evaluated, and the checkpoint (checked and read here)
        splits = compute_splits(search, X, y, params)
        self.evaluated = self.evaluations_class(
            search, self.search_space, splits, X, y, params
        )
        splits = self.evaluated.splits  # those of the checkpoint, on resuming
        self.cv = None if splits is None else FixedSplits(splits)
        self.n_points = batch_size(search, self.budgets)
        self.scheduler = SubspaceScheduler(
            self.search_space.budgets,
            self.budgets,
            [getattr(opt, "n_initial_points", 5) for opt in self.optimizers],
        )
        # search-wide memory: a point proposed again (by another sub-space,
        # or by an optimizer that repeats itself) is told its known score,
        # never evaluated twice
        self.known = {}
        self.best_score = -math.inf
        self.histories = [([], []) for _ in self.optimizers]
        self.n_evaluated = 0  # candidates evaluated by this fit
        self.iteration = 0
        self.objective = None
        self.stop_reason = None
        self.closed_by = {}  # sub-space -> the fit callback that closed it
        self.design_end = None  # candidates evaluated when the designs ended
        self.exhausted = set()
        self.n_warm_start = 0
        self.interrupt = InterruptGuard()
        self._ahead = None  # the optimizer's prepare(), while a batch is evaluated
        self.failures = None
        self.started = None
        self._search_ctx = None

    @property
    def results(self):
        """``cv_results_`` so far."""
        return self.evaluated.results

    # -- what a scheduler of another kind overrides (see _fidelity.py) --------
    #: how the evaluated candidates are kept (cv_results_, the checkpoint)
    evaluations_class = Evaluations

    def _budget(self):
        """The number of candidates to draw, shared by the sub-spaces."""
        return self.search.n_iter

    def _planned_batches(self):
        """The most batches the search runs (for scikit-learn's callbacks)."""
        return sum(math.ceil(b / self.n_points) for b in self.budgets)

    #: let the optimizer prepare its next proposal while a batch is evaluated
    prepare_ahead = True

    # -- around the loop -------------------------------------------------------
    @contextlib.contextmanager
    def running(self, callback_ctx=None):
        """The loop's surroundings: deferred fit failures, Ctrl-C, callbacks.

        A first Ctrl-C (or ``KeyboardInterrupt``) ends the search gracefully
        once a candidate has been evaluated: what finished is kept (and
        written to the checkpoint) and the best is refitted; a second one
        aborts.
        """
        self.started = time.perf_counter()
        if callback_ctx is not None:
            n_batches = self._planned_batches()
            self._search_ctx = callback_ctx.subcontext(
                task_name="search", max_subtasks=n_batches
            ).call_on_fit_task_begin(estimator=self.search)
        with (
            collect_fit_failures(self.search) as self.failures,
            warnings.catch_warnings(),
            self.interrupt,
        ):
            warnings.filterwarnings(
                "ignore", message=NONFINITE_MESSAGE, category=UserWarning
            )
            try:
                yield self
            except KeyboardInterrupt:
                if self.interrupt.aborting or not self.results:
                    raise
                self.stop_reason = "interrupted"
            finally:
                # whatever ended the loop, what finished is on disk, and no
                # proposal is left running
                with self.interrupt.shielded():
                    self._drop_ahead()
                    self.evaluated.write()
        if self._search_ctx is not None:
            self._search_ctx.call_on_fit_task_end(estimator=self.search)

    # -- the steps of the loop -------------------------------------------------
    def resume(self):
        """Tell the optimizers the candidates of the checkpoint."""
        resumed = self.evaluated.resumed
        if not resumed:
            return
        # formatting no new candidate gives the resumed ones
        results = self.search._format_results([], self.evaluated.n_splits, [], {})
        self.iteration = 1 + max(record.iteration for record in resumed)
        scores = self._objective_scores(results, len(resumed))
        for record, score in zip(resumed, scores):
            self._tell(record.subspace, [record.point], [float(score)])
            self.scheduler.record(record.subspace, 1, [float(score)])

    def warm_start(self):
        """Tell the optimizers the ``initial_points``."""
        for params, score in self.warm_start_points:
            if self.search_space.key(params) in self.known:
                continue  # listed twice, or evaluated already
            for index, subspace in enumerate(self.search_space.subspaces):
                if subspace.contains(params):
                    self._tell(index, [params], [score])
                    self.n_warm_start += 1
                    break

    def next_batch(self):
        """The next :class:`Batch`, or None when the budget is spent."""
        while True:
            pick = self.scheduler.next(self.n_points)
            if pick is None:
                return None
            index, n = pick
            points = self.optimizers[index].ask(n)
            if points:
                if len(points) > n:  # the protocol: at most n points
                    raise ValueError(
                        f"optimizer: asked for {n} candidate(s), proposed "
                        f"{len(points)}; ask(n_points) must return at most "
                        "n_points points."
                    )
                return Batch(index, points, self._new_points(index, points))
            self.exhausted.add(index)
            self.scheduler.close(index)

    def _wait_ahead(self):
        """Wait for the optimizer's prepare(); raise its error here."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.result()

    def _drop_ahead(self):
        """Wait for a prepare() still running; ignore its outcome (the end)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.wait()

    def evaluate(self, batch, evaluate_candidates):
        """Cross-validate the batch's new candidates (scikit-learn's loop)."""
        if not batch.new:
            return
        for point in batch.new:
            self.evaluated.subspace_of[self.search_space.key(point)] = batch.subspace
        prepare = getattr(self.optimizers[batch.subspace], "prepare", None)
        scheduler = self.scheduler
        left = scheduler.shared_left + sum(scheduler.left.values()) - len(batch.new)
        if self.prepare_ahead and callable(prepare) and left > 0:
            # the optimizer belongs to that thread until record() waits
            self._ahead = Ahead(prepare)
        scores = self._cross_validate(evaluate_candidates, batch.new, {}, self.cv)
        for point, score in zip(batch.new, scores):
            self.known[self.search_space.key(point)] = float(score)

    def _cross_validate(self, evaluate_candidates, candidates, more_results, cv):
        """One call of scikit-learn's ``evaluate_candidates``; the objective's scores.

        The step every scheduler shares: the batch's callback task, the
        verbosity (``verbose=1`` prints one line per batch, see
        ``print_progress``; scikit-learn's own messages start one level
        higher), the iteration counters and a callback's request to stop.
        """
        n_points = len(candidates)
        more_results = {"iteration": [self.iteration] * n_points, **more_results}
        kwargs = {"more_results": more_results}
        if cv is not None:
            kwargs["cv"] = cv
        batch_ctx = None
        if self._search_ctx is not None:
            batch_ctx = self._search_ctx.subcontext(
                task_name="iteration",
                max_subtasks=n_points * self.search.n_splits_,
                sequential_subtasks=False,
            ).call_on_fit_task_begin(estimator=self.search)
            kwargs["callback_ctx"] = batch_ctx
        search, verbose = self.search, self.search.verbose
        search.verbose = max(0, int(verbose or 0) - 1)
        try:
            results = evaluate_candidates(candidates, **kwargs)
        finally:
            search.verbose = verbose
        self.iteration += 1
        self.n_evaluated += n_points
        # scikit-learn's callback API: a callback returning True at the end of
        # a batch stops the search
        if batch_ctx is not None and batch_ctx.call_on_fit_task_end(estimator=search):
            self.stop_reason = "sklearn callback"
        return self._objective_scores(results, n_points)

    def record(self, batch):
        """Tell the optimizer the batch's scores; write the checkpoint."""
        self._wait_ahead()  # before the optimizer is told
        with self.interrupt.shielded():
            scores = [self.known[self.search_space.key(p)] for p in batch.points]
            self._tell(batch.subspace, batch.points, scores)
            if self.scheduler.record(batch.subspace, len(batch.new), scores):
                self.exhausted.add(batch.subspace)  # it only repeats itself
            self.evaluated.write()
        if self.search.verbose > 0 and batch.new:
            self.print_progress(batch)

    def should_stop(self, batch):
        """Ctrl-C, the wall-clock budget and the callbacks, after a batch."""
        if self.interrupt.requested:  # a KeyboardInterrupt swallowed somewhere
            self.stop_reason = "interrupted"
        if self.stop_reason is not None:
            return True
        elapsed = time.perf_counter() - self.started
        max_time = self.search.max_time
        if max_time is not None and elapsed >= max_time:
            self.stop_reason = "max_time"
            return True
        if self.callbacks and self.results:
            state = search_state(
                self.results,
                self.objective,
                design_end=self._design_end(),
                iteration=self.iteration,
                elapsed=elapsed,
            )
            stops = [cb for cb in self.callbacks if cb(state)]  # call them all
            if stops:
                self.stop_reason = callback_name(stops[0])
                return True
        if self.fit_callbacks:
            index = batch.subspace
            result = optimize_result(
                self.search_space.subspaces[index],
                *self.histories[index],
                self.optimizers[index],
            )
            # every callback is called, as scikit-optimize does; True ends
            # this sub-space's search
            stops = [cb for cb in self.fit_callbacks if cb(result)]
            if stops:
                self.closed_by[index] = callback_name(stops[0])
                self.scheduler.close(index)
        if self.interrupt.requested:  # swallowed by a callback
            self.stop_reason = "interrupted"
            return True
        return False

    # -- reporting (what is shown: _runtime_report.py) ---------------------------
    def _design_end(self):
        """The candidates evaluated when every open sub-space had had its random
        initial design (None until then)."""
        if self.design_end is None:
            open_ = [
                opt
                for i, opt in enumerate(self.optimizers)
                if i not in self.exhausted and i not in self.closed_by
            ]
            if all(
                getattr(opt, "n_told", 0) >= getattr(opt, "n_initial_points", 0)
                for opt in open_
            ):
                self.design_end = len(self.results["params"])
        return self.design_end

    def print_progress(self, batch):
        """One line per batch: its best candidate, the best so far, the time."""
        line = progress_line(
            batch.new,
            [self.known[self.search_space.key(p)] for p in batch.new],
            best=self.best_score,
            n_done=len(self.results.get("params", [])),
            n_planned=sum(self.budgets),
            elapsed=time.perf_counter() - self.started,
        )
        print(line, flush=True)

    def publish(self):
        """Set the search's fitted attributes; warn about how it went."""
        search, results = self.search, self.results
        if not results:
            if self.n_warm_start and self.exhausted:
                raise ValueError(
                    "initial_points already cover the whole search space: no "
                    "candidate is left to evaluate. Widen search_spaces, or drop "
                    "initial_points to evaluate those candidates again."
                )
            raise ValueError(
                "The optimizer proposed no candidate: nothing was evaluated."
            )
        n_done = len(results["params"])
        if self.stop_reason is None and n_done < sum(self.budgets):
            if self.closed_by:  # fit(callback=...) closed the last sub-space
                self.stop_reason = list(self.closed_by.values())[-1]
            elif self.exhausted:  # no candidate left to propose
                self.stop_reason = "exhausted"
        search.stop_reason_ = self.stop_reason
        search.objective_ = self.objective
        search.search_space_ = self.search_space
        search.search_spaces_ = self.search_spaces
        search.optimizers_ = self.optimizers
        search.n_warm_start_points_ = self.n_warm_start
        search.optimizer_results_ = [
            optimize_result(space, *history, opt)
            for space, history, opt in zip(
                self.search_space.subspaces, self.histories, self.optimizers
            )
        ]
        if self.stop_reason == "interrupted":
            warn_interrupted(n_done)
        report_fit_failures(self.failures, search.error_score)
        warn_nonfinite(results)
        if self.exhausted and n_done < sum(self.budgets):
            warn_exhausted(self.exhausted, len(self.optimizers), n_done)
        if not self.n_evaluated:
            raise EverythingResumed

    # -- helpers -----------------------------------------------------------------
    def _tell(self, index, points, scores):
        for point, score in zip(points, scores):
            self.known.setdefault(self.search_space.key(point), score)
            if score > self.best_score:  # False for NaN
                self.best_score = score
        self.optimizers[index].tell(points, scores)
        self.histories[index][0].extend(points)
        self.histories[index][1].extend(scores)

    def _new_points(self, index, points):
        """The points not evaluated yet (checked to be in the space)."""
        subspace = self.search_space.subspaces[index]
        new, keys = [], set()
        for point in points:
            if not (isinstance(point, Mapping) and subspace.contains(point)):
                raise ValueError(
                    f"optimizer: proposed {point!r}, which is not a point of the "
                    f"search space {subspace!r}."
                )
            key = self.search_space.key(point)
            if key not in self.known and key not in keys:
                keys.add(key)
                new.append(subspace.canonical(point))  # 3, not 3.0, for Integer
        return new

    def _objective_scores(self, results, n):
        """The optimized metric's mean test score of the last ``n`` candidates."""
        if self.objective is None or f"mean_test_{self.objective}" not in results:
            if callable(self.search.scoring) and not self._a_fit_succeeded():
                # a callable scorer's metric names are only known once a fit
                # succeeded (a numeric error_score is a float, not the dict
                # the scorer may return): failures are told as such until then
                return np.full(n, np.nan)
            self.objective = resolve_objective(self.search, results)
        return np.asarray(results[f"mean_test_{self.objective}"][-n:], dtype=float)

    def _a_fit_succeeded(self):
        folds = self.evaluated.fold_results
        resumed = (fit for record in self.evaluated.resumed for fit in record.fits)
        return any(fit.get("fit_error") is None for fit in (*resumed, *folds))
