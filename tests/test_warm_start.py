"""Warm starts: earlier results seed the search and are not fitted again."""

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

from skbayes import BayesSearchCV

X, Y = load_iris(return_X_y=True)
SPACE = {"C": [0.01, 0.1, 1.0, 10.0, 100.0], "gamma": [0.001, 0.01, 0.1, 1.0]}


def test_seed_with_a_gridsearch_cv_results():
    coarse = {"C": [0.01, 1.0, 100.0], "gamma": [0.001, 1.0]}
    grid = GridSearchCV(SVC(), coarse, cv=3).fit(X, Y)
    search = BayesSearchCV(
        SVC(), SPACE, n_iter=6, cv=3, random_state=0, initial_points=grid.cv_results_
    ).fit(X, Y)
    assert search.n_warm_start_points_ == 6
    seen = {(p["C"], p["gamma"]) for p in grid.cv_results_["params"]}
    new = {(p["C"], p["gamma"]) for p in search.cv_results_["params"]}
    assert not seen & new  # nothing fitted twice
    assert len(new) == 6
    # the optimizer saw the seeds first
    assert len(search.optimizer_results_[0].x_iters) == 12


def test_continue_a_fitted_search():
    first = BayesSearchCV(SVC(), SPACE, n_iter=5, cv=3, random_state=0).fit(X, Y)
    more = BayesSearchCV(
        SVC(), SPACE, n_iter=5, cv=3, random_state=1, initial_points=first.cv_results_
    ).fit(X, Y)
    both = first.cv_results_["params"] + more.cv_results_["params"]
    assert len({(p["C"], p["gamma"]) for p in both}) == 10


def test_seed_with_pairs_and_ignore_points_outside_the_space():
    seeds = [
        ({"C": 1.0, "gamma": 0.1}, 0.97),
        {"params": {"C": 7.0, "gamma": 0.1}, "score": 0.5},
    ]
    search = BayesSearchCV(
        SVC(), SPACE, n_iter=3, cv=3, random_state=0, initial_points=seeds
    ).fit(X, Y)
    assert search.n_warm_start_points_ == 1  # C=7.0 is not in the grid
    assert {"C": 1.0, "gamma": 0.1} not in search.cv_results_["params"]


@pytest.mark.parametrize(
    "seeds, match",
    [
        ({"mean_test_score": [0.5]}, "cv_results_"),
        ([("C", 1.0, 2.0)], "pair"),
        ([("C", 0.5)], "params must be a dict"),
    ],
)
def test_bad_initial_points(seeds, match):
    with pytest.raises((ValueError, TypeError), match=match):
        BayesSearchCV(SVC(), SPACE, n_iter=2, initial_points=seeds).fit(X, Y)


def test_multimetric_cv_results_need_the_metric_name():
    grid = GridSearchCV(
        SVC(),
        {"C": [1.0], "gamma": [0.1]},
        scoring=["accuracy", "f1_macro"],
        refit=False,
        cv=3,
    ).fit(X, Y)
    with pytest.raises(ValueError, match="cannot tell which"):
        BayesSearchCV(SVC(), SPACE, n_iter=2, initial_points=grid.cv_results_).fit(X, Y)
    search = BayesSearchCV(
        SVC(),
        SPACE,
        n_iter=2,
        scoring=["accuracy", "f1_macro"],
        refit="f1_macro",
        initial_points=grid.cv_results_,
    ).fit(X, Y)
    assert search.n_warm_start_points_ == 1
    told = search.optimizers_[0].scores[0]
    assert told == grid.cv_results_["mean_test_f1_macro"][0]


@pytest.mark.parametrize(
    "seeds, match",
    [
        ([({"C": 1.0, "gamma": 0.1}, "n/a")], r"initial_points.*entry 0.*'n/a'"),
        (
            [({"C": 1.0, "gamma": 0.1}, 0.9), {"params": {"C": 10.0}, "score": None}],
            r"initial_points.*entry 1.*None",
        ),
        ([({"C": 1.0, "gamma": 0.1}, [0.9])], r"initial_points.*entry 0"),
        ([({"C": 1.0, "gamma": 0.1}, float("inf"))], r"initial_points.*finite"),
        ([({"C": 1.0, "gamma": 0.1}, 10**400)], r"initial_points.*too large"),
        (
            {"params": [{"C": 1.0}], "mean_test_score": ["bad"]},
            r"initial_points.*candidate 0.*mean_test_score",
        ),
    ],
)
def test_a_score_that_is_no_number_names_initial_points(seeds, match):
    search = BayesSearchCV(SVC(), SPACE, n_iter=2, initial_points=seeds)
    with pytest.raises(ValueError, match=match):
        search.fit(X, Y)
    assert not hasattr(search, "cv_results_")


def test_a_failed_warm_start_point_is_told_as_a_failure():
    seeds = [({"C": 1.0, "gamma": 0.1}, float("nan"))]
    search = BayesSearchCV(
        SVC(), SPACE, n_iter=2, cv=3, random_state=0, initial_points=seeds
    ).fit(X, Y)
    assert search.n_warm_start_points_ == 1
    assert np.isnan(search.optimizers_[0].scores[0])


def test_initial_points_covering_the_whole_space_say_so():
    small = {"C": [0.1, 1.0], "gamma": [0.01, 0.1]}
    grid = GridSearchCV(SVC(), small, cv=3).fit(X, Y)
    search = BayesSearchCV(SVC(), small, n_iter=4, initial_points=grid.cv_results_)
    with pytest.raises(ValueError, match="initial_points already cover"):
        search.fit(X, Y)
