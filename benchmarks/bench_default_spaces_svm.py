"""The SVMs' default spaces: fit times over random points, and searches.

A linear-kernel SVC or SVR whose ``C`` is large for the scale of its
features can take minutes to fit (libsvm's slow tail). For each case (a
data set and an SVM, with or without a ``StandardScaler`` in front):

- ``fits``: 60 points drawn from each sub-space of the default space
  (RBF, linear kernel; resolved for 3-fold training sets), each fitted
  once on the whole data set, in CPU seconds;
- ``search``: per seed, ``BayesSearchCV(model, n_iter=30)`` without
  ``search_spaces`` on 3 shuffled folds: its best cross-validation score
  and CPU seconds.

Each row (JSON lines, tagged with ``--label``) is appended to ``--jsonl``;
run it once per version of the code (``PYTHONPATH`` at its checkout) with
its own label, then the report (``--out``) compares the labels, case by
case::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\
        python benchmarks/bench_default_spaces_svm.py --label LABEL \\
        --seeds 0 1 2 --jsonl benchmarks/results/default_spaces_svm.jsonl \\
        --out benchmarks/results/default_spaces_svm.md

``--report-only`` rewrites the report from ``--jsonl`` without running
anything. The data sets and the folds are those of
``bench_default_spaces.py``; a new case is one more entry of ``CASES``;
the report is :func:`report`.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import version
from _default_spaces_report import N_SPLITS
from bench_default_spaces import cv_splitter, data_sets
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR

from skbayes import BayesSearchCV
from skbayes.space import Space
from skbayes.spaces import default_space

CASES = {
    # name: (data set, estimator, with a StandardScaler in front)
    "breast_cancer_svc_raw": ("breast_cancer", SVC, False),
    "breast_cancer_svc_scaled": ("breast_cancer", SVC, True),
    "diabetes_svr_raw": ("diabetes", SVR, False),
    "diabetes_svr_scaled": ("diabetes", SVR, True),
}


# -- the runs -----------------------------------------------------------------------


def _case(case):
    """``(model, task, X, y)`` of one case."""
    dname, cls, scaled = CASES[case]
    task, load = data_sets()[dname]
    X, y = load()
    model = make_pipeline(StandardScaler(), cls()) if scaled else cls()
    return model, task, X, y


def run(cases, seeds, label, path, n_points=60):
    """Fit times over random points of each case's default space, and searches.

    ``n_points`` points from each sub-space, each fitted once on the whole
    data set (CPU seconds); then, for each seed, a 30-candidate
    ``BayesSearchCV`` without ``search_spaces``. Rows tagged ``label`` are
    appended to ``path``.
    """
    for case in cases:
        model, task, X, y = _case(case)
        n_train = len(X) - len(X) // N_SPLITS
        resolved = default_space(model).resolve(X, y, n_train=n_train)
        subspaces = resolved.search_spaces()
        times = []
        for i, sub in enumerate(subspaces):
            for point in Space(sub).sample(n_points, random_state=i):
                fitted = clone(model).set_params(**point)
                start = time.process_time()
                fitted.fit(X, y)
                times.append(
                    {
                        "seconds": time.process_time() - start,
                        "point": {k: repr(v) for k, v in point.items()},
                    }
                )
        row = {"label": label, "case": case, "kind": "fits", "fits": times}
        with open(path, "a") as f:
            f.write(json.dumps(row) + "\n")
        secs = sorted(t["seconds"] for t in times)
        print(f"{label} {case}: fits max {secs[-1]:.3f}s", flush=True)
        for seed in seeds:
            search = BayesSearchCV(
                clone(model),
                n_iter=30,
                cv=cv_splitter(task, seed, N_SPLITS),
                random_state=seed,
            )
            start, wall = time.process_time(), time.perf_counter()
            search.fit(X, y)
            row = {
                "label": label,
                "case": case,
                "kind": "search",
                "seed": seed,
                "best_score": float(search.best_score_),
                "cpu_seconds": time.process_time() - start,
                "wall_seconds": time.perf_counter() - wall,
                "fit_seconds": float(
                    np.sum(search.cv_results_["mean_fit_time"]) * N_SPLITS
                ),
                "best_params": {k: repr(v) for k, v in search.best_params_.items()},
            }
            with open(path, "a") as f:
                f.write(json.dumps(row) + "\n")
            print(
                f"{label} {case} seed {seed}: {row['best_score']:.4f} "
                f"in {row['cpu_seconds']:.1f} CPU s",
                flush=True,
            )


# -- the report ---------------------------------------------------------------------


def report(jsonl_path, out_path, note=None):
    """Fit times and 30-candidate searches of the SVMs' default spaces, by label."""
    rows = [json.loads(line) for line in open(jsonl_path) if line.strip()]
    labels = list(dict.fromkeys(r["label"] for r in rows))
    cases = list(dict.fromkeys(r["case"] for r in rows))
    lines = [
        "# The SVMs' default spaces: fit times and search quality",
        "",
        "Command (once per version of the code, PYTHONPATH at its checkout):",
        "",
        "    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\",
        "        python benchmarks/bench_default_spaces_svm.py --label LABEL "
        "--seeds 0 1 2 \\",
        "        --jsonl benchmarks/results/default_spaces_svm.jsonl \\",
        "        --out benchmarks/results/default_spaces_svm.md",
        "",
        f"scikit-learn {version('sklearn')}, numpy {version('numpy')}, Python "
        f"{platform.python_version()}; a shared 2-core machine, CPU seconds "
        "(indicative only).",
        "",
    ]
    if note:
        lines += [note, ""]
    lines += [
        "## Fit times over random points of the default space",
        "",
        "60 points drawn from each sub-space's prior (RBF, linear kernel), "
        "each fitted once on the whole data set.",
        "",
        "| case | code | fits | median s | 90th pct s | max s | total s | "
        "slowest point |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case in cases:
        for label in labels:
            fits = [r for r in rows if r["kind"] == "fits"]
            fits = [r for r in fits if (r["case"], r["label"]) == (case, label)]
            if not fits:
                continue
            times = fits[-1]["fits"]
            secs = np.array([t["seconds"] for t in times])
            slow = max(times, key=lambda t: t["seconds"])["point"]
            point = ", ".join(f"{k.split('__')[-1]}={v}" for k, v in slow.items())
            lines.append(
                f"| {case} | {label} | {len(secs)} | {np.median(secs):.4f} | "
                f"{np.quantile(secs, 0.9):.4f} | {secs.max():.3f} | "
                f"{secs.sum():.2f} | {point} |"
            )
    lines += [
        "",
        "## BayesSearchCV(model, n_iter=30) without search_spaces",
        "",
        "3 shuffled folds (seeded); best_score_ is the best mean CV score "
        "(accuracy, R²); CPU seconds of the whole fit (refit included).",
        "",
        "| case | code | seed | best CV score | CPU s | wall s |",
        "|---|---|---|---|---|---|",
    ]
    searches = [r for r in rows if r["kind"] == "search"]
    for case in cases:
        for label in labels:
            mine = [r for r in searches if (r["case"], r["label"]) == (case, label)]
            for r in sorted(mine, key=lambda r: r["seed"]):
                lines.append(
                    f"| {case} | {label} | {r['seed']} | {r['best_score']:.4f} | "
                    f"{r['cpu_seconds']:.1f} | {r['wall_seconds']:.1f} |"
                )
            if len(mine) > 1:
                lines.append(
                    f"| {case} | {label} | mean | "
                    f"{np.mean([r['best_score'] for r in mine]):.4f} | "
                    f"{np.mean([r['cpu_seconds'] for r in mine]):.1f} | "
                    f"{np.mean([r['wall_seconds'] for r in mine]):.1f} |"
                )
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--label",
        help="the tag of this run's rows: the version of the code measured",
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument(
        "--jsonl",
        type=Path,
        default=Path("benchmarks/results/default_spaces_svm.jsonl"),
    )
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results/default_spaces_svm.md")
    )
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--note", help="a paragraph added to the report")
    args = parser.parse_args()
    if not args.report_only:
        if not args.label:
            parser.error("--label is required to run (or give --report-only)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            run(args.cases, args.seeds, args.label, args.jsonl)
    report(args.jsonl, args.out, args.note)


if __name__ == "__main__":
    main()
