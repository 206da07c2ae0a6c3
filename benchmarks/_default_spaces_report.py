"""The report of ``bench_default_spaces.py``: wins, ties and losses on the test score.

Written from the whole CSV of runs (one row per method and pair), so that it
can be rewritten at any time with ``--report-only``; the constants the runs
and the report share are here too. :func:`report` writes the header, then one
section per question, each from a function that returns its lines: to add a
table, write one more and call it from :func:`report`.
"""

from __future__ import annotations

import csv
import math
import platform

import numpy as np
from _common import code_state, version

N_ITER = 30
ESTIMATOR_ORDER = ["linear", "knn", "tree", "svm", "forest", "hgb"]
N_SPLITS = 3  # the folds of --cv (shuffled, seeded); "default" is cv=None


def _cv_label(cv_arg):
    if cv_arg == "default":
        return "5-fold CV (cv=None, scikit-learn's default: unshuffled folds)"
    return f"{int(cv_arg)}-fold CV (shuffled, seeded)"


def _done(path):
    if not path.exists():
        return {}
    with path.open() as f:
        return {
            (r["dataset"], r["estimator"], r["seed"], r["method"]): r
            for r in csv.DictReader(f)
        }


# -- report -------------------------------------------------------------------------
REFERENCES = [
    ("default", "the estimator's defaults"),
    ("random", "RandomizedSearchCV, same space"),
    ("docs", "the documentation example's grid"),
]


def _pairs(rows, seeds=None):
    """(dataset, estimator, seed) -> {method: row}, for ``seeds`` (all if None)."""
    out = {}
    for r in rows.values():
        if seeds is not None and r["seed"] not in seeds:
            continue
        out.setdefault((r["dataset"], r["estimator"], r["seed"]), {})[r["method"]] = r
    return out


def _outcome(diff, se):
    """'win', 'tie' or 'loss' of a test-score difference, and whether > SE."""
    if abs(diff) <= 1e-12:
        return "tie", False
    if diff > 0:
        return "win", False
    return "loss", -diff > se + 1e-12


def _count(outcomes):
    n = len(outcomes)
    wins = sum(o == "win" for o, _ in outcomes)
    ties = sum(o == "tie" for o, _ in outcomes)
    beyond = sum(b for _, b in outcomes)
    return n, wins, ties, n - wins - ties, beyond


def _by_run(pairs, other):
    """Outcomes of bayes against ``other``, one per (data set, estimator, seed)."""
    out = []
    for methods in pairs.values():
        if "bayes" in methods and other in methods:
            b = float(methods["bayes"]["test_score"])
            o = float(methods[other]["test_score"])
            out.append(_outcome(b - o, float(methods[other]["test_se"])))
    return out


def _by_pair(pairs, other):
    """Outcomes per (data set, estimator): the median over seeds of the
    difference, against the median over seeds of the reference's SE."""
    diffs = {}
    for (d, e, _), methods in pairs.items():
        if "bayes" in methods and other in methods:
            b = float(methods["bayes"]["test_score"])
            o = float(methods[other]["test_score"])
            se = float(methods[other]["test_se"])
            diffs.setdefault((d, e), []).append((b - o, se))
    return {
        key: _outcome(
            float(np.median([x for x, _ in v])), float(np.median([s for _, s in v]))
        )
        for key, v in diffs.items()
    }


