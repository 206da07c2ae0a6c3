"""BayesSearchCV as a drop-in for GridSearchCV: real scenarios."""

import inspect
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform, randint, rv_discrete
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import load_diabetes, load_iris, make_classification
from sklearn.decomposition import PCA
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    ShuffleSplit,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from skbayes import BayesSearchCV
from skbayes.optimizer import RandomOptimizer
from skbayes.space import Space

from ._estimators import Flaky

X_IRIS, Y_IRIS = load_iris(return_X_y=True)

CLASSIC_SPACE = {
    "max_depth": np.arange(1, 20, 1),
    "n_estimators": np.arange(1, 50, 10),
    "max_leaf_nodes": np.arange(2, 100, 10),
}


@pytest.fixture(scope="module")
def classic_search():
    """The classic random forest grid on iris, searched with 25 candidates."""
    search = BayesSearchCV(
        RandomForestClassifier(random_state=0),
        CLASSIC_SPACE,
        n_iter=25,
        cv=5,
        scoring="f1_micro",
        random_state=0,
    )
    return search.fit(X_IRIS, Y_IRIS)


GRID_OF_EVERY_KIND = {
    "C": np.logspace(-2, 2, 3),
    "max_iter": np.arange(100, 201, 100),
    "tol": [1e-4, 1e-3],
    "intercept_scaling": range(1, 3),
}


@pytest.fixture(scope="module")
def gridsearch_types():
    grid = GridSearchCV(LogisticRegression(), GRID_OF_EVERY_KIND, cv=2)
    grid.fit(X_IRIS, Y_IRIS)
    return {k: type(v) for k, v in grid.best_params_.items()}


@pytest.mark.parametrize("optimizer", ["auto", "tpe", "random", "skopt"])
def test_grid_values_come_back_as_given_as_in_gridsearchcv(optimizer, gridsearch_types):
    # np.logspace gives np.float64 and np.arange np.int64 in GridSearchCV's
    # best_params_; lists and ranges of Python numbers give Python numbers
    expected = gridsearch_types
    assert expected["C"] is np.float64 and expected["max_iter"] is np.int64
    assert expected["tol"] is float and expected["intercept_scaling"] is int
    ours = BayesSearchCV(
        LogisticRegression(),
        GRID_OF_EVERY_KIND,
        n_iter=6,
        cv=2,
        random_state=0,
        optimizer=optimizer,
    ).fit(X_IRIS, Y_IRIS)
    for params in [ours.best_params_, *ours.cv_results_["params"]]:
        assert {k: type(v) for k, v in params.items()} == expected


@pytest.mark.core
def test_classic_random_forest_grid(classic_search):
    search = classic_search
    assert len(search.cv_results_["params"]) == 25
    for params in search.cv_results_["params"]:
        for name, grid in CLASSIC_SPACE.items():
            assert params[name] in grid
            # np.arange's own numbers, as GridSearchCV gives them
            assert type(params[name]) is np.int64
    assert search.best_score_ >= 0.95
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    assert (
        search.best_score_ == search.cv_results_["mean_test_score"][search.best_index_]
    )
    assert search.cv_results_["rank_test_score"][search.best_index_] == 1
    assert search.n_splits_ == 5
    assert search.refit_time_ > 0
    assert search.multimetric_ is False
    np.testing.assert_array_equal(search.classes_, [0, 1, 2])
    assert search.n_features_in_ == 4
    assert (
        search.best_estimator_.get_params()["max_depth"]
        == (search.best_params_["max_depth"])
    )
    assert search.scorer_._score_func.__name__ == "f1_score"
    assert search.score(X_IRIS, Y_IRIS) > 0.9
    assert search.predict(X_IRIS).shape == Y_IRIS.shape
    assert search.predict_proba(X_IRIS).shape == (150, 3)
    # candidates are distinct
    keys = {tuple(sorted(p.items())) for p in search.cv_results_["params"]}
    assert len(keys) == 25


