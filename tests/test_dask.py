"""A search on a dask cluster through joblib's dask backend."""

import os
import signal
import threading
import time

import numpy as np
import pytest

from skbayes import BayesSearchCV

from ._estimators import Scored

distributed = pytest.importorskip("distributed")
joblib = pytest.importorskip("joblib")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def _search():
    return BayesSearchCV(
        Scored(delay=0.2),
        {"x": (0.0, 1.0)},
        n_iter=12,
        n_points=2,
        cv=3,
        n_jobs=-1,
        random_state=0,
    )


def test_search_on_a_local_cluster_matches_a_local_search(client):
    X = np.arange(40.0).reshape(-1, 1)
    y = np.arange(40) % 2
    with joblib.parallel_backend("dask"):
        remote = _search().fit(X, y)
    local = _search().set_params(n_jobs=1).fit(X, y)
    assert remote.cv_results_["params"] == local.cv_results_["params"]
    np.testing.assert_allclose(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )


def test_a_worker_killed_mid_search_loses_nothing(client):
    X = np.arange(40.0).reshape(-1, 1)
    y = np.arange(40) % 2
    victim = sorted(client.run(os.getpid).values())[0]

    def kill():
        time.sleep(2.0)
        os.kill(victim, signal.SIGKILL)

    killer = threading.Thread(target=kill)
    killer.start()
    with joblib.parallel_backend("dask"):
        search = _search().fit(X, y)
    killer.join()
    assert victim not in client.run(os.getpid).values()  # it did die
    results = search.cv_results_
    assert len(results["params"]) == 12
    assert np.isfinite(results["mean_test_score"]).all()
    # every score is the one its candidate gives: nothing mixed up
    np.testing.assert_allclose(
        results["mean_test_score"], [p["x"] for p in results["params"]]
    )
