"""Bayesmark-style problems: live scikit-learn models, Bayesmark's score.

The problems are ``benchmarks/suite/bayesmark.py``'s (Bayesmark's models,
spaces, data sets and metrics, written from its public definitions). Each
run searches ``--budget`` candidates; the report gives, at each budget of
``--budgets``, Bayesmark's normalized score
``100 * (1 - (opt - best) / (opt - rand))`` per problem, where ``best`` is
the run's best CV score, ``opt`` the best score any run found on the
problem and ``rand`` the median best of random search (``sklearn-random``)
at that budget: random search scores about 0, the best found 100. With
``--batches 1 8`` each searcher runs with those batch sizes (skbayes
``n_points``, Optuna trials in threads).

Every evaluation is a real 5-fold CV: pick a subset that this machine can
run (``--models``, ``--data``, ``--metrics``); the report says what ran.

    python benchmarks/bench_bayesmark.py --models DT kNN lasso linear ada \\
        --data breast iris wine diabetes --seeds 5 --budget 30 \\
        --out benchmarks/results/bayesmark.md
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import code_state, version  # benchmarks/_common.py
from suite import bayesmark
from suite.runner import Task, incumbent_true, run_all

SEARCHERS = (
    "skbayes-gp",
    "skbayes-tpe",
    "optuna-tpe",
    "optuna-gp",
    "skopt-bscv",
    "sklearn-random",
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="+", default=list(bayesmark.MODELS))
    parser.add_argument(
        "--data", nargs="+", default=["breast", "digits", "iris", "wine", "diabetes"]
    )
    parser.add_argument("--metrics", nargs="+", default=["acc", "nll", "mae", "mse"])
    parser.add_argument("--searchers", nargs="+", default=list(SEARCHERS))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--budget", type=int, default=30)
    parser.add_argument("--budgets", type=int, nargs="+", default=None)
    parser.add_argument("--batches", type=int, nargs="+", default=None)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", default="benchmarks/results/bayesmark.md")
    args = parser.parse_args()
    names = [
        n
        for n in bayesmark.problem_names(args.models, args.data)
        if n.rsplit("_", 1)[1] in args.metrics
    ]
    problems = {n: bayesmark.make_problem(n) for n in names}
    tasks = [
        Task(n, s, seed, args.budget, batch)
        for seed in range(args.seeds)
        for n in names
        for s in args.searchers
        for batch in (args.batches or [None])
    ]
    start = time.perf_counter()
    runs = run_all(tasks, problems, jobs=args.jobs, blas_threads=1)
    elapsed = time.perf_counter() - start
    rows = []
    for run in runs:
        t = run.task
        rows.append(
            dict(
                problem=t.problem,
                searcher=t.searcher,
                seed=t.seed,
                batch="" if t.batch is None else t.batch,
                wall=run.wall,
                error=run.error,
                trace=" ".join(f"{v:.10g}" for v in run.observed),
            )
        )
    raw = pd.DataFrame(rows)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    raw.to_csv(out.with_suffix(".csv"), index=False)
    text = report(raw, args, elapsed)
    out.write_text(text)
    print(text)


def report(raw, args, elapsed):
    budgets = args.budgets or sorted({min(30, args.budget), args.budget})
    raw = raw.copy()
    raw["label"] = [
        s if b in ("", None) or (isinstance(b, float) and np.isnan(b)) else f"{s}/b{b}"
        for s, b in zip(raw["searcher"], raw["batch"])
    ]
    traces = {}
    for row in raw.itertuples():
        v = np.array([float(x) for x in str(row.trace).split()]) if row.trace else []
        traces[row.Index] = incumbent_true(np.asarray(v), np.asarray(v))
    labels = list(dict.fromkeys(raw["label"]))
    lines = [
        "# Bayesmark-style problems",
        "",
        f"Command: `python benchmarks/bench_bayesmark.py {' '.join(sys.argv[1:])}`",
        "",
        f"{raw['problem'].nunique()} problems "
        f"({', '.join(sorted(set(raw['problem'])))}), "
        f"{args.seeds} seeds, {elapsed / 60:.1f} min on a 2-core machine shared "
        f"with other work. skbayes at {code_state()}; optuna {version('optuna')}, "
        f"scikit-optimize {version('skopt')}, scikit-learn {version('sklearn')}.",
        "",
        "Score `100 * (1 - (opt - best) / (opt - rand))`: `opt` the best CV score "
        "any run found, `rand` random search's median best at that budget.",
        "",
    ]
    for b in budgets:
        per = {}
        for pname, sub in raw.groupby("problem"):
            bests = {i: traces[i][:b][-1] for i in sub.index if len(traces[i])}
            opt = np.nanmax(list(bests.values()))
            rand = np.nanmedian(
                [
                    v
                    for i, v in bests.items()
                    if raw.at[i, "searcher"] == "sklearn-random"
                ]
            )
            for i in sub.index:
                if i not in bests or not opt > rand:
                    continue
                score = 100 * (1 - (opt - bests[i]) / (opt - rand))
                per.setdefault((pname, raw.at[i, "label"]), []).append(score)
        lines += [
            f"## Normalized score at {b} evaluations (mean over seeds)",
            "",
            "| problem | " + " | ".join(labels) + " |",
            "| --- | " + " | ".join("---:" for _ in labels) + " |",
        ]
        means = {lab: [] for lab in labels}
        for pname in sorted(set(raw["problem"])):
            cells = []
            for lab in labels:
                v = per.get((pname, lab))
                if v:
                    means[lab].append(np.mean(v))
                    cells.append(f"{np.mean(v):.1f}")
                else:
                    cells.append("-")
            lines.append(f"| {pname} | " + " | ".join(cells) + " |")
        lines.append(
            "| **mean** | "
            + " | ".join(
                f"**{np.mean(means[lab]):.1f}**" if means[lab] else "-"
                for lab in labels
            )
            + " |"
        )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