@pytest.mark.core
def test_cv_results_has_every_gridsearch_key(classic_search):
    grid = GridSearchCV(
        RandomForestClassifier(random_state=0),
        {k: v[:2] for k, v in CLASSIC_SPACE.items()},
        cv=5,
        scoring="f1_micro",
    ).fit(X_IRIS, Y_IRIS)
    ours = set(classic_search.cv_results_)
    assert ours == set(grid.cv_results_)
    n = len(classic_search.cv_results_["params"])
    for key, value in classic_search.cv_results_.items():
        assert len(value) == n, key
        assert type(value) is type(grid.cv_results_.get(key, value)), key
    # the param_ columns are masked arrays, as GridSearchCV's
    assert isinstance(classic_search.cv_results_["param_max_depth"], np.ma.MaskedArray)
    # the dict converts to a DataFrame like GridSearchCV's
    frame = pd.DataFrame(classic_search.cv_results_)
    assert frame.shape[0] == n


@pytest.mark.parametrize("return_train_score", [False, True])
@pytest.mark.parametrize(
    "scoring", ["accuracy", ["accuracy", "f1_macro"], {"acc": "accuracy"}]
)
def test_cv_results_keys_match_gridsearch_for_same_scorers(scoring, return_train_score):
    refit = "accuracy" if isinstance(scoring, list) else True
    if isinstance(scoring, dict):
        refit = "acc"
    space = {"C": [0.1, 1.0, 10.0]}
    kwargs = dict(scoring=scoring, refit=refit, cv=3)
    kwargs["return_train_score"] = return_train_score
    grid = GridSearchCV(LogisticRegression(), space, **kwargs).fit(X_IRIS, Y_IRIS)
    ours = BayesSearchCV(
        LogisticRegression(), space, n_iter=3, random_state=0, **kwargs
    ).fit(X_IRIS, Y_IRIS)
    assert set(ours.cv_results_) == set(grid.cv_results_)
    assert list(ours.iterations_) == [0, 1, 2]


def test_exhaustive_search_reproduces_gridsearch_results():
    """Evaluating a whole finite space gives GridSearchCV's numbers exactly."""
    space = {"C": [0.01, 0.1, 1.0, 10.0], "fit_intercept": [True, False]}
    grid = GridSearchCV(LogisticRegression(max_iter=500), space, cv=4).fit(
        X_IRIS, Y_IRIS
    )
    with pytest.warns(UserWarning, match="fewer distinct candidates"):
        ours = BayesSearchCV(
            LogisticRegression(max_iter=500), space, n_iter=20, cv=4, random_state=1
        ).fit(X_IRIS, Y_IRIS)
    assert len(ours.cv_results_["params"]) == 8

    def by_params(results):
        return {
            (p["C"], p["fit_intercept"]): s
            for p, s in zip(results["params"], results["mean_test_score"])
        }

    assert by_params(ours.cv_results_) == pytest.approx(by_params(grid.cv_results_))
    assert ours.best_score_ == pytest.approx(grid.best_score_)


def test_pipeline_step_params_and_nested_cross_val_score():
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    search = BayesSearchCV(
        pipe,
        {"svc__C": (1e-2, 1e2, "log-uniform"), "svc__gamma": loguniform(1e-3, 1e0)},
        n_iter=8,
        cv=3,
        random_state=0,
    )
    scores = cross_val_score(search, X_IRIS, Y_IRIS, cv=3)
    assert scores.shape == (3,)
    assert scores.mean() > 0.85
    search.fit(X_IRIS, Y_IRIS)
    assert set(search.best_params_) == {"svc__C", "svc__gamma"}
    assert search.best_estimator_.named_steps["svc"].C == search.best_params_["svc__C"]


def test_nested_cv_stratifies_like_gridsearch():
    """A classifier search is a classifier: cross_val_score(cv=3) stratifies."""
    from sklearn.base import is_classifier

    search = BayesSearchCV(LogisticRegression(), {"C": (0.1, 10.0)}, n_iter=2)
    assert is_classifier(search)
    reg = BayesSearchCV(Ridge(), {"alpha": (0.1, 10.0)}, n_iter=2)
    assert not is_classifier(reg)


