"""Lookup tables: every grid point of a real model scored once, then cached.

Each spec of :func:`table_specs` names a model, a data set, a scoring, a CV
and a grid; :func:`build_table` runs ``GridSearchCV`` over the full grid
and writes ``benchmarks/data/<name>.csv`` (one row per grid point, column
``score`` the mean test score). A spec whose CV repeats shuffled splits
(``repeats=R``, a ``Repeated*KFold`` splitter) also writes the score of each
repeat (``rep0`` ...): a run observes one repeat (a noisy CV score), the
reports measure the mean (the true score).

To add a table, add a :class:`TableSpec` to :func:`table_specs`; it is built
on first use (``--rebuild-tables`` rebuilds every table).
"""

from __future__ import annotations

import itertools
import os
import platform
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from _common import version  # benchmarks/_common.py
from sklearn.model_selection import GridSearchCV, KFold

from .problems import GridDim, Problem

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class TableSpec:
    """A lookup table: the model, data and grid whose every point is scored."""

    description: str
    dims: list
    build: object  # () -> (estimator, X, y, scoring, cv)
    family: str = "grid"  # "grid", "plateau" (inactive parameters) or "noisy"
    repeats: int | None = None  # CV repeats (noisy tables)


def _log_grid(low_exp, high_exp, n):
    return [float(f"{v:.6g}") for v in np.logspace(low_exp, high_exp, n)]


def table_specs():
    """name -> :class:`TableSpec`."""
    from sklearn import datasets
    from sklearn.ensemble import (
        GradientBoostingRegressor,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.linear_model import ElasticNet, Lasso, Ridge
    from sklearn.model_selection import RepeatedKFold
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MinMaxScaler, PolynomialFeatures, StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    rf_dims = [
        GridDim("max_depth", list(range(1, 20))),
        GridDim("n_estimators", list(range(1, 50, 10))),
        GridDim("max_leaf_nodes", list(range(2, 100, 10))),
    ]

    def rf(load, cv=5, scoring="f1_micro"):
        def build():
            X, y = load(return_X_y=True)
            return RandomForestClassifier(random_state=0), X, y, scoring, cv

        return build

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

    def hgb_breast_cancer():
        X, y = datasets.load_breast_cancer(return_X_y=True)
        est = HistGradientBoostingClassifier(
            max_iter=50, early_stopping=False, random_state=0
        )
        return est, X, y, "roc_auc", 3

    def gbr_diabetes_noisy():
        X, y = datasets.load_diabetes(return_X_y=True)
        cv = RepeatedKFold(n_splits=3, n_repeats=4, random_state=0)
        return GradientBoostingRegressor(random_state=0), X, y, "r2", cv

    specs = {
        "rf_iris": TableSpec(
            "RandomForestClassifier on iris, f1_micro",
            rf_dims,
            rf(datasets.load_iris),
        ),
        "rf_wine": TableSpec(
            "RandomForestClassifier on wine, f1_micro",
            rf_dims,
            rf(datasets.load_wine),
        ),
        "svc_breast_cancer": TableSpec(
            "StandardScaler + SVC(rbf) on breast_cancer, accuracy",
            [
                GridDim("C", _log_grid(-2, 5, 15), "svc__C"),
                GridDim("gamma", _log_grid(-5, 1, 15), "svc__gamma"),
            ],
            svc_bc,
        ),
        "svc_digits": TableSpec(
            "SVC(rbf) on digits (every 2nd sample, X/16), accuracy",
            [
                GridDim("C", _log_grid(-2, 5, 15)),
                GridDim("gamma", _log_grid(-5, 1, 15)),
            ],
            svc_digits,
        ),
        "knn_wine": TableSpec(
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
        ),
        "tree_breast_cancer": TableSpec(
            "DecisionTreeClassifier on breast_cancer, roc_auc",
            [
                GridDim("max_depth", list(range(1, 13))),
                GridDim("min_samples_split", [2, 4, 8, 16, 32, 64]),
                GridDim("min_samples_leaf", [1, 2, 4, 8, 16, 32]),
                GridDim("criterion", ["gini", "entropy"]),
            ],
            tree_bc,
        ),
        "gb_diabetes": TableSpec(
            "GradientBoostingRegressor on diabetes, r2",
            [
                GridDim("learning_rate", _log_grid(-2.5, 0, 6)),
                GridDim("max_depth", [1, 2, 3, 4, 6]),
                GridDim("n_estimators", [25, 50, 100, 200]),
                GridDim("subsample", [0.5, 0.8, 1.0]),
            ],
            gb_diabetes,
        ),
        "linear_diabetes": TableSpec(
            "PolynomialFeatures + StandardScaler + Ridge/Lasso/ElasticNet on "
            "diabetes, r2",
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
        ),
        "mlp_wine": TableSpec(
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
                    "learning_rate_init",
                    _log_grid(-4, -1, 4),
                    "mlp__learning_rate_init",
                ),
            ],
            mlp_wine,
        ),
        # -- plateaus: inactive parameters of tree ensembles and boosting --
        "rf_wine_cv3": TableSpec(
            "RandomForestClassifier on wine, accuracy, 3-fold CV (the grid of "
            "the seed article: once max_leaf_nodes binds, deeper trees are the "
            "same trees)",
            rf_dims,
            rf(datasets.load_wine, cv=3, scoring="accuracy"),
            family="plateau",
        ),
        "hgb_breast_cancer": TableSpec(
            "HistGradientBoostingClassifier(max_iter=50) on breast_cancer, "
            "roc_auc, 3-fold CV (max_depth and max_leaf_nodes bind each other)",
            [
                GridDim("learning_rate", [0.01, 0.03, 0.1, 0.3, 1.0]),
                GridDim("max_depth", [1, 2, 3, 5, 8, 12]),
                GridDim("max_leaf_nodes", [2, 4, 8, 16, 31]),
                GridDim("min_samples_leaf", [5, 20, 60]),
            ],
            hgb_breast_cancer,
            family="plateau",
        ),
        # -- noisy CV: a run sees one shuffle's score, the true one is the mean
        "gbr_diabetes_noisy": TableSpec(
            "GradientBoostingRegressor on diabetes, r2, 3-fold CV repeated 4 "
            "times with other shuffles (a run observes one repeat)",
            [
                GridDim("learning_rate", [0.01, 0.03, 0.1, 0.3, 1.0]),
                GridDim("max_depth", [1, 2, 3, 5, 8]),
                GridDim("max_leaf_nodes", [2, 4, 8, 16]),
                GridDim("n_estimators", [25, 50, 100]),
            ],
            gbr_diabetes_noisy,
            family="noisy",
            repeats=4,
        ),
    }
    return specs


