"""The report of ``bench_halving.py``: test accuracy against CPU time.

Made from the runs in ``halving_runs.jsonl`` (one per searcher, family and
seed; each a curve of the incumbent's held-out test score against the CPU
time spent), so that it can be remade at any time with ``--report``:

- :func:`select_runs` picks the runs that report a budget (a run of a
  longer budget is cut at it, see :func:`_cut`);
- :func:`report` writes ``NAME.md``: per family, the mean test accuracy at
  a quarter, half and all of the budget (:func:`_means`), the issue's
  targets seed by seed (:func:`_targets`, :func:`_seed_targets`), each
  run's CPU time and final score (:func:`_per_seed`); then the verdicts;
- :func:`_plot` draws ``NAME.png``, the mean curve of each searcher.

To add a table, write a function that returns its lines and call it from
:func:`_family`; a searcher added to ``SEARCHERS`` (here, the one list the
runs and the report share) gets its rows everywhere.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from _common import version

RESULTS = Path(__file__).resolve().parent / "results"
SEARCHERS = ["HalvingBayesSearchCV", "HalvingRandomSearchCV", "BayesSearchCV"]
SEARCHERS += ["RandomizedSearchCV", "OptunaSearchCV"]
# the searchers that run skbayes code: the others' runs do not depend on
# the skbayes commit, so the report takes them whatever commit was imported
SKBAYES = {"HalvingBayesSearchCV", "BayesSearchCV", "HalvingBayesSearchCV-min3x"}
# a probe, run only when named in --searchers: HalvingBayesSearchCV started
# at three times min_resources (on hgb 27 iterations instead of 9, the
# first resource whose ranking carried to the next in the diagnosis), as if
# it knew from the start which resource to skip
VARIANTS = ["HalvingBayesSearchCV-min3x"]
TEST_SIZE = 0.25  # the held-out part of bench_halving.data()


# -- reading a curve --------------------------------------------------------------


def _score_at(curve, t):
    """The test score of the incumbent at CPU time ``t`` (None before any)."""
    value = None
    for elapsed, score in curve:
        if elapsed > t:
            break
        if score is not None:
            value = score
    return value


def _time_to_reach(curve, target):
    for elapsed, score in curve:
        if score is not None and score >= target - 1e-12:
            return elapsed
    return None


def _time_to_stay(curve, target, until):
    """The first time from which the score stays at ``target`` until ``until``."""
    found = None
    for elapsed, score in curve:
        if elapsed > until:
            break
        if score is not None and score >= target - 1e-12:
            found = elapsed if found is None else found
        else:
            found = None
    return found


# -- which runs report a budget -----------------------------------------------------


def _cut(run, budget):
    """A run of a longer budget, stopped at ``budget``: the callbacks stop a
    search after the batch that spends the budget, and nothing before that
    depends on the budget, so the run is that of ``budget`` up to the batch
    (CPU times vary by a few percent between runs of the same batches)."""
    curve = []
    for elapsed, score in run["curve"]:
        curve.append((elapsed, score))
        if elapsed >= budget:
            break
    cpu = curve[-1][0] if curve else run["cpu"]
    return {
        **run,
        "curve": curve,
        "cpu": cpu,
        "budget": budget,
        "cut_from": run["budget"],
        "n_evaluations": len(curve),
    }


def select_runs(done, rows, budget, code):
    """The runs that report ``budget``: runs of that budget; else a run of a
    longer budget cut at ``budget`` (``_cut``); else a run of a shorter
    budget that ended on its own before spending it (HalvingRandomSearchCV's
    rounds, or the last Hyperband bracket, over), which a longer budget
    would not change. One run per searcher, family and seed (the last: a
    peer's run may have been repeated under another skbayes commit)."""
    chosen = {}
    for r in done:
        if r["rows"] != rows or (r["searcher"] in SKBAYES and r.get("code") != code):
            continue
        key = (r["searcher"], r["family"], r["seed"])
        if r["budget"] == budget:
            rank, run = 0, r
        elif r["budget"] > budget:
            rank, run = 1, _cut(r, budget)
        elif r["cpu"] < r["budget"]:
            rank, run = 2, {**r, "budget": budget, "ended_before": r["budget"]}
        else:
            continue
        if key not in chosen or rank <= chosen[key][0]:
            chosen[key] = (rank, run)
    return [run for _, run in chosen.values()]


# -- the report ---------------------------------------------------------------------


def _fmt(value, spec=".4f"):
    return "-" if value is None else format(value, spec)


def report(runs, command, note="", out="halving"):
    """Write ``RESULTS/out.md`` and ``RESULTS/out.png`` from ``runs``; print
    the markdown. ``command`` is the one shown at the top, ``note`` a
    paragraph under it."""
    RESULTS.mkdir(exist_ok=True)
    lines = _header(runs, command, note)
    verdicts = []
    for fam in sorted({r["family"] for r in runs}):
        section, verdict = _family(fam, [r for r in runs if r["family"] == fam])
        lines += section
        verdicts.append(verdict)
    lines += ["## The issue's targets", "", *verdicts, ""]
    (RESULTS / f"{out}.md").write_text("\n".join(lines))
    _plot(runs, out)
    print("\n".join(lines))


def _codes(runs, skbayes):
    codes = {r.get("code", "?") for r in runs if (r["searcher"] in SKBAYES) == skbayes}
    return ", ".join(sorted(codes))


def _header(runs, command, note):
    lines = [
        "# Multi-fidelity search: held-out test accuracy against CPU time",
        "",
        f"Command: `{command}`",
        "",
        "Code: skbayes "
        + _codes(runs, True)
        + " for HalvingBayesSearchCV and BayesSearchCV; the other searchers run "
        "no skbayes code (their runs were made with skbayes "
        + _codes(runs, False)
        + " imported); "
        f"scikit-learn {version('sklearn')}, optuna {version('optuna')}. "
        "Every searcher ran with `n_jobs=1` and single-threaded BLAS/OpenMP; "
        "the budget and the curves are in this process's CPU time "
        "(`time.process_time()`), the wall time it would take on a dedicated "
        "core: the runs were made on a shared 2-core machine under heavy load "
        "from other jobs, whose wall time is not a fair clock (the wall time "
        "of each run is in the raw file). The held-out test score of each "
        "incumbent (the candidate the searcher would refit, recorded after "
        "each of its batches) comes from a refit on the whole training part, "
        "not counted in the budget.",
        "",
    ]
    if note:
        lines += [note, ""]
    return lines


def _family(fam, mine):
    """The section of one family, and its line of the verdicts."""
    seeds = sorted({r["seed"] for r in mine})
    budget = mine[0]["budget"]
    by = {(r["searcher"], r["seed"]): r for r in mine}
    n_test = round(TEST_SIZE * mine[0]["rows"])
    lines = [
        f"## {fam} ({mine[0]['rows']:,} rows, budget {budget:g} CPU s per run)",
        "",
        *_means(by, seeds, budget),
    ]
    targets, verdict = _targets(fam, by, seeds, budget, n_test)
    lines += ["", *targets, "", *_per_seed(by, seeds), "", ""]
    return lines, verdict


def _means(by, seeds, budget):
    """Per searcher: the mean test accuracy at a quarter, half and all of the
    budget, and when each seed reached RandomizedSearchCV's final."""
    lines = [
        "Mean held-out test accuracy over the seeds run (how many "
        "in the seeds column); `-` before the first incumbent.",
        "",
        "| searcher | seeds | at budget/4 | at budget/2 | at budget | "
        "batches (median) | CPU s to reach RandomizedSearchCV's final, "
        "per seed |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in SEARCHERS + VARIANTS:
        got = [by[(name, s)] for s in seeds if (name, s) in by]
        if not got:
            continue
        cells = []
        for frac in (0.25, 0.5, 1.0):
            values = [_score_at(r["curve"], budget * frac) for r in got]
            values = [v for v in values if v is not None]
            cells.append(f"{np.mean(values):.4f}" if values else "-")
        evals = np.median([r["n_evaluations"] for r in got])
        reach = []
        for r in got:
            ref = by.get(("RandomizedSearchCV", r["seed"]))
            if ref is None:
                reach.append("-")
                continue
            target = _score_at(ref["curve"], budget)
            t = _time_to_reach(r["curve"], target) if target is not None else None
            reach.append(f"{t:.0f}" if t is not None else "never")
        lines.append(
            f"| {name} | {len(got)} | {cells[0]} | {cells[1]} | {cells[2]} | "
            f"{evals:g} | {', '.join(reach)} |"
        )
    return lines


def _targets(fam, by, seeds, budget, n_test):
    """The issue's targets seed by seed: the table, and the verdict line."""
    rows, met = [], {}
    for s in seeds:
        row, flags = _seed_targets(by, s, budget, n_test)
        rows.append(row)
        for key, value in flags.items():
            met.setdefault(key, []).append(value)
    quarter, stays, near = (met.get(k, []) for k in ("quarter", "stays", "near"))
    ahead, strict = met.get("ahead", []), met.get("strict", [])
    verdict = (
        f"- {fam}: HalvingBayesSearchCV reaches BayesSearchCV's final test "
        f"score within a quarter of BayesSearchCV's time in {sum(quarter)} "
        f"of {len(quarter)} seeds (and stays there until the budget in "
        f"{sum(stays)}; within one standard error of it in {sum(near)}); "
        f"it is ahead of HalvingRandomSearchCV at "
        f"the budget ({budget:g} CPU s) in {sum(ahead)} of {len(ahead)} seeds "
        f"(when HalvingRandomSearchCV ends: {sum(strict)} of {len(strict)})."
    )
    lines = [
        "The issue's targets, per seed: CPU s HalvingBayesSearchCV needs to "
        "reach BayesSearchCV's final test accuracy, as a fraction of "
        "BayesSearchCV's time (the target: at most 0.25), and to come "
        "within one standard error of it (the test set's, "
        f"{n_test:,} rows); from when its "
        "incumbent stays at or above it until the budget (an incumbent of "
        "a small resource can score high once refitted, then give way to "
        "one the search ranks better at a larger resource); when "
        "BayesSearchCV itself first reached its final, and its last "
        "batch; the test accuracy of HalvingBayesSearchCV and "
        "HalvingRandomSearchCV at the budget (HalvingRandomSearchCV's final "
        "if it ended before); then when HalvingRandomSearchCV ended, and "
        "HalvingBayesSearchCV's test accuracy at that time (the strictest "
        "reading of equal time).",
        "",
        "| seed | HalvingBayes reaches BayesSearchCV's final (CPU s) | "
        "ratio to BayesSearchCV's time | within 1 SE of it (CPU s) | "
        "and stays there from (CPU s) | BayesSearchCV first there (CPU s) | "
        "BayesSearchCV ends (CPU s) | HalvingBayes at budget | "
        "HalvingRandom at budget | HalvingRandom ends (CPU s) | "
        "HalvingBayes then |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    return lines, verdict


def _seed_targets(by, s, budget, n_test):
    """One seed's row of the targets table, and which targets it meets (only
    those that its runs can answer)."""
    hb, bs = by.get(("HalvingBayesSearchCV", s)), by.get(("BayesSearchCV", s))
    hr = by.get(("HalvingRandomSearchCV", s))
    t = bs_end = a = b = at_hr_end = stay = t_se = bs_first = None
    flags = {}
    if hb and bs:
        target = _score_at(bs["curve"], budget)
        t = _time_to_reach(hb["curve"], target) if target is not None else None
        bs_end = bs["curve"][-1][0] if bs["curve"] else budget
        flags["quarter"] = t is not None and t <= bs_end / 4
        if target is not None:
            # within one standard error of the test accuracy
            se = np.sqrt(target * (1 - target) / n_test)
            t_se = _time_to_reach(hb["curve"], target - se)
            flags["near"] = t_se is not None and t_se <= bs_end / 4
            bs_first = _time_to_reach(bs["curve"], target)
            stay = _time_to_stay(hb["curve"], target, budget)
        flags["stays"] = stay is not None and stay <= bs_end / 4
    if hb and hr:  # both at the budget (HalvingRandomSearchCV may end
        # before it, when its rounds are over)
        a, b = _score_at(hb["curve"], budget), _score_at(hr["curve"], budget)
        flags["ahead"] = a is not None and (b is None or a > b)
        if hr["curve"]:  # the strict view: when HalvingRandomSearchCV ends
            at_hr_end = _score_at(hb["curve"], hr["curve"][-1][0])
            end = hr["curve"][-1][1]
            flags["strict"] = at_hr_end is not None and (end is None or at_hr_end > end)

    def when(value):  # "-" without both runs, "never" when not reached
        if not (hb and bs):
            return "-"
        return "never" if value is None else _fmt(value, ".0f")

    hr_end = hr["curve"][-1][0] if hr and hr["curve"] else None
    ratio = "-" if t is None or not bs_end else f"{t / bs_end:.2f}"
    row = (
        f"| {s} | {when(t)} | {ratio} | {when(t_se)} | {when(stay)} "
        f"| {_fmt(bs_first, '.0f')} | {_fmt(bs_end, '.0f')} | {_fmt(a)} "
        f"| {_fmt(b)} | {_fmt(hr_end, '.0f')} | {_fmt(at_hr_end)} |"
    )
    return row, flags


def _per_seed(by, seeds):
    """Per seed and searcher: the CPU time of the search and its final score."""
    present = [n for n in SEARCHERS + VARIANTS if any(k[0] == n for k in by)]
    lines = [
        "Per seed: CPU time of the search (s) and final test accuracy.",
        "",
        "| seed | " + " | ".join(present) + " |",
        "|---" * (len(present) + 1) + "|",
    ]
    for s in seeds:
        cells = []
        for name in present:
            r = by.get((name, s))
            final = r and r["curve"] and r["curve"][-1][1]
            spent = r.get("cpu", r["wall"]) if r else None
            cells.append(f"{spent:.0f} s, {final:.4f}" if final else "-")
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    return lines


# -- the plot -----------------------------------------------------------------------


def _plot(runs, out="halving"):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover
        return
    families = sorted({r["family"] for r in runs})
    fig, axes = plt.subplots(1, len(families), figsize=(6 * len(families), 4))
    axes = np.atleast_1d(axes)
    for ax, fam in zip(axes, families):
        mine = [r for r in runs if r["family"] == fam]
        budget = mine[0]["budget"]
        grid = np.linspace(0, budget, 61)
        for name in SEARCHERS + VARIANTS:
            got = [r for r in mine if r["searcher"] == name]
            if not got:
                continue
            values = np.array(
                [
                    [
                        np.nan if (v := _score_at(r["curve"], t)) is None else v
                        for t in grid
                    ]
                    for r in got
                ]
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                ax.plot(
                    grid,
                    np.nanmean(values, axis=0),
                    label=f"{name} ({len(got)} seeds)",
                )
        ax.set_title(f"{fam}: mean over seeds")
        ax.set_xlabel("CPU time (s)")
        ax.set_ylabel("held-out test accuracy")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / f"{out}.png", dpi=100)
