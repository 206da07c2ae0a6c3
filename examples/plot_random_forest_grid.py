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
- :class:`~skbayes.BayesSearchCV` chooses 50 one after the other with a
  Gaussian-process model of the score.

The same grid is given to the three searches: ``BayesSearchCV`` reads a
``GridSearchCV`` grid as it is.

Run it with ``python examples/plot_random_forest_grid.py``; add a dataset name
(``iris``, ``wine``, ``breast_cancer`` or ``digits``) to use another one. The
grid search takes a minute or more on a laptop; the other searches take
seconds.
"""

# %%
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, cross_val_score

from skbayes import BayesSearchCV

name = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "iris"
X, y = getattr(datasets, f"load_{name}")(return_X_y=True)

param_grid = {
    "max_depth": np.arange(1, 20, 1),
    "n_estimators": np.arange(1, 50, 10),
    "max_leaf_nodes": np.arange(2, 100, 10),
}
common = dict(cv=5, scoring="f1_micro", n_jobs=-1)
forest = RandomForestClassifier(random_state=0)

# %%
# Tuning by hand
# --------------
#
# Before any search, most people try the defaults, then a few variations:
# fewer and shallower trees for speed, more trees, a depth limit against
# overfitting. Each setting is scored with the same cross-validation and
# metric as the searches below.
manual_settings = [
    {},  # scikit-learn's defaults: 100 trees, unlimited depth
    {"n_estimators": 10, "max_depth": 3},
    {"n_estimators": 300},
    {"n_estimators": 100, "max_depth": 5, "max_leaf_nodes": 16},
]
start = time.perf_counter()
manual_scores = []
for setting in manual_settings:
    model = RandomForestClassifier(random_state=0, **setting)
    scores = cross_val_score(model, X, y, **common)
    manual_scores.append(scores.mean())
    shown = ", ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
    print(f"{shown:<50}{scores.mean():.4f}")
manual_time = time.perf_counter() - start
manual_best = max(manual_scores)

# %%
# The three searches
# ------------------
searches = {
    "GridSearchCV": GridSearchCV(forest, param_grid, **common),
    "RandomizedSearchCV": RandomizedSearchCV(
        forest, param_grid, n_iter=50, random_state=0, **common
    ),
    "BayesSearchCV": BayesSearchCV(
        forest, param_grid, n_iter=50, random_state=0, **common
    ),
}

# %%
# Fit the three searches and compare what each spent and found with the
# settings tried by hand.
rows = [
    (
        f"manual ({len(manual_settings)} settings)",
        len(manual_settings),
        len(manual_settings) * common["cv"],
        manual_time,
        manual_best,
    )
]
for label, search in searches.items():
    start = time.perf_counter()
    search.fit(X, y)
    elapsed = time.perf_counter() - start
    n_candidates = len(search.cv_results_["params"])
    rows.append(
        (
            label,
            n_candidates,
            n_candidates * search.n_splits_,
            elapsed,
            search.best_score_,
        )
    )

print(f"dataset: {name}, {X.shape[0]} samples; grid of 950 candidates, 5-fold CV")
print(
    f"{'searcher':<20}{'candidates':>11}{'fits':>7}{'time (s)':>10}{'best CV f1':>12}"
)
for label, n_candidates, n_fits, elapsed, best in rows:
    print(f"{label:<20}{n_candidates:>11}{n_fits:>7}{elapsed:>10.1f}{best:>12.4f}")

bayes = searches["BayesSearchCV"]
grid_best = searches["GridSearchCV"].best_score_
scores = bayes.cv_results_["mean_test_score"]
reached = np.flatnonzero(scores >= grid_best - 1e-12)
if len(reached):
    print(f"BayesSearchCV reached the grid's best score at candidate {reached[0] + 1}")
else:
    gap = grid_best - bayes.best_score_
    print(f"BayesSearchCV ended {gap:.4f} below the grid's best score")
print("BayesSearchCV best parameters:", bayes.best_params_)

# %%
# Convergence
# -----------
#
# :func:`~skbayes.plots.plot_convergence` draws the best score found so far
# against the number of candidates evaluated. The grid's curve follows the
# order in which ``GridSearchCV`` enumerates the grid (``max_depth`` first),
# which says nothing about where the good candidates are; the x axis is
# logarithmic so that the 50 candidates of the two other searches stay
# readable next to the grid's 950. The dashed line is the best of the
# settings tried by hand.
#
# On iris, the default forest already scores as well as the best candidate
# of the grid: the data set is small and easy, and many settings reach the
# same cross-validated score (one sample of 150 is 0.0067). The grid's 4,750
# fits show that none of its candidates does better; the random and the
# Bayesian search reach the same score within a few candidates.
#
# The figure needs matplotlib (``pip install "skbayes[plots]"``); without
# it the script ends with the table above.
try:
    import matplotlib.pyplot as plt
except ImportError:
    plt = None

if plt is not None:
    from skbayes.plots import plot_convergence

    fig, ax = plt.subplots(figsize=(7, 4))
    plot_convergence(*searches.values(), labels=list(searches), ax=ax)
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

    # Show the figure in a window when there is one to show it in (the Agg
    # backend, used without a display and by the documentation build, only
    # draws to files).
    if plt.get_backend().lower() != "agg":
        plt.show()
