"""Sample efficiency: how good a score each searcher finds within a budget.

Every searcher runs through the same scikit-learn search API in one process
(``fit`` on a dummy ``X``, ``cv=2``, ``n_jobs=1``) on a *function-backed
estimator*: a ``BaseEstimator`` whose parameters are the problem's parameters
and whose ``score(X, y)`` returns the problem's value at those parameters,
whatever ``X`` is. Evaluations are then almost free and noise-free, so the
benchmark measures only how well a searcher chooses its candidates.

Searchers (``--searchers``)

- ``skbayes-gp``, ``skbayes-skopt``, ``skbayes-random`` (and ``skbayes-tpe``
  when ``"tpe" in skbayes.optimizer.OPTIMIZERS``): ``skbayes.BayesSearchCV``
  with that ``optimizer`` and ``n_initial_points="auto"``;
- ``skopt-bscv``: ``skopt.BayesSearchCV`` (its defaults: GP, ``gp_hedge``);
- ``optuna-tpe``, ``optuna-gp``: ``optuna_integration.OptunaSearchCV`` with
  its default ``TPESampler`` / with a study using ``optuna.samplers.GPSampler``
  (needs torch; skipped with a note when torch is missing);
- ``sklearn-random``: ``sklearn.model_selection.RandomizedSearchCV``.

Problems (``--problems``)

- lookup tables: the full-grid 5-fold CV scores of real models on
  scikit-learn's bundled data sets, computed once with ``GridSearchCV``
  (``n_jobs=2``) and cached as CSV in ``benchmarks/data/`` (see
  ``benchmarks/data/README.md`` for grids, best scores and build times;
  ``--rebuild-tables`` recomputes them). Every searcher searches the grid
  itself: skbayes and scikit-learn get the lists of values (numbers are an
  ordered axis for skbayes, sampled without replacement by
  ``RandomizedSearchCV``); skopt gets ``Integer(0, n - 1)`` over the grid
  positions of each numeric axis and optuna ``IntDistribution(0, n - 1)``
  (ordered axes), both ``Categorical`` for string axes. ``GridSearchCV``
  runs once per table as the reference "best of grid".
- ``branin`` (2-D) and ``hartmann6`` (6-D) on their usual boxes, score
  ``-f(x)`` (maximized), continuous spaces for every searcher.

Metrics, per problem x searcher x seed, at budgets 20 and ``--budget``
(prefixes of one run of ``--budget`` candidates, in evaluation order):

- simple regret: ``opt - best_found``;
- normalized score (bayesmark-style):
  ``norm = 1 - (opt - best_found) / (opt - rand_med(b))``, clipped below at
  -1, where ``rand_med(b)`` is the median best score of random search with
  ``b`` candidates (exact order statistics of the grid sampled without
  replacement for lookup tables; 20,000 Monte Carlo draws of uniform points
  for the continuous problems). Random search scores about 0, the optimum 1.
  ``opt`` is the grid maximum for lookup tables (exact) and the known global
  optimum for the test functions. Where ``rand_med(b) == opt`` (random search
  already finds the optimum in half of its runs) the score is undefined:
  shown as "-" and left out of the suite mean.
- For the random forest grids (``rf_iris``, ``rf_wine``): the number of
  candidates each searcher needs to reach GridSearchCV's best score, and in
  how many seeds it does so within 40 candidates.

The markdown report gives median [IQR] over seeds per problem x searcher, and
the suite mean (mean over problems of the per-problem mean normalized score).

    python benchmarks/bench_engines.py --seeds 10 --budget 50 \\
        --out benchmarks/results/engines.md

writes the report to ``--out`` and the raw per-run results next to it (same
name, ``.csv``: per-run metrics, the skbayes commit of skbayes' searchers,
and the regret of every evaluation in order). ``--jobs 2`` runs the
(problem, searcher, seed) runs in two worker processes, each limited to one
BLAS/OpenMP/torch thread (``--blas-threads``); scores do not depend on it.

Cost: with ``--jobs 2`` on a 2-core machine shared with other work, all
searchers x 11 problems x 10 seeds took 45 min, two thirds of it in
``skopt-bscv`` (about 30 s per 50-candidate run, against 1-3 s for
``skbayes-gp`` and ``optuna-gp``); ``--slow-seeds N`` runs ``skopt-bscv`` and
``optuna-gp`` on the first N seeds only. To re-run some searchers only (say,
after a change to skbayes) and merge with an earlier run:

    python benchmarks/bench_engines.py --searchers skbayes-gp --jobs 2 \
        --out benchmarks/results/engines_skbayes.md
    python benchmarks/bench_engines.py --from-csv \
        benchmarks/results/engines_peers.csv \
        benchmarks/results/engines_skbayes.csv \
        --out benchmarks/results/engines.md
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import math
import os
import platform
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from _common import code_state, has_torch, version  # benchmarks/_common.py
from scipy import special, stats
from sklearn.base import BaseEstimator
from sklearn.model_selection import GridSearchCV, KFold, RandomizedSearchCV

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
DUMMY_X = np.zeros((4, 1))
DUMMY_Y = np.zeros(4)
RF_PROBLEMS = ("rf_iris", "rf_wine")
SLOW = ("skopt-bscv", "optuna-gp")  # the searchers --slow-seeds applies to
REACH_WITHIN = 40


# --------------------------------------------------------------------------
# dimensions and problems
# --------------------------------------------------------------------------
@dataclass
class GridDim:
    """A finite axis: ordered numbers, or unordered strings."""

    name: str
    values: list
    sk_name: str | None = None  # parameter name for the real model
    sk_values: list | None = None  # values for the real model (default: values)

    @property
    def ordered(self):
        return not isinstance(self.values[0], str)

    def index_of(self, value):
        if self.ordered:
            return int(np.argmin(np.abs(np.asarray(self.values, float) - value)))
        return self.values.index(value)


@dataclass
class RealDim:
    name: str
    low: float
    high: float


@dataclass
class Problem:
    name: str
    dims: list
    optimum: float
    kind: str  # "lookup" or "function"
    table: np.ndarray | None = None  # lookup: scores on the grid
    func: object = None  # function: f(np.ndarray of shape (d,)) -> score
    description: str = ""
    _rand_cache: dict = field(default_factory=dict)

    @property
    def names(self):
        return [d.name for d in self.dims]

    @property
    def n_candidates(self):
        if self.kind != "lookup":
            return math.inf
        return int(self.table.size)

    def value(self, params, index):
        """The score at ``params`` (grid positions for ordered axes if index)."""
        if self.kind == "lookup":
            pos = []
            for d in self.dims:
                v = params[d.name]
                pos.append(int(v) if index and d.ordered else d.index_of(v))
            return float(self.table[tuple(pos)])
        return float(self.func(np.array([params[d.name] for d in self.dims], float)))

    # -- spaces for every searcher ---------------------------------------
    def space_skbayes(self):
        return {
            d.name: list(d.values)
            if isinstance(d, GridDim)
            else (float(d.low), float(d.high))
            for d in self.dims
        }

    def space_sklearn_random(self):
        return {
            d.name: list(d.values)
            if isinstance(d, GridDim)
            else stats.uniform(d.low, d.high - d.low)
            for d in self.dims
        }

    def space_skopt(self):
        from skopt.space import Categorical, Integer, Real

        out = {}
        for d in self.dims:
            if isinstance(d, RealDim):
                out[d.name] = Real(d.low, d.high)
            elif d.ordered:
                out[d.name] = Integer(0, len(d.values) - 1)
            else:
                out[d.name] = Categorical(list(d.values))
        return out

    def space_optuna(self):
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        out = {}
        for d in self.dims:
            if isinstance(d, RealDim):
                out[d.name] = FloatDistribution(d.low, d.high)
            elif d.ordered:
                out[d.name] = IntDistribution(0, len(d.values) - 1)
            else:
                out[d.name] = CategoricalDistribution(list(d.values))
        return out

    # -- random-search reference -------------------------------------------
    def random_median_best(self, budget):
        """Median best score of random search with ``budget`` candidates."""
        if budget not in self._rand_cache:
            if self.kind == "lookup":
                self._rand_cache[budget] = _median_max_without_replacement(
                    self.table.ravel(), budget
                )
            else:
                rng = np.random.default_rng(12345)
                low = np.array([d.low for d in self.dims])
                high = np.array([d.high for d in self.dims])
                n_rep = 20_000
                X = low + (high - low) * rng.random((n_rep * budget, len(self.dims)))
                f = np.apply_along_axis(self.func, 1, X).reshape(n_rep, budget)
                self._rand_cache[budget] = float(np.median(f.max(axis=1)))
        return self._rand_cache[budget]


def _median_max_without_replacement(values, k):
    """Median of the max of ``k`` values drawn without replacement."""
    v = np.sort(np.asarray(values, float))
    n = len(v)
    if k >= n:
        return float(v[-1])
    # P(max <= v[j-1]) = C(j, k) / C(n, k) with j values <= threshold
    for t in np.unique(v):
        j = int(np.searchsorted(v, t, side="right"))
        if j < k:
            continue
        log_p = (
            special.gammaln(j + 1)
            - special.gammaln(j - k + 1)
            - special.gammaln(n + 1)
            + special.gammaln(n - k + 1)
        )
        if math.exp(log_p) >= 0.5:
            return float(t)
    return float(v[-1])


def make_estimator(problem, index):
    """A function-backed estimator class for ``problem``.

    Its constructor parameters are the problem's parameters (an explicit
    signature, so ``get_params``/``clone`` work); ``score`` returns the
    problem's value at them. With ``index=True`` ordered grid axes are given
    as grid positions (skopt, optuna).
    """

    names = problem.names

    def __init__(self, **params):
        for name in names:
            setattr(self, name, params.pop(name, None))
        if params:
            raise TypeError(f"unexpected parameters {sorted(params)}")

    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None)
            for n in names
        ]
    )

    def fit(self, X, y=None):
        return self

    def score(self, X, y=None):
        return problem.value(self.get_params(), index)

    cls_name = f"FunctionEstimator_{problem.name}{'_index' if index else ''}"
    return type(
        cls_name,
        (BaseEstimator,),
        {"__init__": __init__, "fit": fit, "score": score},
    )()


# --------------------------------------------------------------------------
# test functions
# --------------------------------------------------------------------------
def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * np.pi**2), 5 / np.pi, 1 / (8 * np.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * np.cos(x1) + 10


_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H6_A = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
_H6_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)


def hartmann6(x):
    return -float(_H6_ALPHA @ np.exp(-(_H6_A * (x - _H6_P) ** 2).sum(axis=1)))


def function_problems():
    return {
        "branin": Problem(
            "branin",
            [RealDim("x1", -5.0, 10.0), RealDim("x2", 0.0, 15.0)],
            optimum=-0.397887357729738,
            kind="function",
            func=lambda x: -branin(x),
            description="Branin, x1 in [-5, 10], x2 in [0, 15]; score -f",
        ),
        "hartmann6": Problem(
            "hartmann6",
            [RealDim(f"x{i}", 0.0, 1.0) for i in range(1, 7)],
            optimum=3.32236801141551,
            kind="function",
            func=lambda x: -hartmann6(x),
            description="Hartmann6 on [0, 1]^6; score -f",
        ),
    }


# --------------------------------------------------------------------------
# lookup tables: real models, full grids, computed once
# --------------------------------------------------------------------------
def _log_grid(low_exp, high_exp, n):
    return [float(f"{v:.6g}") for v in np.logspace(low_exp, high_exp, n)]


def table_specs():
    """name -> (description, dims, builder() -> (estimator, X, y, scoring, cv))."""
    from sklearn import datasets
    from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
    from sklearn.linear_model import ElasticNet, Lasso, Ridge
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MinMaxScaler, PolynomialFeatures, StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    def rf(load):
        def build():
            X, y = load(return_X_y=True)
            return RandomForestClassifier(random_state=0), X, y, "f1_micro", 5

        dims = [
            GridDim("max_depth", list(range(1, 20))),
            GridDim("n_estimators", list(range(1, 50, 10))),
            GridDim("max_leaf_nodes", list(range(2, 100, 10))),
        ]
        return dims, build

    def svc_bc():
        X, y = datasets.load_breast_cancer(return_X_y=True)
        est = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
        return est, X, y, "accuracy", 5

    def svc_digits():
        X, y = datasets.load_digits(return_X_y=True)
        # every second sample (899 of 1797) keeps the grid under two minutes
        return SVC(), X[::2] / 16.0, y[::2], "accuracy", 5

    def knn_wine():
        X, y = datasets.load_wine(return_X_y=True)
        est = Pipeline([("scaler", "passthrough"), ("knn", KNeighborsClassifier())])
        return est, X, y, "accuracy", 5

    def tree_bc():
        X, y = datasets.load_breast_cancer(return_X_y=True)
        return DecisionTreeClassifier(random_state=0), X, y, "roc_auc", 5

    def gb_diabetes():
        X, y = datasets.load_diabetes(return_X_y=True)
        cv = KFold(5, shuffle=True, random_state=0)
        return GradientBoostingRegressor(random_state=0), X, y, "r2", cv

    def linear_diabetes():
        X, y = datasets.load_diabetes(return_X_y=True)
        est = Pipeline(
            [
                ("poly", PolynomialFeatures(include_bias=False)),
                ("scale", StandardScaler()),
                ("model", Ridge()),
            ]
        )
        cv = KFold(5, shuffle=True, random_state=0)
        return est, X, y, "r2", cv

    def mlp_wine():
        X, y = datasets.load_wine(return_X_y=True)
        est = Pipeline(
            [
                ("scale", StandardScaler()),
                ("mlp", MLPClassifier(max_iter=200, random_state=0)),
            ]
        )
        return est, X, y, "accuracy", 5

    specs = {}
    dims, build = rf(datasets.load_iris)
    specs["rf_iris"] = ("RandomForestClassifier on iris, f1_micro", dims, build)
    dims, build = rf(datasets.load_wine)
    specs["rf_wine"] = ("RandomForestClassifier on wine, f1_micro", dims, build)
    specs["svc_breast_cancer"] = (
        "StandardScaler + SVC(rbf) on breast_cancer, accuracy",
        [
            GridDim("C", _log_grid(-2, 5, 15), "svc__C"),
            GridDim("gamma", _log_grid(-5, 1, 15), "svc__gamma"),
        ],
        svc_bc,
    )
    specs["svc_digits"] = (
        "SVC(rbf) on digits (every 2nd sample, X/16), accuracy",
        [
            GridDim("C", _log_grid(-2, 5, 15)),
            GridDim("gamma", _log_grid(-5, 1, 15)),
        ],
        svc_digits,
    )
    specs["knn_wine"] = (
        "scaler + KNeighborsClassifier on wine, accuracy",
        [
            GridDim("n_neighbors", list(range(1, 31)), "knn__n_neighbors"),
            GridDim("weights", ["uniform", "distance"], "knn__weights"),
            GridDim("p", [1, 2, 3], "knn__p"),
            GridDim(
                "scaler",
                ["none", "standard", "minmax"],
                "scaler",
                ["passthrough", StandardScaler(), MinMaxScaler()],
            ),
        ],
        knn_wine,
    )
    specs["tree_breast_cancer"] = (
        "DecisionTreeClassifier on breast_cancer, roc_auc",
        [
            GridDim("max_depth", list(range(1, 13))),
            GridDim("min_samples_split", [2, 4, 8, 16, 32, 64]),
            GridDim("min_samples_leaf", [1, 2, 4, 8, 16, 32]),
            GridDim("criterion", ["gini", "entropy"]),
        ],
        tree_bc,
    )
    specs["gb_diabetes"] = (
        "GradientBoostingRegressor on diabetes, r2",
        [
            GridDim("learning_rate", _log_grid(-2.5, 0, 6)),
            GridDim("max_depth", [1, 2, 3, 4, 6]),
            GridDim("n_estimators", [25, 50, 100, 200]),
            GridDim("subsample", [0.5, 0.8, 1.0]),
        ],
        gb_diabetes,
    )
    specs["linear_diabetes"] = (
        "PolynomialFeatures + StandardScaler + Ridge/Lasso/ElasticNet on diabetes, r2",
        [
            GridDim(
                "model",
                ["ridge", "lasso", "elasticnet"],
                "model",
                [Ridge(), Lasso(max_iter=5000), ElasticNet(max_iter=5000)],
            ),
            GridDim("alpha", _log_grid(-4, 2, 25), "model__alpha"),
            GridDim("degree", [1, 2, 3], "poly__degree"),
        ],
        linear_diabetes,
    )
    specs["mlp_wine"] = (
        "StandardScaler + MLPClassifier(max_iter=200) on wine, accuracy",
        [
            GridDim(
                "hidden",
                [2, 4, 8, 16, 32, 64],
                "mlp__hidden_layer_sizes",
                [(h,) for h in (2, 4, 8, 16, 32, 64)],
            ),
            GridDim("alpha", _log_grid(-5, 1, 7), "mlp__alpha"),
            GridDim(
                "learning_rate_init", _log_grid(-4, -1, 4), "mlp__learning_rate_init"
            ),
        ],
        mlp_wine,
    )
    return specs


def build_table(name, spec):
    """Run GridSearchCV over the full grid; write the CSV; return seconds."""
    _, dims, build = spec
    estimator, X, y, scoring, cv = build()
    combos = list(itertools.product(*(range(len(d.values)) for d in dims)))
    grid = []
    for combo in combos:
        point = {}
        for d, i in zip(dims, combo):
            sk_values = d.sk_values if d.sk_values is not None else d.values
            point[d.sk_name or d.name] = [sk_values[i]]
        grid.append(point)
    search = GridSearchCV(estimator, grid, scoring=scoring, cv=cv, n_jobs=2)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    seconds = time.perf_counter() - start
    rows = {d.name: [d.values[c[k]] for c in combos] for k, d in enumerate(dims)}
    rows["score"] = search.cv_results_["mean_test_score"]
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(
        DATA_DIR / f"{name}.csv", index=False, float_format="%.12g"
    )
    return seconds


def load_table(name, dims, description):
    frame = pd.read_csv(DATA_DIR / f"{name}.csv")
    shape = tuple(len(d.values) for d in dims)
    table = np.full(shape, np.nan)
    for row in frame.itertuples(index=False):
        row = row._asdict()
        pos = tuple(d.index_of(row[d.name]) for d in dims)
        table[pos] = row["score"]
    if np.isnan(table).any() or len(frame) != table.size:
        raise ValueError(f"{name}.csv does not cover its grid; use --rebuild-tables")
    return Problem(
        name,
        dims,
        optimum=float(table.max()),
        kind="lookup",
        table=table,
        description=description,
    )


def write_tables_readme(problems, seconds):
    lines = [
        "# Lookup tables for bench_engines.py",
        "",
        "Full-grid 5-fold cross-validation scores (``GridSearchCV``, ``n_jobs=2``) "
        "of real models on scikit-learn's bundled data sets, one CSV per problem "
        "(one row per grid point, ``score`` = ``mean_test_score``). Rebuild with "
        "``python benchmarks/bench_engines.py --rebuild-tables --seeds 0``.",
        "",
        f"Built with scikit-learn {version('sklearn')}, numpy "
        f"{version('numpy')}, Python {platform.python_version()}.",
        "",
        "| table | model | grid | candidates | best | median | build (s) |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    total = 0.0
    for name, p in problems.items():
        grid = " x ".join(f"{d.name}({len(d.values)})" for d in p.dims)
        sec = seconds.get(name)
        total += sec or 0.0
        lines.append(
            f"| {name} | {p.description} | {grid} | {p.table.size} "
            f"| {p.optimum:.4f} | {np.median(p.table):.4f} "
            f"| {'' if sec is None else f'{sec:.0f}'} |"
        )
    lines += ["", f"Total build time: {total:.0f} s.", ""]
    (DATA_DIR / "README.md").write_text("\n".join(lines))


def lookup_problems(names, rebuild):
    specs = table_specs()
    problems, seconds = {}, {}
    for name, spec in specs.items():
        if name not in names:
            continue
        if rebuild or not (DATA_DIR / f"{name}.csv").exists():
            print(f"building table {name} ...", file=sys.stderr, flush=True)
            seconds[name] = build_table(name, spec)
            print(f"  {seconds[name]:.0f} s", file=sys.stderr, flush=True)
        problems[name] = load_table(name, spec[1], spec[0])
    if seconds and set(problems) == set(specs):
        write_tables_readme(problems, seconds)
    return problems


# --------------------------------------------------------------------------
# searchers
# --------------------------------------------------------------------------


def available_searchers():
    from skbayes.optimizer import OPTIMIZERS

    names = ["skbayes-gp", "skbayes-skopt", "skbayes-random"]
    if "tpe" in OPTIMIZERS:
        names.append("skbayes-tpe")
    names += ["skopt-bscv", "optuna-tpe", "optuna-gp", "sklearn-random"]
    return names


def make_searcher(name, problem, seed, budget):
    common = dict(cv=2, n_jobs=1, refit=False)
    if name.startswith("skbayes-"):
        from skbayes import BayesSearchCV

        return BayesSearchCV(
            make_estimator(problem, index=False),
            problem.space_skbayes(),
            n_iter=budget,
            optimizer=name.split("-", 1)[1],
            n_initial_points="auto",
            random_state=seed,
            **common,
        )
    if name == "skopt-bscv":
        from skopt import BayesSearchCV as SkoptBayesSearchCV

        return SkoptBayesSearchCV(
            make_estimator(problem, index=True),
            problem.space_skopt(),
            n_iter=budget,
            random_state=seed,
            error_score=np.nan,
            **common,
        )
    if name.startswith("optuna-"):
        import optuna
        from optuna_integration import OptunaSearchCV

        study = None
        if name == "optuna-gp":
            study = optuna.create_study(
                direction="maximize", sampler=optuna.samplers.GPSampler(seed=seed)
            )
        return OptunaSearchCV(
            make_estimator(problem, index=True),
            problem.space_optuna(),
            n_trials=budget,
            random_state=seed,
            study=study,
            **common,
        )
    if name == "sklearn-random":
        return RandomizedSearchCV(
            make_estimator(problem, index=False),
            problem.space_sklearn_random(),
            n_iter=budget,
            random_state=seed,
            **common,
        )
    raise ValueError(f"unknown searcher {name!r}")


def _quiet():
    warnings.simplefilter("ignore")
    try:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
    except ImportError:  # pragma: no cover
        pass


# --------------------------------------------------------------------------
# running
# --------------------------------------------------------------------------
_WORKER_PROBLEMS = {}


def limit_threads(n):
    """Limit BLAS/OpenMP (and torch) threads of this process to ``n``."""
    if not n:
        return
    from threadpoolctl import threadpool_limits

    if has_torch():
        import torch

        torch.set_num_threads(n)
    threadpool_limits(limits=n)


def _init_worker(problem_names, blas_threads):
    limit_threads(blas_threads)
    _WORKER_PROBLEMS.update(get_problems(problem_names, rebuild=False))
    _quiet()


def run_one(task, problems=None):
    """One search; returns the scores in evaluation order and the wall time."""
    problem_name, searcher, seed, budget = task
    problem = (problems or _WORKER_PROBLEMS)[problem_name]
    _quiet()
    search = make_searcher(searcher, problem, seed, budget)
    start = time.perf_counter()
    try:
        search.fit(DUMMY_X, DUMMY_Y)
        scores = np.asarray(search.cv_results_["mean_test_score"], float)
        error = ""
    except Exception as exc:  # report, do not stop the benchmark
        scores = np.array([])
        error = f"{type(exc).__name__}: {exc}"[:200]
    wall = time.perf_counter() - start
    return task, scores, wall, error


def get_problems(names, rebuild):
    funcs = function_problems()
    problems = lookup_problems([n for n in names if n not in funcs], rebuild)
    problems.update({n: p for n, p in funcs.items() if n in names})
    return {n: problems[n] for n in names}


def evaluate(problem, scores, budgets):
    """Per-budget best, regret, normalized score; candidates to reach opt."""
    out = {}
    for b in budgets:
        if len(scores) == 0:
            best = math.nan
        else:
            best = float(np.nanmax(scores[:b]))
        regret = problem.optimum - best
        denom = problem.optimum - problem.random_median_best(b)
        norm = max(-1.0, 1.0 - regret / denom) if denom > 1e-12 else math.nan
        out[f"best@{b}"] = best
        out[f"regret@{b}"] = max(regret, 0.0)
        out[f"norm@{b}"] = norm
    hit = np.flatnonzero(scores >= problem.optimum - 1e-9) if len(scores) else []
    out["n_to_opt"] = int(hit[0]) + 1 if len(hit) else math.inf
    return out


def _fmt(values, digits=3, scale=1.0):
    values = np.asarray([v for v in values if not math.isnan(v)], float) * scale
    if not len(values):
        return "-"
    # round first so that no "-0.000" is printed
    q1, med, q3 = np.round(np.percentile(values, [25, 50, 75]), digits) + 0.0
    return f"{med:.{digits}f} [{q1:.{digits}f}, {q3:.{digits}f}]"


def report(raw, problems, searchers, budgets, args, grid_ref, elapsed, skipped):
    if elapsed is None:
        run_text = (
            f"Report remade from raw CSV(s) ({', '.join(args.from_csv)}); the "
            f"runs' own wall times add up to {raw['wall'].sum() / 60:.1f} min."
        )
    else:
        run_text = (
            f"Total wall time {elapsed / 60:.1f} min ({args.jobs} process(es), "
            f"BLAS threads per process: {args.blas_threads or 'default'})."
        )
    sk = raw[raw["searcher"].str.startswith("skbayes-")]
    states = sorted(set(sk["skbayes"])) if "skbayes" in sk else ["not recorded"]
    lines = [
        "# Sample efficiency of hyperparameter searchers",
        "",
        f"Command: `python benchmarks/bench_engines.py --seeds {args.seeds} "
        f"--budget {args.budget}"
        + (f" --problems {' '.join(args.problems)}" if args.problems_given else "")
        + (f" --searchers {' '.join(args.searchers)}" if args.searchers_given else "")
        + (f" --jobs {args.jobs}" if args.jobs != 1 else "")
        + (f" --slow-seeds {args.slow_seeds}" if args.slow_seeds else "")
        + (f" --from-csv {' '.join(args.from_csv)}" if args.from_csv else "")
        + f" --out {args.out}`",
        "",
        f"{args.seeds} seeds"
        + (
            f" ({args.slow_seeds} for {', '.join(SLOW)})"
            if args.slow_seeds and args.slow_seeds < args.seeds
            else ""
        )
        + f"; median [25th, 75th percentile] over seeds. {run_text} "
        f"Versions: scikit-learn {version('sklearn')}, scikit-optimize "
        f"{version('skopt')}, optuna {version('optuna')}, torch "
        f"{version('torch') if has_torch() else 'absent'}; skbayes searchers "
        f"run at commit {' and '.join(states)}.",
        "",
        "Normalized score `1 - (opt - best) / (opt - rand_med(b))` (random search "
        "about 0, optimum 1, clipped at -1); regret `opt - best`. See the "
        "script docstring.",
        "",
    ]
    if skipped:
        lines += [f"Skipped: {skipped}.", ""]
    ok = raw[raw["error"] == ""]
    # suite summary
    lines += [
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
                ok[ok["searcher"] == s].groupby("problem")[f"norm@{b}"].mean().dropna()
            )
            med = ok.groupby(["problem", "searcher"])[f"norm@{b}"].median().unstack()
            wins = 0
            for p in med.index:
                row = med.loc[p].dropna()
                if s in row and len(row) and row[s] >= row.max() - 1e-12:
                    wins += 1
            cells.append(
                f"{per_problem.mean():.3f} | {wins}" if len(per_problem) else "- | -"
            )
        wall = ok[ok["searcher"] == s]["wall"].median()
        lines.append(f"| {s} | " + " | ".join(cells) + f" | {wall:.2f} |")
    lines.append("")
    for b in budgets:
        lines += [
            f"## Normalized score at {b} candidates",
            "",
            "| problem | opt | rand_med | " + " | ".join(searchers) + " |",
            "| --- | ---: | ---: | " + " | ".join("---:" for _ in searchers) + " |",
        ]
        for pname, p in problems.items():
            cells = [
                _fmt(ok[(ok["problem"] == pname) & (ok["searcher"] == s)][f"norm@{b}"])
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
            f"## Simple regret at {b} candidates (opt - best found)",
            "",
            "| problem | " + " | ".join(searchers) + " |",
            "| --- | " + " | ".join("---:" for _ in searchers) + " |",
        ]
        for pname in problems:
            cells = [
                _fmt(
                    ok[(ok["problem"] == pname) & (ok["searcher"] == s)][f"regret@{b}"],
                    digits=4,
                )
                for s in searchers
            ]
            lines.append(f"| {pname} | " + " | ".join(cells) + " |")
        lines.append("")
    rf = [p for p in RF_PROBLEMS if p in problems]
    if rf:
        lines += [
            "## Random forest grids: candidates needed to reach GridSearchCV's best",
            "",
            "Median candidates until the first evaluation at the grid "
            f"maximum (`>{args.budget}` = not within the budget), and in how many "
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
                sub = ok[(ok["problem"] == pname) & (ok["searcher"] == s)]
                if not len(sub):
                    cells.append("-")
                    continue
                n = sub["n_to_opt"].to_numpy(float)
                med = np.median(n)
                within = int((n <= REACH_WITHIN).sum())
                med_s = f">{args.budget}" if math.isinf(med) else f"{med:.0f}"
                cells.append(f"{med_s} ({within}/{len(n)} within {REACH_WITHIN})")
            lines.append(f"| {pname} | {ref_cell} | " + " | ".join(cells) + " |")
        lines.append("")
    errors = raw[raw["error"] != ""]
    if len(errors):
        lines += ["## Errors", ""]
        for row in errors.itertuples():
            lines.append(
                f"- {row.problem} / {row.searcher} / seed {row.seed}: {row.error}"
            )
        lines.append("")
    return "\n".join(lines)


def grid_reference(problem):
    search = GridSearchCV(
        make_estimator(problem, index=False),
        problem.space_skbayes(),
        cv=2,
        n_jobs=1,
        refit=False,
    )
    search.fit(DUMMY_X, DUMMY_Y)
    return float(search.best_score_)


def main(argv=None):
    all_problems = list(table_specs()) + list(function_problems())
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--budget", type=int, default=50)
    parser.add_argument("--problems", nargs="+", default=None, choices=all_problems)
    parser.add_argument("--searchers", nargs="+", default=None)
    parser.add_argument(
        "--slow-seeds",
        type=int,
        default=None,
        help=f"run the slow peers {SLOW} on the first N seeds only",
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="BLAS/OpenMP/torch threads per process (default: 1 with --jobs > 1, "
        "else the libraries' default)",
    )
    parser.add_argument("--out", default="benchmarks/results/engines.md")
    parser.add_argument(
        "--rebuild-tables", action="store_true", help="recompute the lookup tables"
    )
    parser.add_argument(
        "--from-csv",
        nargs="+",
        default=None,
        help="make the report from the raw CSVs of earlier (maybe partial) runs, "
        "without running anything; a later file replaces an earlier one's runs",
    )
    args = parser.parse_args(argv)
    args.problems_given = args.problems is not None
    args.searchers_given = args.searchers is not None
    args.problems = args.problems or all_problems
    known = available_searchers()
    args.searchers = args.searchers or known
    unknown = sorted(set(args.searchers) - set(known))
    if unknown:
        parser.error(f"unknown searchers {unknown}; available: {known}")
    skipped = ""
    if "optuna-gp" in args.searchers and not has_torch() and not args.from_csv:
        args.searchers = [s for s in args.searchers if s != "optuna-gp"]
        skipped = "optuna-gp (optuna's GPSampler needs torch, which is not installed)"
        print(f"skipping {skipped}", file=sys.stderr)

    if args.blas_threads is None and args.jobs > 1:
        args.blas_threads = 1
    problems = get_problems(args.problems, rebuild=args.rebuild_tables)
    if args.seeds < 1:
        return
    budgets = sorted({min(20, args.budget), args.budget})
    _quiet()
    grid_ref = {}
    for name, p in problems.items():
        if p.kind == "lookup":
            grid_ref[name] = grid_reference(p)
            assert abs(grid_ref[name] - p.optimum) < 1e-9, name
        for b in budgets:
            p.random_median_best(b)

    slow_seeds = args.seeds if args.slow_seeds is None else args.slow_seeds
    tasks = [
        (pname, s, seed, args.budget)
        for seed in range(args.seeds)
        for pname in problems
        for s in args.searchers
        if s not in SLOW or seed < slow_seeds
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    raw_path = out.with_suffix(".csv")
    rows = []
    state = code_state()  # now: the code the workers import

    def record(done, result, skbayes_state=None):
        (pname, s, seed, _), scores, wall, error = result
        p = problems[pname]
        row = dict(problem=pname, searcher=s, seed=seed, wall=wall, error=error)
        row.update(evaluate(p, scores, budgets))
        row["n_evaluated"] = len(scores)
        row["skbayes"] = (skbayes_state or state) if s.startswith("skbayes-") else "-"
        # opt - score per evaluation, 6 digits (0 exactly at the optimum)
        row["regret_trace"] = " ".join(
            "0" if v >= p.optimum - 1e-12 else f"{p.optimum - v:.6g}" for v in scores
        )
        rows.append(row)
        print(
            f"[{done}/{len(tasks)}] {pname} {s} seed={seed} {wall:.1f}s {error}",
            file=sys.stderr,
            flush=True,
        )
        if done % 20 == 0:  # partial results survive an interrupted run
            pd.DataFrame(rows).to_csv(raw_path, index=False, float_format="%.6g")

    start = time.perf_counter()
    if args.from_csv:
        raw = pd.concat(
            [pd.read_csv(f, keep_default_na=False, dtype=str) for f in args.from_csv]
        )
        # a later file replaces the runs of an earlier one
        raw = raw.drop_duplicates(["problem", "searcher", "seed"], keep="last")
        raw = raw[raw["problem"].isin(problems)]
        if args.searchers_given:
            raw = raw[raw["searcher"].isin(args.searchers)]
        tasks = list(raw.itertuples(index=False))
        for i, row in enumerate(tasks, 1):
            if "regret_trace" in raw:
                opt = problems[row.problem].optimum
                scores = np.array([opt - float(v) for v in row.regret_trace.split()])
            else:
                scores = np.array([float(v) for v in str(row.scores).split()])
            task = (row.problem, row.searcher, int(row.seed), args.budget)
            result = (task, scores, float(row.wall), str(row.error))
            record(i, result, getattr(row, "skbayes", "not recorded"))
        args.searchers = [s for s in args.searchers if s in set(raw["searcher"])]
    elif args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            args.jobs,
            initializer=_init_worker,
            initargs=(args.problems, args.blas_threads),
        ) as pool:
            for i, res in enumerate(pool.map(run_one, tasks, chunksize=1), 1):
                record(i, res)
    else:
        limit_threads(args.blas_threads)
        for i, task in enumerate(tasks, 1):
            record(i, run_one(task, problems))
    elapsed = None if args.from_csv else time.perf_counter() - start

    raw = pd.DataFrame(rows)
    text = report(
        raw, problems, args.searchers, budgets, args, grid_ref, elapsed, skipped
    )
    out.write_text(text)
    raw.to_csv(raw_path, index=False, float_format="%.6g")
    print(text)
    print(f"wrote {out} and {raw_path}", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")  # for worker processes
    main()
