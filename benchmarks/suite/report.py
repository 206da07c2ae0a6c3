"""The report: raw per-run rows to CSV, and the markdown tables.

:func:`run_row` turns a :class:`~suite.runner.Run` into one CSV row (its
metrics and the trace of every evaluation, so a report can be remade and
merged later); :func:`runs_from_csv` reads them back; :func:`report` writes
the markdown. To add a table to the report, add a section function and call
it from :func:`report`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from _common import has_torch, version  # benchmarks/_common.py

from .runner import REACH_WITHIN, Run, Task, evaluate

RF_PROBLEMS = ("rf_iris", "rf_wine")


def searcher_label(searcher, batch):
    """``skbayes-gp`` or ``skbayes-gp/b8`` (a fixed batch size)."""
    return searcher if batch in (None, "", 0) else f"{searcher}/b{int(batch)}"


def run_row(run, problem, budgets, skbayes_state):
    t = run.task
    row = dict(
        problem=t.problem,
        searcher=t.searcher,
        seed=t.seed,
        batch="" if t.batch is None else t.batch,
        wall=run.wall,
        error=run.error,
    )
    row.update(evaluate(problem, run.observed, run.true, budgets))
    row["n_evaluated"] = len(run.observed)
    row["skbayes"] = skbayes_state if t.searcher.startswith("skbayes-") else "-"
    # opt - true score per evaluation, 10 digits (0 exactly at the optimum):
    # a report remade from the CSV (--from-csv) must count "best 3% within
    # k" as the run did, and 6 digits merged near-ties of some tables
    opt = problem.optimum
    row["regret_trace"] = " ".join(
        "0" if v >= opt - 1e-12 else f"{opt - v:.10g}" for v in run.true
    )
    row["observed_trace"] = (
        " ".join(f"{v:.10g}" for v in run.observed) if problem.noisy else ""
    )
    return row


def read_raw(paths):
    """The raw CSVs' rows, as strings (a frame for :func:`runs_from_frame`)."""
    return pd.concat([pd.read_csv(f, keep_default_na=False, dtype=str) for f in paths])


def runs_from_csv(paths, problems, budget):
    """Runs of earlier raw CSVs (a later file replaces an earlier one's runs)."""
    return runs_from_frame(read_raw(paths), problems, budget)


def runs_from_frame(raw, problems, budget):
    """``(run, skbayes commit)`` of each row of :func:`read_raw`'s frame."""
    if "batch" not in raw:
        raw["batch"] = ""
    raw = raw.fillna("")  # columns that older files lack
    raw = raw.drop_duplicates(["problem", "searcher", "seed", "batch"], keep="last")
    raw = raw[raw["problem"].isin(problems)]
    out = []
    for row in raw.itertuples(index=False):
        opt = problems[row.problem].optimum
        if "regret_trace" in raw:
            true = np.array([opt - float(v) for v in row.regret_trace.split()])
        else:
            true = np.array([float(v) for v in str(row.scores).split()])
        obs_text = getattr(row, "observed_trace", "")
        observed = np.array([float(v) for v in obs_text.split()]) if obs_text else true
        batch = int(row.batch) if row.batch not in ("", "nan") else None
        task = Task(row.problem, row.searcher, int(row.seed), budget, batch)
        run = Run(task, observed, true, float(row.wall), str(row.error))
        out.append((run, getattr(row, "skbayes", "not recorded")))
    return out


def _fmt(values, digits=3, scale=1.0):
    values = np.asarray([v for v in values if not math.isnan(v)], float) * scale
    if not len(values):
        return "-"
    # round first so that no "-0.000" is printed
    q1, med, q3 = np.round(np.percentile(values, [25, 50, 75]), digits) + 0.0
    return f"{med:.{digits}f} [{q1:.{digits}f}, {q3:.{digits}f}]"


def _suite_means(ok, searchers, budgets):
    lines = [
        "## Suite mean of the normalized score",
        "",
        "Mean over problems of the per-problem mean over seeds (problems where "
        "the score is undefined are left out); wins = problems where the "
        "searcher has the highest median normalized score (ties count for all).",
        "",
        "| searcher | "
        + " | ".join(f"mean norm@{b} | wins@{b}" for b in budgets)
        + " | median wall per run (s) |",
        "| --- | " + " | ".join("---: | ---:" for _ in budgets) + " | ---: |",
    ]
    for s in searchers:
        cells = []
        for b in budgets:
            per_problem = (
                ok[ok["label"] == s].groupby("problem")[f"norm@{b}"].mean().dropna()
            )
            med = ok.groupby(["problem", "label"])[f"norm@{b}"].median().unstack()
            wins = 0
            for p in med.index:
                row = med.loc[p].dropna()
                if s in row and len(row) and row[s] >= row.max() - 1e-12:
                    wins += 1
            cells.append(
                f"{per_problem.mean():.3f} | {wins}" if len(per_problem) else "- | -"
            )
        wall = ok[ok["label"] == s]["wall"].median()
        lines.append(f"| {s} | " + " | ".join(cells) + f" | {wall:.2f} |")
    return [*lines, ""]