def _table(pairs, label_seeds):
    lines = [
        "| reference | unit | n | wins | ties | losses | loses by > SE | beats | "
        "beats or ties |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for other, label in REFERENCES:
        for unit, outcomes in [
            ("pairs", list(_by_pair(pairs, other).values())),
            ("runs", _by_run(pairs, other)),
        ]:
            n, w, t, lo, beyond = _count(outcomes)
            if not n:
                continue
            lines.append(
                f"| {label} | {unit} ({label_seeds}) | {n} | {w} | {t} | {lo} | "
                f"{beyond} | {w / n:.0%} | {(w + t) / n:.0%} |"
            )
    return lines


def _ceiling(pairs):
    """Pairs where no search beats the defaults by more than their SE.

    Per (data set, estimator), the median over seeds of (best test score
    reached by any search: bayes, random, docs) - (defaults' test score),
    against the median SE of the defaults' score.
    """
    gaps = {}
    for (d, e, _), m in pairs.items():
        if "default" not in m or not any(k in m for k in ("bayes", "random", "docs")):
            continue
        best = max(
            float(m[k]["test_score"]) for k in ("bayes", "random", "docs") if k in m
        )
        gaps.setdefault((d, e), []).append(
            (best - float(m["default"]["test_score"]), float(m["default"]["test_se"]))
        )
    return {
        key: (float(np.median([g for g, _ in v])), float(np.median([s for _, s in v])))
        for key, v in gaps.items()
    }


CV_GAIN_BINS = [(-math.inf, 0.0), (0.0, 0.01), (0.01, 0.02), (0.02, 0.05)]


def _promised(pairs):
    """What cross-validation promised against what the test set gave.

    Per run, the selected candidate's mean CV score minus the defaults' (the
    gain the search believed it had) against its test-score difference;
    then the pairs that lose to the defaults, seed by seed.
    """
    runs = []
    for key, m in sorted(pairs.items()):
        if "bayes" not in m or "default" not in m:
            continue
        try:
            gain = float(m["bayes"]["cv_score"]) - float(m["default"]["cv_score"])
        except ValueError:
            continue
        diff = float(m["bayes"]["test_score"]) - float(m["default"]["test_score"])
        se = float(m["default"]["test_se"])
        runs.append((key, gain, diff, se))
    if not runs:
        return []
    lines = [
        "## What cross-validation promised",
        "",
        "Per run, the gain in mean CV score of the candidate BayesSearchCV "
        "selected over the defaults, against its test-score "
        "difference to them.",
        "",
        "| CV gain over the defaults | runs | mean test difference | test wins | "
        "ties | losses | losses by > SE |",
        "|---|---|---|---|---|---|---|",
    ]
    bins = [*CV_GAIN_BINS, (CV_GAIN_BINS[-1][1], math.inf)]
    for low, high in bins:
        sel = [
            r
            for r in runs
            if (r[1] > low + 1e-12 or low == -math.inf) and r[1] <= high + 1e-12
        ]
        if not sel:
            continue
        outcomes = [_outcome(diff, se) for _, _, diff, se in sel]
        _, w, t, lo, beyond = _count(outcomes)
        label = (
            "0 (the defaults, or a candidate tied with them)"
            if high == 0.0
            else f"({low:g}, {high:g}]"
            if high < math.inf
            else f"> {low:g}"
        )
        mean = np.mean([diff for _, _, diff, _ in sel])
        lines.append(
            f"| {label} | {len(sel)} | {mean:+.4f} | {w} | {t} | {lo} | {beyond} |"
        )
    by_pair = {}
    for (d, e, s), gain, diff, se in runs:
        by_pair.setdefault((d, e), []).append((s, gain, diff, se))
    lines += [
        "",
        "The pairs that lose to the defaults (median test difference below 0); "
        "per seed, the CV gain the search selected on and the test difference "
        "it got. An SE of 0 is a perfect test score of the defaults (the "
        "bootstrap cannot vary it): any loss is then 'by > SE'.",
        "",
        "| data set | estimator | median test difference | median SE | > SE | "
        "per seed: CV gain / test difference |",
        "|---|---|---|---|---|---|",
    ]
    for (d, e), v in sorted(by_pair.items()):
        diff = float(np.median([x[2] for x in v]))
        se = float(np.median([x[3] for x in v]))
        outcome, beyond = _outcome(diff, se)
        if outcome != "loss":
            continue
        seeds = "; ".join(
            f"seed {s}: {gain:+.4f} / {x:+.4f}"
            for s, gain, x, _ in sorted(v, key=lambda r: int(r[0]))
        )
        lines.append(
            f"| {d} | {e} | {diff:+.4f} | {se:.4f} | {'yes' if beyond else 'no'} "
            f"| {seeds} |"
        )
    return lines


def _section(title, pairs, label_seeds):
    if not pairs:
        return []
    return [f"### {title}", "", *_table(pairs, label_seeds), ""]


PER_ESTIMATOR = "## Per estimator (mean test score over data sets and seeds)"


def report(
    csv_path,
    out_path,
    note=None,
    before=None,
    design_seeds=("0", "1"),
    cv_arg=N_SPLITS,
    code=None,
):
    """Write the report of the runs in ``csv_path`` to ``out_path``, and
    print it up to the per-estimator tables."""
    rows = _done(csv_path)
    pairs = _pairs(rows)
    seeds = sorted({k[2] for k in pairs}, key=int)
    command = (csv_path, out_path, before, cv_arg)
    lines = [
        *_header(pairs, seeds, command, note, code),
        *_against_references(rows, pairs, seeds, design_seeds, before),
        *_beaten_at_all(pairs),
        "",
        *_promised(pairs),
        "",
        *_per_estimator(pairs),
        "",
        *_every_run(pairs),
    ]
    out_path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[: lines.index(PER_ESTIMATOR)]))


