"""Many workers: wall time and quality over time with sleeping fits in threads.

Each searcher runs ``--budget`` candidates (``--cv`` folds, 2 by default) of a
lookup-table problem (``benchmarks/suite``) whose estimator's ``fit`` sleeps
``--fit-seconds``, under joblib's threading backend with ``n_jobs`` workers:
a sleeping fit releases the GIL, so the threads behave like busy cores on a
small machine, and the wall time shows how long the workers wait for the
searcher. Every ``score`` call is time-stamped; a candidate is complete when
its last fold is scored.

For each (workers, fit seconds): the wall time relative to
``RandomizedSearchCV`` for the same number of candidates (median over the
problems and seeds), and the normalized score (``0`` = the grid's median,
``1`` = its optimum) of the best candidate completed by 25%, 50% and 100% of
``RandomizedSearchCV``'s wall time of the same problem and seed, and at the
end. Searchers: ``sklearn-random``, ``skbayes-gp`` with its defaults
(``n_points="auto"``: the same candidates for any ``n_jobs``),
``skbayes-gp/bW`` (``n_points=W``, an opt-in batch as large as the workers),
``optuna-tpe`` and ``optuna-gp`` (``OptunaSearchCV(n_jobs=W)``: W trials run
at once in threads).

    python benchmarks/bench_workers.py --workers 8 --fit-seconds 0.3 \\
        --out benchmarks/results/workers.md
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import code_state, version  # benchmarks/_common.py
from suite.problems import get_problems
from suite.runner import DUMMY_X, DUMMY_Y
from suite.searchers import make_searcher, quiet

PROBLEMS = ("svc_breast_cancer", "gb_diabetes", "hgb_breast_cancer")


def run(problem, searcher, seed, budget, workers, fit_seconds, cv=2):
    import joblib

    log = []
    lock = threading.Lock()
    batch = None
    name = searcher
    if "/b" in searcher:
        name, b = searcher.split("/b")
        batch = int(b)
    search = make_searcher(
        name,
        problem,
        seed,
        budget,
        batch=batch,
        n_jobs=workers,
        fit_seconds=fit_seconds,
    )
    search.set_params(cv=cv)
    est = search.estimator
    cls = type(est)
    original = cls.score

    def score(self, X, y=None):
        value = original(self, X, y)
        key = tuple(self.get_params()[n] for n in problem.names)
        with lock:
            log.append((time.perf_counter(), key, value))
        return value

    cls.score = score
    start = time.perf_counter()
    # the suite's dummy data has 4 rows; more folds need more rows
    X, y = DUMMY_X, DUMMY_Y
    if cv > len(X):
        X, y = np.zeros((cv, 1)), np.zeros(cv)
    with joblib.parallel_backend("threading", n_jobs=workers):
        search.fit(X, y)
    wall = time.perf_counter() - start
    done = {}  # candidate -> (time its last fold was scored, score)
    for t, key, value in log:
        done[key] = (max(done.get(key, (0.0,))[0], t - start), value)
    trace = sorted(done.values())
    return wall, trace, len(trace)


def normalized(problem, value):
    med = float(np.median(problem.table))
    return (value - med) / (problem.optimum - med)


def best_by(trace, t):
    values = [v for s, v in trace if s <= t + 1e-9]
    return max(values) if values else -np.inf


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[8])
    parser.add_argument("--fit-seconds", type=float, nargs="+", default=[0.3])
    parser.add_argument("--budget", type=int, default=48)
    parser.add_argument("--cv", type=int, default=2, help="folds per candidate")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--problems", nargs="+", default=list(PROBLEMS))
    parser.add_argument(
        "--searchers",
        nargs="+",
        default=["sklearn-random", "skbayes-gp", "skbayes-gp/bW", "optuna-tpe"],
        help="'/bW' is replaced by the number of workers",
    )
    parser.add_argument("--out", default="benchmarks/results/workers.md")
    args = parser.parse_args()
    quiet()
    problems = get_problems(args.problems)
    rows = []
    begin = time.perf_counter()
    for workers in args.workers:
        for fit_seconds in args.fit_seconds:
            searchers = [s.replace("/bW", f"/b{workers}") for s in args.searchers]
            for seed in range(args.seeds):
                for pname, p in problems.items():
                    for s in searchers:
                        wall, trace, n = run(
                            p, s, seed, args.budget, workers, fit_seconds, args.cv
                        )
                        rows.append(
                            dict(
                                workers=workers,
                                fit_seconds=fit_seconds,
                                problem=pname,
                                seed=seed,
                                searcher=s.replace(f"/b{workers}", "/bW"),
                                wall=wall,
                                n=n,
                                trace=" ".join(f"{t:.3f}:{v:.8g}" for t, v in trace),
                            )
                        )
                        print(
                            f"W={workers} fit={fit_seconds} {pname} seed={seed} "
                            f"{s}: {wall:.2f}s, {n} candidates",
                            file=sys.stderr,
                            flush=True,
                        )
    elapsed = time.perf_counter() - begin
    raw = pd.DataFrame(rows)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    raw.to_csv(out.with_suffix(".csv"), index=False)
    text = report(raw, problems, args, elapsed)
    out.write_text(text)
    print(text)


def report(raw, problems, args, elapsed):
    lines = [
        "# Many workers: sleeping fits under the threading backend",
        "",
        "Command: `python benchmarks/bench_workers.py " + " ".join(sys.argv[1:]) + "`",
        "",
        f"{args.budget} candidates, cv={args.cv}, problems {', '.join(problems)}, "
        f"{args.seeds} seeds; total {elapsed / 60:.1f} min on a 2-core machine "
        "shared with other work (the fits sleep, so the ratios hold; the "
        f"searchers' own CPU time does not). skbayes at {code_state()}, optuna "
        f"{version('optuna')}, scikit-learn {version('sklearn')}.",
        "",
        "Wall = median over problems and seeds of the wall time divided by "
        "RandomizedSearchCV's on the same problem and seed; `norm@x%` = mean "
        "normalized score (0 = grid median, 1 = optimum) of the best candidate "
        "completed by x% of RandomizedSearchCV's wall time.",
        "",
    ]
    for (workers, fit_seconds), sub in raw.groupby(["workers", "fit_seconds"]):
        lines += [
            f"## {workers} workers, fits of {fit_seconds} s",
            "",
            "| searcher | wall / random | median wall (s) | norm@25% | norm@50% | "
            "norm@100% | norm at end |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        ref = sub[sub["searcher"] == "sklearn-random"].set_index(["problem", "seed"])
        for s in dict.fromkeys(sub["searcher"]):
            mine = sub[sub["searcher"] == s]
            ratios, norms = [], {q: [] for q in (0.25, 0.5, 1.0, None)}
            for row in mine.itertuples():
                r = ref.loc[(row.problem, row.seed)]
                ratios.append(row.wall / r.wall)
                trace = [
                    (float(a), float(b))
                    for a, b in (x.split(":") for x in row.trace.split())
                ]
                p = problems[row.problem]
                for q in norms:
                    t = np.inf if q is None else q * r.wall
                    norms[q].append(normalized(p, best_by(trace, t)))
            cells = [f"{statistics.median(ratios):.2f}", f"{mine['wall'].median():.1f}"]
            cells += [f"{np.mean(np.maximum(v, -1)):.2f}" for v in norms.values()]
            lines.append(f"| {s} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
