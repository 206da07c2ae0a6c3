"""Overhead per candidate of long searches, with and without a checkpoint.

A search over a 4-parameter space (two reals, an integer, a categorical)
tunes an estimator whose ``fit`` does nothing, with 3-fold CV, ``n_jobs=1``
and the default engine, so the wall time is the search's own overhead:
proposing candidates, scikit-learn's bookkeeping, writing the checkpoint.
For 50, 300 and 1,000 candidates it reports the overhead per candidate,
the ratio to the 50-candidate search, and the time the checkpoint takes per
batch early and late in the search (the first and last tenth of the
batches). One BLAS thread, as skbayes uses for its surrogate. Medians over
``--seeds`` seeds.

    python benchmarks/bench_checkpoint.py --sizes 50 300 1000 --seeds 2
"""

import argparse
import os
import statistics
import tempfile
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from skbayes import BayesSearchCV
from skbayes._checkpoint import Checkpoint

SPACE = {
    "a": (0.0, 1.0),
    "b": (1, 20),
    "c": ["x", "y", "z"],
    "d": (1e-3, 1.0, "log-uniform"),
}


class Instant(ClassifierMixin, BaseEstimator):
    """Fits in no time; its score is a smooth function of its parameters."""

    def __init__(self, a=0.0, b=1, c="x", d=0.5):
        self.a, self.b, self.c, self.d = a, b, c, d

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return (
            -((self.a - 0.3) ** 2)
            - 0.01 * (self.b - 7) ** 2
            + 0.1 * (self.c == "y")
            + 0.05 * np.sin(5 * np.log10(self.d))
        )


WRITES = []  # seconds of each Checkpoint.append


def _timed_append(original):
    def append(self, records):
        start = time.perf_counter()
        try:
            return original(self, records)
        finally:
            WRITES.append(time.perf_counter() - start)

    return append


def run(n_iter, seed, checkpoint):
    X = np.arange(90.0).reshape(-1, 1)
    y = np.arange(90) % 2
    WRITES.clear()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "search.ckpt") if checkpoint else None
        search = BayesSearchCV(
            Instant(), SPACE, n_iter=n_iter, cv=3, random_state=seed, checkpoint=path
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            search.fit(X, y)
            wall = time.perf_counter() - start
    writes = np.asarray(WRITES)
    tenth = max(1, len(writes) // 10)
    return {
        "per_candidate_ms": 1000 * wall / n_iter,
        "write_early_ms": 1000 * float(np.median(writes[:tenth])) if checkpoint else 0,
        "write_late_ms": 1000 * float(np.median(writes[-tenth:])) if checkpoint else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 300, 1000])
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args()
    # the method that writes a batch (``save`` rewrote the whole file, before
    # the append-only format: for measuring older versions)
    name = "append" if hasattr(Checkpoint, "append") else "save"
    setattr(Checkpoint, name, _timed_append(getattr(Checkpoint, name)))
    run(12, 0, True)  # warm-up: the first search of a process pays for imports
    rows = {}
    for checkpoint in (False, True):
        for n_iter in args.sizes:
            runs = [run(n_iter, seed, checkpoint) for seed in range(args.seeds)]
            rows[checkpoint, n_iter] = {
                k: statistics.median(r[k] for r in runs) for k in runs[0]
            }
            print(checkpoint, n_iter, rows[checkpoint, n_iter], flush=True)
    print()
    print(
        f"Overhead per candidate (ms), instant fits, 3-fold CV, n_jobs=1, median "
        f"of {args.seeds} seeds"
    )
    print(
        "| candidates | no checkpoint | vs 50 | with checkpoint | vs 50 "
        "| checkpoint write per batch, first tenth / last tenth (ms) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    first = args.sizes[0]
    for n_iter in args.sizes:
        plain, ckpt = rows[False, n_iter], rows[True, n_iter]
        ms, ckpt_ms = plain["per_candidate_ms"], ckpt["per_candidate_ms"]
        base, ckpt_base = (rows[c, first]["per_candidate_ms"] for c in (False, True))
        print(
            f"| {n_iter} | {ms:.1f} | {ms / base:.2f} | {ckpt_ms:.1f} "
            f"| {ckpt_ms / ckpt_base:.2f} "
            f"| {ckpt['write_early_ms']:.2f} / {ckpt['write_late_ms']:.2f} |"
        )


if __name__ == "__main__":
    main()
