"""Bad input: a clear error naming the parameter, before any model is fitted.

The checks of skbayes/_validation.py and of the constructor's parameter
constraints; the warnings of a search point at the caller's code.
"""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from skbayes import BayesSearchCV
from skbayes.callbacks import DeadlineStopper
from skbayes.optimizer import RandomOptimizer

from ._estimators import Scored

X, y = load_iris(return_X_y=True)


class FitCounter(ClassifierMixin, BaseEstimator):
    """Counts every fit, so a test can check that nothing was fitted."""

    n_fits = 0

    def __init__(self, alpha=1.0, depth=1):
        self.alpha = alpha
        self.depth = depth

    def fit(self, X, y):
        type(self).n_fits += 1
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


@pytest.fixture(autouse=True)
def reset_counter():
    FitCounter.n_fits = 0
    yield


BAD_INPUTS = [
    ({"n_iter": 0}, ValueError, r"n_iter"),
    ({"n_iter": 2.5}, ValueError, r"n_iter"),
    ({"n_points": 0}, ValueError, r"n_points"),
    ({"n_initial_points": -1}, ValueError, r"n_initial_points"),
    ({"optimizer": "tpe-please"}, ValueError, r"optimizer"),
    ({"optimizer": 3}, ValueError, r"optimizer"),
    ({"search_spaces": []}, ValueError, r"search_spaces.*empty"),
    ({"search_spaces": "alpha"}, ValueError, r"search_spaces"),
    ({"search_spaces": ["alpha", (1.0, 2.0)]}, TypeError, r"search_spaces\[0\]"),
    ({"search_spaces": [({"alpha": [1.0]}, 0)]}, ValueError, r"search_spaces\[0\]"),
    ({"search_spaces": {"alpha": []}}, ValueError, r"search_spaces: 'alpha'.*empty"),
    (
        {"search_spaces": {"alpha": (2.0, 1.0)}},
        ValueError,
        r"search_spaces: 'alpha'.*low must be strictly less than high",
    ),
    (
        {"search_spaces": {"alpha": (0.0, 1.0, "log-uniform")}},
        ValueError,
        r"search_spaces: 'alpha'.*log-uniform",
    ),
    (
        {"search_spaces": {"alpha": (1.0, 2.0, "log_uniform")}},
        ValueError,
        r"search_spaces: 'alpha'.*prior must be 'uniform' or 'log-uniform'",
    ),
    ({"search_spaces": {"alpha": "1 ... 100"}}, TypeError, r"search_spaces: 'alpha'"),
    ({"search_spaces": {"alpha": 3.0}}, TypeError, r"search_spaces: 'alpha'"),
    (
        {"search_spaces": {"alpha": np.ones((2, 2))}},
        ValueError,
        r"search_spaces: 'alpha'.*one-dimensional",
    ),
    (
        {"search_spaces": {"gamma": [1.0, 2.0]}},
        ValueError,
        r"search_spaces: invalid parameter 'gamma' for estimator FitCounter",
    ),
    (
        {"search_spaces": [{"alpha": [1.0]}, {"alpha__x": [1.0]}]},
        ValueError,
        r"invalid parameter 'alpha__x'",
    ),
    (
        {"scoring": ["accuracy", "f1_macro"], "refit": True},
        ValueError,
        r"refit",
    ),
    (
        {"scoring": ["accuracy", "f1_macro"], "refit": False, "objective": "auc"},
        ValueError,
        r"objective='auc' is not one of the scorers",
    ),
    ({"objective": "accuracy"}, ValueError, r"objective='accuracy' is only used"),
    ({"optimizer_kwargs": {"random_state": 1}}, ValueError, r"optimizer_kwargs"),
    (
        {"optimizer": "random", "optimizer_kwargs": {"acq_func": "EI"}},
        TypeError,
        r"optimizer_kwargs \['acq_func'\] do not apply",
    ),
    ({"optimizer": lambda space, **kw: object()}, TypeError, r"no ask and tell"),
    # a key the engine does not take: the error names the argument holding it
    (
        {"optimizer": "gp", "optimizer_kwargs": {"acq_fnuc": "ei"}},
        TypeError,
        r"optimizer_kwargs: .*'acq_fnuc'.*optimizer='gp'",
    ),
    (
        {"optimizer": "tpe", "optimizer_kwargs": {"foo": 1}},
        TypeError,
        r"optimizer_kwargs: .*'foo'",
    ),
    ({"optimizer_kwargs": {"foo": 1}}, TypeError, r"optimizer_kwargs: .*'foo'"),
    ({"error_score": "ignore"}, ValueError, r"error_score"),
    ({"cv": "five"}, ValueError, r"cv"),
]


@pytest.mark.core
@pytest.mark.parametrize("params, error, match", BAD_INPUTS)
def test_bad_input_is_refused_before_any_fit(params, error, match):
    params = dict(params)
    search_spaces = params.pop("search_spaces", {"alpha": (0.1, 1.0)})
    params = {"n_iter": 2, **params}
    search = BayesSearchCV(FitCounter(), search_spaces, **params)
    with pytest.raises(error, match=match):
        search.fit(X, y)
    assert FitCounter.n_fits == 0


def test_constructor_does_not_validate():
    # scikit-learn convention: errors at fit, not in __init__
    search = BayesSearchCV(FitCounter(), "not a space", n_iter=-3)
    assert search.n_iter == -3


