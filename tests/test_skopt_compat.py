"""Code written for scikit-optimize's BayesSearchCV runs unchanged."""

import pickle

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import load_iris, make_classification
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier
from skopt.callbacks import DeadlineStopper, DeltaXStopper, DeltaYStopper
from skopt.space import Categorical, Integer, Real

from skbayes import BayesSearchCV

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, train_size=0.75, random_state=0
)

SKOPT_SVC_SPACE = {
    "C": Real(1e-6, 1e6, prior="log-uniform"),
    "gamma": Real(1e-6, 1e1, prior="log-uniform"),
    "degree": Integer(1, 8),
    "kernel": Categorical(["linear", "poly", "rbf"]),
}


@pytest.mark.core
@pytest.mark.parametrize("n_points", [1, 3])
@pytest.mark.parametrize("optimizer_kwargs", [None, {"base_estimator": "gp"}])
def test_the_docstring_example_of_scikit_optimize(optimizer_kwargs, n_points):
    opt = BayesSearchCV(
        SVC(),
        SKOPT_SVC_SPACE,
        n_iter=12,
        n_points=n_points,
        n_jobs=-1,
        optimizer_kwargs=optimizer_kwargs,
        random_state=0,
    )
    opt.fit(X_train, y_train)
    assert opt.score(X_test, y_test) > 0.9
    # optimizer_results_[0].x is the best point in sorted-name order
    x = opt.optimizer_results_[0].x
    best = opt.best_estimator_
    assert x == [best.C, best.degree, best.gamma, best.kernel]
    assert opt.optimizer_results_[0].fun == pytest.approx(-opt.best_score_)
    assert len(opt.optimizer_results_[0].x_iters) == 12
    # the user's skopt dimensions were not modified (skopt sets .name)
    assert all(dim.name is None for dim in SKOPT_SVC_SPACE.values())


@pytest.mark.parametrize("surrogate", ["RF", "ET", "GBRT", "dummy"])
def test_optimizer_kwargs_surrogates(surrogate):
    opt = BayesSearchCV(
        SVC(),
        {"C": Real(1e-3, 1e3, prior="log-uniform"), "kernel": ["linear", "rbf"]},
        n_iter=6,
        optimizer_kwargs={"base_estimator": surrogate, "n_initial_points": 3},
        cv=3,
        random_state=0,
    ).fit(X, y)
    assert len(opt.cv_results_["params"]) == 6
    assert opt.best_score_ > 0.9


def test_optimizer_kwargs_acquisition_and_initial_points():
    opt = BayesSearchCV(
        SVC(),
        {"C": (1e-3, 1e3, "log-uniform")},
        n_iter=5,
        optimizer_kwargs={
            "acq_func": "EI",
            "n_initial_points": 2,
            "initial_point_generator": "lhs",
        },
        cv=3,
        random_state=0,
    ).fit(X, y)
    assert opt.optimizers_[0].n_initial_points == 2


def test_pipeline_with_subspaces_and_pairs():
    pipe = Pipeline([("model", SVC())])
    linsvc_search = {
        "model": Categorical([LinearSVC(dual=False)]),
        "model__C": Real(1e-6, 1e6, prior="log-uniform"),
    }
    dtc_search = {
        "model": Categorical([DecisionTreeClassifier()]),
        "model__max_depth": Integer(1, 32),
        "model__min_samples_split": Real(1e-3, 1.0, prior="log-uniform"),
    }
    svc_search = {
        "model": Categorical([SVC()]),
        "model__C": Real(1e-6, 1e6, prior="log-uniform"),
        "model__gamma": Real(1e-6, 1e1, prior="log-uniform"),
        "model__degree": Integer(1, 8),
        "model__kernel": Categorical(["linear", "poly", "rbf"]),
    }
    opt = BayesSearchCV(
        pipe, [(linsvc_search, 1), (dtc_search, 1), svc_search], n_iter=2
    )
    assert opt.total_iterations == 4
    opt.fit(X_train, y_train)
    assert len(opt.cv_results_["mean_test_score"]) == 4
    assert len(opt.optimizer_results_) == 3
    kinds = [type(r.x[0]) for r in opt.optimizer_results_]
    assert kinds == [LinearSVC, DecisionTreeClassifier, SVC]
    # set_params replaces the spaces; a clone keeps the original ones
    clone_opt = clone(opt)
    opt.set_params(search_spaces=[(dtc_search, 1)])
    opt.fit(X_train, y_train)
    assert len(opt.cv_results_["mean_test_score"]) == 1
    clone_opt.fit(X_train, y_train)
    assert len(clone_opt.cv_results_["mean_test_score"]) == 4


def test_total_iterations_before_fit():
    opt = BayesSearchCV(
        DecisionTreeClassifier(),
        [({"max_depth": (1, 32)}, 10), {"min_samples_split": Real(0.1, 0.9)}],
        n_iter=5,
    )
    assert opt.total_iterations == 15


