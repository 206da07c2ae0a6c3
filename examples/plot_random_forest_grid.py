"""
==========================================================
The classic random forest grid: grid, random and Bayesian
==========================================================

A random forest on the iris data with the grid many tutorials use:
``max_depth`` 1..19, ``n_estimators`` 1..41 and ``max_leaf_nodes`` 2..92,
950 candidates with 5-fold cross-validation (4,750 fits).

Four ways to tune it are compared:

- by hand: a few settings a practitioner would try first, each scored with
  ``cross_val_score``;
- ``GridSearchCV`` evaluates all 950 candidates;
- ``RandomizedSearchCV`` draws 50 of them at random;
- :class:`~skbayes.BayesSearchCV` chooses up to 50 one after the other with
  a Gaussian-process model of the score.

The same grid is given to the three searches: ``BayesSearchCV`` reads a
``GridSearchCV`` grid as it is.

The grid's 4,750 fits take minutes on a small machine (a quarter of an hour
when it is busy), so they were run once and their results are shipped with
this example, in ``examples/data/random_forest_grid_<dataset>.csv``: each
candidate's parameters, mean and standard deviation of the test score and
mean fit time, in ``GridSearchCV``'s order, with the scikit-learn version
that made the table and the time it took in its header. The random search's
50 candidates are the ones ``RandomizedSearchCV`` draws, with the table's
scores. The Bayesian search runs here; every candidate it evaluates is
checked against the table (another scikit-learn could grow other forests: a
warning then says that the comparison does not hold). The whole example
takes seconds. To run the grid again and rewrite the table::

    python examples/plot_random_forest_grid.py --recompute-grid

and to run the random search here too, and the Bayesian one to its 50
candidates (a minute or two)::

    python examples/plot_random_forest_grid.py --full

Add a dataset name (``iris``, ``wine``, ``breast_cancer`` or ``digits``) to
use another one (the first run on ``breast_cancer`` or ``digits`` makes its
table), and ``--save FILE.png`` to write the figure to a file.
"""

# %%
import argparse
import csv
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import (
    GridSearchCV,
    ParameterGrid,
    ParameterSampler,
    RandomizedSearchCV,
    cross_val_score,
)

from skbayes import BayesSearchCV
from skbayes.callbacks import TargetScoreStopper

parser = argparse.ArgumentParser(
    description="GridSearchCV, RandomizedSearchCV and BayesSearchCV on the "
    "classic random forest grid."
)
parser.add_argument(
    "dataset",
    nargs="?",
    default="iris",
    choices=["iris", "wine", "breast_cancer", "digits"],
)
parser.add_argument(
    "--recompute-grid",
    action="store_true",
    help="run the whole GridSearchCV and rewrite its table in examples/data",
)
parser.add_argument(
    "--full",
    action="store_true",
    help="run RandomizedSearchCV here too, and BayesSearchCV to its 50 candidates",
)
parser.add_argument("--save", metavar="FILE", help="write the figure to FILE")
# in a notebook (the gallery's download), the kernel's arguments are not ours
notebook = "ipykernel" in sys.modules
args = parser.parse_args([] if notebook else None)

name = args.dataset
X, y = getattr(datasets, f"load_{name}")(return_X_y=True)

param_grid = {
    "max_depth": np.arange(1, 20, 1),
    "n_estimators": np.arange(1, 50, 10),
    "max_leaf_nodes": np.arange(2, 100, 10),
}
forest = RandomForestClassifier(random_state=0)
common = dict(cv=5, scoring="f1_micro")
names = sorted(param_grid)  # GridSearchCV's order: the last name varies fastest
n_grid = len(ParameterGrid(param_grid))
print(f"dataset: {name}, {X.shape[0]} samples; grid of {n_grid} candidates, 5-fold CV")

