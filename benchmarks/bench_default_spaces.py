"""Default search spaces: do they beat the defaults, random search and the docs' grids?

On 12 data sets that need no download (scikit-learn's bundled ones and
generated ones of varied shape: 7 classification, 5 regression) and 6
estimators (a linear model, an SVM and k-NN, each after a StandardScaler;
a decision tree, a random forest, histogram gradient boosting), each
(data set, estimator, seed) pair is split into a training set (75 %) and a
held-out test set (25 %, stratified for classifiers). On the training set:

- ``default``: the estimator with its own defaults;
- ``bayes``: ``BayesSearchCV(estimator, n_iter=29)``, no ``search_spaces``:
  the default space of :mod:`skbayes.spaces`, resolved at fit; it evaluates
  the estimator as given first, then 29 candidates of the space (30 in all,
  as the other searches);
- ``random``: ``RandomizedSearchCV`` over the same default space, resolved
  the same way (log-uniform ranges stay log-uniform), ``n_iter=30``;
- ``docs``: ``GridSearchCV`` over the grid of scikit-learn's documentation
  example for that estimator, where one exists (see ``DOC_GRIDS``).

Every search uses the same 3-fold splits (shuffled, seeded) and the
estimator's default score (accuracy, R²); the refitted best model is scored
on the test set (the defaults are also cross-validated on those splits, for
their ``cv_score``). With ``--cv default`` every search is given
``cv=None`` instead: scikit-learn's default, 5 folds (``StratifiedKFold`` for
classifiers, ``KFold`` for regressors, unshuffled: the train/test split
already shuffled the rows), which is what ``BayesSearchCV(estimator)``
gets when the user passes no ``cv``; ``--cv K`` gives K shuffled folds.
The standard error of a test score is the standard
deviation of the score over 200 bootstrap resamples of the test set.

Runs are appended to a CSV (one row per method and pair) as they finish; a
run that is already in the CSV is not repeated, so the script can be
stopped and restarted, and seeds added later. The report (wins, ties and
losses on the test score) is written from the whole CSV:

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\
        python benchmarks/bench_default_spaces.py --seeds 0 \\
        --csv benchmarks/results/default_spaces.csv \\
        --out benchmarks/results/default_spaces.md

``--report-only`` rewrites the report from the CSV without running anything;
``--forest-noise`` prints the spread of the default forest's test score over
its own ``random_state`` (``forest_noise``).

To extend it, one place each: a data set in ``data_sets``; an estimator in
``_estimators`` (both tasks) and ``ESTIMATOR_ORDER``; a documentation grid in
``_doc_grid``; a method in ``_run`` (and ``run``'s list of methods); a table
in ``_default_spaces_report.py``. The SVMs' slow-fit study is
``bench_default_spaces_svm.py``.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _default_spaces_report import (
    ESTIMATOR_ORDER,
    N_ITER,
    N_SPLITS,
    _done,
    report,
)
from sklearn import datasets
from sklearn.base import clone, is_classifier
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.exceptions import ConvergenceWarning, FitFailedWarning
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    RandomizedSearchCV,
    StratifiedKFold,
    check_cv,
    cross_val_score,
    train_test_split,
)
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from skbayes import BayesSearchCV
from skbayes.space import Categorical, Integer, Ordinal, Real
from skbayes.spaces import default_space

FIELDS = [
    "dataset",
    "task",
    "estimator",
    "seed",
    "method",
    "test_score",
    "test_se",
    "cv_score",
    "n_candidates",
    "seconds",
]


# -- data sets ------------------------------------------------------------------
def data_sets():
    """name -> (task, loader); every loader returns X, y."""
    return {
        "iris": ("clf", lambda: datasets.load_iris(return_X_y=True)),
        "wine": ("clf", lambda: datasets.load_wine(return_X_y=True)),
        "breast_cancer": (
            "clf",
            lambda: datasets.load_breast_cancer(return_X_y=True),
        ),
        "digits": ("clf", lambda: datasets.load_digits(return_X_y=True)),
        "moons": (
            "clf",
            lambda: datasets.make_moons(n_samples=500, noise=0.3, random_state=0),
        ),
        "clf_600x20": (
            "clf",
            lambda: datasets.make_classification(
                n_samples=600,
                n_features=20,
                n_informative=6,
                flip_y=0.05,
                random_state=0,
            ),
        ),
        "clf_400x50_4cls": (
            "clf",
            lambda: datasets.make_classification(
                n_samples=400,
                n_features=50,
                n_informative=10,
                n_classes=4,
                random_state=1,
            ),
        ),
        "diabetes": ("reg", lambda: datasets.load_diabetes(return_X_y=True)),
        "friedman1": (
            "reg",
            lambda: datasets.make_friedman1(n_samples=500, noise=1.0, random_state=0),
        ),
        "friedman2": (
            "reg",
            lambda: datasets.make_friedman2(n_samples=400, noise=10.0, random_state=0),
        ),
        "friedman3": (
            "reg",
            lambda: datasets.make_friedman3(n_samples=400, noise=0.05, random_state=0),
        ),
        "reg_400x30": (
            "reg",
            lambda: datasets.make_regression(
                n_samples=400,
                n_features=30,
                n_informative=10,
                noise=20.0,
                random_state=0,
            ),
        ),
    }


# -- estimators --------------------------------------------------------------------
def _estimators(task):
    """name -> estimator, cheapest first.

    The forests have 25 trees and the boosting 50 iterations (instead of 100)
    to fit the benchmark on a shared 2-core machine; every method gets the
    same estimator.
    """
    if task == "clf":
        return {
            "linear": make_pipeline(StandardScaler(), LogisticRegression()),
            "knn": make_pipeline(StandardScaler(), KNeighborsClassifier()),
            "svm": make_pipeline(StandardScaler(), SVC()),
            "tree": DecisionTreeClassifier(random_state=0),
            "forest": RandomForestClassifier(n_estimators=25, random_state=0),
            "hgb": HistGradientBoostingClassifier(max_iter=50, random_state=0),
        }
    return {
        "linear": make_pipeline(StandardScaler(), Ridge()),
        "knn": make_pipeline(StandardScaler(), KNeighborsRegressor()),
        "svm": make_pipeline(StandardScaler(), SVR()),
        "tree": DecisionTreeRegressor(random_state=0),
        "forest": RandomForestRegressor(n_estimators=25, random_state=0),
        "hgb": HistGradientBoostingRegressor(max_iter=50, random_state=0),
    }


# The grids of scikit-learn's documentation examples (where one exists for
# the estimator), as a user copies them; ``n_features`` clips the forest's.
def _doc_grid(task, name, n_features):
    if name == "svm" and task == "clf":
        # examples/svm/plot_rbf_parameters.py: the 3 x 3 grid it plots (its
        # 13 x 13 grid reaches C = 1e10, where libsvm fits of the noisy
        # moons data did not end in 10 minutes)
        return {"svc__C": [1e-2, 1, 1e2], "svc__gamma": [1e-1, 1, 1e1]}
    if name == "svm":
        # examples/miscellaneous/plot_kernel_ridge_regression.py
        return {"svr__C": [1e0, 1e1, 1e2, 1e3], "svr__gamma": np.logspace(-2, 2, 5)}
    if name == "linear" and task == "clf":
        # examples/compose/plot_digits_pipe.py (its C grid)
        return {"logisticregression__C": np.logspace(-4, 4, 4)}
    if name == "linear":
        # examples/inspection/plot_linear_model_coefficient_interpretation.py
        return {"ridge__alpha": np.logspace(-10, 10, 21)}
    if name == "knn" and task == "clf":
        # examples/neighbors/plot_caching_nearest_neighbors.py
        return {"kneighborsclassifier__n_neighbors": list(range(1, 10))}
    if name == "forest" and task == "clf":
        # examples/model_selection/plot_randomized_search.py (scikit-learn
        # 0.19 to 0.21, before it moved to SGDClassifier); max_features
        # clipped to the number of features
        return {
            "max_depth": [3, None],
            "max_features": sorted({min(v, n_features) for v in (1, 3, 10)}),
            "min_samples_split": [2, 3, 10],
            "bootstrap": [True, False],
            "criterion": ["gini", "entropy"],
        }
    return None


# -- RandomizedSearchCV over a resolved default space ---------------------------
class _LogUniformInt:
    """A log-uniform integer distribution (scipy has none)."""

    def __init__(self, low, high):
        self.low, self.high = low, high

    def rvs(self, random_state=None):
        rng = np.random.default_rng(random_state.randint(2**31))
        value = math.exp(rng.uniform(math.log(self.low), math.log(self.high + 1)))
        return int(min(self.high, math.floor(value)))


def _distribution(dim):
    if isinstance(dim, Real):
        if dim.prior == "log-uniform":
            return stats.loguniform(dim.low, dim.high)
        return stats.uniform(dim.low, dim.high - dim.low)
    if isinstance(dim, Integer):
        if dim.prior == "log-uniform":
            return _LogUniformInt(dim.low, dim.high)
        return stats.randint(dim.low, dim.high + 1)
    if isinstance(dim, (Ordinal, Categorical)):
        return list(dim.values)
    return dim  # a list of values


def _random_space(resolved):
    spaces = resolved.search_spaces()
    dicts = spaces if isinstance(spaces, list) else [spaces]
    out = [{k: _distribution(v) for k, v in d.items()} for d in dicts]
    return out if len(out) > 1 else out[0]


# -- scoring ----------------------------------------------------------------------
def _bootstrap_se(model, X, y, seed, n_boot=200):
    pred = model.predict(X)
    rng = np.random.default_rng(seed)
    classifier = is_classifier(model)
    scores = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        if classifier:
            scores.append(np.mean(pred[idx] == y[idx]))
        else:
            resid = np.sum((y[idx] - pred[idx]) ** 2)
            total = np.sum((y[idx] - y[idx].mean()) ** 2)
            scores.append(1 - resid / total if total > 0 else np.nan)
    return float(np.nanstd(scores))


def cv_splitter(task, seed, cv_arg):
    """The ``cv`` every method gets: ``None`` (scikit-learn's default, 5
    unshuffled folds) for ``"default"``, else that many shuffled folds."""
    if cv_arg == "default":
        return None
    n_splits = int(cv_arg)
    if task == "clf":
        return StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    return KFold(n_splits, shuffle=True, random_state=seed)


def _run(method, estimator, task, name, X_tr, y_tr, X_te, y_te, seed, cv_arg=N_SPLITS):
    cv = cv_splitter(task, seed, cv_arg)
    started = time.perf_counter()
    cv_score, n_candidates = math.nan, 1
    if method == "default":
        model = clone(estimator).fit(X_tr, y_tr)
        cv_score = float(np.mean(cross_val_score(clone(estimator), X_tr, y_tr, cv=cv)))
    else:
        if method == "bayes":
            # the estimator as given, then N_ITER - 1 candidates of the space
            search = BayesSearchCV(
                clone(estimator), n_iter=N_ITER - 1, cv=cv, random_state=seed
            )
        elif method == "random":
            splits = check_cv(cv, y_tr, classifier=task == "clf")
            n_train = min(len(tr) for tr, _ in splits.split(X_tr, y_tr))
            space = default_space(estimator).resolve(X_tr, y_tr, n_train=n_train)
            search = RandomizedSearchCV(
                clone(estimator),
                _random_space(space),
                n_iter=N_ITER,
                cv=cv,
                random_state=seed,
            )
        else:
            grid = _doc_grid(task, name, X_tr.shape[1])
            search = GridSearchCV(clone(estimator), grid, cv=cv)
        search.fit(X_tr, y_tr)
        model = search.best_estimator_
        cv_score = float(search.best_score_)
        n_candidates = len(search.cv_results_["params"])
    seconds = time.perf_counter() - started
    return {
        "test_score": float(model.score(X_te, y_te)),
        "test_se": _bootstrap_se(model, X_te, y_te, seed),
        "cv_score": cv_score,
        "n_candidates": n_candidates,
        "seconds": round(seconds, 2),
    }


def run(
    seeds,
    csv_path,
    only_datasets=None,
    only_estimators=None,
    only_methods=None,
    cv_arg=N_SPLITS,
):
    done = _done(csv_path)
    new = not csv_path.exists()
    with csv_path.open("a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        if new:
            writer.writeheader()
        # the cheap estimators cover every data set first, so that a run
        # stopped early has whole estimators
        for seed in seeds:
            for ename in ESTIMATOR_ORDER:
                if only_estimators and ename not in only_estimators:
                    continue
                for dname, (task, load) in data_sets().items():
                    if only_datasets and dname not in only_datasets:
                        continue
                    estimator = _estimators(task)[ename]
                    X, y = load()
                    X_tr, X_te, y_tr, y_te = train_test_split(
                        X,
                        y,
                        test_size=0.25,
                        random_state=seed,
                        stratify=y if task == "clf" else None,
                    )
                    methods = ["default", "bayes", "random"]
                    if _doc_grid(task, ename, X.shape[1]) is not None:
                        methods.append("docs")
                    for method in methods:
                        key = (dname, ename, str(seed), method)
                        if key in done or (only_methods and method not in only_methods):
                            continue
                        result = _run(
                            method,
                            estimator,
                            task,
                            ename,
                            X_tr,
                            y_tr,
                            X_te,
                            y_te,
                            seed,
                            cv_arg,
                        )
                        row = {
                            "dataset": dname,
                            "task": task,
                            "estimator": ename,
                            "seed": seed,
                            "method": method,
                            **result,
                        }
                        writer.writerow(row)
                        f.flush()
                        print(
                            f"{dname:16s} {ename:7s} seed {seed} {method:8s} "
                            f"test {result['test_score']:.4f} "
                            f"({result['seconds']:.1f} s)",
                            flush=True,
                        )


def forest_noise(seeds, n_forests=10):
    """The spread of the default forest's test score over its own random_state.

    The same configuration (the benchmark's 25-tree forest with its defaults)
    fitted with ``random_state`` 0 .. n_forests - 1 on each data set and
    split: a search's loss to the defaults smaller than this spread is the
    forest's own randomness, not a worse configuration.
    """
    print("| data set | seed | std of the test score | max - min |")
    print("|---|---|---|---|")
    stds = []
    for dname, (task, load) in data_sets().items():
        X, y = load()
        for seed in seeds:
            X_tr, X_te, y_tr, y_te = train_test_split(
                X,
                y,
                test_size=0.25,
                random_state=seed,
                stratify=y if task == "clf" else None,
            )
            forest = _estimators(task)["forest"]
            scores = [
                clone(forest)
                .set_params(random_state=r)
                .fit(X_tr, y_tr)
                .score(X_te, y_te)
                for r in range(n_forests)
            ]
            stds.append(np.std(scores))
            print(
                f"| {dname} | {seed} | {np.std(scores):.4f} | "
                f"{np.max(scores) - np.min(scores):.4f} |",
                flush=True,
            )
    print(f"\nmedian standard deviation: {np.median(stds):.4f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument(
        "--csv", type=Path, default=Path("benchmarks/results/default_spaces.csv")
    )
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results/default_spaces.md")
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="the CSV of an earlier run, whose tables the report adds",
    )
    parser.add_argument(
        "--cv",
        default=str(N_SPLITS),
        help="'default': every search gets cv=None (scikit-learn's 5 "
        "unshuffled folds, what a user gets without cv); an integer K: K "
        f"shuffled, seeded folds (default {N_SPLITS})",
    )
    parser.add_argument("--datasets", nargs="*")
    parser.add_argument("--estimators", nargs="*")
    parser.add_argument(
        "--methods",
        nargs="*",
        help="run only these of default, bayes, random, docs (the rest later)",
    )
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--note", help="a paragraph added to the report")
    parser.add_argument(
        "--code",
        help="the skbayes commit the CSV measured, for a report rewritten "
        "later with --report-only (default: the commit that imports now)",
    )
    parser.add_argument(
        "--forest-noise",
        action="store_true",
        help="print the spread of the default forest's test score over its "
        "random_state (10 forests per data set and seed), and nothing else",
    )
    args = parser.parse_args()
    if args.forest_noise:
        forest_noise(args.seeds)
        return
    if not args.report_only:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", FitFailedWarning)
            warnings.filterwarnings("ignore", message="One or more of the test")
            run(
                args.seeds,
                args.csv,
                args.datasets,
                args.estimators,
                args.methods,
                args.cv,
            )
    report(args.csv, args.out, args.note, args.before, cv_arg=args.cv, code=args.code)


if __name__ == "__main__":
    main()
