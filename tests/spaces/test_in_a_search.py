"""BayesSearchCV without search_spaces: the estimator's default space."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, clone, is_classifier
from sklearn.datasets import make_classification, make_regression
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import KFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from skbayes import BayesSearchCV
from skbayes.space import Integer
from skbayes.spaces import DefaultSpace, default_space

from .test_default_spaces import ESTIMATORS, _ids


def _small(classifier):
    if classifier:
        return make_classification(
            n_samples=60, n_features=5, n_informative=3, random_state=0
        )
    return make_regression(n_samples=60, n_features=5, noise=1.0, random_state=0)


# The estimator as given is evaluated first, with its own defaults: where an
# older scikit-learn warns that such a default will change (LinearSVC's dual
# before 1.5, AdaBoost's SAMME.R before 1.6), it warns as the estimator does
# when fitted alone (the spaces themselves set those parameters explicitly).
@pytest.mark.filterwarnings("ignore:The default value of `dual` will change")
@pytest.mark.filterwarnings("ignore:The SAMME.R algorithm .the default. is deprecated")
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=_ids)
def test_every_estimator_is_searched_without_search_spaces(estimator):
    X, y = _small(is_classifier(estimator))
    n_sub = len(default_space(estimator).subspaces)
    search = BayesSearchCV(
        clone(estimator), n_iter=2 * n_sub, cv=2, random_state=0, error_score="raise"
    )
    search.fit(X, y)
    # the estimator as given, then n_iter candidates of the space
    assert len(search.cv_results_["params"]) == 2 * n_sub + 1
    assert search.cv_results_["params"][0] == default_space(estimator).given_values(
        estimator
    )
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert isinstance(search.search_spaces_, DefaultSpace)
    assert search.search_spaces_.resolved
    assert set(search.best_params_) <= set(search.search_spaces_.names)
    assert search.search_spaces is None  # the parameter is left as given


class _MustNotFit(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        raise AssertionError("no model may be fitted")


def test_no_default_space_is_an_error_before_any_fit():
    X, y = _small(True)
    with pytest.raises(ValueError, match="no default search space for _MustNotFit"):
        BayesSearchCV(_MustNotFit()).fit(X, y)
    with pytest.raises(ValueError, match="last step '_mustnotfit'"):
        BayesSearchCV(make_pipeline(StandardScaler(), _MustNotFit())).fit(X, y)


def test_ranges_follow_the_training_folds():
    X, y = _small(True)
    X, y = X[:20], y[:20]
    search = BayesSearchCV(KNeighborsClassifier(), n_iter=3, cv=4, random_state=0)
    search.fit(X, y)
    # four folds of 20 samples: 15 training samples, the most neighbors
    assert search.search_spaces_.search_spaces()["n_neighbors"] == Integer(
        1, 15, prior="log-uniform"
    )
    # an iterator of splits is read once, by scikit-learn: the whole data
    # (so a candidate with more neighbors than a training fold may fail)
    splits = list(KFold(4).split(X))
    search = BayesSearchCV(
        KNeighborsClassifier(), n_iter=2, cv=iter(splits), random_state=0
    )
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Scoring failed", category=UserWarning
        )
        warnings.filterwarnings("ignore", message="One or more of the test scores")
        search.fit(X, y)
    assert search.search_spaces_.search_spaces()["n_neighbors"].high == 20


def test_explicit_and_derived_spaces():
    X, y = _small(True)
    given = {"C": [0.1, 1.0]}
    search = BayesSearchCV(SVC(), given, n_iter=2, cv=2).fit(X, y)
    assert search.search_spaces_ is given
    derived = default_space(SVC()).drop("gamma").merge({"shrinking": [False]})
    search = BayesSearchCV(SVC(), derived, n_iter=4, cv=2, random_state=0)
    search.fit(X, y)
    # the estimator as given first (shrinking=True), then the derived space
    first, *rest = search.cv_results_["params"]
    assert first["shrinking"] is True
    assert all(p["shrinking"] is False for p in rest)
    assert not any("gamma" in p for p in search.cv_results_["params"])
    # a fitted search's space seeds another search
    again = BayesSearchCV(SVC(), search.search_spaces_, n_iter=4, cv=2, random_state=0)
    assert again.fit(X, y).search_spaces_ is search.search_spaces_


def test_pipeline_without_search_spaces():
    X, y = _small(True)
    pipe = make_pipeline(StandardScaler(), PCA(), SVC())
    search = BayesSearchCV(pipe, n_iter=4, cv=2, random_state=0).fit(X, y)
    names = set().union(*search.cv_results_["params"])
    assert {"pca__n_components", "svc__C", "svc__kernel"} <= names
    assert search.search_spaces_.search_spaces()[0]["pca__n_components"] == Integer(
        1, 5, prior="log-uniform"
    )


def test_default_space_parameter_clones_and_pickles():
    space = default_space(SVC())
    search = BayesSearchCV(SVC(), space, n_iter=3)
    assert clone(search).search_spaces == space
    assert search.total_iterations == 4  # the estimator as given, then 3
    assert BayesSearchCV(SVC(), n_iter=7).total_iterations == 8
    assert pickle.loads(pickle.dumps(search)).search_spaces == space
    X, y = _small(True)
    fitted = BayesSearchCV(SVC(), n_iter=3, cv=2, random_state=0).fit(X, y)
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored.search_spaces_ == fitted.search_spaces_


def test_bad_search_spaces_type_names_the_options():
    X, y = _small(True)
    with pytest.raises(ValueError, match="search_spaces"):
        BayesSearchCV(SVC(), "default").fit(X, y)


def test_the_estimator_as_given_is_evaluated_first():
    X, y = _small(True)
    given = SVC(C=3.0)
    search = BayesSearchCV(given, n_iter=3, cv=2, random_state=0).fit(X, y)
    first = search.cv_results_["params"][0]
    assert first == {"C": 3.0, "gamma": "scale", "kernel": "rbf"}
    assert search.iterations_[0] == 0 and (search.iterations_[1:] > 0).all()
    assert len(search.cv_results_["params"]) == search.total_iterations == 4
    # so the search never selects a candidate below it in cross-validation
    scores = search.cv_results_["mean_test_score"]
    assert search.best_score_ >= scores[0]
    # an explicit dict is searched as given: no extra candidate
    plain = BayesSearchCV(SVC(), {"C": (0.1, 10.0, "log-uniform")}, n_iter=3, cv=2)
    assert len(plain.fit(X, y).cv_results_["params"]) == 3


def test_the_estimator_as_given_wins_when_nothing_beats_it():
    # a space whose only other values are far worse: the defaults are chosen
    X, y = _small(True)
    space = default_space(KNeighborsClassifier()).merge(
        {"n_neighbors": [29, 30], "weights": ["uniform"], "p": [2]}
    )
    search = BayesSearchCV(KNeighborsClassifier(), space, n_iter=2, cv=2)
    search.fit(X, y)
    assert search.best_index_ == 0
    assert search.best_params_ == {"n_neighbors": 5, "p": 2, "weights": "uniform"}


def test_a_data_dependent_range_merges_into_another_space():
    forest = default_space(RandomForestClassifier())
    fraction = next(
        e.spec for e in forest.subspaces[0].entries if e.name == "max_features"
    )
    space = default_space(DecisionTreeClassifier()).merge({"max_features": fraction})
    X, y = _small(True)
    resolved = space.resolve(X, y).search_spaces()
    assert resolved["max_features"].low == pytest.approx(1 / X.shape[1])