# %%
# The grid's results
# ------------------
#
# The table is read from ``examples/data`` beside this script
# (``sys.argv[0]``, also when the documentation build runs it; a notebook
# looks in ``data`` beside itself). With ``--recompute-grid``, or when the
# dataset has no table yet, the grid runs first, on every core: one
# ``GridSearchCV`` per value of ``max_depth``, each followed by a line of
# progress. Every candidate is scored on the same splits whichever search
# evaluates it, so the 19 pieces give, candidate for candidate, the results
# of one ``GridSearchCV`` over the whole grid, in its order.
here = Path.cwd() if notebook else Path(sys.argv[0]).resolve().parent
table_path = here / "data" / f"random_forest_grid_{name}.csv"
columns = [*names, "mean_test_score", "std_test_score", "mean_fit_time"]


def run_grid():
    print(f"GridSearchCV, {n_grid} candidates ({5 * n_grid} fits):", flush=True)
    parts, start = [], time.perf_counter()
    for depth in param_grid["max_depth"]:
        grid = {**param_grid, "max_depth": [depth]}
        search = GridSearchCV(forest, grid, n_jobs=-1, **common).fit(X, y)
        parts.append(search.cv_results_)
        done = sum(len(part["params"]) for part in parts)
        elapsed = time.perf_counter() - start
        print(f"  max_depth={depth}: {done}/{n_grid} candidates, {elapsed:.1f} s")
    params = [p for part in parts for p in part["params"]]
    assert params == list(ParameterGrid(param_grid))
    rows = [
        [int(p[k]) for k in names] + [float(part[c][i]) for c in columns[3:]]
        for part in parts
        for i, p in enumerate(part["params"])
    ]
    return rows, time.perf_counter() - start


def write_table(rows, wall_time):
    table_path.parent.mkdir(exist_ok=True)
    with open(table_path, "w", newline="") as f:
        f.write(
            "# GridSearchCV(RandomForestClassifier(random_state=0), param_grid, "
            "cv=5, scoring='f1_micro')\n"
            f"# on load_{name}(), param_grid as in "
            "examples/plot_random_forest_grid.py; one row per candidate, in "
            "GridSearchCV's order.\n"
            f"# made by: python examples/plot_random_forest_grid.py {name} "
            "--recompute-grid\n"
            f"# scikit-learn: {sklearn.__version__}\n"
            f"# numpy: {np.__version__}\n"
            f"# python: {platform.python_version()}\n"
            f"# n_jobs: -1 ({os.cpu_count()} CPUs)\n"
            f"# wall_time_s: {wall_time:.1f}\n"
        )
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([repr(v) for v in row] for row in rows)  # exact floats


def read_table():
    meta, lines = {}, []
    with open(table_path, newline="") as f:
        for line in f:
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                meta[key.strip()] = value.strip()
            else:
                lines.append(line)
    header, *rows = csv.reader(lines)
    data = np.array(rows, dtype=float)
    results = {c: data[:, header.index(c)] for c in columns[3:]}
    results["params"] = [{k: int(row[header.index(k)]) for k in names} for row in data]
    return results, meta


def key(params):
    return tuple(int(params[k]) for k in names)


if args.recompute_grid or not table_path.exists():
    write_table(*run_grid())
    print(f"  written to {table_path}")
grid_results, grid_meta = read_table()
grid_scores = grid_results["mean_test_score"]
grid_best = grid_scores.max()
grid_index = {key(p): i for i, p in enumerate(grid_results["params"])}
print(
    f"GridSearchCV: read from examples/data/{table_path.name} "
    f"(scikit-learn {grid_meta['scikit-learn']})"
)

# %%
# Tuning by hand
# --------------
#
# Before any search, most people try the defaults, then a few variations:
# fewer and shallower trees for speed, a depth and leaf limit against
# overfitting. Each setting is scored with the same cross-validation and
# metric as the searches below.
manual_settings = [
    {},  # scikit-learn's defaults: 100 trees, unlimited depth
    {"n_estimators": 10, "max_depth": 3},
    {"n_estimators": 100, "max_depth": 5, "max_leaf_nodes": 16},
]
print("manual settings:", flush=True)
start = time.perf_counter()
manual_scores = []
for setting in manual_settings:
    model = RandomForestClassifier(random_state=0, **setting)
    manual_scores.append(cross_val_score(model, X, y, **common).mean())
    shown = ", ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
    print(f"  {shown:<50}{manual_scores[-1]:.4f}", flush=True)
