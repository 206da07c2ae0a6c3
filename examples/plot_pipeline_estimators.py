"""
=================================================
Choosing the estimator of a pipeline step
=================================================

A search can choose the model itself, not only its hyperparameters. Here a
``Pipeline`` of a scaler and a classifier is searched over three
classifiers, each with its own hyperparameters: a logistic regression, an
RBF support vector machine and a random forest, on the breast cancer data.

The search space is a list of dicts, one sub-space per classifier. A pipeline
step is a parameter like any other: ``"clf": [SVC()]`` sets the step to that
estimator, ``"clf__C"`` is then its ``C``, and ``"scale": [StandardScaler(),
"passthrough"]`` lets the search decide whether to scale at all.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVC

from skbayes import BayesSearchCV, results_table

X, y = load_breast_cancer(return_X_y=True)

# The steps given here are placeholders: every sub-space below sets both.
pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])

# %%
# One sub-space per classifier
# ----------------------------
#
# Each dict holds the parameters that make sense for its classifier: a
# forest has no ``C``, a logistic regression no ``max_depth``. The scaler is
# a categorical choice too. The logistic regression is given a scaler
# either way (without one, its solver needs many more iterations on these
# features); the SVC may go without one, which lets the search find out how
# much scaling matters to it; the forest does not care about the scale of
# its features, so it is never scaled.
search_spaces = [
    {
        "scale": [StandardScaler(), MinMaxScaler()],
        "clf": [LogisticRegression(max_iter=1000)],
        "clf__C": (1e-3, 1e3, "log-uniform"),
    },
    {
        "scale": [StandardScaler(), "passthrough"],
        "clf": [SVC()],
        "clf__C": (1e-2, 1e3, "log-uniform"),
        "clf__gamma": (1e-4, 1e0, "log-uniform"),
    },
    {
        "scale": ["passthrough"],
        "clf": [RandomForestClassifier(random_state=0)],
        "clf__max_depth": (2, 12),
        "clf__n_estimators": (10, 60),
    },
]

# %%
# The three sub-spaces share ``n_iter``. Each first gets a few random
# candidates; after that, every batch goes to the sub-space whose best score
# may still be the highest (an upper confidence bound, which accounts for
# how few candidates a sub-space has had), so the budget follows the better
# classifiers.
search = BayesSearchCV(pipe, search_spaces, n_iter=30, cv=3, n_jobs=2, random_state=0)
search.fit(X, y)

print(f"best CV accuracy: {search.best_score_:.4f}")
for name, value in search.best_params_.items():
    print(f"  {name}: {value}")

# %%
# How the budget was shared
# -------------------------
#
# Every candidate is in ``cv_results_``; its ``params`` hold the classifier
# object, so counting candidates per classifier only needs its class name.
# :func:`skbayes.results_table` gives the same results as a pandas
# DataFrame, with one column per parameter (empty where a sub-space does not
# have it).
table = results_table(search)
classifier = table["clf"].map(lambda estimator: type(estimator).__name__)
summary = table.groupby(classifier)["mean_test_score"].agg(["count", "max"])
summary.columns = ["candidates", "best CV accuracy"]
print(summary.sort_values("best CV accuracy", ascending=False))

# %%
# The five best candidates. The estimators are shown by their ``repr``.
with pd.option_context("display.width", 200, "display.max_columns", None):
    print(table.head().round(4).to_string())

# %%
# The scores of all candidates in the order they were evaluated, one colour
# per classifier. The first candidates are the random start of each
# sub-space, in turn (batches of 4: ``n_points="auto"`` for 30 candidates);
# the batches after them go to the two classifiers that score best, not to
# the forest.
fig, ax = plt.subplots(figsize=(7, 3.5))
order = np.arange(1, len(search.cv_results_["params"]) + 1)
names = np.array(
    [type(p["clf"]).__name__ for p in search.cv_results_["params"]], dtype=object
)
scores = search.cv_results_["mean_test_score"]
for name in dict.fromkeys(names):
    mask = names == name
    ax.scatter(order[mask], scores[mask], label=name)
ax.set_xlabel("candidate (evaluation order)")
ax.set_ylabel("mean CV accuracy")
ax.legend(loc="lower left")
fig.tight_layout()

# %%
# The best SVC without scaling is well below the best with it: the features
# of this data set differ in scale by orders of magnitude, and the RBF kernel
# measures distances across all of them, so the largest features dominate.
# After its random start, the search did not propose ``"passthrough"`` for the
# SVC again.
svc = table[classifier == "SVC"]
scaling = svc["scale"].map(lambda step: step if step == "passthrough" else "scaled")
print(svc.groupby(scaling)["mean_test_score"].agg(["count", "max"]))

# %%
# Show the figure in a window when there is a display (the Agg backend, used
# without one and by the documentation build, only draws to files).
if plt.get_backend().lower() != "agg":
    plt.show()