def test_clone_and_pickle():
    search = BayesSearchCV(
        LogisticRegression(),
        {"C": (1e-2, 1e2, "log-uniform"), "fit_intercept": [True, False]},
        n_iter=6,
        cv=3,
        random_state=0,
    )
    unfitted = clone(search)
    assert unfitted.get_params()["search_spaces"] == search.search_spaces
    with pytest.raises(NotFittedError):
        unfitted.predict(X_IRIS)
    search.fit(X_IRIS, Y_IRIS)
    restored = pickle.loads(pickle.dumps(search))
    np.testing.assert_array_equal(restored.predict(X_IRIS), search.predict(X_IRIS))
    assert restored.best_params_ == search.best_params_
    # a clone of a fitted search is unfitted and refits to the same result
    again = clone(search).fit(X_IRIS, Y_IRIS)
    assert again.cv_results_["params"] == search.cv_results_["params"]
    # fitting twice starts afresh: nothing leaks from the first fit
    search.fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 6
    assert search.cv_results_["params"] == again.cv_results_["params"]


def test_feature_names_in_with_dataframe():
    frame = pd.DataFrame(X_IRIS, columns=["a", "b", "c", "d"])
    search = BayesSearchCV(
        LogisticRegression(), {"C": [0.1, 1.0]}, n_iter=2, cv=3, random_state=0
    ).fit(frame, Y_IRIS)
    assert list(search.feature_names_in_) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("n_points", [1, 3])
def test_same_random_state_same_candidates_whatever_n_jobs(n_points):
    space = {
        "C": (1e-3, 1e3, "log-uniform"),
        "gamma": (1e-4, 1e0, "log-uniform"),
        "kernel": ["rbf", "sigmoid"],
    }
    results = []
    for n_jobs in (1, 2):
        search = BayesSearchCV(
            SVC(),
            space,
            n_iter=9,
            n_initial_points=3,
            n_points=n_points,
            n_jobs=n_jobs,
            cv=3,
            random_state=42,
        ).fit(X_IRIS, Y_IRIS)
        results.append(search.cv_results_)
    assert results[0]["params"] == results[1]["params"]
    np.testing.assert_allclose(
        results[0]["mean_test_score"], results[1]["mean_test_score"]
    )


def test_different_random_state_different_candidates():
    space = {"C": (1e-3, 1e3, "log-uniform")}
    a, b = (
        BayesSearchCV(LogisticRegression(), space, n_iter=3, cv=3, random_state=s)
        .fit(X_IRIS, Y_IRIS)
        .cv_results_["params"]
        for s in (0, 1)
    )
    assert a != b


