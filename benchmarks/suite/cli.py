"""Command line of ``bench_engines.py``: choose problems and searchers, run, report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
from _common import code_state, has_torch  # benchmarks/_common.py
from sklearn.model_selection import GridSearchCV

from .problems import get_problems, make_estimator, problem_names
from .report import report, run_row, runs_from_csv, searcher_label
from .runner import DUMMY_X, DUMMY_Y, Task, run_all
from .searchers import SLOW, available_searchers, quiet

#: the problems run when --problems is not given (the first suite's)
DEFAULT_PROBLEMS = (
    "rf_iris",
    "rf_wine",
    "svc_breast_cancer",
    "svc_digits",
    "knn_wine",
    "tree_breast_cancer",
    "gb_diabetes",
    "linear_diabetes",
    "mlp_wine",
    "branin",
    "hartmann6",
)
PLATEAU_PROBLEMS = ("rf_wine_cv3", "hgb_breast_cancer", "gbr_diabetes_noisy")


def grid_reference(problem):
    """GridSearchCV's best score on a lookup table (a check of the table)."""
    search = GridSearchCV(
        make_estimator(problem, index=False),
        problem.space_skbayes(),
        cv=2,
        n_jobs=1,
        refit=False,
    )
    search.fit(DUMMY_X, DUMMY_Y)
    return float(search.best_score_)


def parse_args(argv):
    all_problems = problem_names()
    parser = argparse.ArgumentParser(
        description="Sample efficiency: how good a score each searcher finds "
        "within a budget (see benchmarks/suite/__init__.py)."
    )
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--budget", type=int, default=50)
    parser.add_argument(
        "--problems",
        nargs="+",
        default=None,
        choices=[*all_problems, "plateau"],
        help="problem names; 'plateau' adds the plateau and noisy tables",
    )
    parser.add_argument("--searchers", nargs="+", default=None)
    parser.add_argument(
        "--batches",
        nargs="+",
        type=int,
        default=None,
        help="fixed batch sizes to run (default: each searcher's own)",
    )
    parser.add_argument(
        "--slow-seeds",
        type=int,
        default=None,
        help=f"run the slow peers {SLOW} on the first N seeds only",
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="BLAS/OpenMP/torch threads per process (default: 1 with --jobs > 1, "
        "else the libraries' default)",
    )
    parser.add_argument("--out", default="benchmarks/results/engines.md")
    parser.add_argument(
        "--rebuild-tables", action="store_true", help="recompute the lookup tables"
    )
    parser.add_argument(
        "--from-csv",
        nargs="+",
        default=None,
        help="make the report from the raw CSVs of earlier (maybe partial) runs, "
        "without running anything; a later file replaces an earlier one's runs",
    )
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    problems = args.problems or list(DEFAULT_PROBLEMS)
    if "plateau" in problems:
        problems = [p for p in problems if p != "plateau"] + list(PLATEAU_PROBLEMS)
    args.problems = list(dict.fromkeys(problems))
    known = available_searchers()
    args.searchers_given = args.searchers is not None
    args.searchers = args.searchers or known
    unknown = sorted(set(args.searchers) - set(known))
    if unknown:
        parser.error(f"unknown searchers {unknown}; available: {known}")
    if args.blas_threads is None and args.jobs > 1:
        args.blas_threads = 1
    return args


def main(argv=None):
    args = parse_args(argv)
    skipped = ""
    if "optuna-gp" in args.searchers and not has_torch() and not args.from_csv:
        args.searchers = [s for s in args.searchers if s != "optuna-gp"]
        skipped = "optuna-gp (optuna's GPSampler needs torch, which is not installed)"
        print(f"skipping {skipped}", file=sys.stderr)
    problems = get_problems(args.problems, rebuild=args.rebuild_tables)
    if args.seeds < 1:
        return
    budgets = sorted({min(20, args.budget), args.budget})
    quiet()
    grid_ref = {}
    for name, p in problems.items():
        if p.kind == "lookup" and not p.noisy:
            grid_ref[name] = grid_reference(p)
            assert abs(grid_ref[name] - p.optimum) < 1e-9, name
        for b in budgets:
            p.random_median_best(b)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    raw_path = out.with_suffix(".csv")
    state = code_state()  # now: the code the workers import
    rows = []
    start = time.perf_counter()
    if args.from_csv:
        for run, run_state in runs_from_csv(args.from_csv, problems, args.budget):
            if args.searchers_given and run.task.searcher not in args.searchers:
                continue
            rows.append(run_row(run, problems[run.task.problem], budgets, run_state))
        elapsed = None
    else:
        slow_seeds = args.seeds if args.slow_seeds is None else args.slow_seeds
        tasks = [
            Task(pname, s, seed, args.budget, batch)
            for seed in range(args.first_seed, args.first_seed + args.seeds)
            for pname in problems
            for s in args.searchers
            for batch in (args.batches or [None])
            if s not in SLOW or seed - args.first_seed < slow_seeds
        ]

        def on_result(i, run):
            rows.append(run_row(run, problems[run.task.problem], budgets, state))
            if i % 20 == 0:  # partial results survive an interrupted run
                pd.DataFrame(rows).to_csv(raw_path, index=False, float_format="%.6g")

        run_all(
            tasks,
            problems,
            jobs=args.jobs,
            blas_threads=args.blas_threads,
            on_result=on_result,
        )
        elapsed = time.perf_counter() - start
    raw = pd.DataFrame(rows)
    labels = list(
        dict.fromkeys(
            searcher_label(s, b) for s, b in zip(raw["searcher"], raw["batch"])
        )
    )
    order = {s: i for i, s in enumerate(args.searchers)}
    labels.sort(key=lambda lab: (order.get(lab.split("/")[0], 99), lab))
    if elapsed is None:
        run_text = (
            f"Report remade from raw CSV(s) ({', '.join(args.from_csv)}); the "
            f"runs' own wall times add up to {raw['wall'].sum() / 60:.1f} min."
        )
    else:
        run_text = (
            f"Total wall time {elapsed / 60:.1f} min ({args.jobs} process(es), "
            f"BLAS threads per process: {args.blas_threads or 'default'})."
        )
    header = [
        f"Command: `python benchmarks/bench_engines.py {' '.join(args.argv)}`",
        "",
        f"{args.seeds} seeds"
        + (
            f" ({args.slow_seeds} for {', '.join(SLOW)})"
            if args.slow_seeds and args.slow_seeds < args.seeds
            else ""
        )
        + f"; median [25th, 75th percentile] over seeds. {run_text}",
        "",
    ]
    if skipped:
        header += [f"Skipped: {skipped}.", ""]
    text = report(raw, problems, labels, budgets, header, grid_ref)
    out.write_text(text)
    raw.to_csv(raw_path, index=False, float_format="%.6g")
    print(text)
    print(f"wrote {out} and {raw_path}", file=sys.stderr)
