"""The runner: one search per (problem, searcher, seed), and its metrics.

:func:`run_one` fits one searcher on one problem and returns what it
evaluated, in order; :func:`run_all` runs many, in worker processes if asked;
:func:`evaluate` turns one run into the metrics the report shows.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass

import numpy as np
from _common import has_torch  # benchmarks/_common.py

from .problems import get_problems
from .searchers import make_searcher, quiet

DUMMY_X = np.zeros((4, 1))
DUMMY_Y = np.zeros(4)
REACH_WITHIN = 40  # the plateau target: the best 3% within 40 candidates


@dataclass(frozen=True)
class Task:
    problem: str
    searcher: str
    seed: int
    budget: int
    batch: int | None = None  # None: each searcher's default


@dataclass
class Run:
    task: Task
    observed: np.ndarray  # scores the searcher saw, in evaluation order
    true: np.ndarray  # true scores of the same points (== observed unless noisy)
    wall: float
    error: str = ""


_WORKER_PROBLEMS = {}


def limit_threads(n):
    """Limit BLAS/OpenMP (and torch) threads of this process to ``n``."""
    if not n:
        return
    from threadpoolctl import threadpool_limits

    if has_torch():
        import torch

        torch.set_num_threads(n)
    threadpool_limits(limits=n)


def _init_worker(problem_names, blas_threads):
    limit_threads(blas_threads)
    _WORKER_PROBLEMS.update(get_problems(problem_names))
    quiet()


def run_one(task, problems=None):
    """One search; the scores in evaluation order and the wall time."""
    problem = (problems or _WORKER_PROBLEMS)[task.problem]
    quiet()
    # a noisy table: each seed observes one CV repeat
    repeat = task.seed if problem.noisy else None
    index = task.searcher.startswith(("skopt-", "optuna-"))
    search = make_searcher(
        task.searcher, problem, task.seed, task.budget, batch=task.batch, repeat=repeat
    )
    start = time.perf_counter()
    try:
        search.fit(DUMMY_X, DUMMY_Y)
        observed = np.asarray(search.cv_results_["mean_test_score"], float)
        true = np.array([problem.value(p, index) for p in _params(search)])
        error = ""
    except Exception as exc:  # report, do not stop the benchmark
        observed = true = np.array([])
        error = f"{type(exc).__name__}: {exc}"[:200]
    return Run(task, observed, true, time.perf_counter() - start, error)


def _params(search):
    """The parameters of each candidate, in evaluation order."""
    if "params" in search.cv_results_:
        return search.cv_results_["params"]
    return [trial.params for trial in search.trials_]  # OptunaSearchCV


def run_all(tasks, problems, *, jobs=1, blas_threads=None, on_result=None):
    """Run ``tasks`` (in ``jobs`` processes); call ``on_result(i, run)``."""
    runs = []

    def done(i, run):
        runs.append(run)
        t = run.task
        print(
            f"[{i}/{len(tasks)}] {t.problem} {t.searcher} seed={t.seed} "
            f"{run.wall:.1f}s {run.error}",
            file=sys.stderr,
            flush=True,
        )
        if on_result is not None:
            on_result(i, run)

    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            jobs, initializer=_init_worker, initargs=(list(problems), blas_threads)
        ) as pool:
            for i, run in enumerate(pool.map(run_one, tasks, chunksize=1), 1):
                done(i, run)
    else:
        limit_threads(blas_threads)
        for i, task in enumerate(tasks, 1):
            done(i, run_one(task, problems))
    return runs


def incumbent_true(observed, true):
    """True score of the best observed point after each evaluation."""
    out = np.empty(len(observed))
    best_i = None
    for i, v in enumerate(observed):
        if not np.isnan(v) and (best_i is None or v > observed[best_i]):
            best_i = i
        out[i] = np.nan if best_i is None else true[best_i]
    return out


def evaluate(problem, observed, true, budgets):
    """Per-budget best, regret, normalized score; candidates to reach the top.

    The result of a search is its best *observed* point (what a user
    picks), measured by its true score.
    """
    out = {}
    inc = incumbent_true(observed, true)
    for b in budgets:
        best = float(inc[:b][-1]) if len(inc) else math.nan
        regret = problem.optimum - best
        denom = problem.optimum - problem.random_median_best(b)
        norm = max(-1.0, 1.0 - regret / denom) if denom > 1e-12 else math.nan
        out[f"best@{b}"] = best
        out[f"regret@{b}"] = max(regret, 0.0)
        out[f"norm@{b}"] = norm
    hit = np.flatnonzero(true >= problem.optimum - 1e-9) if len(true) else []
    out["n_to_opt"] = int(hit[0]) + 1 if len(hit) else math.inf
    if problem.kind == "lookup":
        top = np.flatnonzero(true >= problem.top_threshold() - 1e-12)
        out["n_to_top"] = int(top[0]) + 1 if len(top) else math.inf
        # evaluations spent on points whose score was already seen (plateaus)
        seen, repeats = set(), 0
        for v in observed[:REACH_WITHIN]:
            key = round(float(v), 10)
            repeats += key in seen
            seen.add(key)
        out["same_score_share"] = repeats / max(1, min(len(observed), REACH_WITHIN))
    return out
