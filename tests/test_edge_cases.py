"""Edge cases: nested searches, odd splitters, odd optimizers, odd spaces."""

import inspect
import warnings

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from skopt.callbacks import DeltaXStopper

from skbayes import BayesSearchCV
from skbayes.optimizer import RandomOptimizer
from skbayes.space import Space

from ._estimators import Flaky, Scored

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_LINE = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
Y_LINE = np.arange(60) % 2


def _quiet_fit(search, X, y):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        search.fit(X, y)
    return [(w.category.__name__, str(w.message)) for w in record]


def test_defaults_are_gridsearch_defaults():
    ours = inspect.signature(BayesSearchCV).parameters
    theirs = inspect.signature(GridSearchCV).parameters
    for name, param in theirs.items():
        if name in ("estimator", "param_grid"):
            continue
        default = ours[name].default
        if isinstance(param.default, float) and np.isnan(param.default):
            assert np.isnan(default), name
        else:
            assert default == param.default, name


def test_cv_given_as_a_generator_of_splits():
    cv = KFold(3).split(X_IRIS, Y_IRIS)
    search = BayesSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, n_iter=2, cv=cv)
    search.fit(X_IRIS, Y_IRIS)
    assert search.n_splits_ == 3
    assert len(search.cv_results_["params"]) == 2


def test_gridsearch_nested_in_a_search_keeps_its_own_failure_check():
    inner = GridSearchCV(Flaky(), {"mode": ["fail", "ok"]}, cv=2)
    space = {"return_train_score": [False, True]}
    outer = BayesSearchCV(inner, space, n_iter=2, cv=5)
    record = _quiet_fit(outer, X_LINE, Y_LINE)
    # the inner searches warn about their own failed fits; the outer search,
    # whose fits all succeed, reports no failure of its own
    reports = [m for k, m in record if k == "FitFailedWarning"]
    assert len(reports) == 11  # each inner search: 2 candidates x 5 folds, refit
    assert all("2 fits failed out of a total of 4" in m for m in reports)
    assert not np.isnan(outer.cv_results_["mean_test_score"]).any()
    # an inner search whose fits all fail raises, as it would alone: the
    # outer search records that as a failure of its own fits
    always = GridSearchCV(Flaky(mode="fail"), {"value": [0.1, 0.2]}, cv=2)
    outer = BayesSearchCV(always, space, n_iter=2, cv=3)
    with pytest.raises(ValueError, match="All the 6 fits failed"):
        outer.fit(X_LINE, Y_LINE)


def test_callable_scorer_returning_a_dict_with_failed_batches():
    def scorer(est, X, y):
        return {"a": est.value, "b": -est.value}

    spaces = [
        ({"mode": ["fail"], "value": [0.5]}, 1),
        ({"mode": ["ok"], "value": [0.7]}, 1),
        ({"mode": ["fail"], "value": [0.9]}, 1),
    ]
    search = BayesSearchCV(Flaky(), spaces, scoring=scorer, refit="a", cv=3)
    record = _quiet_fit(search, X_LINE, Y_LINE)
    assert [k for k, _ in record].count("FitFailedWarning") == 1
    np.testing.assert_allclose(search.cv_results_["mean_test_a"], [np.nan, 0.7, np.nan])
    assert search.best_params_ == {"mode": "ok", "value": 0.7}
    assert search.objective_ == "a"


def test_discrete_distribution_with_gaps_proposes_its_values_only():
    dist = stats.rv_discrete(values=([50, 100, 200], [0.2, 0.3, 0.5])).freeze()
    with pytest.warns(UserWarning, match="fewer distinct candidates"):
        search = BayesSearchCV(
            LogisticRegression(), {"max_iter": dist}, n_iter=6, cv=3, random_state=0
        ).fit(X_IRIS, Y_IRIS)
    values = sorted(p["max_iter"] for p in search.cv_results_["params"])
    assert values == [50, 100, 200]
    assert all(type(v) is int for v in values)


def test_all_callbacks_are_called_and_delta_x_stopper_works():
    seen = []
    search = BayesSearchCV(
        SVC(), {"C": (1e-2, 1e2, "log-uniform")}, n_iter=6, cv=3, random_state=0
    )
    search.fit(
        X_IRIS,
        Y_IRIS,
        callback=[lambda r: True, lambda r: seen.append(len(r.x_iters))],
    )
    assert seen == [1]  # the second callback ran although the first stopped
    search.fit(X_IRIS, Y_IRIS, callback=DeltaXStopper(1e9))
    assert len(search.cv_results_["params"]) == 2  # stops once it can compare


def test_zero_initial_points_with_the_gaussian_process():
    search = BayesSearchCV(
        SVC(), {"C": (1e-2, 1e2, "log-uniform")}, n_iter=3, n_initial_points=0, cv=3
    ).fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 3