manual_time = time.perf_counter() - start
manual_best = max(manual_scores)

# %%
# The random search
# -----------------
#
# ``RandomizedSearchCV`` evaluates the candidates ``ParameterSampler`` draws
# from the grid with its ``random_state``; the table has their scores. With
# ``--full`` it runs here instead.
if args.full:
    print("RandomizedSearchCV (50 candidates):", end="", flush=True)
    start = time.perf_counter()
    random_search = RandomizedSearchCV(
        forest, param_grid, n_iter=50, random_state=0, **common
    ).fit(X, y)
    random_time = time.perf_counter() - start
    random_results = random_search.cv_results_
    print(f" done in {random_time:.1f} s")
else:
    draws = list(ParameterSampler(param_grid, n_iter=50, random_state=0))
    rows = [grid_index[key(p)] for p in draws]
    random_results = {"params": draws, "mean_test_score": grid_scores[rows]}

# %%
# The Bayesian search
# -------------------
#
# It stops as soon as it matches the grid's best score
# (:class:`~skbayes.callbacks.TargetScoreStopper`): the question here is how
# many fits it takes to get there. Without the stopper (``--full``) it goes
# on to its 50 candidates, the same ones up to that point. A second callback
# prints its progress every 10 candidates; a callback is any function of the
# search's state, called after every batch, that stops the search by
# returning True.


def progress(state):
    if state.n_candidates % 10 == 0:
        print(f" {state.n_candidates}", end="", flush=True)
    return False


stoppers = [] if args.full else [TargetScoreStopper(grid_best)]
bayes = BayesSearchCV(
    forest,
    param_grid,
    n_iter=50,
    random_state=0,
    callbacks=[progress, *stoppers],
    **common,
)
print("BayesSearchCV (up to 50 candidates):", end="", flush=True)
start = time.perf_counter()
bayes.fit(X, y)
bayes_time = time.perf_counter() - start
n_bayes = len(bayes.cv_results_["params"])
print(f" done, {n_bayes} evaluated in {bayes_time:.1f} s")

# %%
# Each candidate evaluated here is also in the grid, so its score must be
# the table's. If one is not (another scikit-learn, whose forests differ
# from the ones that made the table), the comparison below does not hold,
# and a warning says so.
live = [bayes.cv_results_] + ([random_results] if args.full else [])
evaluated = [
    (key(params), score)
    for results in live
    for params, score in zip(results["params"], results["mean_test_score"])
]
table_scores = np.array([grid_scores[grid_index[k]] for k, _ in evaluated])
live_scores = np.array([score for _, score in evaluated])
n_differ = int(np.sum(~np.isclose(live_scores, table_scores, rtol=0, atol=1e-12)))
versions = f"table: scikit-learn {grid_meta['scikit-learn']}"
if sklearn.__version__ != grid_meta["scikit-learn"]:
    versions += f", here: {sklearn.__version__}"
if n_differ:
    warnings.warn(
        f"{n_differ} of the {len(evaluated)} candidates evaluated here score "
        f"differently from the grid's table ({versions}), so the comparison "
        "with the grid does not hold; rebuild the table with: python "
        f"examples/plot_random_forest_grid.py {name} --recompute-grid",
        stacklevel=1,
    )
else:
    n_distinct = len({k for k, _ in evaluated})
    print(
        f"checked: the {n_distinct} candidates evaluated here score exactly as "
        f"in the grid's table ({versions})"
    )