def _per_problem(ok, problems, searchers, budgets):
    lines = []
    for b in budgets:
        lines += [
            f"## Normalized score at {b} candidates",
            "",
            "| problem | opt | rand_med | " + " | ".join(searchers) + " |",
            "| --- | ---: | ---: | " + " | ".join("---:" for _ in searchers) + " |",
        ]
        for pname, p in problems.items():
            cells = [
                _fmt(ok[(ok["problem"] == pname) & (ok["label"] == s)][f"norm@{b}"])
                for s in searchers
            ]
            lines.append(
                f"| {pname} | {p.optimum:.4f} | {p.random_median_best(b):.4f} | "
                + " | ".join(cells)
                + " |"
            )
        lines.append("")
    for b in budgets:
        lines += [
            f"## Simple regret at {b} candidates (opt - true score of the best "
            "observed point)",
            "",
            "| problem | " + " | ".join(searchers) + " |",
            "| --- | " + " | ".join("---:" for _ in searchers) + " |",
        ]
        for pname in problems:
            cells = [
                _fmt(
                    ok[(ok["problem"] == pname) & (ok["label"] == s)][f"regret@{b}"],
                    digits=4,
                )
                for s in searchers
            ]
            lines.append(f"| {pname} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _reach(ok, problems, searchers, budget, grid_ref):
    rf = [p for p in RF_PROBLEMS if p in problems]
    if not rf:
        return []
    lines = [
        "## Random forest grids: candidates needed to reach GridSearchCV's best",
        "",
        "Median candidates until the first evaluation at the grid "
        f"maximum (`>{budget}` = not within the budget), and in how many "
        f"seeds it happened within {REACH_WITHIN} candidates.",
        "",
        "| problem | GridSearchCV | " + " | ".join(searchers) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in searchers) + " |",
    ]
    for pname in rf:
        p = problems[pname]
        n_best = int((p.table >= p.optimum - 1e-9).sum())
        ref = grid_ref.get(pname)
        ref_cell = (
            f"best {ref:.4f} after {p.n_candidates} ({n_best} points at it)"
            if ref is not None
            else f"best {p.optimum:.4f} ({n_best} points at it)"
        )
        cells = []
        for s in searchers:
            sub = ok[(ok["problem"] == pname) & (ok["label"] == s)]
            if not len(sub):
                cells.append("-")
                continue
            n = sub["n_to_opt"].to_numpy(float)
            med = np.median(n)
            within = int((n <= REACH_WITHIN).sum())
            med_s = f">{budget}" if math.isinf(med) else f"{med:.0f}"
            cells.append(f"{med_s} ({within}/{len(n)} within {REACH_WITHIN})")
        lines.append(f"| {pname} | {ref_cell} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _top_share(ok, problems, searchers):
    """The plateau target: the best 3% of the grid within 40 candidates."""
    names = [n for n, p in problems.items() if p.kind == "lookup"]
    if not names or "n_to_top" not in ok:
        return []
    lines = [
        f"## Best 3% of the grid within {REACH_WITHIN} candidates",
        "",
        "Seeds in which the search evaluated a point of the best 3% of the grid "
        f"(true score) within {REACH_WITHIN} candidates; `random` is the exact "
        "probability for random search without replacement. In brackets: the "
        "share of the first 40 evaluations that repeated a score already seen "
        "(time spent on plateaus), median over seeds.",
        "",
        "| problem | family | random | " + " | ".join(searchers) + " |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in searchers) + " |",
    ]
    for pname in names:
        p = problems[pname]
        cells = []
        for s in searchers:
            sub = ok[(ok["problem"] == pname) & (ok["label"] == s)]
            if not len(sub):
                cells.append("-")
                continue
            n = sub["n_to_top"].to_numpy(float)
            same = np.median(sub["same_score_share"].to_numpy(float))
            cells.append(f"{int((n <= REACH_WITHIN).sum())}/{len(n)} ({same:.2f})")
        lines.append(
            f"| {pname} | {p.family} | "
            f"{p.random_hit_probability(REACH_WITHIN):.2f} | "
            + " | ".join(cells)
            + " |"
        )
    return [*lines, ""]


def report(raw, problems, searchers, budgets, header, grid_ref=None):
    """The markdown report of the raw rows ``raw`` (a DataFrame)."""
    raw = raw.copy()
    raw["label"] = [searcher_label(s, b) for s, b in zip(raw["searcher"], raw["batch"])]
    sk = raw[raw["searcher"].str.startswith("skbayes-")]
    states = sorted(set(sk["skbayes"])) if "skbayes" in sk else ["not recorded"]
    lines = [
        "# Sample efficiency of hyperparameter searchers",
        "",
        *header,
        f"Versions: scikit-learn {version('sklearn')}, scikit-optimize "
        f"{version('skopt')}, optuna {version('optuna')}, torch "
        f"{version('torch') if has_torch() else 'absent'}; skbayes searchers "
        f"run at commit {' and '.join(states)}.",
        "",
        "Normalized score `1 - (opt - best) / (opt - rand_med(b))` (random search "
        "about 0, optimum 1, clipped at -1); regret `opt - best`, where `best` "
        "is the true score of the best observed point (they differ on noisy "
        "tables only). See `benchmarks/suite/__init__.py`.",
        "",
    ]
    ok = raw[raw["error"] == ""]
    lines += _suite_means(ok, searchers, budgets)
    lines += _per_problem(ok, problems, searchers, budgets)
    lines += _reach(ok, problems, searchers, max(budgets), grid_ref or {})
    lines += _top_share(ok, problems, searchers)
    errors = raw[raw["error"] != ""]
    if len(errors):
        lines += ["## Errors", ""]
        for row in errors.itertuples():
            lines.append(
                f"- {row.problem} / {row.label} / seed {row.seed}: {row.error}"
            )
        lines.append("")
    return "\n".join(lines)
