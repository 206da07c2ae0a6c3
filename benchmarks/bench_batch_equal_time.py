"""Batches against one point at a time, at equal candidates and equal time.

The engine benchmark compares a batch-``b`` search with a sequential one at
the same number of candidates. A user with ``W`` workers sees them at the
same wall time instead: a candidate is ``k`` CV fits, so a batch of ``b``
candidates takes ``ceil(b * k / W)`` fit durations, and a sequential search
``ceil(k / W)`` per candidate (its other workers wait). This script reads
the raw CSVs of ``bench_engines.py`` (a batch-``b`` run and a batch-1 run of
the same problems and seeds), finds how many sequential candidates fit in
the time the batch search took for ``--budget`` candidates, and compares the
two searches' results there, paired by problem and seed. The time model
counts fits only: it leaves out the searchers' own time (which is larger for
the sequential search, with one proposal per candidate) and assumes fits of
equal length.

    python benchmarks/bench_batch_equal_time.py \\
        benchmarks/results/engines_batch_stall.csv \\
        benchmarks/results/batch_equal_time_b8.csv \\
        --batch 8 --workers 8 --folds 2 3 5 10 --budget 50 \\
        --out benchmarks/results/batch_equal_time.md

The normalized score is the suite's (``benchmarks/suite/runner.py``), with
random search's median best at ``--budget`` candidates as the zero for both
searches, so the columns are comparable.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from suite.problems import get_problems
from suite.report import read_raw, runs_from_frame
from suite.runner import incumbent_true


def fit_durations(n_candidates, batch, folds, workers):
    """Fit durations a search of ``batch``-sized rounds needs for ``n``."""
    full, rest = divmod(n_candidates, batch)
    rounds = full * math.ceil(batch * folds / workers)
    return rounds + (math.ceil(rest * folds / workers) if rest else 0)


def incumbents(raw, problems, budget, batch):
    """(problem, seed) -> true score of the best observed point after each."""
    runs = runs_from_frame(raw[raw["batch"] == str(batch)], problems, budget)
    return {
        (run.task.problem, run.task.seed): incumbent_true(run.observed, run.true)
        for run, _ in runs
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="+", help="raw CSVs of bench_engines.py")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--folds", type=int, nargs="+", default=[2, 3, 5, 10])
    parser.add_argument("--budget", type=int, default=50)
    parser.add_argument(
        "--commits",
        nargs="*",
        default=None,
        metavar="BATCH=COMMIT",
        help="keep only the runs of this skbayes commit at this batch size",
    )
    parser.add_argument("--note", default="", help="text to add under the table")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()

    raw = read_raw(args.csv)
    raw = raw[raw["searcher"] == "skbayes-gp"]
    for spec in args.commits or []:
        batch, commit = spec.split("=")
        raw = raw[(raw["batch"] != batch) | (raw["skbayes"] == commit)]
    problems = get_problems(sorted(raw["problem"].unique()))
    b1 = incumbents(raw, problems, args.budget, 1)
    bb = incumbents(raw, problems, args.budget, args.batch)
    pairs = sorted(k for k in bb if k in b1 and len(bb[k]) >= args.budget)

    def norm(problem, best):
        p = problems[problem]
        denom = p.optimum - p.random_median_best(args.budget)
        return max(-1.0, 1.0 - (p.optimum - best) / denom) if denom > 1e-12 else None

    names = sorted({p for p, _ in pairs if norm(p, problems[p].optimum) is not None})
    seeds = sorted({s for _, s in pairs})
    lines = [
        "# Batches against one point at a time, at equal time",
        "",
        f"Command: `python benchmarks/bench_batch_equal_time.py {' '.join(args.csv)} "
        f"--batch {args.batch} --workers {args.workers} "
        f"--folds {' '.join(map(str, args.folds))} --budget {args.budget}"
        + (f" --commits {' '.join(args.commits)}" if args.commits else "")
        + "`",
        "",
        f"skbayes-gp, batch {args.batch} after {args.budget} candidates against "
        f"batch 1 after `n` candidates, where `n` is what a sequential search "
        f"completes with {args.workers} workers in the fit durations the batch "
        f"search needed (`n = {args.budget}`: equal candidates). {len(names)} "
        f"problems with a defined score, seeds {seeds[0]}-{seeds[-1]}; normalized "
        f"score with random search's median best at {args.budget} candidates as "
        "0 for both; difference paired by problem and seed, mean over problems "
        "of the per-problem mean, with its standard error.",
        "",
        "| folds | fit durations | sequential candidates `n` | batch suite mean "
        "| sequential suite mean | batch minus sequential (SE) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    settings = [
        (k, fit_durations(args.budget, args.batch, k, args.workers)) for k in args.folds
    ]
    settings.append(("-", args.budget))  # equal candidates
    for folds, durations in settings:
        if folds == "-":
            n = args.budget
        else:
            n = min(args.budget, durations // math.ceil(folds / args.workers))
        diffs, mean_b, mean_1 = [], [], []
        for p in names:
            keys = [k for k in pairs if k[0] == p]
            with_batch = np.array([norm(p, bb[k][args.budget - 1]) for k in keys])
            sequential = np.array([norm(p, b1[k][n - 1]) for k in keys])
            mean_b.append(with_batch.mean())
            mean_1.append(sequential.mean())
            diffs.append(with_batch - sequential)
        se = math.sqrt(sum(np.var(d, ddof=1) / len(d) for d in diffs)) / len(diffs)
        diff = np.mean([np.mean(d) for d in diffs])
        lines.append(
            f"| {folds} | {durations if folds != '-' else '-'} | {n} | "
            f"{np.mean(mean_b):.3f} | {np.mean(mean_1):.3f} | {diff:+.3f} ({se:.3f}) |"
        )
    if args.note:
        lines += ["", args.note.strip()]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