def test_n_points_batches_are_diverse_and_evaluated_together():
    search = BayesSearchCV(
        SVC(),
        {"C": (1e-3, 1e3, "log-uniform"), "gamma": (1e-4, 1e0, "log-uniform")},
        n_iter=12,
        n_points=4,
        n_initial_points=4,
        n_jobs=2,
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    iterations = list(search.iterations_)
    assert iterations == [0] * 4 + [1] * 4 + [2] * 4
    params = search.cv_results_["params"]
    for it in range(3):
        batch = params[4 * it : 4 * it + 4]
        cs = [p["C"] for p in batch]
        assert len(set(cs)) == 4  # distinct candidates in every batch
    # the model-based batches are spread out, not one point repeated
    logc = np.log10([p["C"] for p in params[4:]])
    assert np.ptp(logc) > 0.5


def test_last_batch_is_trimmed_to_the_budget():
    search = BayesSearchCV(
        LogisticRegression(),
        {"C": (1e-2, 1e2, "log-uniform")},
        n_iter=7,
        n_points=3,
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    assert list(search.iterations_) == [0, 0, 0, 1, 1, 1, 2]


# -- spaces of every format -----------------------------------------------------
def test_categorical_values_of_any_type_come_back_unchanged():
    tree, knn = DecisionTreeClassifier(max_depth=2), KNeighborsClassifier()
    pipe = Pipeline([("reduce", PCA(n_components=2)), ("clf", LogisticRegression())])
    space = {
        "reduce": [PCA(n_components=2), "passthrough"],
        "clf": [tree, knn, LogisticRegression(max_iter=300)],
    }
    with pytest.warns(UserWarning, match="fewer distinct candidates"):
        search = BayesSearchCV(pipe, space, n_iter=10, cv=3, random_state=0).fit(
            X_IRIS, Y_IRIS
        )
    assert len(search.cv_results_["params"]) == 6
    clfs = [p["clf"] for p in search.cv_results_["params"]]
    assert any(c is tree for c in clfs) and any(c is knn for c in clfs)
    assert "passthrough" in [p["reduce"] for p in search.cv_results_["params"]]
    # the user's objects were not fitted or changed
    assert not hasattr(tree, "tree_")


def test_tuple_none_and_boolean_categories():
    X, y = make_classification(n_samples=120, n_features=6, random_state=0)
    space = {
        "hidden_layer_sizes": [(4,), (8,), (4, 4)],
        "early_stopping": [True, False],
        "alpha": (1e-4, 1e-1, "log-uniform"),
    }
    search = BayesSearchCV(
        MLPClassifier(max_iter=30, random_state=0),
        space,
        n_iter=5,
        cv=2,
        random_state=0,
    )
    search.fit(X, y)  # MLP's ConvergenceWarning is ignored in pyproject.toml
    for p in search.cv_results_["params"]:
        assert p["hidden_layer_sizes"] in [(4,), (8,), (4, 4)]
        assert type(p["hidden_layer_sizes"]) is tuple
        assert p["early_stopping"] is True or p["early_stopping"] is False
    tree_space = {"max_depth": [None, 2, 4], "class_weight": [None, "balanced"]}
    with pytest.warns(UserWarning, match="fewer distinct candidates"):
        tree = BayesSearchCV(
            DecisionTreeClassifier(random_state=0), tree_space, n_iter=10, cv=3
        ).fit(X_IRIS, Y_IRIS)
    depths = [p["max_depth"] for p in tree.cv_results_["params"]]
    assert depths.count(None) == 2


def test_scipy_distributions_and_skopt_dimensions_and_tuples_together():
    from skopt.space import Categorical, Integer, Real

    real = Real(1e-2, 1e2, prior="log-uniform")
    before = dict(vars(real))
    space = {
        "C": real,
        "gamma": loguniform(1e-3, 1e0),
        "degree": Integer(1, 4),
        "coef0": (0.0, 1.0),
        "kernel": Categorical(["rbf", "poly"]),
        "max_iter": randint(500, 1000),
    }
    search = BayesSearchCV(SVC(), space, n_iter=6, cv=3, random_state=0).fit(
        X_IRIS, Y_IRIS
    )
    assert vars(real) == before  # the user's dimension was not modified
    for p in search.cv_results_["params"]:
        assert 1e-2 <= p["C"] <= 1e2 and 1e-3 <= p["gamma"] <= 1.0
        assert type(p["degree"]) is int and 1 <= p["degree"] <= 4
        assert type(p["max_iter"]) is int and 500 <= p["max_iter"] < 1000
        assert p["kernel"] in ("rbf", "poly")


def test_list_of_subspaces_choosing_the_estimator():
    pipe = Pipeline([("model", SVC())])
    spaces = [
        {"model": [SVC()], "model__C": (1e-2, 1e2, "log-uniform")},
        {
            "model": [DecisionTreeClassifier(random_state=0)],
            "model__max_depth": (1, 8),
        },
    ]
    search = BayesSearchCV(pipe, spaces, n_iter=8, cv=3, random_state=0).fit(
        X_IRIS, Y_IRIS
    )
    models = [type(p["model"]).__name__ for p in search.cv_results_["params"]]
    assert models == ["SVC"] * 4 + ["DecisionTreeClassifier"] * 4
    assert search.total_iterations == 8
    assert len(search.optimizer_results_) == 2


# -- multi-metric -----------------------------------------------------------
SVC_SPACE = {"C": (1e-2, 1e2, "log-uniform"), "gamma": (1e-3, 1e0, "log-uniform")}


def test_multimetric_refit_name_is_optimized():
    search = BayesSearchCV(
        SVC(),
        SVC_SPACE,
        scoring={"acc": "accuracy", "f1": "f1_macro"},
        refit="f1",
        n_iter=6,
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    assert search.multimetric_
    assert search.objective_ == "f1"
    assert search.best_score_ == np.max(search.cv_results_["mean_test_f1"])
    told = search.optimizers_[0].scores
    np.testing.assert_allclose(told, search.cv_results_["mean_test_f1"])


def test_multimetric_refit_callable():
    def lowest_c_above_90(results):
        ok = np.flatnonzero(results["mean_test_acc"] >= 0.9)
        cs = np.array([p["C"] for p in results["params"]])
        return int(ok[np.argmin(cs[ok])]) if len(ok) else 0

    search = BayesSearchCV(
        SVC(),
        SVC_SPACE,
        scoring={"acc": "accuracy", "bal": "balanced_accuracy"},
        refit=lowest_c_above_90,
        n_iter=6,
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    assert search.objective_ == "acc"  # first scorer by default
    assert search.best_index_ == lowest_c_above_90(search.cv_results_)
    assert hasattr(search, "best_estimator_")
    assert not hasattr(search, "best_score_")  # as GridSearchCV


def test_single_metric_refit_callable():
    search = BayesSearchCV(
        SVC(), SVC_SPACE, refit=lambda r: 0, n_iter=4, cv=3, random_state=0
    ).fit(X_IRIS, Y_IRIS)
    assert search.best_index_ == 0
    assert search.objective_ == "score"


@pytest.mark.parametrize("objective", [None, "bal"])
def test_multimetric_refit_false_and_objective(objective):
    search = BayesSearchCV(
        SVC(),
        SVC_SPACE,
        scoring={"acc": "accuracy", "bal": "balanced_accuracy"},
        refit=False,
        objective=objective,
        n_iter=5,
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    assert search.objective_ == (objective or "acc")
    assert not hasattr(search, "best_estimator_")
    assert not hasattr(search, "best_params_")
    np.testing.assert_allclose(
        search.optimizers_[0].scores,
        search.cv_results_[f"mean_test_{search.objective_}"],
    )


def test_callable_scoring_returning_a_dict():
    from sklearn.metrics import confusion_matrix

    X, y = make_classification(n_samples=150, random_state=0)

    def counts(est, X, y):
        _, fp, _, tp = confusion_matrix(y, est.predict(X)).ravel()
        return {"tp": tp, "fp": fp}

    search = BayesSearchCV(
        SVC(), SVC_SPACE, scoring=counts, refit="tp", n_iter=4, cv=3, random_state=0
    ).fit(X, y)
    assert search.objective_ == "tp"
    assert len(search.cv_results_["mean_test_tp"]) == 4
    with pytest.raises(ValueError, match="objective='nope' is not one of the scorers"):
        BayesSearchCV(
            SVC(),
            SVC_SPACE,
            scoring=counts,
            refit=False,
            objective="nope",
            n_iter=2,
            cv=3,
        ).fit(X, y)


# -- failures -------------------------------------------------------------------
def _fit_recording(search, X, y):
    """Fit and return the warnings given, by category name."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        search.fit(X, y)
    by_kind = {}
    for w in record:
        by_kind.setdefault(w.category.__name__, []).append(str(w.message))
    return by_kind


@pytest.mark.core
def test_a_candidate_failing_on_all_folds_does_not_stop_the_search():
    X = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
    y = np.arange(60) % 2
    space = {"mode": ["fail", "ok", "half"], "value": [0.1, 0.2, 0.3]}
    search = BayesSearchCV(
        Flaky(), space, n_iter=9, n_points=1, cv=3, optimizer="random", random_state=0
    )
    record = _fit_recording(search, X, y)
    # one summary of each kind for the whole search, not one per batch
    assert len(record.pop("FitFailedWarning")) == 1
    (nonfinite,) = record.pop("UserWarning")
    assert "test scores are non-finite" in nonfinite
    assert not record
    results = search.cv_results_
    assert len(results["params"]) == 9
    modes = [p["mode"] for p in results["params"]]
    means = results["mean_test_score"]
    assert all(np.isnan(m) for m, mode in zip(means, modes) if mode != "ok")
    assert search.best_params_["mode"] == "ok"
    assert search.best_params_["value"] == 0.3
    # the optimizer was told of every candidate, failures as NaN
    assert np.isnan(search.optimizers_[0].scores).sum() == 6


def test_failures_with_the_gaussian_process_optimizer():
    X = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
    y = np.arange(60) % 2
    space = {"mode": ["fail", "ok", "half"], "value": (0.0, 1.0)}
    search = BayesSearchCV(
        Flaky(), space, n_iter=12, n_initial_points=3, cv=3, random_state=0
    )
    record = _fit_recording(search, X, y)
    assert len(record["FitFailedWarning"]) == 1
    assert len(search.cv_results_["params"]) == 12
    assert search.best_params_["mode"] == "ok"


def test_first_candidate_failing_does_not_stop_the_search():
    X = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
    y = np.arange(60) % 2
    search = BayesSearchCV(
        Flaky(), [({"mode": ["fail"]}, 1), ({"mode": ["ok"]}, 1)], cv=3
    )
    record = _fit_recording(search, X, y)
    assert "3 fits failed out of a total of 6" in record["FitFailedWarning"][0]
    assert search.best_params_ == {"mode": "ok"}


def test_all_candidates_failing_raises_like_gridsearch():
    X = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.arange(60) % 2
    with pytest.raises(ValueError, match="All the 6 fits failed"):
        BayesSearchCV(Flaky(mode="fail"), {"value": [0.1, 0.2]}, n_iter=2, cv=3).fit(
            X, y
        )
    with pytest.raises(ValueError, match="All the 6 fits failed"):
        GridSearchCV(Flaky(mode="fail"), {"value": [0.1, 0.2]}, cv=3).fit(X, y)


def test_error_score_raise_gives_the_original_exception():
    X = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.arange(60) % 2
    search = BayesSearchCV(
        Flaky(),
        {"mode": ["fail"], "value": [0.1]},
        n_iter=1,
        cv=3,
        error_score="raise",
    )
    with pytest.raises(ArithmeticError, match="always fails"):
        search.fit(X, y)


def test_numeric_error_score_is_told_as_given():
    X = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.arange(60) % 2
    search = BayesSearchCV(
        Flaky(),
        {"mode": ["fail", "ok"], "value": [0.5]},
        n_iter=2,
        cv=3,
        error_score=-1.0,
    )
    record = _fit_recording(search, X, y)
    assert list(record) == ["FitFailedWarning"]  # -1.0 is finite
    assert sorted(search.cv_results_["mean_test_score"]) == [-1.0, 0.5]


def test_the_scikit_learn_check_is_untouched_outside_a_search():
    """Deferring the per-batch failure check affects skbayes searches only."""
    X = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.arange(60) % 2
    BayesSearchCV(Flaky(), {"value": [0.1, 0.2]}, n_iter=2, cv=3).fit(X, y)
    with pytest.raises(ValueError, match="All the 6 fits failed"):
        GridSearchCV(Flaky(mode="fail"), {"value": [0.1, 0.2]}, cv=3).fit(X, y)


# -- duplicates and exhaustion ----------------------------------------------------
@pytest.mark.core
@pytest.mark.parametrize("optimizer", ["auto", "random"])
@pytest.mark.parametrize("n_points", [1, 4])
def test_small_finite_space_is_exhausted_without_duplicates(optimizer, n_points):
    space = {"C": [0.1, 1.0, 10.0], "fit_intercept": [True, False]}
    search = BayesSearchCV(
        LogisticRegression(),
        space,
        n_iter=12,
        n_points=n_points,
        optimizer=optimizer,
        cv=3,
        random_state=0,
    )
    with pytest.warns(UserWarning, match="stopped after 6 candidates"):
        search.fit(X_IRIS, Y_IRIS)
    params = search.cv_results_["params"]
    assert len(params) == 6
    assert len({(p["C"], p["fit_intercept"]) for p in params}) == 6


def test_no_duplicates_in_a_discrete_space_larger_than_the_budget():
    search = BayesSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": (1, 4), "min_samples_leaf": [1, 5]},
        n_iter=7,
        n_initial_points=2,
        cv=3,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    params = search.cv_results_["params"]
    assert len({(p["max_depth"], p["min_samples_leaf"]) for p in params}) == 7


# -- cross-validation splits and metadata -----------------------------------------
def _split_probe(estimator, X, y):
    """A scorer that reveals which samples were in the test fold."""
    return float(np.sum(X[:, 0] * np.arange(1, len(X) + 1)))


@pytest.mark.parametrize("cv", [KFold(5, shuffle=True), ShuffleSplit(4, test_size=0.3)])
def test_unseeded_shuffling_splitter_gives_the_same_splits_to_every_batch(cv):
    X = np.random.RandomState(0).rand(50, 2)
    y = np.arange(50) % 2
    search = BayesSearchCV(
        DummyClassifier(),
        {"strategy": ["prior", "most_frequent", "stratified", "uniform"]},
        n_iter=4,
        scoring=_split_probe,
        cv=cv,
        random_state=0,
    ).fit(X, y)
    n_splits = search.n_splits_
    for i in range(n_splits):
        column = search.cv_results_[f"split{i}_test_score"]
        assert np.all(column == column[0])
    # the user's splitter object is untouched
    assert cv.random_state is None


def test_groups_are_routed_to_the_splitter():
    X, y = make_classification(n_samples=60, random_state=0)
    groups = np.repeat(np.arange(6), 10)
    search = BayesSearchCV(
        DummyClassifier(),
        {"strategy": ["prior", "most_frequent"]},
        n_iter=2,
        scoring=_split_probe,
        cv=GroupKFold(3),
    ).fit(X, y, groups=groups)
    grid = GridSearchCV(
        DummyClassifier(),
        {"strategy": ["prior", "most_frequent"]},
        scoring=_split_probe,
        cv=GroupKFold(3),
    ).fit(X, y, groups=groups)
    for i in range(3):
        assert search.cv_results_[f"split{i}_test_score"][0] == pytest.approx(
            grid.cv_results_[f"split{i}_test_score"][0]
        )


class WeightRecorder(ClassifierMixin, BaseEstimator):
    def __init__(self, c=1.0):
        self.c = c

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        self.weight_sum_ = None if sample_weight is None else float(sample_weight.sum())
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y, sample_weight=None):
        return self.weight_sum_ if self.weight_sum_ is not None else -1.0


def test_sample_weight_reaches_fit_without_routing():
    X, y = X_IRIS, Y_IRIS
    w = np.ones(len(y))
    search = BayesSearchCV(WeightRecorder(), {"c": [1.0, 2.0]}, n_iter=2, cv=3).fit(
        X, y, sample_weight=w
    )
    assert np.all(search.cv_results_["mean_test_score"] == pytest.approx(100.0))
    assert search.best_estimator_.weight_sum_ == 150.0


def test_metadata_routing_sample_weight():
    X, y = X_IRIS, Y_IRIS
    w = np.linspace(0.5, 1.5, len(y))
    with config_context(enable_metadata_routing=True):
        est = (
            LogisticRegression()
            .set_fit_request(sample_weight=True)
            .set_score_request(sample_weight=True)
        )
        search = BayesSearchCV(
            est, {"C": [0.1, 1.0, 10.0]}, n_iter=3, cv=3, random_state=0
        ).fit(X, y, sample_weight=w)
        grid = GridSearchCV(est, {"C": [0.1, 1.0, 10.0]}, cv=3).fit(
            X, y, sample_weight=w
        )
    order = [grid.cv_results_["params"].index(p) for p in search.cv_results_["params"]]
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"],
        grid.cv_results_["mean_test_score"][order],
    )
    with config_context(enable_metadata_routing=True):
        with pytest.raises(Exception, match="sample_weight"):
            # not requested: scikit-learn's routing error, before any fit
            BayesSearchCV(LogisticRegression(), {"C": [0.1]}, n_iter=1).fit(
                X, y, sample_weight=w
            )


def test_regression_with_default_scoring():
    X, y = load_diabetes(return_X_y=True)
    search = BayesSearchCV(
        Ridge(), {"alpha": (1e-3, 1e3, "log-uniform")}, n_iter=10, cv=3, random_state=0
    ).fit(X, y)
    assert search.best_score_ > 0.4
    assert 1e-3 <= search.best_params_["alpha"] <= 1e3


def test_stratified_cv_object_and_iterable_cv():
    splits = list(StratifiedKFold(3).split(X_IRIS, Y_IRIS))
    search = BayesSearchCV(
        LogisticRegression(), {"C": [0.1, 1.0]}, n_iter=2, cv=splits
    ).fit(X_IRIS, Y_IRIS)
    assert search.n_splits_ == 3


@pytest.mark.parametrize(
    "n_iter, expected", [(6, 1), (12, 2), (30, 4), (47, 4), (50, 8), (100, 16)]
)
def test_auto_batch_size_follows_the_budget(n_iter, expected):
    from skbayes._plan import batch_size

    search = BayesSearchCV(LogisticRegression(), {"C": (1e-2, 1e2, "log-uniform")})
    assert batch_size(search.set_params(n_iter=n_iter), [n_iter]) == expected


@pytest.mark.parametrize("n_jobs, backend", [(2, "loky"), (4, "threading")])
def test_the_same_seed_gives_the_same_candidates_on_any_hardware(n_jobs, backend):
    # as RandomizedSearchCV: a search run on a laptop, in CI and on a
    # cluster gives the same best_params_
    from joblib import parallel_backend

    def run(n_jobs):
        search = BayesSearchCV(
            LogisticRegression(),
            {"C": (1e-2, 1e2, "log-uniform"), "fit_intercept": [True, False]},
            n_iter=40,
            cv=3,
            n_jobs=n_jobs,
            random_state=0,
        )
        return search.fit(X_IRIS, Y_IRIS)

    alone = run(None)
    with parallel_backend(backend):
        many = run(n_jobs)
    assert many.cv_results_["params"] == alone.cv_results_["params"]
    assert many.best_params_ == alone.best_params_
    assert list(np.bincount(alone.iterations_)) == [4] * 10


# -- the estimator: signature, defaults, the optimizer it is given ------------


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


def test_subclass_signature_is_its_own():
    class Mine(BayesSearchCV):
        def __init__(self, estimator, search_spaces, *, extra=1, **kwargs):
            super().__init__(estimator, search_spaces, **kwargs)
            self.extra = extra

    assert "extra" in inspect.signature(Mine).parameters
    assert "extra" not in inspect.signature(BayesSearchCV).parameters


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


# -- odd spaces and optimizer settings ----------------------------------------


def test_discrete_distribution_with_gaps_proposes_its_values_only():
    dist = rv_discrete(values=([50, 100, 200], [0.2, 0.3, 0.5])).freeze()
    with pytest.warns(UserWarning, match="fewer distinct candidates"):
        search = BayesSearchCV(
            LogisticRegression(), {"max_iter": dist}, n_iter=6, cv=3, random_state=0
        ).fit(X_IRIS, Y_IRIS)
    values = sorted(p["max_iter"] for p in search.cv_results_["params"])
    assert values == [50, 100, 200]
    assert all(type(v) is int for v in values)


def test_zero_initial_points_with_the_gaussian_process():
    search = BayesSearchCV(
        SVC(), {"C": (1e-2, 1e2, "log-uniform")}, n_iter=3, n_initial_points=0, cv=3
    ).fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 3


@pytest.mark.parametrize("space", [{}, [{}]])
def test_an_empty_space_cross_validates_the_estimator_as_it_is(space):
    grid = GridSearchCV(SVC(), space, cv=3).fit(X_IRIS, Y_IRIS)
    ours = BayesSearchCV(SVC(), space, n_iter=1, cv=3).fit(X_IRIS, Y_IRIS)
    assert ours.cv_results_["params"] == grid.cv_results_["params"] == [{}]
    assert ours.best_params_ == {}
    assert ours.best_score_ == grid.best_score_
    with pytest.warns(UserWarning, match="fewer distinct candidates"):
        BayesSearchCV(SVC(), space, n_iter=5, cv=3).fit(X_IRIS, Y_IRIS)
