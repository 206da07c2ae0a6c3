"""Search spaces seen from a user's side: ``BayesSearchCV(...).fit``."""

import tracemalloc

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from skbayes import BayesSearchCV

X, y = make_classification(n_samples=60, n_features=4, random_state=0)


class Recorder(ClassifierMixin, BaseEstimator):
    """Takes any value; counts its fits; scores ``-(x - 0.3)**2`` for numbers."""

    fits = 0

    def __init__(self, x=0.0, option=None):
        self.x = x
        self.option = option

    def fit(self, X, y):
        type(self).fits += 1
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        x = self.x if isinstance(self.x, (int, float)) else 0.0
        return -((x - 0.3) ** 2)


@pytest.fixture
def recorder():
    Recorder.fits = 0
    return Recorder


# -- 7. a misspelt prior is an error, not three categories ------------------------


@pytest.mark.parametrize("prior", ["unifrom", "LOG-UNIFORM", "loguniform", "Uniform"])
def test_a_misspelt_prior_stops_the_search_before_any_fit(recorder, prior):
    search = BayesSearchCV(recorder(), {"x": (1e-2, 1e2, prior)}, n_iter=3)
    with pytest.raises(ValueError) as info:
        search.fit(X, y)
    message = str(info.value)
    assert message.startswith("search_spaces: 'x': ")
    assert "prior must be 'uniform' or 'log-uniform'" in message
    assert "did you mean" in message
    assert recorder.fits == 0


def test_a_misspelt_prior_names_its_sub_space(recorder):
    spaces = [{"x": [0.1, 0.2]}, {"x": (1, 10, "log_uniform")}]
    with pytest.raises(ValueError, match=r"^search_spaces\[1\]: 'x': .*'log-uniform'"):
        BayesSearchCV(recorder(), spaces, n_iter=3).fit(X, y)


def test_ints_give_integers_and_floats_give_reals(recorder):
    search = BayesSearchCV(recorder(), {"x": (1, 1000, "log-uniform")}, n_iter=6)
    search.fit(X, y)
    assert all(type(p["x"]) is int for p in search.cv_results_["params"])
    search = BayesSearchCV(recorder(), {"x": (1.0, 1000.0, "log-uniform")}, n_iter=6)
    search.fit(X, y)
    assert all(type(p["x"]) is float for p in search.cv_results_["params"])


def test_two_numbers_and_another_word_are_three_categories(recorder):
    search = BayesSearchCV(recorder(), {"option": (0.5, 1.0, "sqrt")}, n_iter=3)
    search.fit(X, y)
    assert {p["option"] for p in search.cv_results_["params"]} == {0.5, 1.0, "sqrt"}


# -- 8. equal categories are one candidate; estimators stay apart -----------------


def test_equal_class_weights_are_evaluated_once():
    weights = {0: 1, 1: 2}
    space = {"class_weight": [weights, {0: 1, 1: 2}, None]}
    grid = GridSearchCV(LogisticRegression(), space, cv=3).fit(X, y)
    assert len(grid.cv_results_["params"]) == 3  # GridSearchCV fits the twin
    search = BayesSearchCV(LogisticRegression(), space, n_iter=3, cv=3)
    with pytest.warns(UserWarning, match="fewer distinct"):
        search.fit(X, y)
    params = search.cv_results_["params"]
    assert len(params) == 2
    listed = [p["class_weight"] for p in params]
    assert None in listed and any(w is weights for w in listed)  # the first object
    scores = dict(
        zip(map(repr, grid.cv_results_["params"]), grid.cv_results_["mean_test_score"])
    )
    for p, score in zip(params, search.cv_results_["mean_test_score"]):
        assert score == pytest.approx(scores[repr(p)])


def test_equal_numpy_arrays_are_one_candidate_other_dtypes_another(recorder):
    space = {"option": [np.array([1, 2]), np.array([1, 2]), np.array([1.0, 2.0])]}
    search = BayesSearchCV(recorder(), space, n_iter=3)
    with pytest.warns(UserWarning, match="fewer distinct"):
        search.fit(X, y)
    options = [p["option"] for p in search.cv_results_["params"]]
    assert sorted(o.dtype.kind for o in options) == ["f", "i"]
    assert any(o is space["option"][0] for o in options)