def _header(pairs, seeds, command, note, code):
    csv_path, out_path, before, cv_arg = command
    return [
        "# Default search spaces: BayesSearchCV without search_spaces",
        "",
        "Command:",
        "",
        "    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\",
        "        python benchmarks/bench_default_spaces.py --seeds "
        + " ".join(seeds)
        + " \\",
        *([f"        --cv {cv_arg} \\"] if str(cv_arg) != str(N_SPLITS) else []),
        f"        --csv {csv_path.as_posix()} \\",
        f"        --out {out_path.as_posix()}"
        + (f" \\\n        --before {before.as_posix()}" if before else ""),
        "",
        f"skbayes {code or code_state()}, scikit-learn {version('sklearn')}, numpy "
        f"{version('numpy')}, Python {platform.python_version()}; a shared "
        "2-core machine (timings are indicative only).",
        "",
        *([note, ""] if note else []),
        f"{len({k[0] for k in pairs})} data sets x "
        f"{len({k[1] for k in pairs})} estimators, seeds {', '.join(seeds)}: "
        f"{len(pairs)} (data set, estimator, seed) runs; {N_ITER} candidates "
        f"per search (BayesSearchCV: the estimator as given, then {N_ITER - 1} "
        f"of the space), {_cv_label(cv_arg)} on 75 % of the data, test score "
        "(accuracy, R²) on the held-out 25 %.",
        "",
    ]


def _against_references(rows, pairs, seeds, design_seeds, before):
    """Wins, ties and losses against each reference: on the seeds the
    changes were designed on, on fresh seeds, on all; and the earlier CSV's."""
    fresh = [s for s in seeds if s not in design_seeds]
    design = [s for s in seeds if s in design_seeds]
    lines = [
        "## BayesSearchCV (default space) against each reference",
        "",
        "A win is a higher test score, a tie an equal one. 'Loses by > SE': "
        "the loss exceeds the reference's test-score standard error "
        "(bootstrap). A pair is a (data set, estimator): its outcome is that "
        "of the median over seeds of the test-score difference, against the "
        "median SE. The issue's targets are on pairs: beats the defaults on "
        ">= 80 %, never loses to them by > SE, beats or ties the "
        "documentation grid on >= 2/3.",
        "",
    ]
    if design:
        lines += _section(
            f"Seeds {', '.join(design)} (the seeds the changes were designed on)",
            _pairs(rows, set(design)),
            "seeds " + ", ".join(design),
        )
    if fresh:
        lines += _section(
            f"Seeds {', '.join(fresh)} (fresh: not looked at while designing)",
            _pairs(rows, set(fresh)),
            "seeds " + ", ".join(fresh),
        )
    if design and fresh:
        lines += _section("All seeds", pairs, "all seeds")
    if before is not None and before.exists():
        old_pairs = _pairs(_done(before))
        old_seeds = sorted({k[2] for k in old_pairs}, key=int)
        lines += [
            f"### Before (`{before.as_posix()}`, seeds {', '.join(old_seeds)})",
            "",
            *_table(old_pairs, "seeds " + ", ".join(old_seeds)),
            "",
        ]
    return lines


