"""
==========================================================
The classic random forest grid: grid, random and Bayesian
==========================================================

A random forest on the iris data with the grid many tutorials use:
``max_depth`` 1..19, ``n_estimators`` 1..41 and ``max_leaf_nodes`` 2..92,
950 candidates with 5-fold cross-validation (4,750 fits).

``GridSearchCV`` evaluates all 950 candidates, ``RandomizedSearchCV`` draws
50 at random, and :class:`~skbayes.BayesSearchCV` chooses 50 one after the
other with a Gaussian-process model of the score. The same grid is given to
all three: ``BayesSearchCV`` reads a ``GridSearchCV`` grid as it is.

Run it with ``python examples/plot_random_forest_grid.py``; add a dataset name
(``iris``, ``wine``, ``breast_cancer`` or ``digits``) to use another one.
"""

# %%
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV

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
# Fit the three searches and compare what each spent and found.
rows = []
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
