"""The searchers under hostile use: inputs, estimators and calls that an
outsider tries and that none of the other test modules covered.

Each test pins a defect that was found this way (it failed before its fix).
"""

import math

import numpy as np
import pytest
import sklearn
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.utils.fixes import parse_version

from skbayes import BayesSearchCV

X = np.arange(40, dtype=float).reshape(-1, 1)
Y = np.arange(40) % 2

OLD_TAGS = parse_version(sklearn.__version__) < parse_version("1.6")


class _DuckClassifier:
    """An estimator that does not inherit from scikit-learn's base classes."""

    _estimator_type = "classifier"

    def __init__(self, a=1):
        self.a = a

    def get_params(self, deep=True):
        return {"a": self.a}

    def set_params(self, **params):
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return float(self.a)


@pytest.mark.skipif(
    not OLD_TAGS,
    reason="scikit-learn >= 1.6 requires BaseEstimator's tags of every estimator",
)
def test_duck_typed_estimator_tags_before_sklearn_1_6():
    # GridSearchCV reads its estimator's tags with _safe_tags, which falls back
    # to the defaults for an estimator without _get_tags; the search's tags
    # (read by cross_val_score, check_cv ...) must not need them either
    search = BayesSearchCV(_DuckClassifier(), {"a": [1, 2]}, n_iter=2, cv=2)
    grid = GridSearchCV(_DuckClassifier(), {"a": [1, 2]}, cv=2)
    expected = cross_val_score(grid, X, Y, cv=2)
    np.testing.assert_array_equal(cross_val_score(search, X, Y, cv=2), expected)
    assert search._get_tags()["multioutput"] is False


@pytest.fixture(scope="module")
def two_subspace_search():
    from sklearn.svm import SVC

    space = [{"C": (0.1, 10.0, "log-uniform")}, {"kernel": ["linear", "poly"]}]
    Xi = np.c_[X, X[::-1]]
    return BayesSearchCV(SVC(), space, n_iter=6, cv=2, random_state=0).fit(Xi, Y)


@pytest.mark.parametrize(
    "plot", ["plot_convergence", "plot_objective", "plot_importance"]
)
def test_plots_of_an_unfitted_search_say_so(plot):
    pytest.importorskip("matplotlib")
    from sklearn.exceptions import NotFittedError
    from sklearn.svm import SVC

    from skbayes import plots

    with pytest.raises(NotFittedError):
        getattr(plots, plot)(BayesSearchCV(SVC(), {"C": [1.0, 2.0]}))


def test_plot_convergence_reads_any_object_with_cv_results():
    # the gallery plots a table of results held by a namespace beside fitted
    # searches: the fitted check looks for cv_results_, not for an estimator
    pytest.importorskip("matplotlib")
    from types import SimpleNamespace

    from skbayes import plots

    table = SimpleNamespace(cv_results_={"mean_test_score": np.array([0.5, 0.7])})
    ax = plots.plot_convergence(table)
    (line,) = ax.get_lines()[:1]
    np.testing.assert_allclose(line.get_ydata(), [0.5, 0.7])


@pytest.mark.parametrize("subspace", [2, -1, 1.0, True, "0"])
@pytest.mark.parametrize("plot", ["plot_objective", "plot_importance"])
def test_plots_refuse_a_subspace_the_search_lacks(two_subspace_search, plot, subspace):
    pytest.importorskip("matplotlib")
    from skbayes import plots

    with pytest.raises(ValueError, match=r"subspace must be .* 2 sub-spaces"):
        getattr(plots, plot)(two_subspace_search, subspace=subspace)


class _Greedy:
    """An optimizer that proposes more points than it is asked for."""

    def __init__(self, space, **kwargs):
        self.count = 0

    def ask(self, n_points):
        self.count += n_points + 2
        return [
            {"x": 0.1 * (i % 10)} for i in range(self.count - n_points - 2, self.count)
        ]

    def tell(self, points, scores):
        pass


def test_an_optimizer_proposing_more_than_asked_never_overruns_n_iter():
    from ._estimators import Scored

    # the protocol is ask(n) -> at most n points; a factory breaking it made
    # the search evaluate every point it returned (9 candidates for n_iter=3)
    search = BayesSearchCV(
        Scored(), {"x": (0.0, 1.0)}, n_iter=3, cv=2, optimizer=_Greedy
    )
    with pytest.raises(ValueError, match=r"optimizer: asked for 1 candidate.*3"):
        search.fit(X, Y)


def test_the_skopt_engine_survives_huge_finite_scores():
    from ._estimators import Scored

    search = BayesSearchCV(
        Scored(),
        {"x": (1e155, 1e156)},
        n_iter=8,
        n_initial_points=3,
        optimizer="skopt",
        cv=2,
        random_state=0,
    )
    search.fit(X, Y)
    assert len(search.cv_results_["params"]) == 8
    assert search.best_score_ > 1e155


@pytest.mark.parametrize("magnitude", [1e160, 1e300, -1e300])
def test_the_skopt_engine_rescales_huge_scores_and_keeps_their_order(magnitude):
    from skbayes.optimizer import SkoptOptimizer

    opt = SkoptOptimizer({"x": (-2.0, 2.0)}, n_initial_points=3, random_state=0)
    for _ in range(10):
        points = opt.ask()
        opt.tell(points, [-abs(magnitude) * (p["x"] - 0.5) ** 2 for p in points])
    # as with scores of magnitude 1 (0.49 with this seed)
    assert abs(opt.best()[0]["x"] - 0.5) < 0.02
    # a failure is told as the worst score, a larger one rescales the rest
    opt.tell(opt.ask(), [math.nan])
    opt.tell(opt.ask(), [-1e305])
    # scikit-optimize saw finite values, in the scores' order
    told = np.asarray(opt._skopt.yi)
    assert np.isfinite(told).all() and np.abs(told).max() <= 2.0**256
    finite = np.isfinite(opt.scores)
    order = np.argsort(-opt.scores[finite], kind="stable")
    assert (np.diff(told[finite][order]) >= 0).all()


def test_the_skopt_engine_tells_ordinary_scores_unchanged():
    from skbayes.optimizer import SkoptOptimizer

    opt = SkoptOptimizer({"x": (-2.0, 2.0)}, n_initial_points=3, random_state=0)
    scores = []
    for _ in range(5):
        points = opt.ask()
        scores += [-1e70 * (p["x"] - 0.5) ** 2 for p in points]
        opt.tell(points, scores[-len(points) :])
    assert opt._skopt.yi == [-s for s in scores]