def test_fit_callback_stops_the_search():
    calls = []

    def on_step(result):
        calls.append(len(result.x_iters))
        return len(calls) == 3

    opt = BayesSearchCV(SVC(), SKOPT_SVC_SPACE, n_iter=5, cv=3, random_state=0)
    opt.fit(X, y, callback=on_step)
    assert calls == [1, 2, 3]
    assert len(opt.cv_results_["params"]) == 3
    assert opt.score(X, y) > 0  # still refitted


def test_skopt_callbacks_objects():
    opt = BayesSearchCV(
        SVC(), {"C": Real(1e-3, 1e3, prior="log-uniform")}, n_iter=8, cv=3
    )
    opt.fit(X, y, callback=[DeadlineStopper(total_time=600), DeltaYStopper(1e9)])
    # DeltaYStopper(huge) stops once it has its n_best=5 values
    assert len(opt.cv_results_["params"]) == 5


def test_native_python_types_reach_the_estimator():
    class TypeChecker(BaseEstimator):
        def __init__(self, float_param=0.0, int_param=0, str_param=""):
            self.float_param = float_param
            self.int_param = int_param
            self.str_param = str_param

        def fit(self, X, y):
            assert isinstance(self.float_param, float)
            assert isinstance(self.int_param, int)
            assert isinstance(self.str_param, str)
            return self

        def score(self, X, y):
            return 0.0

    # scikit-optimize's ranges give Python numbers; a numpy grid gives its own
    # numbers, as GridSearchCV does (np.int64 is no int), see test_search.py
    BayesSearchCV(
        TypeChecker(),
        {
            "float_param": (0.0, 1.0),
            "int_param": (0, 10),
            "str_param": np.array(["one", "two", "three"]),
        },
        n_iter=5,
        error_score="raise",
    ).fit(X, y)


def test_multimetric_callable_scorer_refit_by_name():
    from sklearn.metrics import confusion_matrix

    Xc, yc = make_classification(n_samples=200, random_state=0)

    def scorer(clf, X, y):
        tn, fp, fn, tp = confusion_matrix(y, clf.predict(X)).ravel()
        return {"tn": tn, "fp": fp, "fn": fn, "tp": tp}

    opt = BayesSearchCV(
        SVC(),
        {"C": Real(1e-3, 1e3, prior="log-uniform")},
        scoring=scorer,
        refit="tp",
        n_iter=4,
        cv=3,
    ).fit(Xc, yc)
    assert len(opt.cv_results_["mean_test_tp"]) == len(opt.cv_results_["mean_test_fp"])
    assert opt.objective_ == "tp"


@pytest.mark.parametrize(
    "argument, hint",
    [
        ("fit_params", r"search.fit\(X, y, \*\*fit_params\)"),
        ("iid", "drop it"),
        ("param_grid", r"search_spaces=param_grid"),
        ("param_distributions", r"search_spaces=param_distributions"),
    ],
)
def test_removed_arguments_name_their_replacement(argument, hint):
    with pytest.raises(TypeError, match=hint):
        BayesSearchCV(SVC(), SKOPT_SVC_SPACE, **{argument: {}})


def test_random_state_in_optimizer_kwargs_names_the_replacement():
    opt = BayesSearchCV(
        SVC(), SKOPT_SVC_SPACE, n_iter=2, optimizer_kwargs={"random_state": 0}
    )
    with pytest.raises(ValueError, match="set random_state on BayesSearchCV"):
        opt.fit(X, y)


def test_all_callbacks_are_called_and_delta_x_stopper_works():
    seen = []
    search = BayesSearchCV(
        SVC(), {"C": (1e-2, 1e2, "log-uniform")}, n_iter=6, cv=3, random_state=0
    )
    search.fit(
        X,
        y,
        callback=[lambda r: True, lambda r: seen.append(len(r.x_iters))],
    )
    assert seen == [1]  # the second callback ran although the first stopped
    search.fit(X, y, callback=DeltaXStopper(1e9))
    assert len(search.cv_results_["params"]) == 2  # stops once it can compare


def test_dummy_surrogate_with_an_initial_point_generator():
    search = BayesSearchCV(
        SVC(),
        {"C": (1e-2, 1e2, "log-uniform")},
        n_iter=4,
        optimizer_kwargs={"base_estimator": "dummy", "initial_point_generator": "lhs"},
        cv=3,
        random_state=0,
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 4


def test_the_skopt_space_of_a_result_is_built_only_when_read():
    # a scikit-optimize space lists a grid's values: a huge grid's would cost
    # seconds, so it is made for the code that reads it
    search = BayesSearchCV(
        SVC(), {"C": np.logspace(-2, 2, 30), "kernel": ["rbf", "linear"]}, n_iter=4
    ).fit(X, y)
    result = search.optimizer_results_[0]
    assert "space" not in result
    assert result.space.dimension_names == ["C", "kernel"]
    assert "space" in result
    again = pickle.loads(pickle.dumps(search)).optimizer_results_[0]
    assert again.space.dimension_names == ["C", "kernel"]