def test_dummy_surrogate_with_an_initial_point_generator():
    search = BayesSearchCV(
        SVC(),
        {"C": (1e-2, 1e2, "log-uniform")},
        n_iter=4,
        optimizer_kwargs={"base_estimator": "dummy", "initial_point_generator": "lhs"},
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 4


def test_an_optimizer_object_is_copied_not_changed():
    space = {"C": (1e-2, 1e2, "log-uniform")}
    mine = RandomOptimizer(Space(space), random_state=0)
    search = BayesSearchCV(LogisticRegression(), space, n_iter=3, cv=3, optimizer=mine)
    search.fit(X_IRIS, Y_IRIS)
    first = search.cv_results_["params"]
    assert mine.n_told == 0  # the user's object is untouched
    search.fit(X_IRIS, Y_IRIS)
    assert search.cv_results_["params"] == first  # each fit starts from it
    two = [{"C": [0.1]}, {"C": [1.0]}]
    with pytest.raises(ValueError, match="serves one search space"):
        BayesSearchCV(LogisticRegression(), two, n_iter=2, optimizer=mine).fit(
            X_IRIS, Y_IRIS
        )


def test_an_optimizer_proposing_points_outside_the_space():
    class Wrong:
        def ask(self, n_points=1):
            return [{"C": -1.0}]

        def tell(self, points, scores):
            pass

    search = BayesSearchCV(
        LogisticRegression(), {"C": (0.1, 1.0)}, n_iter=2, optimizer=Wrong()
    )
    with pytest.raises(ValueError, match="not a point of the search space"):
        search.fit(X_IRIS, Y_IRIS)


def test_an_optimizer_proposing_nothing():
    class Empty:
        def ask(self, n_points=1):
            return []

        def tell(self, points, scores):
            pass

    search = BayesSearchCV(
        LogisticRegression(), {"C": (0.1, 1.0)}, n_iter=2, optimizer=Empty()
    )
    with pytest.raises(ValueError, match="proposed no candidate"):
        search.fit(X_IRIS, Y_IRIS)


def test_the_same_candidate_is_not_evaluated_twice_across_sub_spaces():
    spaces = [{"C": [1.0, 2.0]}, {"C": [1.0, 2.0]}]
    with pytest.warns(UserWarning, match=r"Sub-spaces \[0, 1\]"):
        search = BayesSearchCV(LogisticRegression(), spaces, n_iter=4, cv=3).fit(
            X_IRIS, Y_IRIS
        )
    assert sorted(p["C"] for p in search.cv_results_["params"]) == [1.0, 2.0]
    # the second sub-space's optimizer was told the known scores
    assert len(search.optimizer_results_[1].x_iters) == 2


def test_searched_step_params_are_checked_against_the_searched_estimators():
    pipe = Pipeline([("model", SVC())])
    space = {"model": [DecisionTreeClassifier()], "model__C": (0.1, 1.0)}
    with pytest.raises(ValueError, match="'C' is not a parameter of Decision"):
        BayesSearchCV(pipe, space, n_iter=2).fit(X_IRIS, Y_IRIS)


def test_more_sub_spaces_than_candidates_warns():
    spaces = [{"C": [0.1]}, {"C": [1.0]}, {"C": [10.0]}]
    with pytest.warns(UserWarning, match=r"sub-spaces \[2\] get no candidate"):
        search = BayesSearchCV(LogisticRegression(), spaces, n_iter=2, cv=3).fit(
            X_IRIS, Y_IRIS
        )
    assert len(search.cv_results_["params"]) == 2


def test_warnings_point_at_the_callers_code():
    with pytest.warns(UserWarning, match="fewer distinct") as record:
        BayesSearchCV(LogisticRegression(), {"C": [0.1]}, n_iter=2, cv=3).fit(
            X_IRIS, Y_IRIS
        )
    assert record[0].filename == __file__


def test_subclass_signature_is_its_own():
    class Mine(BayesSearchCV):
        def __init__(self, estimator, search_spaces, *, extra=1, **kwargs):
            super().__init__(estimator, search_spaces, **kwargs)
            self.extra = extra

    assert "extra" in inspect.signature(Mine).parameters
    assert "extra" not in inspect.signature(BayesSearchCV).parameters


def test_sub_spaces_share_the_budget_adaptively():
    spaces = [
        {"kind": ["poor"], "x": (0.0, 0.2)},
        {"kind": ["good"], "x": (0.5, 1.0)},
    ]
    search = BayesSearchCV(Scored(), spaces, n_iter=30, cv=2, random_state=0)
    search.fit(X_LINE, Y_LINE)
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    assert len(kinds) == 30
    # each gets its initial design, then the better sub-space gets the rest
    assert kinds[:5] == ["poor"] * 5 and kinds[5:10] == ["good"] * 5
    assert kinds.count("good") >= 22
    # pairs keep their own budget, whatever the scores
    pairs = [({"kind": ["poor"], "x": (0.0, 0.2)}, 6), spaces[1]]
    search = BayesSearchCV(Scored(), pairs, n_iter=4, cv=2, random_state=0)
    search.fit(X_LINE, Y_LINE)
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    assert kinds == ["poor"] * 6 + ["good"] * 4
