"""
==================================
Running a search on a dask cluster
==================================

:class:`~skbayes.BayesSearchCV` runs its cross-validation fits through
joblib, like scikit-learn's searches, so any joblib backend can run them.
This example runs a search on a dask.distributed cluster with joblib's
``"dask"`` backend, and checks that it gives the same candidates and scores
as the same search run locally.

The cluster here is a small one inside this process (one worker with two
threads), so that the example runs anywhere, the documentation build
included. It needs ``pip install "skbayes[dask]"``.
"""

# %%
import time

import joblib
from distributed import Client
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from skbayes import BayesSearchCV

X, y = load_digits(return_X_y=True)
X, _, y, _ = train_test_split(X / 16.0, y, train_size=600, stratify=y, random_state=0)


def make_search():
    return BayesSearchCV(
        SVC(),
        {"C": (1e-2, 1e3, "log-uniform"), "gamma": (1e-4, 1e0, "log-uniform")},
        n_iter=16,
        cv=3,
        n_jobs=-1,
        random_state=0,
    )


# %%
# Connecting to a cluster
# -----------------------
#
# ``Client(processes=False, ...)`` starts a scheduler and a worker as threads
# of this process (no dashboard: ``dashboard_address=None``). On a real
# cluster, connect to its scheduler instead, and leave the rest of the code
# as it is::
#
#     client = Client("tcp://scheduler:8786")
#
# ``Client()`` with no argument starts a local cluster of worker processes,
# one per core group, which is how to use every core of a single machine.
client = Client(
    processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
)
print(
    "workers:",
    len(client.scheduler_info()["workers"]),
    "threads:",
    sum(client.nthreads().values()),
)

# %%
# Running the search
# ------------------
#
# Inside ``joblib.parallel_config(backend="dask")``, every batch of fits
# goes to the cluster. Two settings decide how much runs at once:
#
# - ``n_jobs``: the number of joblib workers; with the dask backend,
#   ``n_jobs=-1`` counts the worker threads of the whole cluster (2 here);
# - ``n_points``: the candidates proposed together, whose ``n_points *
#   n_splits`` fits form one batch. The default, ``"auto"``, follows the
#   budget only (the largest power of two that leaves six batches), so the
#   candidates are the same on any cluster: here 2 candidates (6 fits) per
#   batch.
#
# A Bayesian search waits for each batch before proposing the next one, so
# more candidates per batch keep a large cluster busy, at the price of
# proposals that know fewer results. On a cluster with hundreds of threads,
# set ``n_points`` to a value that fits the number of candidates you can
# afford, e.g. ``n_points=16`` with 5 folds gives 80 fits per batch.
search = make_search()
start = time.perf_counter()
with joblib.parallel_config(backend="dask"):
    search.fit(X, y)
dask_time = time.perf_counter() - start
print(f"on the cluster: {dask_time:.1f} s, best CV accuracy {search.best_score_:.4f}")
print("batches:", search.iterations_)

# %%
# The same search, run locally
# ----------------------------
#
# The same ``random_state`` gives the same candidates whatever runs the fits
# (given estimators seeded themselves), so a search tried on a laptop
# repeats on a cluster. Locally, ``n_jobs=-1`` means every core of this
# machine.
local = make_search()
start = time.perf_counter()
local.fit(X, y)
local_time = time.perf_counter() - start
print(f"locally: {local_time:.1f} s, best CV accuracy {local.best_score_:.4f}")
same = local.cv_results_["params"] == search.cv_results_["params"] and all(
    local.cv_results_["mean_test_score"] == search.cv_results_["mean_test_score"]
)
print("same candidates and scores:", same)

# %%
# The times of such short fits say little (the local run starts its worker
# processes, the threads of this small cluster are already there). On a real
# cluster, each batch is sent to the workers and its results gathered
# before the next one is proposed, which costs a fraction of a second: a
# cluster pays off when each fit takes seconds or more, and when it has
# more cores than the machine at hand. The data is sent with every batch;
# large arrays can be sent to the workers once, with
# ``joblib.parallel_config(backend="dask", scatter=[X, y])``.
#
# Close the client (and with it the local cluster) when done.
client.close()
