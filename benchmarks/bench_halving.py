"""Multi-fidelity search: HalvingBayesSearchCV against its peers, by CPU time.

A classification data set generated here (``make_classification`` with
40 features and label noise; no download) is split once into a training
part (three quarters), searched with one stratified hold-out split (a third
of the training part; with a hundred thousand rows and more, one split
ranks candidates about as well as k folds at a k-th of the cost), and a
held-out test part. Two model families:

- ``hgb``: ``HistGradientBoostingClassifier``, ``max_iter`` as the resource
  (the full-fidelity searchers fit ``max_iter=max_resources``);
- ``mlp``: ``make_pipeline(StandardScaler(), MLPClassifier())``, the number
  of training samples as the resource.

Searchers, each given the same budget of CPU time per run (every searcher
runs with ``n_jobs=1``, and the benchmark should run with single-threaded
BLAS and OpenMP, so the process's CPU time, ``time.process_time()``, is the
wall time it would take on a dedicated core; on a shared machine the wall
time is not a fair clock): HalvingBayesSearchCV (Hyperband brackets; stopped
by a callback once the budget is spent), scikit-learn's HalvingRandomSearchCV
(the same ``factor``, ``min_resources`` and ``max_resources``; stopped after
the batch that spends the budget, or ending earlier with its rounds),
BayesSearchCV (stopped by a callback), RandomizedSearchCV (its candidates
evaluated one at a time until the budget is spent) and Optuna's
OptunaSearchCV (TPE, stopped by a callback; no pruner: its pruning needs
``partial_fit``, which neither a HistGradientBoostingClassifier nor a Pipeline
has).

For every run, the candidate each searcher would refit is recorded after
each of its batches with the CPU time spent; afterwards every distinct one is
fitted on the whole training part and scored (accuracy) on the test part,
which gives the held-out test score against CPU time (these refits are
not counted in the budget). Each run is one line
of ``benchmarks/results/halving_runs.jsonl`` with the code it measured
(the commit of the imported skbayes, see ``code_state``): an interrupted
benchmark resumes where it stopped (runs of the same code already there are
skipped; runs of other code are run again, never mixed in). The report
(``halving.md``) and the plot (``halving.png``) are made from that file, from
the runs of the code measured (``--code`` names another):

    python benchmarks/bench_halving.py --rows 200000 --seeds 5 --peer-seeds 2 \
        --budget 150 --families hgb
    python benchmarks/bench_halving.py --report   # the table and the plot only

Single-threaded fits are advised on a shared machine::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 python ...

This module holds the runs: the data (``data``), the model families
(``family``: a new one is one more branch there, named in ``--families``),
the searchers (``run``: a new one is one more branch there, and its name in
``SEARCHERS`` of ``_halving_report.py``, the list the runs and the tables
share), how an incumbent is recorded after each batch, and the run loop and
command line (``main``). The report and the plot are in
``_halving_report.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import loguniform, randint, uniform
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import (
    HalvingRandomSearchCV,
    ParameterSampler,
    RandomizedSearchCV,
    StratifiedShuffleSplit,
    train_test_split,
)
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import code_state
from _halving_report import (
    RESULTS,
    SEARCHERS,
    SKBAYES,
    TEST_SIZE,
    report,
    select_runs,
)

from skbayes import BayesSearchCV, HalvingBayesSearchCV

RUNS = RESULTS / "halving_runs.jsonl"
FACTOR = 3
CODE = code_state()  # the code measured: read when the benchmark starts
PEERS = {"RandomizedSearchCV", "OptunaSearchCV"}  # run on --peer-seeds only
clock = time.process_time  # this process's CPU time (see the docstring)


# -- problems -------------------------------------------------------------------


def data(rows, seed=0):
    X, y = make_classification(
        n_samples=rows,
        n_features=40,
        n_informative=12,
        n_redundant=8,
        flip_y=0.1,
        class_sep=0.8,
        random_state=seed,
    )
    return train_test_split(X, y, test_size=TEST_SIZE, random_state=seed, stratify=y)


def family(name, n_train):
    """``(estimator, space, resource, min_resources, max_resources)``."""
    if name == "hgb":
        estimator = HistGradientBoostingClassifier(
            early_stopping=False, max_iter=243, random_state=0
        )
        space = {
            "learning_rate": loguniform(0.01, 1.0),
            "max_leaf_nodes": randint(4, 128),
            "min_samples_leaf": randint(5, 200),
            "l2_regularization": loguniform(1e-6, 10.0),
            "max_features": uniform(0.2, 0.8),
        }
        return estimator, space, "max_iter", 9, 243
    if name == "mlp":
        estimator = make_pipeline(
            StandardScaler(), MLPClassifier(max_iter=10, random_state=0)
        )
        space = {
            "mlpclassifier__alpha": loguniform(1e-6, 1e-1),
            "mlpclassifier__learning_rate_init": loguniform(1e-4, 1e-1),
            "mlpclassifier__hidden_layer_sizes": [(16,), (32,), (64,), (128,)],
            "mlpclassifier__batch_size": [64, 128, 256, 512],
        }
        max_resources = n_train
        return estimator, space, "n_samples", max_resources // 27, max_resources
    raise ValueError(name)


# -- recording the incumbent ----------------------------------------------------


def _best_last_round(results):
    """The candidate a halving search refits: the best at the largest resource."""
    level = np.asarray(results["n_resources"])
    rows = np.flatnonzero(level == level.max())
    scores = np.asarray(results["mean_test_score"], dtype=float)[rows]
    if np.isnan(scores).all():
        return None
    return results["params"][rows[int(np.nanargmax(scores))]]


def _best(results):
    scores = np.asarray(results["mean_test_score"], dtype=float)
    if np.isnan(scores).all():
        return None
    return results["params"][int(np.nanargmax(scores))]


class Recorder:
    """Called after every batch: the CPU time and the incumbent; True (stop
    the search) once the budget is spent."""

    def __init__(self, start, halving, budget):
        self.start, self.halving, self.trace = start, halving, []
        self.budget = budget

    def __call__(self, state):
        results = state.cv_results
        best = _best_last_round(results) if self.halving else _best(results)
        elapsed = clock() - self.start
        self.trace.append((elapsed, best))
        return elapsed >= self.budget


class _BudgetSpent(Exception):
    pass


def _recording(cls, halving, budget=None, sampler=None):
    """A scikit-learn searcher whose batches are timed (and stopped in time)."""

    class Recorded(cls):
        def _run_search(self, evaluate_candidates, *, callback_ctx=None):
            kwargs = {} if callback_ctx is None else {"callback_ctx": callback_ctx}
            start = self._start

            def timed(candidate_params, *args, **kw):
                results = evaluate_candidates(candidate_params, *args, **kw)
                best = _best_last_round(results) if halving else _best(results)
                self._trace.append((clock() - start, best))
                if budget is not None and clock() - start >= budget:
                    raise _BudgetSpent
                return results

            try:
                if sampler is None:
                    return super()._run_search(timed, **kwargs)
                for params in sampler:  # one at a time until the budget is spent
                    timed([params])
            except _BudgetSpent:
                pass
            return None

    Recorded.__name__ = cls.__name__
    return Recorded


def _finish(trace, start, best):
    """The trace with the last batch (the callbacks are not called after the
    batch that spends ``max_time``)."""
    if not trace or trace[-1][1] != best:
        trace = [*trace, (clock() - start, best)]
    return trace


# -- one run ------------------------------------------------------------------------


def run(name, family_name, seed, rows, budget, n_jobs):
    X_train, X_test, y_train, y_test = data(rows)
    estimator, space, resource, min_res, max_res = family(family_name, len(X_train))
    cv = StratifiedShuffleSplit(1, test_size=1 / 3, random_state=seed)
    fixed = {} if resource == "n_samples" else {resource: max_res}
    full = clone(estimator).set_params(**fixed)
    wall_start, start = time.perf_counter(), clock()
    common = {"cv": cv, "n_jobs": n_jobs, "refit": False}
    # the successive-halving searchers' own parameters, the same for both
    halving = {
        "resource": resource,
        "min_resources": min_res,
        "max_resources": max_res,
        "factor": FACTOR,
        "return_train_score": False,
        "random_state": seed,
    }
    if name in ("HalvingBayesSearchCV", "HalvingBayesSearchCV-min3x"):
        recorder = Recorder(start, True, budget)
        if name.endswith("-min3x"):
            halving["min_resources"] = FACTOR * min_res
        search = HalvingBayesSearchCV(
            estimator,
            space,
            brackets="hyperband",
            callbacks=[recorder],
            **halving,
            **common,
        )
        search.fit(X_train, y_train)
        trace = _finish(recorder.trace, start, _best_last_round(search.cv_results_))
    elif name == "BayesSearchCV":
        recorder = Recorder(start, False, budget)
        search = BayesSearchCV(
            full,
            space,
            n_iter=50,  # 5 random candidates first ("auto"), as a user sets it
            n_points=1,
            callbacks=[recorder],
            random_state=seed,
            **common,
        )
        search.fit(X_train, y_train)
        trace = _finish(recorder.trace, start, _best(search.cv_results_))
    elif name == "HalvingRandomSearchCV":
        search = _recording(HalvingRandomSearchCV, True, budget)(
            estimator, space, **halving, **common
        )
        search._start, search._trace = start, []
        search.fit(X_train, y_train)
        trace = search._trace
    elif name == "RandomizedSearchCV":
        sampler = ParameterSampler(space, 10_000, random_state=seed)
        search = _recording(RandomizedSearchCV, False, budget, sampler)(
            full, space, n_iter=1, random_state=seed, **common
        )
        search._start, search._trace = start, []
        search.fit(X_train, y_train)
        trace = search._trace
    elif name == "OptunaSearchCV":
        trace = _optuna(full, space, cv, seed, budget, n_jobs, X_train, y_train, start)
    else:
        raise ValueError(name)
    cpu, wall = clock() - start, time.perf_counter() - wall_start
    evaluations = _evaluations(search) if name in SKBAYES else None
    # the held-out score of every distinct incumbent
    scores, cache = [], {}
    for elapsed, params in trace:
        if params is None:
            scores.append((elapsed, None))
            continue
        key = json.dumps({k: repr(v) for k, v in sorted(params.items())})
        if key not in cache:
            model = clone(full).set_params(**params)
            model.fit(X_train, y_train)
            cache[key] = float(model.score(X_test, y_test))
        scores.append((elapsed, cache[key]))
    return {
        "searcher": name,
        "family": family_name,
        "seed": seed,
        "rows": rows,
        "budget": budget,
        "cpu": cpu,
        "wall": wall,
        "n_evaluations": len(trace),
        "curve": scores,
        "code": CODE,
        **({"evaluations": evaluations} if evaluations else {}),
    }


def _evaluations(search):
    """Per evaluation: bracket, iter, resource, fit time (s) and score (for
    the diagnosis of where the time goes; -1 for a full-fidelity search)."""
    results = search.cv_results_
    n = len(results["params"])
    bracket = getattr(search, "bracket_of_candidates_", np.full(n, -1))
    iters = results.get("iter", np.full(n, -1))
    level = results.get("n_resources", np.full(n, -1))
    fit_time, score = results["mean_fit_time"], results["mean_test_score"]
    return [
        [
            int(bracket[i]),
            int(iters[i]),
            int(level[i]),
            round(float(fit_time[i]), 3),
            round(float(score[i]), 5),
        ]
        for i in range(n)
    ]


def _optuna(estimator, space, cv, seed, budget, n_jobs, X, y, start):
    import optuna
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )
    from optuna_integration import OptunaSearchCV

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    distributions = {}
    for name, dist in space.items():
        if isinstance(dist, list):
            distributions[name] = CategoricalDistribution(dist)
        elif dist.dist.name == "randint":
            low, high = dist.support()
            distributions[name] = IntDistribution(int(low), int(high))
        else:
            low, high = dist.support()
            log = dist.dist.name in ("loguniform", "reciprocal")
            distributions[name] = FloatDistribution(float(low), float(high), log=log)
    study = optuna.create_study(
        direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed)
    )
    trace, best, best_value = [], None, -np.inf

    def record(study, trial):
        nonlocal best, best_value
        if trial.value is not None and trial.value > best_value:
            best_value, best = trial.value, dict(trial.params)
        trace.append((clock() - start, best))
        if clock() - start >= budget:
            study.stop()

    search = OptunaSearchCV(
        estimator,
        distributions,
        cv=cv,
        n_trials=None,
        callbacks=[record],
        study=study,
        refit=False,
        n_jobs=n_jobs,
        random_state=seed,
        verbose=0,
    )
    search.fit(X, y)
    return trace


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument(
        "--peer-seeds",
        type=int,
        default=None,
        help="seeds of RandomizedSearchCV and OptunaSearchCV (default: --seeds)",
    )
    parser.add_argument(
        "--budget", type=float, default=150.0, help="CPU seconds per run"
    )
    parser.add_argument(
        "--order",
        default=None,
        help="the seeds of --seeds in the order run, comma-separated (default: "
        "0, 1, ...; seeds not used to design the searcher first, say)",
    )
    parser.add_argument(
        "--seed-list",
        default=None,
        help="run exactly these seeds, comma-separated (instead of --seeds)",
    )
    parser.add_argument("--families", default="hgb,mlp")
    parser.add_argument("--searchers", default=",".join(SEARCHERS))
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--report", action="store_true", help="only the report")
    parser.add_argument(
        "--name",
        default="halving",
        help="the report's file names in benchmarks/results (NAME.md, NAME.png)",
    )
    parser.add_argument("--note", default="", help="a paragraph for the report")
    parser.add_argument(
        "--code",
        default=CODE,
        help="report the runs of this code state (default: the imported skbayes)",
    )
    args = parser.parse_args(argv)
    given = list(argv if argv is not None else sys.argv[1:])
    for option in ("--note", "--code", "--order"):  # not part of the command
        if option in given:
            i = given.index(option)
            del given[i : i + 2]
    command = "python benchmarks/bench_halving.py " + " ".join(
        a for a in given if a != "--report"
    )
    RESULTS.mkdir(exist_ok=True)
    done = []
    if RUNS.exists():
        done = [json.loads(line) for line in RUNS.read_text().splitlines() if line]
    if not args.report:
        warnings.filterwarnings("ignore")
        order = range(args.seeds)
        if args.seed_list:
            order = [int(seed) for seed in args.seed_list.split(",")]
        elif args.order:
            order = [int(seed) for seed in args.order.split(",")]
            order += [seed for seed in range(args.seeds) if seed not in order]
        for seed in order:
            for fam in args.families.split(","):
                for name in args.searchers.split(","):
                    if name in PEERS and seed >= (args.peer_seeds or args.seeds):
                        continue
                    # a peer's run does not depend on the skbayes commit
                    code = CODE if name in SKBAYES else None
                    key = (name, fam, seed, args.rows, args.budget, code)
                    if any(
                        (
                            r["searcher"],
                            r["family"],
                            r["seed"],
                            r["rows"],
                            r["budget"],
                            r.get("code") if name in SKBAYES else None,
                        )
                        == key
                        for r in done
                    ):
                        continue
                    print(f"{fam} {name} seed {seed} ...", flush=True)
                    result = run(name, fam, seed, args.rows, args.budget, args.n_jobs)
                    final = result["curve"][-1][1] if result["curve"] else None
                    print(
                        f"  {result['cpu']:.0f} s CPU ({result['wall']:.0f} s wall), "
                        f"{result['n_evaluations']} "
                        f"batches, final {final}",
                        flush=True,
                    )
                    with RUNS.open("a") as f:
                        f.write(json.dumps(result) + "\n")
                    done.append(result)
    runs = select_runs(done, args.rows, args.budget, args.code)
    runs = [r for r in runs if r["family"] in args.families.split(",")]
    if args.seed_list:  # the report too: only these seeds
        runs = [r for r in runs if str(r["seed"]) in args.seed_list.split(",")]
    if runs:
        report(runs, command, args.note, args.name)


if __name__ == "__main__":
    main()