def build_table(name, spec):
    """Run GridSearchCV over the full grid; write the CSV; return seconds."""
    estimator, X, y, scoring, cv = spec.build()
    dims = spec.dims
    combos = list(itertools.product(*(range(len(d.values)) for d in dims)))
    grid = []
    for combo in combos:
        point = {}
        for d, i in zip(dims, combo):
            sk_values = d.sk_values if d.sk_values is not None else d.values
            point[d.sk_name or d.name] = [sk_values[i]]
        grid.append(point)
    n_jobs = int(os.environ.get("BENCH_TABLE_JOBS", "2"))
    search = GridSearchCV(estimator, grid, scoring=scoring, cv=cv, n_jobs=n_jobs)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    seconds = time.perf_counter() - start
    res = search.cv_results_
    rows = {d.name: [d.values[c[k]] for c in combos] for k, d in enumerate(dims)}
    rows["score"] = res["mean_test_score"]
    if spec.repeats:
        folds = np.array(
            [res[f"split{i}_test_score"] for i in range(search.n_splits_)]
        )  # (n_splits, n_points); Repeated*KFold yields repeat after repeat
        per = folds.reshape(spec.repeats, -1, folds.shape[1]).mean(axis=1)
        for r in range(spec.repeats):
            rows[f"rep{r}"] = per[r]
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(
        DATA_DIR / f"{name}.csv", index=False, float_format="%.12g"
    )
    return seconds


def load_table(name, spec):
    frame = pd.read_csv(DATA_DIR / f"{name}.csv")
    dims = spec.dims
    shape = tuple(len(d.values) for d in dims)
    table = np.full(shape, np.nan)
    repeats = np.full((*shape, spec.repeats), np.nan) if spec.repeats else None
    positions = [
        tuple(d.index_of(v) for d, v in zip(dims, row))
        for row in frame[[d.name for d in dims]].itertuples(index=False)
    ]
    for pos, score in zip(positions, frame["score"]):
        table[pos] = score
    if repeats is not None:
        reps = frame[[f"rep{r}" for r in range(spec.repeats)]].to_numpy(float)
        for pos, rep in zip(positions, reps):
            repeats[pos] = rep
    if np.isnan(table).any() or len(frame) != table.size:
        raise ValueError(f"{name}.csv does not cover its grid; use --rebuild-tables")
    return Problem(
        name,
        dims,
        optimum=float(table.max()),
        kind="lookup",
        table=table,
        repeats=repeats,
        description=spec.description,
        family=spec.family,
    )


def write_tables_readme(seconds):
    """Rewrite ``benchmarks/data/README.md`` (build times of this run kept)."""
    specs = table_specs()
    readme = DATA_DIR / "README.md"
    old = {}
    if readme.exists():  # keep the build times of tables not rebuilt now
        for line in readme.read_text().splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) in (7, 8) and cells[0] in specs and cells[-1]:
                old[cells[0]] = cells[-1]
    lines = [
        "# Lookup tables of the engine benchmarks (benchmarks/suite)",
        "",
        "Full-grid cross-validation scores (``GridSearchCV``) of real models on "
        "scikit-learn's bundled data sets, one CSV per problem (one row per "
        "grid point, ``score`` = ``mean_test_score``; noisy tables also hold "
        "the mean score of each CV repeat, ``rep0`` ...). Built on first use; "
        "rebuild with ``python benchmarks/bench_engines.py --rebuild-tables "
        "--seeds 0``.",
        "",
        f"Built with scikit-learn {version('sklearn')}, numpy "
        f"{version('numpy')}, Python {platform.python_version()}.",
        "",
        "| table | family | model | grid | candidates | best | median | build (s) |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, spec in specs.items():
        if not (DATA_DIR / f"{name}.csv").exists():
            continue
        p = load_table(name, spec)
        grid = " x ".join(f"{d.name}({len(d.values)})" for d in p.dims)
        sec = seconds.get(name)
        sec = f"{sec:.0f}" if sec is not None else old.get(name, "")
        lines.append(
            f"| {name} | {spec.family} | {p.description} | {grid} | "
            f"{p.table.size} | {p.optimum:.4f} | {np.median(p.table):.4f} | {sec} |"
        )
    lines.append("")
    readme.write_text("\n".join(lines))


def lookup_problems(names, rebuild=False):
    specs = table_specs()
    problems, seconds = {}, {}
    for name in names:
        spec = specs[name]
        if rebuild or not (DATA_DIR / f"{name}.csv").exists():
            print(f"building table {name} ...", file=sys.stderr, flush=True)
            seconds[name] = build_table(name, spec)
            print(f"  {seconds[name]:.0f} s", file=sys.stderr, flush=True)
        problems[name] = load_table(name, spec)
    if seconds:
        write_tables_readme(seconds)
    return problems
