"""
=============================================
Tuning without writing a search space
=============================================

``BayesSearchCV(estimator)`` without ``search_spaces`` searches the
estimator's default space (:func:`skbayes.spaces.default_space`): the
parameters that matter most for it, over the ranges and scales the
literature found the best values in, each with its source. Ranges that
depend on the data (a forest's ``max_features`` from ``1 / n_features``,
its leaf size from the number of training samples, an SVM's ``gamma``
around ``1 / (n_features Var(X))``) are resolved at ``fit``.

This example tunes three estimators of different kinds on the breast
cancer data, with no search space written, and compares each with its own
defaults on a held-out test set. Then it shows how to read a default space,
and how to start from one and change it.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from skbayes import BayesSearchCV
from skbayes.spaces import default_space

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)

estimators = {
    "SVC (scaled)": make_pipeline(StandardScaler(), SVC()),
    "k-NN (scaled)": make_pipeline(StandardScaler(), KNeighborsClassifier()),
    "random forest": RandomForestClassifier(n_estimators=30, random_state=0),
}

# %%
# Three searches, no search space written
# ---------------------------------------
#
# Each search first evaluates the estimator as given (its defaults), then
# 12 candidates of the space, with 3-fold cross-validation: it never selects
# a candidate that scores below the defaults in cross-validation. The space
# it searched, resolved against the training data, is kept in
# ``search_spaces_``.
searches, scores = {}, {}
for name, estimator in estimators.items():
    search = BayesSearchCV(estimator, n_iter=12, cv=3, random_state=0)
    search.fit(X_train, y_train)
    searches[name] = search
    default = estimator.fit(X_train, y_train).score(X_test, y_test)
    scores[name] = (default, search.score(X_test, y_test))
    print(
        f"{name:<18} defaults {default:.4f}  tuned {scores[name][1]:.4f}  "
        f"{search.best_params_}"
    )

# %%
# The test accuracy of each estimator with its defaults and tuned. The test
# set has 171 samples, so one sample is 0.006 of accuracy: differences of a
# few samples either way are noise (a forest's defaults are hard to beat;
# see the default-space benchmark in the documentation).
fig, ax = plt.subplots(figsize=(6, 3))
positions = np.arange(len(scores))
ax.barh(positions + 0.2, [s[0] for s in scores.values()], 0.4, label="defaults")
ax.barh(positions - 0.2, [s[1] for s in scores.values()], 0.4, label="tuned")
ax.set_yticks(positions, list(scores))
ax.set_xlim(0.85, 1.0)
ax.set_xlabel("test accuracy")
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# What was searched, and why
# --------------------------
#
# :meth:`~skbayes.spaces.DefaultSpace.table` shows a space as a table: the
# parameter, its range and prior, why it matters and where the range comes
# from. Before ``fit``, data-dependent ranges are written in terms of the
# data:
table = default_space(RandomForestClassifier()).table()
print(table[["parameter", "range", "prior", "source"]].to_string())

# %%
# After ``fit``, ``search_spaces_`` holds the numbers: 30 features, so the
# forest's ``max_features`` starts at 1/30; 265 samples in a training fold,
# so its smallest leaf goes up to 26 samples and k-NN's ``n_neighbors`` up
# to 100. The SVC's ``gamma`` acts with the RBF kernel only: the linear
# kernel is a sub-space of its own.
print(searches["random forest"].search_spaces_.table()[["parameter", "range"]])
print(searches["k-NN (scaled)"].search_spaces_.table()[["parameter", "range"]])
print(searches["SVC (scaled)"].search_spaces_.table()[["sub-space", "parameter"]])

# %%
# Starting from a default space
# -----------------------------
#
# A default space can be changed and passed as ``search_spaces``: ``drop``
# leaves parameters at their values, ``merge`` adds or replaces some. Here
# the forest's sampling fraction is left alone and the split criterion is
# searched as well.
space = default_space(RandomForestClassifier()).drop("max_samples")
space = space.merge({"criterion": ["gini", "entropy"]})
search = BayesSearchCV(
    RandomForestClassifier(n_estimators=30, random_state=0),
    space,
    n_iter=8,
    cv=3,
    random_state=0,
).fit(X_train, y_train)
print(search.best_params_)