def test_two_equal_estimators_are_two_candidates_as_in_gridsearchcv():
    pipe = Pipeline([("clf", SVC())])
    space = {"clf": [SVC(), SVC()]}
    grid = GridSearchCV(pipe, space, cv=3).fit(X, y)
    search = BayesSearchCV(pipe, space, n_iter=2, cv=3).fit(X, y)
    assert len(search.cv_results_["params"]) == len(grid.cv_results_["params"]) == 2
    ids = {id(p["clf"]) for p in search.cv_results_["params"]}
    assert ids == {id(e) for e in space["clf"]}


def test_an_equal_warm_start_point_is_not_evaluated_again():
    weights = {0: 1, 1: 2}
    search = BayesSearchCV(
        LogisticRegression(),
        {"class_weight": [weights, None]},
        n_iter=1,
        cv=3,
        initial_points=[({"class_weight": {1: 2, 0: 1}}, 0.9)],
    )
    search.fit(X, y)
    assert search.n_warm_start_points_ == 1
    assert search.cv_results_["params"] == [{"class_weight": None}]


# -- 9. a grid of millions of values --------------------------------------------


def test_a_huge_grid_costs_no_copy_no_list_and_no_skopt_view(recorder, monkeypatch):
    from skopt import space as sk

    built = []
    categorical_init = sk.Categorical.__init__

    def counting_init(self, *args, **kwargs):
        built.append(len(args[0]) if args else None)
        categorical_init(self, *args, **kwargs)

    monkeypatch.setattr(sk.Categorical, "__init__", counting_init)
    grid = np.linspace(0.0, 1.0, 2_000_000)
    search = BayesSearchCV(recorder(), {"x": grid}, n_iter=12, random_state=0)
    tracemalloc.start()
    try:
        search.fit(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # no copy of the 16 MB grid, no list of its values, no dict of keys
    assert peak < 0.5 * grid.nbytes, peak
    assert not built  # the scikit-optimize view is built when read, not in fit
    assert np.shares_memory(search.search_space_.subspaces[0]["x"]._array, grid)
    xs = [p["x"] for p in search.cv_results_["params"]]
    assert len(set(xs)) == 12 and all(type(x) is np.float64 for x in xs)
    assert np.isin(xs, grid).all()
    assert grid.flags.writeable  # the user's array is not modified


def test_a_huge_grid_gives_candidates_as_randomizedsearchcv_would(recorder):
    grid = np.arange(1_000_000)
    ours = BayesSearchCV(recorder(), {"x": grid}, n_iter=6, random_state=0).fit(X, y)
    theirs = RandomizedSearchCV(recorder(), {"x": grid}, n_iter=6, random_state=0)
    theirs.fit(X, y)
    for search in (ours, theirs):
        values = [int(p["x"]) for p in search.cv_results_["params"]]
        assert len(set(values)) == 6 and set(values) <= set(range(1_000_000))
    # the values of the array, as RandomizedSearchCV gives them
    assert {type(p["x"]) for p in ours.cv_results_["params"]} == {np.int64}
    assert {type(p["x"]) for p in theirs.cv_results_["params"]} == {np.int64}


# -- 10. bad grids: GridSearchCV's exception types, messages that say more -------


@pytest.mark.parametrize(
    "value, hint",
    [
        (1, "Single values need to be wrapped in a list with one element."),
        ([], "need to be a non-empty sequence, got: []"),
        ("1,2,3", "A string is a single value, not a list of values"),
        (np.ones((2, 2)), "must be one-dimensional, but got an array of shape (2, 2)"),
        ({0: 1, 1: 2}, "A dict of parameters is a sub-space"),
    ],
    ids=["int", "empty", "str", "2-D", "dict"],
)
def test_bad_grids_fail_as_in_gridsearchcv_naming_the_parameter(recorder, value, hint):
    with pytest.raises(Exception) as expected:
        GridSearchCV(recorder(), {"x": value}).fit(X, y)
    recorder.fits = 0
    with pytest.raises(Exception) as ours:
        BayesSearchCV(recorder(), {"x": value}, n_iter=2).fit(X, y)
    assert type(ours.value) is type(expected.value)
    message = str(ours.value)
    assert message.startswith("search_spaces: 'x': ") and hint in message
    assert recorder.fits == 0
