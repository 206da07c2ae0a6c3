"""
================================================
Between under-fitting and over-fitting
================================================

Tuning hyperparameters steers a model between two ways of failing. A model
too constrained **under-fits**: it scores poorly on the data it was trained
on and on new data alike. A model too flexible **over-fits**: it learns the
noise of its training data, scores very well on it and worse on new data.
The validation score of cross-validation is what a search maximizes; the
training score, recorded with ``return_train_score=True``, says which of the
two failures a weaker candidate suffers from.

This example tunes a decision tree regressor on the diabetes data (442
patients, 10 features, a disease progression score as the target, the
coefficient of determination R² as the score) and draws every candidate's
training score against its validation score with
:func:`~skbayes.plots.plot_train_validation`.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.tree import DecisionTreeRegressor

from skbayes import BayesSearchCV, results_table
from skbayes.plots import plot_train_validation

X, y = load_diabetes(return_X_y=True)
cv = KFold(n_splits=5, shuffle=True, random_state=0)
tree = DecisionTreeRegressor(random_state=0)

# %%
# A search that records the training scores
# -----------------------------------------
#
# Two hyperparameters decide how flexible a tree is: its depth, and the
# number of training samples each leaf must hold (a leaf of one sample
# memorizes it). The search space spans both extremes: stumps of depth 1,
# and trees 20 levels deep with leaves of a single sample.
search = BayesSearchCV(
    tree,
    {"max_depth": (1, 20), "min_samples_leaf": (1, 100, "log-uniform")},
    n_iter=30,
    cv=cv,
    return_train_score=True,
    random_state=0,
)
search.fit(X, y)
print("best parameters:", search.best_params_)
print(f"best validation R²: {search.best_score_:.3f}")

# %%
# Each candidate is a point: its mean training R² across the five splits on
# the x axis and its mean validation R² on the y axis. On the dotted
# diagonal both are equal; the distance below it is the generalization gap.
# The star is the candidate the search chose (``best_index_``). Candidates
# whose validation score is clearly below the chosen one's (by more than the
# standard error of its mean score) are coloured by their gap: a gap no
# larger than the chosen candidate's is under-fitting (blue, low on both
# scores); a larger one is over-fitting (red, high on training, well below
# on validation). After its random start, which visits both extremes, the
# Bayesian search spends most of its candidates close to the chosen one
# (grey).
ax = plot_train_validation(search)
ax.figure.tight_layout()

# %%
# The table of results says who they are: sorted by their gap, the smallest
# gaps belong to stumps and to trees with leaves of a hundred samples, which
# fit the training folds barely better than new data; the largest to deep
# trees with leaves of a few samples, which score around 0.9 on their
# training folds and predict new patients no better than their mean (a
# validation R² near 0).
table = results_table(search, all_columns=True)
table["gap"] = table["mean_train_score"] - table["mean_test_score"]
columns = ["max_depth", "min_samples_leaf", "mean_train_score", "mean_test_score"]
by_gap = table.sort_values("gap")[[*columns, "gap"]].round(3)
print(by_gap.iloc[[0, 1, 2, -3, -2, -1]].to_string(index=False))

# %%
# The same picture for any search
# -------------------------------
#
# :func:`~skbayes.plots.plot_train_validation` reads only ``cv_results_``,
# so it draws a ``GridSearchCV`` as well. A grid over the depth alone traces
# the classic validation curve: as the tree deepens, the training score
# rises steadily, while the validation score rises, peaks and falls. In the
# scatter (left) the same candidates walk to the right along the diagonal,
# then drop below it.
grid = GridSearchCV(
    tree, {"max_depth": range(1, 16)}, cv=cv, return_train_score=True
).fit(X, y)

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8))
plot_train_validation(grid, ax=left)
left.set_title("Grid over max_depth")
depth = np.asarray(grid.cv_results_["param_max_depth"], dtype=int)
for key, label in [("train", "training"), ("test", "validation")]:
    mean = grid.cv_results_[f"mean_{key}_score"]
    std = grid.cv_results_[f"std_{key}_score"]
    right.plot(depth, mean, "o-", label=label)
    right.fill_between(depth, mean - std, mean + std, alpha=0.2)
right.axvline(grid.best_params_["max_depth"], color="k", ls="--", label="chosen")
right.set_xlabel("max_depth")
right.set_ylabel("mean R² across the splits")
right.set_title("The same candidates against the depth")
right.legend()
fig.tight_layout()

# %%
# The lesson of both figures: the training score alone always prefers the
# most flexible model. A good candidate is one whose validation score is
# high, and the gap between the two scores tells a too-flexible model from a
# too-simple one: a large gap calls for more regularization (shallower
# trees, larger leaves), a small gap with low scores for less.

# %%
# Show the figures in windows when there is a display (the Agg backend, used
# without one and by the documentation build, only draws to files).
if plt.get_backend().lower() != "agg":
    plt.show()
