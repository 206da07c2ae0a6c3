"""Search overhead: the time a searcher spends outside the estimator.

Each searcher tunes the same fast estimator (a decision tree on the digits
data, 3-fold CV, ``n_jobs=1``) for ``--n-iter`` candidates. The estimator
counts the seconds spent in its own ``fit``/``predict``; the rest of the wall
time is the searcher's overhead (proposing candidates, bookkeeping). Default
BLAS threads, as a user would run it. Medians over ``--seeds`` seeds.

    python benchmarks/bench_overhead.py --n-iter 40 --seeds 3

Needs the benchmark extras: ``pip install -e ".[benchmarks]"``.
"""

import argparse
import statistics
import time
import warnings

from sklearn.datasets import load_digits
from sklearn.model_selection import RandomizedSearchCV
from sklearn.tree import DecisionTreeClassifier

from skbayes import BayesSearchCV

ESTIMATOR_SECONDS = [0.0]


class TimedTree(DecisionTreeClassifier):
    """A decision tree that adds the time spent in it to ESTIMATOR_SECONDS."""

    def fit(self, X, y, sample_weight=None, check_input=True):
        start = time.perf_counter()
        try:
            return super().fit(
                X, y, sample_weight=sample_weight, check_input=check_input
            )
        finally:
            ESTIMATOR_SECONDS[0] += time.perf_counter() - start

    def predict(self, X, check_input=True):
        start = time.perf_counter()
        try:
            return super().predict(X, check_input=check_input)
        finally:
            ESTIMATOR_SECONDS[0] += time.perf_counter() - start


def skopt_space():
    from skopt.space import Categorical, Integer, Real

    return {
        "max_depth": Integer(1, 30),
        "min_samples_split": Integer(2, 40),
        "min_impurity_decrease": Real(1e-6, 1e-1, prior="log-uniform"),
        "criterion": Categorical(["gini", "entropy"]),
    }


def make_searchers(n_iter, seed):
    from scipy.stats import loguniform, randint

    common = dict(n_iter=n_iter, cv=3, n_jobs=1, random_state=seed)
    dists = {
        "max_depth": randint(1, 31),
        "min_samples_split": randint(2, 41),
        "min_impurity_decrease": loguniform(1e-6, 1e-1),
        "criterion": ["gini", "entropy"],
    }
    searchers = {
        "skbayes BayesSearchCV (gp)": lambda: BayesSearchCV(
            TimedTree(random_state=0), skopt_space(), **common
        ),
        "skbayes BayesSearchCV (random)": lambda: BayesSearchCV(
            TimedTree(random_state=0), skopt_space(), optimizer="random", **common
        ),
        "sklearn RandomizedSearchCV": lambda: RandomizedSearchCV(
            TimedTree(random_state=0), dists, **common
        ),
    }
    try:
        from skopt import BayesSearchCV as SkoptSearch

        searchers["skopt BayesSearchCV (gp)"] = lambda: SkoptSearch(
            TimedTree(random_state=0), skopt_space(), error_score="raise", **common
        )
    except ImportError:  # pragma: no cover
        pass
    try:
        import optuna
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )
        from optuna_integration import OptunaSearchCV

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        optuna_space = {
            "max_depth": IntDistribution(1, 30),
            "min_samples_split": IntDistribution(2, 40),
            "min_impurity_decrease": FloatDistribution(1e-6, 1e-1, log=True),
            "criterion": CategoricalDistribution(["gini", "entropy"]),
        }
        searchers["optuna OptunaSearchCV (tpe)"] = lambda: OptunaSearchCV(
            TimedTree(random_state=0),
            optuna_space,
            n_trials=n_iter,
            cv=3,
            n_jobs=1,
            random_state=seed,
        )
    except ImportError:  # pragma: no cover
        pass
    return searchers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-iter", type=int, default=40)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    X, y = load_digits(return_X_y=True)
    table = {}
    for seed in range(args.seeds):
        for name, make in make_searchers(args.n_iter, seed).items():
            search = make()
            ESTIMATOR_SECONDS[0] = 0.0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                search.fit(X, y)
                wall = time.perf_counter() - start
            overhead = wall - ESTIMATOR_SECONDS[0]
            table.setdefault(name, []).append((wall, overhead, search.best_score_))
    base = statistics.median(o for _, o, _ in table["sklearn RandomizedSearchCV"])
    print(
        f"{args.n_iter} candidates x 3 folds, decision tree on digits, n_jobs=1, "
        f"median of {args.seeds} seeds"
    )
    print(
        "| searcher | wall (s) | overhead (s) | overhead per candidate (ms) "
        "| overhead / RandomizedSearchCV's | best CV score |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, rows in table.items():
        wall = statistics.median(r[0] for r in rows)
        over = statistics.median(r[1] for r in rows)
        best = statistics.median(r[2] for r in rows)
        print(
            f"| {name} | {wall:.2f} | {over:.2f} | {1000 * over / args.n_iter:.0f} "
            f"| {over / base:.1f} | {best:.4f} |"
        )


if __name__ == "__main__":
    main()
