"""Scale-out: a 40-candidate search with 1 and 2 workers, and on dask.

The estimator is a random forest (60 trees) on the digits data (3-fold CV),
each fit a real, CPU-bound piece of work of about a tenth of a second. For
each setting: the wall time, the speed-up over ``n_jobs=1``, and the share
of the wall time the search spends outside the fits (its overhead:
proposals, bookkeeping, dispatch), estimated as
``1 - sum(fit + score times) / (n_workers * wall)``.

    python benchmarks/bench_scaling.py --n-iter 40 --repeats 2

The dask row needs ``pip install -e ".[dask]"``.
"""

import argparse
import statistics
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier

from skbayes import BayesSearchCV

SPACE = {
    "max_depth": (2, 30),
    "max_features": (0.05, 1.0),
    "min_samples_leaf": (1, 20),
}


def run(n_iter, n_jobs, seed, backend=None):
    import joblib

    X, y = load_digits(return_X_y=True)
    search = BayesSearchCV(
        RandomForestClassifier(n_estimators=60, random_state=0),
        SPACE,
        n_iter=n_iter,
        cv=3,
        n_jobs=n_jobs,
        random_state=seed,
    )
    start = time.perf_counter()
    if backend is None:
        search.fit(X, y)
    else:
        with joblib.parallel_backend(backend):
            search.fit(X, y)
    wall = time.perf_counter() - start
    r = search.cv_results_
    busy = float(np.sum((r["mean_fit_time"] + r["mean_score_time"]) * search.n_splits_))
    workers = joblib.effective_n_jobs(n_jobs) if backend is None else 2
    return wall, 1.0 - busy / (workers * wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-iter", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = {}
    for seed in range(args.repeats):
        rows.setdefault("n_jobs=1", []).append(run(args.n_iter, 1, seed))
        rows.setdefault("n_jobs=2", []).append(run(args.n_iter, 2, seed))
    try:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster),
        ):
            for seed in range(args.repeats):
                rows.setdefault("dask LocalCluster, 2 workers", []).append(
                    run(args.n_iter, -1, seed, backend="dask")
                )
    except ImportError:
        print("(dask not installed: no dask row)")
    base = statistics.median(w for w, _ in rows["n_jobs=1"])
    print(
        f"{args.n_iter} candidates, random forest on digits, 3-fold CV, "
        "default n_points, "
        f"median of {args.repeats} runs"
    )
    print("| setting | wall (s) | speed-up vs n_jobs=1 | overhead share of wall |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in rows.items():
        wall = statistics.median(w for w, _ in values)
        over = statistics.median(o for _, o in values)
        print(f"| {name} | {wall:.1f} | {base / wall:.2f} | {100 * over:.0f}% |")


if __name__ == "__main__":
    main()
