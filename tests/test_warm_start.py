"""Warm starts: earlier results seed the search and are not fitted again."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
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
    )
    with pytest.warns(UserWarning, match=r"(?s)1 of the 2 points .* left out.*C=7.0"):
        search.fit(X, Y)
    assert search.n_warm_start_points_ == 1  # C=7.0 is not in the grid
    assert {"C": 1.0, "gamma": 0.1} not in search.cv_results_["params"]


class Depth(ClassifierMixin, BaseEstimator):
    """Scores ``-(max_depth - 4) ** 2``; records the values it is fitted with."""

    seen = []

    def __init__(self, max_depth=1):
        self.max_depth = max_depth

    def fit(self, X, y):
        type(self).seen.append(self.max_depth)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return -float((self.max_depth - 4) ** 2)


@pytest.mark.parametrize("whole", [3.0, np.float64(3.0), np.float32(3.0)])
def test_a_whole_float_warm_starts_an_integer_dimension_as_an_int(whole):
    # a table of results (a DataFrame read back, a JSON file) holds max_depth
    # as 3.0: the point was silently dropped, as Integer.contains(3.0) was False
    search = BayesSearchCV(
        Depth(),
        {"max_depth": (1, 8)},
        n_iter=4,
        cv=2,
        random_state=0,
        initial_points=[({"max_depth": whole}, -1.0)],
    ).fit(X, Y)
    assert search.n_warm_start_points_ == 1
    told = search.optimizer_results_[0].x_iters[0]
    assert told == [3] and type(told[0]) is int
    # the point is known: it is not fitted again
    assert 3 not in [p["max_depth"] for p in search.cv_results_["params"]]


@pytest.mark.parametrize(
    "value, match",
    [
        (3.5, r"max_depth=3.5 is not a value of Integer\(low=1, high=8"),
        (9, r"max_depth=9 is not a value of Integer\(low=1, high=8"),
        (9.0, r"max_depth=9.0 is not a value of Integer"),
        ("3", r"max_depth='3' is not a value of Integer"),
    ],
)
def test_a_warm_start_value_outside_an_integer_dimension_is_left_out_with_a_warning(
    value, match
):
    search = BayesSearchCV(
        Depth(),
        {"max_depth": (1, 8)},
        n_iter=3,
        cv=2,
        random_state=0,
        initial_points=[({"max_depth": value}, -1.0), ({"max_depth": 2}, -4.0)],
    )
    with pytest.warns(
        UserWarning, match=r"(?s)initial_points: 1 of the 2 points.*" + match
    ):
        search.fit(X, Y)
    assert search.n_warm_start_points_ == 1


def test_the_warning_names_each_sub_space_and_a_few_points():
    seeds = [({"C": float(c), "gamma": 0.1}, 0.5) for c in range(2, 8)]
    seeds.append(({"alpha": 1.0}, 0.5))
    search = BayesSearchCV(
        SVC(),
        [SPACE, {"C": [0.5, 1.5]}],
        n_iter=2,
        cv=3,
        random_state=0,
        initial_points=seeds,
    )
    with pytest.warns(UserWarning) as record:
        search.fit(X, Y)
    (message,) = [str(w.message) for w in record if "initial_points" in str(w.message)]
    assert "7 of the 7 points" in message
    assert "sub-space 0: C=2.0 is not a value of Ordinal" in message
    assert "sub-space 1: its parameters do not match (unknown ['gamma'])" in message
    assert "... and 4 more" in message
    assert search.n_warm_start_points_ == 0


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
