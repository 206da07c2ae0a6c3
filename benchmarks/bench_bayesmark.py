"""Bayesmark-style problems: live scikit-learn models, Bayesmark's scores.

The problems are ``benchmarks/suite/bayesmark.py``'s (Bayesmark's models,
spaces, data sets and metrics, written from its public definitions). Each
searcher runs on each problem and seed at each batch size of ``--batches``
(skbayes and scikit-optimize ``n_points``, Optuna trials in threads,
hyperopt's ``max_queue_len``; random search has no batches). Searchers whose
proposals do not depend on the budget run once with the largest budget and
are read at every budget of ``--budgets`` as prefixes of that run; skbayes
(its initial design is a share of ``n_iter``) runs once per budget.

Two scores per run at budget ``b``, from the best CV score ``best`` of its
first ``b`` evaluations, with ``opt`` the best score any run evaluated on
the problem (losses are negated scores, as Bayesmark does):

- **Bayesmark score** (the NeurIPS 2020 leaderboard's ``100 x (1 - loss)``):
  ``100 * (1 - (opt - max(best, clip)) / (opt - clip))``, averaged over seeds
  and then problems, where ``clip`` is the median score of one random
  evaluation (all of random search's evaluations pooled). 100 is the best
  found, 0 the median random point; random search itself scores well above
  0 since it keeps its best.
- **Median score**: ``100 * (1 - (opt - med) / (opt - rand_med(b)))``
  per problem, with ``med`` the median ``best`` over seeds and
  ``rand_med(b)`` random search's median best after ``b`` evaluations
  (Bayesmark's pooled estimate: the ``0.5 ** (1 / b)`` quantile of all
  random evaluations), clipped at -100. 0 is random search's median, 100
  the best found; a negative value means the searcher's median run ended
  below random search's median.

Every evaluation is a real 5-fold CV, so pick a subset this machine can run
(``--problems``, or ``--models``/``--data``/``--metrics``). Runs are
appended to ``--runs`` (JSON lines, one per run) and skipped when already
there, so a run can be resumed or completed later (e.g. the peers first,
skbayes later from another commit); ``--report-only`` writes the report
from that file. Scores are cached per point in ``--cache`` (the objective is
deterministic; a cache written before the lasso and linear classifiers got
``random_state=0``, in f908648, holds noisy scores of those problems: use
a new folder).

    python benchmarks/bench_bayesmark.py --problems DT_diabetes_mse \\
        SVM_iris_nll --seeds 5 --budgets 30 100 --batches 1 8 \\
        --runs benchmarks/results/bayesmark_runs.jsonl \\
        --out benchmarks/results/bayesmark.md
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from _common import code_state, version  # benchmarks/_common.py
from suite import bayesmark
from suite.runner import Task, run_all

SEARCHERS = (
    "skbayes-gp",
    "skbayes-tpe",
    "optuna-tpe",
    "optuna-gp",
    "skopt-bscv",
    "hyperopt-tpe",
    "sklearn-random",
)
#: searchers whose proposals depend on the budget: one run per budget
PER_BUDGET = ("skbayes-gp", "skbayes-tpe")
#: searchers without batches: one run, shared by every batch size
NO_BATCH = ("sklearn-random",)
RANDOM = "sklearn-random"
DEFAULT = "skbayes-gp"  # the default engine (optimizer="auto" is the GP here)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problems", nargs="+", default=None)
    parser.add_argument("--models", nargs="+", default=list(bayesmark.MODELS))
    parser.add_argument(
        "--data", nargs="+", default=["breast", "digits", "iris", "wine", "diabetes"]
    )
    parser.add_argument("--metrics", nargs="+", default=["acc", "nll", "mae", "mse"])
    parser.add_argument("--searchers", nargs="+", default=list(SEARCHERS))
    parser.add_argument("--seeds", type=int, default=5, help="how many seeds")
    parser.add_argument(
        "--first-seed", type=int, default=0, help="the first seed (seeds count on)"
    )
    parser.add_argument("--budgets", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--runs", default="benchmarks/results/bayesmark_runs.jsonl")
    parser.add_argument(
        "--more-runs", nargs="+", default=[], help="more runs files to report"
    )
    parser.add_argument("--cache", default=None, help="folder of per-point caches")
    parser.add_argument(
        "--out",
        default=None,
        help="write the report there (by default it is only printed, so that a "
        "run does not overwrite the published benchmarks/results/bayesmark.md)",
    )
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--notes", default=None, help="markdown put at the top of the report"
    )
    args = parser.parse_args(argv)
    if args.problems is None:
        args.problems = [
            n
            for n in bayesmark.problem_names(args.models, args.data)
            if n.rsplit("_", 1)[1] in args.metrics
        ]
    return args


def plan(args):
    """The runs: (problem, searcher, seed, budget, batch), seeds outermost."""
    tasks = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for name in args.problems:
            for s in args.searchers:
                budgets = args.budgets if s in PER_BUDGET else [max(args.budgets)]
                batches = [None] if s in NO_BATCH else args.batches
                for b in budgets:
                    for batch in batches:
                        tasks.append(Task(name, s, seed, b, batch))
    return tasks


def _key(task):
    return (task.problem, task.searcher, task.seed, task.budget, task.batch)


def read_runs(path):
    """The runs recorded in the JSON-lines file ``path`` (last one wins)."""
    runs = {}
    if Path(path).exists():
        for line in Path(path).read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                key = ("problem", "searcher", "seed", "budget", "batch")
                runs[tuple(row[k] for k in key)] = row
    return list(runs.values())


def run(args):
    done = {
        (r["problem"], r["searcher"], r["seed"], r["budget"], r["batch"])
        for r in read_runs(args.runs)
        if not r["error"]
    }
    tasks = [t for t in plan(args) if _key(t) not in done]
    names = sorted({t.problem for t in tasks})
    problems = {n: bayesmark.make_problem(n) for n in names}
    cache = Path(args.cache) if args.cache else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        for n, p in problems.items():
            f = cache / f"{n}.pkl"
            if f.exists():
                p._cache.update(pickle.loads(f.read_bytes()))
    commit = code_state()
    print(f"{len(tasks)} runs to do; skbayes at {commit}", file=sys.stderr)
    out = Path(args.runs)
    out.parent.mkdir(parents=True, exist_ok=True)

    def record(i, result):
        t = result.task
        row = dict(
            problem=t.problem,
            searcher=t.searcher,
            seed=t.seed,
            budget=t.budget,
            batch=t.batch,
            wall=round(result.wall, 2),
            error=result.error,
            skbayes=commit if t.searcher.startswith("skbayes") else "",
            scores=[None if math.isnan(v) else float(v) for v in result.observed],
        )
        with out.open("a") as fh:
            fh.write(json.dumps(row) + "\n")
        if cache:  # written whole, then renamed: another run may read it
            tmp = cache / f"{t.problem}.pkl.{os.getpid()}"
            tmp.write_bytes(pickle.dumps(problems[t.problem]._cache))
            os.replace(tmp, cache / f"{t.problem}.pkl")

    run_all(tasks, problems, jobs=1, blas_threads=1, on_result=record)


# -- the report ---------------------------------------------------------------
def _best(scores, b):
    v = np.array([np.nan if s is None else s for s in scores[:b]], float)
    return float(np.nanmax(v)) if np.isfinite(v).any() else np.nan


def scores_table(rows, budgets, batches):
    """Per (problem, searcher, budget, batch): per-seed Bayesmark scores etc."""
    by_problem = {}
    for r in rows:
        if not r["error"]:
            by_problem.setdefault(r["problem"], []).append(r)
    out = {}  # (problem, searcher, budget, batch) -> dict
    refs = {}
    for pname, prs in sorted(by_problem.items()):
        every = [s for r in prs for s in r["scores"] if s is not None]
        pooled = np.array(
            [
                -np.inf if s is None else s
                for r in prs
                if r["searcher"] == RANDOM
                for s in r["scores"]
            ]
        )
        if not every or pooled.size == 0:
            continue
        opt, clip = max(every), float(np.median(pooled))
        refs[pname] = dict(opt=opt, clip=clip, n_random=pooled.size)
        for b in budgets:
            rand_med = float(np.quantile(pooled, 0.5 ** (1 / b)))
            refs[pname][f"rand_med@{b}"] = rand_med
            for batch in batches:
                for r in prs:
                    if r["searcher"] in PER_BUDGET and r["budget"] != b:
                        continue
                    if r["batch"] not in (batch, None) or len(r["scores"]) < b:
                        continue
                    best = _best(r["scores"], b)
                    best = -np.inf if np.isnan(best) else best
                    if opt > clip:
                        loss = (opt - max(best, clip)) / (opt - clip)
                        bm = 100 * (1 - float(np.clip(loss, -1, 1)))
                    else:
                        bm = np.nan
                    cell = out.setdefault(
                        (pname, r["searcher"], b, batch),
                        dict(bm=[], best=[], seeds=[]),
                    )
                    cell["bm"].append(bm)
                    cell["best"].append(best)
                    cell["seeds"].append(r["seed"])
        for (p, _, b, _), cell in out.items():
            if p != pname:
                continue
            med = float(np.median(cell["best"]))
            rand_med = refs[pname][f"rand_med@{b}"]
            cell["median"] = med
            # clipped at -100 (Bayesmark clips its per-run loss at 1 below the
            # random reference): where random's median best is close to the
            # best found, the ratio explodes
            cell["med_score"] = (
                max(-100.0, 100 * (1 - (opt - med) / (opt - rand_med)))
                if opt > rand_med
                else np.nan
            )
    return out, refs


def _fmt(v, digits=1):
    return "-" if v is None or not np.isfinite(v) else f"{v:.{digits}f}"


def commands(args):
    """The command lines that reproduce a runs file and its report."""
    first = f"--first-seed {args.first_seed} " if args.first_seed else ""
    common = (
        f"--problems {' '.join(args.problems)} --seeds {args.seeds} {first}"
        f"--budgets {' '.join(map(str, args.budgets))} "
        f"--batches {' '.join(map(str, args.batches))} --runs {args.runs} "
        f"--out {args.out or 'REPORT.md'}"
    )
    ours = [s for s in SEARCHERS if s.startswith("skbayes")]
    peers = [s for s in SEARCHERS if s not in ours]
    script = "python benchmarks/bench_bayesmark.py"
    return [
        f"{script} {common} --searchers {' '.join(peers)}",
        "git worktree add ../skb-COMMIT COMMIT",
        f"PYTHONPATH=../skb-COMMIT {script} {common} --searchers " + " ".join(ours),
        f"{script} {common} --report-only",
    ]


def _label(s):
    return f"**{s}** (default)" if s == DEFAULT else s


def report(rows, args, elapsed=None):
    budgets, batches = sorted(args.budgets), list(args.batches)
    cells, refs = scores_table(rows, budgets, batches)
    problems = sorted(refs)
    # the problems run at budget b: random search reached b evaluations there
    at = {
        b: [p for p in problems if (p, RANDOM, b, batches[0]) in cells] for b in budgets
    }
    searchers = [s for s in SEARCHERS if any(k[1] == s for k in cells)]
    commits = sorted({r["skbayes"] for r in rows if r["skbayes"]})
    seeds = sorted({r["seed"] for r in rows})
    walls = {}
    for r in rows:
        walls.setdefault((r["searcher"], r["budget"]), []).append(r["wall"])
    errors = [r for r in rows if r["error"]]
    lines = ["# Bayesmark-style problems", ""]
    if args.notes and Path(args.notes).exists():
        lines += [Path(args.notes).read_text().strip(), ""]
    else:
        lines += [
            "Commands (the peers first; then skbayes from a clean checkout of "
            "the commit below, put first on `PYTHONPATH`; both append to the "
            "same runs file; then the report):",
            "",
            "```",
            *commands(args),
            "```",
            "",
        ]
    lines += [
        f"{len(problems)} problems, seeds {seeds[0]}-{seeds[-1]}, budgets "
        f"{' and '.join(map(str, budgets))}, batch sizes "
        f"{' and '.join(map(str, batches))}; {len(rows)} runs. skbayes at "
        f"{', '.join(commits) or '-'}; optuna {version('optuna')}, "
        f"scikit-optimize {version('skopt')}, hyperopt {version('hyperopt')}, "
        f"scikit-learn {version('sklearn')}. Runs on a 2-core machine shared "
        "with other work (1 BLAS thread).",
        "",
        "Bayesmark score: `100 * (1 - (opt - max(best, clip)) / (opt - clip))` "
        "per run, mean over seeds, then over problems (`opt` the best score any "
        "run evaluated, `clip` the median random evaluation; Bayesmark's "
        "leaderboard score). Median score: `100 * (1 - (opt - median best) / "
        "(opt - random's median best))`, clipped at -100, 0 = random search's "
        "median, 100 = the best found, negative = below random search's median. "
        "See "
        "`benchmarks/bench_bayesmark.py`.",
        "",
    ]
    for b in budgets:
        lines.append(f"- problems at {b} evaluations: {', '.join(at[b])}")
    cols = [(b, k) for b in budgets for k in batches]
    head = [
        "| searcher | " + " | ".join(f"{b} evals, batch {k}" for b, k in cols) + " |",
        "| --- |" + " ---: |" * len(cols),
    ]

    def summary(value):
        out, table = {}, list(head)
        for s in searchers:
            row = []
            for b, k in cols:
                per = [
                    value(cells[(p, s, b, k)]) for p in at[b] if (p, s, b, k) in cells
                ]
                ok = at[b] and len(per) == len(at[b]) and np.isfinite(per).all()
                out[(s, b, k)] = float(np.mean(per)) if ok else np.nan
                row.append(_fmt(out[(s, b, k)]))
            table.append(f"| {_label(s)} | " + " | ".join(row) + " |")
        return out, table

    means, table = summary(lambda c: np.nanmean(c["bm"]))
    lines += ["", "## Summary: mean Bayesmark score over problems", "", *table]
    med_means, table = summary(lambda c: c["med_score"])
    lines += ["", "## Summary: mean median score over problems", "", *table]
    lines += [
        "",
        '"-": the searcher was not run on every problem of that budget, or a '
        "score is undefined there (random search's median already at the best).",
        "",
        "## The target",
        "",
        "Target: the default engine's mean normalized score is above every "
        "peer's at both budgets and both batch sizes, and on no problem does it "
        "end below random search's median.",
        "",
        "| budget, batch | default's Bayesmark score | best peer | above every "
        "peer run | default's median score | best peer | above every peer run "
        "| problems where the default's median best < random search's median "
        "best |",
        "| --- | ---: | --- | --- | ---: | --- | --- | --- |",
    ]

    def versus(table, b, k):
        mine = table.get((DEFAULT, b, k), np.nan)
        peers = {
            s: table[(s, b, k)]
            for s in searchers
            if not s.startswith("skbayes") and np.isfinite(table[(s, b, k)])
        }
        best = max(peers, key=peers.get) if peers else None
        above = (
            "-"
            if not np.isfinite(mine) or not peers
            else ("met" if all(mine > v for v in peers.values()) else "NOT met")
        )
        best = f"{best} {_fmt(peers[best])}" if best else "-"
        return f"{_fmt(mine)} | {best} | {above}"

    for b, k in cols:
        below = [
            p
            for p in at[b]
            if (p, DEFAULT, b, k) in cells
            and cells[(p, DEFAULT, b, k)]["median"] < refs[p][f"rand_med@{b}"]
        ]
        lines.append(
            f"| {b}, {k} | {versus(means, b, k)} | {versus(med_means, b, k)} | "
            f"{', '.join(below) if below else 'none'} |"
        )
    for b, k in cols:
        lines += [
            "",
            f"## Per problem: {b} evaluations, batch {k}",
            "",
            "Bayesmark score (mean over seeds); in brackets the median score; "
            "`n=` the seeds when fewer than the others.",
            "",
            "| problem | " + " | ".join(searchers) + " |",
            "| --- |" + " ---: |" * len(searchers),
        ]
        n_max = max(
            (len(c["bm"]) for key, c in cells.items() if key[2:] == (b, k)), default=0
        )
        for p in at[b]:
            row = []
            for s in searchers:
                c = cells.get((p, s, b, k))
                if c is None:
                    row.append("-")
                    continue
                n = "" if len(c["bm"]) == n_max else f" n={len(c['bm'])}"
                row.append(
                    f"{_fmt(np.nanmean(c['bm']))} ({_fmt(c['med_score'], 0)}){n}"
                )
            lines.append(f"| {p} | " + " | ".join(row) + " |")
    lines += [
        "",
        "## Problems",
        "",
        "| problem | best score found | median random evaluation | random "
        "evaluations | random's median best at " + " / ".join(map(str, budgets)) + " |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for p in problems:
        r = refs[p]
        lines.append(
            f"| {p} | {r['opt']:.4g} | {r['clip']:.4g} | {r['n_random']} | "
            + " / ".join(
                f"{r[f'rand_med@{b}']:.4g}" if p in at[b] else "-" for b in budgets
            )
            + " |"
        )
    lines += [
        "",
        "## Time per run (s; 5-fold CV fits included, loaded machine)",
        "",
        "| searcher | run's budget | runs | median | max |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (s, b), w in sorted(
        walls.items(), key=lambda kv: (SEARCHERS.index(kv[0][0]), kv[0][1])
    ):
        lines.append(f"| {s} | {b} | {len(w)} | {np.median(w):.0f} | {np.max(w):.0f} |")
    if errors:
        lines += ["", f"{len(errors)} runs failed:", ""]
        lines += [
            f"- {r['problem']} {r['searcher']} seed {r['seed']}: {r['error']}"
            for r in errors
        ]
    if elapsed is not None:
        lines += ["", f"This invocation: {elapsed / 60:.1f} min."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()
    elapsed = None
    if not args.report_only:
        run(args)
        elapsed = time.perf_counter() - start
    rows = [
        r
        for path in [args.runs, *args.more_runs]
        for r in read_runs(path)
        if r["problem"] in args.problems
    ]
    text = report(rows, args, elapsed)
    if args.out:
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
