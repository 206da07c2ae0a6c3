"""
=============================================
Several metrics, and which one decides
=============================================

With several metrics in ``scoring``, three choices are separate:

- which metrics are computed for every candidate (``scoring``);
- which one the optimizer maximizes, the one that decides which candidate
  is evaluated next (``objective``);
- which candidate is refitted at the end and reported as ``best_*``
  (``refit``: a metric's name, or a function of ``cv_results_``).

This example searches a pipeline of a scaler, a PCA and a logistic
regression on the breast cancer data, with the number of principal
components and the regularization ``C`` as hyperparameters. It first lets
one metric drive both the search and the refit, then drives the search with
ROC AUC and refits the simplest model whose score is within one standard
deviation of the best, as in scikit-learn's example "Balance model
complexity and cross-validated score".
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skbayes import BayesSearchCV, results_table

X, y = load_breast_cancer(return_X_y=True)

pipe = Pipeline(
    [
        ("scale", StandardScaler()),
        ("pca", PCA(random_state=0)),
        ("clf", LogisticRegression()),
    ]
)
search_spaces = {
    "pca__n_components": (1, 30),
    "clf__C": (1e-3, 1e2, "log-uniform"),
}
scoring = {
    "accuracy": "accuracy",
    "balanced_accuracy": "balanced_accuracy",
    "roc_auc": "roc_auc",
    "f1": "f1",
}
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

# %%
# One metric for the search and the refit
# ---------------------------------------
#
# With ``refit`` set to a metric's name, that metric is also the one the
# optimizer maximizes (``objective_`` tells which it was). Every metric of
# ``scoring`` is still computed for every candidate.
search = BayesSearchCV(
    pipe,
    search_spaces,
    n_iter=25,
    scoring=scoring,
    refit="balanced_accuracy",
    cv=cv,
    n_jobs=2,
    random_state=0,
)
search.fit(X, y)
print("optimized metric:", search.objective_)
print("best_index_:", search.best_index_)
print("best_params_:", search.best_params_)
print(f"best_score_ (balanced accuracy): {search.best_score_:.4f}")

# %%
# :func:`skbayes.results_table` sorts the candidates by the optimized metric
# and shows every metric's mean and standard deviation.
columns = [
    "pca__n_components",
    "clf__C",
    "mean_test_balanced_accuracy",
    "std_test_balanced_accuracy",
    "mean_test_roc_auc",
    "mean_test_f1",
]
with pd.option_context("display.width", 200, "display.max_columns", None):
    print(results_table(search)[columns].head().round(4).to_string())

# %%
# Drive the search with one metric, choose the model with a function
# ------------------------------------------------------------------
#
# A ``refit`` function receives ``cv_results_`` and returns the index of the
# candidate to refit. This one keeps the candidates whose mean ROC AUC is
# within one standard deviation of the best, then takes the one with the
# fewest principal components (the simplest model), and among those the
# best ROC AUC. A function names no metric, so the search would maximize
# the first one of ``scoring`` (accuracy); ``objective="roc_auc"`` makes it
# look for a high ROC AUC, and the refit then trades a little of it for a
# simpler model.


def simplest_within_one_std(cv_results):
    mean = np.asarray(cv_results["mean_test_roc_auc"], dtype=float)
    std = np.asarray(cv_results["std_test_roc_auc"], dtype=float)
    best = np.nanargmax(mean)
    threshold = mean[best] - std[best]
    n_components = np.asarray(cv_results["param_pca__n_components"], dtype=float)
    eligible = np.flatnonzero(mean >= threshold)
    fewest = n_components[eligible].min()
    among = eligible[n_components[eligible] == fewest]
    return int(among[np.argmax(mean[among])])


simple_search = BayesSearchCV(
    pipe,
    search_spaces,
    n_iter=25,
    scoring=scoring,
    objective="roc_auc",
    refit=simplest_within_one_std,
    cv=cv,
    n_jobs=2,
    random_state=0,
)
simple_search.fit(X, y)

table = results_table(simple_search)
chosen = table.loc[simple_search.best_index_]
top = table.iloc[0]
print("optimized metric:", simple_search.objective_)
print("best_index_:", simple_search.best_index_)
print("best_params_:", simple_search.best_params_)
print(
    f"chosen: {chosen['pca__n_components']:.0f} components, "
    f"ROC AUC {chosen['mean_test_roc_auc']:.4f}"
)
print(
    f"best ROC AUC: {top['pca__n_components']:.0f} components, "
    f"ROC AUC {top['mean_test_roc_auc']:.4f} +/- {top['std_test_roc_auc']:.4f}"
)

# %%
# With a function as ``refit``, scikit-learn sets no ``best_score_``: the
# chosen candidate is not the best by any one metric. Its scores are in
# ``cv_results_`` at ``best_index_``, and the refitted pipeline is
# ``best_estimator_``.
print("has best_score_:", hasattr(simple_search, "best_score_"))
refitted = simple_search.best_estimator_
print("components of the refitted PCA:", refitted.named_steps["pca"].n_components_)

# %%
# The candidates' ROC AUC against their number of components, with one
# standard deviation across folds as error bars. The dashed line is one
# standard deviation below the best, and the chosen candidate is the
# leftmost point above it. The refit can only choose among the candidates
# evaluated: a search driven by ROC AUC spends its budget where ROC AUC is
# high, not on the smallest models, so a simpler model that would also be
# above the line may never have been tried.
results = simple_search.cv_results_
n_components = np.asarray(results["param_pca__n_components"], dtype=float)
mean = results["mean_test_roc_auc"]
std = results["std_test_roc_auc"]
best = np.nanargmax(mean)

fig, ax = plt.subplots(figsize=(7, 4))
ax.errorbar(n_components, mean, yerr=std, fmt="o", alpha=0.5, label="candidates")
ax.axhline(mean[best] - std[best], color="k", linestyle="--", label="best - 1 std")
ax.scatter(
    n_components[simple_search.best_index_],
    mean[simple_search.best_index_],
    s=150,
    facecolors="none",
    edgecolors="red",
    linewidths=2,
    label="chosen by refit",
    zorder=3,
)
ax.set_xlabel("PCA components")
ax.set_ylabel("mean ROC AUC (5-fold CV)")
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# Show the figure in a window when there is a display (the Agg backend, used
# without one and by the documentation build, only draws to files).
if plt.get_backend().lower() != "agg":
    plt.show()
