"""A search over a huge grid: BayesSearchCV against RandomizedSearchCV.

``{"x": np.linspace(0, 1, n)}`` with ``n`` values (1,000, one million and ten
million by default), ``n_iter=12``, 5-fold cross-validation on 20 samples,
and an estimator whose ``fit`` does nothing (its score is ``-(x - 0.3)**2``),
so that what is timed is the searcher itself: parsing the grid, proposing
candidates, scikit-learn's loop and ``cv_results_``. Searchers:

- ``RandomizedSearchCV(est, grid, n_iter=12)``, the reference;
- ``BayesSearchCV(est, grid, n_iter=12)``: the default engine (a Gaussian
  process after a quasi-random initial design);
- ``BayesSearchCV(..., optimizer="random")``: the same search without a
  model, which separates what the grid costs from what the engine costs.

Each (searcher, n) runs in a fresh subprocess (``OMP_NUM_THREADS=1``), three
times for the time and three times for the memory; the tables give medians.
The grid is built before anything is measured, as a user builds it. Time is
the wall time of ``fit``. Memory is the peak of the memory allocated during
``fit`` as ``tracemalloc`` traces it (in runs of their own: tracing slows
allocations down), and the growth of the process's maximum resident set
during ``fit`` (``ru_maxrss``, in the timed runs). The grid itself is
8 bytes a value (8 MB for a million values, 80 MB for ten million).

    OMP_NUM_THREADS=1 python benchmarks/bench_huge_grid.py \\
        --out benchmarks/results/huge_grid.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from _common import code_state, version  # benchmarks/_common.py
from sklearn.base import BaseEstimator, RegressorMixin

SEARCHERS = [
    "RandomizedSearchCV",
    "BayesSearchCV",
    "BayesSearchCV(optimizer='random')",
]
REFERENCE = "RandomizedSearchCV"
SIZES = (1_000, 1_000_000, 10_000_000)
N_ITER = 12


class Instant(RegressorMixin, BaseEstimator):
    """Fits in no time; scores its parameter ``x`` by ``-(x - 0.3)**2``."""

    def __init__(self, x=0.0):
        self.x = x

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))

    def score(self, X, y):
        return -((self.x - 0.3) ** 2)


def make_searcher(name, grid):
    if name == "RandomizedSearchCV":
        from sklearn.model_selection import RandomizedSearchCV

        return RandomizedSearchCV(Instant(), grid, n_iter=N_ITER, random_state=0)
    from skbayes import BayesSearchCV

    kwargs = {"optimizer": "random"} if "random" in name else {}
    return BayesSearchCV(Instant(), grid, n_iter=N_ITER, random_state=0, **kwargs)


def worker(name, n, mode):
    """One measurement, in this (fresh) process; prints a JSON line."""
    X, y = np.zeros((20, 1)), np.zeros(20)
    grid = {"x": np.linspace(0.0, 1.0, n)}
    search = make_searcher(name, grid)
    if mode == "memory":
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    search.fit(X, y)
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {"seconds": elapsed, "rss_growth_mb": (rss_after - rss_before) / 1024}
    if mode == "memory":
        out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    best = float(search.best_params_["x"])
    assert len(search.cv_results_["params"]) == N_ITER and 0.0 <= best <= 1.0
    print(json.dumps(out))


def measure(name, n, mode, timeout):
    """Run :func:`worker` in a fresh subprocess."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    cmd = [sys.executable, __file__, "--worker", name, str(n), mode]
    done = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{name} n={n} {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt(x):
    return f"{x:.3g}"


def report(results, sizes, repeats, command, wall):
    """The markdown tables of the medians."""
    med = {
        key: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for key, runs in results.items()
    }
    lines = [
        "# A search over a huge grid",
        "",
        f"Command: `{command}`",
        "",
        f"`{{'x': np.linspace(0, 1, n)}}`, n_iter={N_ITER}, 5-fold CV, an "
        "estimator whose fit does nothing; each run in a fresh subprocess, "
        f"median of {repeats} runs for the time and of {repeats} for the "
        f"memory. {os.cpu_count()} CPUs, OMP_NUM_THREADS=1; total wall time "
        f"{wall / 60:.1f} min. Versions: Python {platform.python_version()}, "
        f"numpy {version('numpy')}, scikit-learn {version('sklearn')}, scipy "
        f"{version('scipy')}; skbayes at {code_state()}. The machine ran other "
        "work at the same time: treat differences under ~1.5x as noise.",
        "",
    ]
    header = "| searcher | " + " | ".join(f"n={n:,}" for n in sizes) + " |"
    rule = "| --- | " + " | ".join("---:" for _ in sizes) + " |"
    tables = [
        ("Seconds per fit", "seconds", False),
        ("Ratio of the time to RandomizedSearchCV's", "seconds", True),
        ("Peak memory traced during fit (MB)", "traced_peak_mb", False),
        ("Growth of the maximum resident set during fit (MB)", "rss_growth_mb", False),
    ]
    for title, key, ratio in tables:
        lines += [f"## {title}", "", header, rule]
        for name in SEARCHERS:
            cells = []
            for n in sizes:
                value = med[(name, n)][key]
                if ratio:
                    value /= med[(REFERENCE, n)][key]
                cells.append(fmt(value))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--worker", nargs=3, metavar=("SEARCHER", "N", "MODE"))
    args = parser.parse_args()
    if args.worker:
        name, n, mode = args.worker
        worker(name, int(n), mode)
        return
    started = time.perf_counter()
    results = {}
    for n in args.sizes:
        for name in SEARCHERS:
            runs = []
            for _ in range(args.repeats):
                timed = measure(name, n, "time", args.timeout)
                traced = measure(name, n, "memory", args.timeout)
                runs.append({**timed, "traced_peak_mb": traced["traced_peak_mb"]})
            results[(name, n)] = runs
            print(f"{name} n={n:,}: {fmt(runs[0]['seconds'])} s ...", flush=True)
    command = " ".join(
        ["OMP_NUM_THREADS=1 python benchmarks/bench_huge_grid.py", *sys.argv[1:]]
    )
    text = report(
        results, args.sizes, args.repeats, command, time.perf_counter() - started
    )
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