# %%
# What each spent and found
# -------------------------
random_where = f"here, {random_time:.1f} s" if args.full else "table (its 50 draws)"
wall = float(grid_meta["wall_time_s"])
n_manual = len(manual_settings)
random_best = random_results["mean_test_score"].max()
rows = [
    (
        f"manual ({n_manual} settings)",
        n_manual,
        manual_best,
        f"here, {manual_time:.1f} s",
    ),
    ("GridSearchCV", n_grid, grid_best, f"table (took {wall:.0f} s to make)"),
    ("RandomizedSearchCV", 50, random_best, random_where),
    ("BayesSearchCV", n_bayes, bayes.best_score_, f"here, {bayes_time:.1f} s"),
]
print()
print(f"{'searcher':<20}{'candidates':>11}{'fits':>7}{'best CV f1':>12}  run")
for label, n_candidates, best, where in rows:
    print(f"{label:<20}{n_candidates:>11}{5 * n_candidates:>7}{best:>12.4f}  {where}")
print(f"the grid's best score, {grid_best:.4f}, first reached:")
for label, results in [
    ("RandomizedSearchCV", random_results),
    ("BayesSearchCV", bayes.cv_results_),
]:
    reached = np.flatnonzero(results["mean_test_score"] >= grid_best)
    if len(reached):
        k = reached[0] + 1
        print(f"  {label:<20}at candidate {k:>2} ({5 * k} fits)")
    else:
        print(f"  {label:<20}not within {len(results['params'])} candidates")
print(f"  {'GridSearchCV':<20}known to be the best after all {5 * n_grid:,} fits")
shown = ", ".join(f"{k}={v}" for k, v in bayes.best_params_.items())
print(f"BayesSearchCV best parameters: {shown}")

# %%
# Convergence
# -----------
#
# :func:`~skbayes.plots.plot_convergence` draws the best score found so far
# against the number of candidates evaluated; it takes anything with a
# ``cv_results_``, here also the tables. The grid's curve follows the order
# in which ``GridSearchCV`` enumerates the grid (``max_depth`` first), which
# says nothing about where the good candidates are; the x axis is
# logarithmic so that the first candidates of the two other searches stay
# readable next to the grid's 950. The dashed line is the best of the
# settings tried by hand.
#
# On iris, the default forest already scores as well as the best candidate
# of the grid: the data set is small and easy, and many settings reach the
# same cross-validated score (one sample of 150 is 0.0067; about one
# candidate in seven of the grid scores its best). The grid's 4,750 fits
# show that none of its candidates does better; the random and the
# Bayesian search reach the same score within a few candidates.
#
# The figure needs matplotlib (``pip install "skbayes[plots]"``); without
# it the script says so and ends with the table above. With matplotlib, the
# figure opens in a window when there is a display, and ``--save FILE.png``
# writes it to a file.
try:
    import matplotlib
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print(
        "no figure: matplotlib is not installed (pip install matplotlib, or "
        "pip install 'skbayes[plots]')"
    )

if plt is not None:
    from skbayes.plots import plot_convergence

    grid = SimpleNamespace(cv_results_=grid_results)  # the table, as a search
    random = SimpleNamespace(cv_results_=random_results)
    fig, ax = plt.subplots(figsize=(7, 4))
    plot_convergence(
        grid,
        random,
        bayes,
        labels=["GridSearchCV", "RandomizedSearchCV", "BayesSearchCV"],
        ax=ax,
    )
    ax.axhline(
        manual_best,
        color="gray",
        linestyle="--",
        zorder=0,
        label=f"manual, best of {len(manual_settings)} settings",
    )
    ax.set_xscale("log")
    ax.legend(loc="lower right")
    fig.tight_layout()

    if args.save:
        fig.savefig(args.save)
        print(f"figure written to {args.save}")
    elif matplotlib.get_backend().lower() != "agg":
        plt.show()  # a window
    elif "sphinx_gallery" not in sys.modules:  # the docs' build keeps it
        print("figure not shown (no display): add --save FILE.png to write it")
