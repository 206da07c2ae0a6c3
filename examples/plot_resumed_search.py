"""
=============================================
Stopping, resuming and warm-starting a search
=============================================

A long search should not have to start over when it is stopped, whether by
a stopping rule, a time limit, a crash or Ctrl-C. This example shows:

- a search that writes a checkpoint file and stops early, once its best
  score stops improving (:class:`~skbayes.callbacks.NoImprovementStopper`);
- the same search resumed from the checkpoint with a larger budget: the
  candidates in the file are not fitted again;
- a new search over a different space warm-started from the results of the
  first one (``initial_points``).

The model is a histogram gradient boosting classifier on the breast cancer
data, with four hyperparameters.
"""

# %%
import os
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import HistGradientBoostingClassifier

from skbayes import BayesSearchCV
from skbayes.callbacks import NoImprovementStopper
from skbayes.plots import plot_convergence

X, y = load_breast_cancer(return_X_y=True)

# 20 boosting iterations keep each fit short. The searches below are
# compared by their scores, so none refits its best candidate at the end
# (``refit=False``); ``best_score_`` and ``best_params_`` are still set.
model = HistGradientBoostingClassifier(max_iter=20, random_state=0)
search_spaces = {
    "learning_rate": (0.01, 1.0, "log-uniform"),
    "max_leaf_nodes": (4, 64),
    "min_samples_leaf": (2, 50),
    "l2_regularization": (1e-6, 10.0, "log-uniform"),
}

# The checkpoint goes to a temporary directory, removed at the end.
workdir = tempfile.TemporaryDirectory()
checkpoint = os.path.join(workdir.name, "hgb_search.ckpt")

# %%
# A search that stops early
# -------------------------
#
# ``checkpoint=`` names a file; after every batch, the batch's candidates
# and their per-fold results are appended to it, one JSON line each. The
# stopper ends the search when the last 6 candidates proposed by the model
# (after its random initial design) did not improve on the best score.
# ``stop_reason_`` tells why a search ended before its budget.
first = BayesSearchCV(
    model,
    search_spaces,
    n_iter=40,
    cv=3,
    n_jobs=2,
    random_state=0,
    refit=False,
    checkpoint=checkpoint,
    callbacks=[NoImprovementStopper(patience=6)],
)
first.fit(X, y)
n_first = len(first.cv_results_["params"])
print(f"stopped after {n_first} of 40 candidates: {first.stop_reason_}")
print(f"best CV accuracy {first.best_score_:.4f}")
print("checkpoint written:", os.path.exists(checkpoint))

# %%
# Resuming from the checkpoint
# ----------------------------
#
# A search with the same estimator, search space, scoring, cross-validation
# and data, given the same file, starts from the candidates it
# holds: they count towards ``n_iter``, appear first in ``cv_results_``, and
# their results are read from the file instead of being computed again. This
# one has the same budget of 40 and no stopper (with the same stopper it
# would likely stop after its first batch: the last candidates in the file
# did not improve on the best).
# The same code resumes a search that crashed or was interrupted: the file
# holds every batch completed before that.
resumed = BayesSearchCV(
    model,
    search_spaces,
    n_iter=40,
    cv=3,
    n_jobs=2,
    random_state=0,
    refit=False,
    checkpoint=checkpoint,
)
start = time.perf_counter()
resumed.fit(X, y)
elapsed = time.perf_counter() - start
results = resumed.cv_results_
n_total = len(results["params"])
print(f"{n_total} candidates, {n_total - n_first} new, in {elapsed:.1f} s")
print("stop reason:", resumed.stop_reason_)
print(f"best CV accuracy {resumed.best_score_:.4f}")

# %%
# The candidates from the checkpoint were not fitted again: their parameters,
# scores and even their recorded fit times are those of the first search.
# ``iterations_`` numbers the batches; the resumed search carries on from
# where the first one stopped.
same_params = results["params"][:n_first] == first.cv_results_["params"]
same_times = np.array_equal(
    results["mean_fit_time"][:n_first], first.cv_results_["mean_fit_time"]
)
print("same candidates and fit times as the first search:", same_params, same_times)
print("batches of the first search:  ", first.iterations_)
print("batches of the resumed search:", resumed.iterations_)

# %%
# Warm start from earlier results
# -------------------------------
#
# A checkpoint resumes the very same search. To start a *different* search
# from what an earlier one learned, pass its results as ``initial_points``:
# the ``cv_results_`` of a ``BayesSearchCV``, ``GridSearchCV`` or
# ``RandomizedSearchCV``, or a list of ``(params, score)`` pairs. The
# optimizer is told these scores before its first batch; they are not
# fitted again, are not part of the new ``cv_results_`` and do not count
# towards ``n_iter``. Points outside the new space are left out.
#
# Here the new search narrows the range of ``learning_rate``: only the
# earlier candidates that lie in the new space are told (``n_warm_start_points_``). The
# same search without a warm start shows what the earlier results are worth.
new_spaces = {**search_spaces, "learning_rate": (0.05, 1.0, "log-uniform")}
common = dict(n_iter=12, cv=3, n_jobs=2, random_state=1, refit=False)
warm = BayesSearchCV(model, new_spaces, initial_points=results, **common)
cold = BayesSearchCV(model, new_spaces, **common)
warm.fit(X, y)
cold.fit(X, y)
n_told = warm.n_warm_start_points_
print(f"earlier results told to the warm search: {n_told} of {n_total}")
for label, search in (("warm start", warm), ("cold start", cold)):
    scores = search.cv_results_["mean_test_score"]
    print(
        f"{label}: {len(scores)} candidates evaluated, best CV accuracy "
        f"{search.best_score_:.4f}, median {np.median(scores):.4f}"
    )

# %%
# On the left, the resumed search: the candidates left of the dotted line
# come from the checkpoint. On the right, the warm start needs no random
# start: its first candidates are already in the region that scored well in
# the earlier search, where the cold start begins with random candidates.
# Most of its candidates score well (a higher median), though on a data set
# this small the best scores of the two differ by a sample or two.
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
plot_convergence(resumed, labels=["resumed search"], ax=left)
left.axvline(n_first + 0.5, color="gray", linestyle=":", label="end of checkpoint")
left.legend(loc="lower right")
right.plot(
    np.arange(1, 13), warm.cv_results_["mean_test_score"], "o-", label="warm start"
)
right.plot(
    np.arange(1, 13), cold.cv_results_["mean_test_score"], "s-", label="cold start"
)
right.set_xlabel("candidates evaluated")
right.set_title("Every candidate of the new search")
right.legend(loc="lower right")
fig.tight_layout()

# %%
# Remove the temporary directory and its checkpoint.
workdir.cleanup()

# %%
# Show the figure in a window when there is a display (the Agg backend, used
# without one and by the documentation build, only draws to files).
if plt.get_backend().lower() != "agg":
    plt.show()