def test_step_params_under_a_searched_step_are_checked_per_candidate():
    pipe = Pipeline([("model", SVC())])
    ok = {"model": [DecisionTreeClassifier()], "model__max_depth": (1, 4)}
    BayesSearchCV(pipe, ok, n_iter=2, cv=2).fit(X, y)
    bad = {"model": [DecisionTreeClassifier(), SVC()], "model__max_depth": (1, 4)}
    with pytest.raises(ValueError, match="invalid parameter 'model__max_depth'"):
        BayesSearchCV(pipe, bad, n_iter=2, cv=2).fit(X, y)


def test_user_factory_and_class_as_optimizer():
    from functools import partial

    for optimizer in (RandomOptimizer, partial(RandomOptimizer, sampler="random")):
        search = BayesSearchCV(
            FitCounter(), {"alpha": (0.1, 1.0)}, n_iter=3, cv=2, optimizer=optimizer
        ).fit(X, y)
        assert len(search.cv_results_["params"]) == 3


def _scored_search(**kwargs):
    kwargs = {"n_iter": 30, "cv": 2, "random_state": 0, **kwargs}
    return BayesSearchCV(Scored(), {"x": (0.0, 1.0)}, **kwargs)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"max_time": 0}, "max_time"),
        ({"callbacks": "stop"}, "callbacks"),
        ({"callbacks": [1]}, "callbacks must be a callable"),
    ],
)
def test_bad_budgets(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        _scored_search(**params).fit(X, y)


def test_the_two_kinds_of_callbacks_are_not_swapped():
    with pytest.raises(TypeError, match=r"skbayes stopper.*callbacks=\[\.\.\.\]"):
        _scored_search(n_iter=2).fit(X, y, callback=DeadlineStopper(60))
    skopt_callbacks = pytest.importorskip("skopt.callbacks")
    with pytest.raises(TypeError, match=r"scikit-optimize callback.*callback=\.\.\."):
        _scored_search(n_iter=2, callbacks=[skopt_callbacks.DeadlineStopper(60)]).fit(
            X, y
        )


def test_searched_step_params_are_checked_against_the_searched_estimators():
    pipe = Pipeline([("model", SVC())])
    space = {"model": [DecisionTreeClassifier()], "model__C": (0.1, 1.0)}
    with pytest.raises(ValueError, match="'C' is not a parameter of Decision"):
        BayesSearchCV(pipe, space, n_iter=2).fit(X, y)


def test_warnings_point_at_the_callers_code():
    with pytest.warns(UserWarning, match="fewer distinct") as record:
        BayesSearchCV(LogisticRegression(), {"C": [0.1]}, n_iter=2, cv=3).fit(X, y)
    assert record[0].filename == __file__


class AnyKeyword(ClassifierMixin, BaseEstimator):
    """Takes any keyword through set_params, as LightGBM's estimators do."""

    def __init__(self, n_estimators=10, **kwargs):
        self.n_estimators = n_estimators
        self._other = dict(kwargs)

    def get_params(self, deep=True):
        return {"n_estimators": self.n_estimators, **self._other}

    def set_params(self, **params):
        for key, value in params.items():
            if key == "n_estimators":
                self.n_estimators = value
            else:
                self._other[key] = value
        return self

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        self.fitted_with_ = dict(self._other)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return self._other.get("min_data_in_leaf", 0) / 100


def test_a_parameter_that_set_params_takes_is_searched():
    # GridSearchCV runs LGBMClassifier with {"min_data_in_leaf": [5, 20]}
    space = {"min_data_in_leaf": [5, 20]}
    grid = GridSearchCV(AnyKeyword(), space, cv=3).fit(X, y)
    ours = BayesSearchCV(AnyKeyword(), space, n_iter=2, cv=3).fit(X, y)
    assert ours.best_params_ == grid.best_params_ == {"min_data_in_leaf": 20}
    assert ours.best_estimator_.fitted_with_ == {"min_data_in_leaf": 20}


def test_an_invalid_name_in_a_pipeline_suggests_the_closest():
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    search = BayesSearchCV(pipe, {"svc__gama": (1e-3, 1.0, "log-uniform")}, n_iter=2)
    with pytest.raises(ValueError, match=r"'svc__gama'.*Did you mean.*'svc__gamma'"):
        search.fit(X, y)
    # below a searched step, against each estimator it may be
    space = {"svc": [SVC(), LogisticRegression()], "svc__gamma": (0.1, 10.0)}
    with pytest.raises(
        ValueError, match=r"'gamma' is not a parameter of LogisticRegression"
    ):
        BayesSearchCV(pipe, space, n_iter=2).fit(X, y)


@pytest.mark.parametrize("search_spaces", [{"C": [1.0, 2.0]}, None, [{"C": [1.0]}, {}]])
@pytest.mark.parametrize("searcher", ["BayesSearchCV", "HalvingBayesSearchCV"])
def test_an_estimator_class_instead_of_an_instance_is_named(searcher, search_spaces):
    # GridSearchCV says "Expected an estimator instance (SVC()), got estimator
    # class instead"; the search said "BaseEstimator.get_params() missing 1
    # required positional argument: 'self'", or that SVC had no default space
    import skbayes

    search = getattr(skbayes, searcher)(SVC, search_spaces)
    with pytest.raises(TypeError, match=r"estimator must be .* instance.*SVC\(\)"):
        search.fit(X, y)