def _beaten_at_all(pairs):
    """Per estimator, the pairs on which some search beats the defaults, and
    those on which none does by more than the defaults' SE (see _ceiling)."""
    ceiling = _ceiling(pairs)
    flat = sorted(k for k, (gap, se) in ceiling.items() if gap <= se)
    lines = [
        "## Can the defaults be beaten at all?",
        "",
        "Per pair, the best test score that any of the three searches "
        "(BayesSearchCV, RandomizedSearchCV, the documentation grid) reached, "
        "minus the defaults' (median over seeds). Where no search beats the "
        "defaults by more than their SE, a win over them is within the noise "
        f"of the test set: {len(flat)} of {len(ceiling)} pairs. 'Some search "
        "beats the defaults' (any margin) bounds the share of pairs on which "
        "a method that picks one of these searches' results could beat them.",
        "",
        "| estimator | pairs | some search beats the defaults | no search beats "
        "them by > SE | BayesSearchCV beats them |",
        "|---|---|---|---|---|",
    ]
    bayes_pairs = _by_pair(pairs, "default")
    for est in ESTIMATOR_ORDER:
        keys = [k for k in ceiling if k[1] == est]
        if not keys:
            continue
        n_flat = sum(1 for k in keys if k in flat)
        beaten = sum(1 for k in keys if ceiling[k][0] > 1e-12)
        wins = sum(1 for k in keys if bayes_pairs.get(k, ("",))[0] == "win")
        lines.append(f"| {est} | {len(keys)} | {beaten} | {n_flat} | {wins} |")
    beaten = sum(1 for gap, _ in ceiling.values() if gap > 1e-12)
    wins = sum(1 for o, _ in bayes_pairs.values() if o == "win")
    lines.append(
        f"| all | {len(ceiling)} | {beaten} ({beaten / max(1, len(ceiling)):.0%}) "
        f"| {len(flat)} | {wins} ({wins / max(1, len(ceiling)):.0%}) |"
    )
    rest = [k for k in ceiling if k not in flat]
    if rest:
        wins = sum(1 for k in rest if bayes_pairs.get(k, ("",))[0] == "win")
        lines += [
            "",
            f"On the {len(rest)} pairs where some search beats the defaults by "
            f"more than their SE, BayesSearchCV beats them on {wins} "
            f"({wins / len(rest):.0%}).",
        ]
    return lines


def _per_estimator(pairs):
    """Per estimator and task: mean test scores, and BayesSearchCV against
    the defaults."""
    lines = [
        PER_ESTIMATOR,
        "",
        "| estimator | task | default | bayes | random | docs | "
        "bayes vs default, runs (W/T/L) | pairs (W/T/L) | bayes kept the "
        "defaults (runs) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    groups = {}
    for key, methods in pairs.items():
        task = next(iter(methods.values()))["task"]
        groups.setdefault((key[1], task), {})[key] = methods
    for (est, task), sub in sorted(groups.items()):

        def mean(method, sub=sub):
            vals = [float(m[method]["test_score"]) for m in sub.values() if method in m]
            return f"{np.mean(vals):.4f}" if vals else "-"

        _, w, t, lo, _ = _count(_by_run(sub, "default"))
        _, pw, pt, plo, _ = _count(list(_by_pair(sub, "default").values()))
        kept = sum(1 for m in sub.values() if _kept_defaults(m))
        lines.append(
            f"| {est} | {task} | {mean('default')} | {mean('bayes')} | "
            f"{mean('random')} | {mean('docs')} | {w}/{t}/{lo} | {pw}/{pt}/{plo} | "
            f"{kept}/{len(sub)} |"
        )
    return lines


def _every_run(pairs):
    lines = [
        "## Every run",
        "",
        "CV: the mean cross-validation score of the defaults and of the "
        "candidate BayesSearchCV selected (equal when it kept the defaults).",
        "",
        "| data set | estimator | seed | default | bayes | random | docs | "
        "SE (default) | CV default | CV bayes | bayes seconds |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (d, e, s), m in sorted(pairs.items()):

        def cell(method, key="test_score", m=m):
            if method not in m or m[method][key] in ("", "nan"):
                return "-"
            return f"{float(m[method][key]):.4f}"

        secs = m["bayes"]["seconds"] if "bayes" in m else "-"
        lines.append(
            f"| {d} | {e} | {s} | {cell('default')} | {cell('bayes')} | "
            f"{cell('random')} | {cell('docs')} | {cell('default', 'test_se')} | "
            f"{cell('default', 'cv_score')} | {cell('bayes', 'cv_score')} | {secs} |"
        )
    return lines


def _kept_defaults(methods):
    """Whether the search selected a candidate as good on CV as the defaults."""
    try:
        b = float(methods["bayes"]["cv_score"])
        d = float(methods["default"]["cv_score"])
    except (KeyError, ValueError):
        return False
    return math.isfinite(d) and abs(b - d) <= 1e-12
