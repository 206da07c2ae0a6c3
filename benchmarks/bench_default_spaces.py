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

``--report-only`` rewrites the report from the CSV without running anything.
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import code_state, version
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

N_ITER = 30
ESTIMATOR_ORDER = ["linear", "knn", "tree", "svm", "forest", "hgb"]
N_SPLITS = 3  # the folds of --cv (shuffled, seeded); "default" is cv=None
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
def _datasets():
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


def _splitter(task, seed, cv_arg):
    """The ``cv`` every method gets: ``None`` (scikit-learn's default, 5
    unshuffled folds) for ``"default"``, else that many shuffled folds."""
    if cv_arg == "default":
        return None
    n_splits = int(cv_arg)
    if task == "clf":
        return StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    return KFold(n_splits, shuffle=True, random_state=seed)


def _cv_label(cv_arg):
    if cv_arg == "default":
        return "5-fold CV (cv=None, scikit-learn's default: unshuffled folds)"
    return f"{int(cv_arg)}-fold CV (shuffled, seeded)"


def _run(method, estimator, task, name, X_tr, y_tr, X_te, y_te, seed, cv_arg=N_SPLITS):
    cv = _splitter(task, seed, cv_arg)
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


def _done(path):
    if not path.exists():
        return {}
    with path.open() as f:
        return {
            (r["dataset"], r["estimator"], r["seed"], r["method"]): r
            for r in csv.DictReader(f)
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
                for dname, (task, load) in _datasets().items():
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


def report(
    csv_path,
    out_path,
    note=None,
    before=None,
    design_seeds=("0", "1"),
    cv_arg=N_SPLITS,
    code=None,
):
    rows = _done(csv_path)
    pairs = _pairs(rows)
    seeds = sorted({k[2] for k in pairs}, key=int)
    fresh = [s for s in seeds if s not in design_seeds]
    design = [s for s in seeds if s in design_seeds]
    lines = [
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
        old = _done(before)
        old_pairs = _pairs(old)
        old_seeds = sorted({k[2] for k in old_pairs}, key=int)
        lines += [
            f"### Before (`{before.as_posix()}`, seeds {', '.join(old_seeds)})",
            "",
            *_table(old_pairs, "seeds " + ", ".join(old_seeds)),
            "",
        ]
    ceiling = _ceiling(pairs)
    flat = sorted(k for k, (gap, se) in ceiling.items() if gap <= se)
    lines += [
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
    lines += ["", *_promised(pairs)]
    lines += [
        "",
        "## Per estimator (mean test score over data sets and seeds)",
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
    lines += [
        "",
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
    out_path.write_text("\n".join(lines) + "\n")
    print(
        "\n".join(
            lines[
                : lines.index(
                    "## Per estimator (mean test score over data sets and seeds)"
                )
            ]
        )
    )


def _kept_defaults(methods):
    """Whether the search selected a candidate as good on CV as the defaults."""
    try:
        b = float(methods["bayes"]["cv_score"])
        d = float(methods["default"]["cv_score"])
    except (KeyError, ValueError):
        return False
    return math.isfinite(d) and abs(b - d) <= 1e-12


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
    for dname, (task, load) in _datasets().items():
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
