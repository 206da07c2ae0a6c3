"""The search loop (skbayes/_runtime.py): batches, stopping, odd inputs.

What the loop does from the first batch to the last: the splits it is
given, the optimizers' proposals it checks, the candidates it evaluates once,
the sub-spaces it schedules, the failed batches it records, how it stops
(``max_time``, ``stop_reason_``, Ctrl-C), what it prints, and the tasks it
reports to scikit-learn's callback API (scikit-learn >= 1.9).
"""

import threading
import warnings

import numpy as np
import pytest
from joblib import parallel_backend
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from skbayes import BayesSearchCV

from ._estimators import Flaky, Scored, quiet_fit

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_LINE = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
Y_LINE = np.arange(60) % 2
X_40 = np.arange(40, dtype=float).reshape(-1, 1)
Y_40 = np.arange(40) % 2

SPACE = {"x": (0.0, 1.0)}


def _search(estimator=None, **kwargs):
    kwargs = {"n_iter": 30, "cv": 2, "random_state": 0, **kwargs}
    return BayesSearchCV(estimator or Scored(), SPACE, **kwargs)


# -- stopping: max_time, stop_reason_, Ctrl-C ---------------------------------


def test_max_time_stops_the_search_and_refits():
    search = _search(max_time=0.5, estimator=Scored(delay=0.05)).fit(X_40, Y_40)
    n = len(search.cv_results_["params"])
    assert 1 <= n < 30
    assert search.stop_reason_ == "max_time"
    assert search.best_estimator_.x == search.best_params_["x"]


def test_a_search_that_runs_its_course_has_no_stop_reason():
    search = _search(n_iter=3).fit(X_40, Y_40)
    assert search.stop_reason_ is None


def _three_candidates_then_stop(result):
    # scikit-optimize's callback protocol: True ends the sub-space's search
    return len(result.x_iters) >= 3


def test_a_fit_callback_that_ends_the_search_sets_stop_reason():
    search = _search(n_points=1)
    search.fit(X_40, Y_40, callback=_three_candidates_then_stop)
    assert len(search.cv_results_["params"]) == 3
    assert search.stop_reason_.endswith("_three_candidates_then_stop")
    # scikit-optimize's own stoppers too
    skopt_callbacks = pytest.importorskip("skopt.callbacks")
    deadline = skopt_callbacks.DeadlineStopper(0.5)
    search = _search(Scored(delay=0.05)).fit(X_40, Y_40, callback=deadline)
    assert 1 <= len(search.cv_results_["params"]) < 30
    assert search.stop_reason_ == "DeadlineStopper"


def test_a_fit_callback_ending_one_of_two_sub_spaces_is_no_stop_reason():
    spaces = [{"x": (0.0, 0.5)}, {"x": (0.5, 1.0)}]

    def end_the_first(result):
        return bool(result.x_iters) and max(x[0] for x in result.x_iters) < 0.5

    search = BayesSearchCV(Scored(), spaces, n_iter=10, cv=2, random_state=0)
    search.fit(X_40, Y_40, callback=end_the_first)
    assert len(search.cv_results_["params"]) == 10  # the other got the budget
    assert search.stop_reason_ is None


def test_a_space_with_fewer_candidates_than_the_budget_stops_exhausted():
    search = BayesSearchCV(Scored(), {"x": [0.1, 0.2, 0.3]}, n_iter=10, cv=2)
    record = quiet_fit(search, X_40, Y_40)
    assert len(search.cv_results_["params"]) == 3
    assert search.stop_reason_ == "exhausted"
    assert any("fewer distinct candidates" in message for _, message in record)
    # a budget that the space fills exactly is spent, not exhausted
    search = BayesSearchCV(Scored(), {"x": [0.1, 0.2, 0.3]}, n_iter=3, cv=2)
    assert search.fit(X_40, Y_40).stop_reason_ is None


def test_verbose_prints_one_line_per_batch(capsys):
    _search(n_iter=4, verbose=1).fit(X_40, Y_40)
    lines = [
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("[BayesSearchCV]")
    ]
    assert len(lines) == 4
    assert lines[-1].startswith("[BayesSearchCV] 4/4 candidates; x=")
    assert "best" in lines[-1] and lines[-1].endswith(" s")


@pytest.mark.parametrize("verbose, sklearn_lines", [(1, 0), (2, 4)])
def test_scikit_learns_messages_start_one_verbose_level_higher(
    capsys, verbose, sklearn_lines
):
    search = _search(n_iter=4, verbose=verbose).fit(X_40, Y_40)
    out = capsys.readouterr().out
    assert out.count("Fitting ") == sklearn_lines
    assert search.verbose == verbose  # restored after every batch


# -- splits ---------------------------------------------------------------------


def test_cv_given_as_a_generator_of_splits():
    cv = KFold(3).split(X_IRIS, Y_IRIS)
    search = BayesSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, n_iter=2, cv=cv)
    search.fit(X_IRIS, Y_IRIS)
    assert search.n_splits_ == 3
    assert len(search.cv_results_["params"]) == 2


# -- the optimizers' proposals --------------------------------------------------


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


# -- sub-spaces -----------------------------------------------------------------


def test_the_same_candidate_is_not_evaluated_twice_across_sub_spaces():
    spaces = [{"C": [1.0, 2.0]}, {"C": [1.0, 2.0]}]
    with pytest.warns(UserWarning, match=r"Sub-spaces \[0, 1\]"):
        search = BayesSearchCV(LogisticRegression(), spaces, n_iter=4, cv=3).fit(
            X_IRIS, Y_IRIS
        )
    assert sorted(p["C"] for p in search.cv_results_["params"]) == [1.0, 2.0]
    # the second sub-space's optimizer was told the known scores
    assert len(search.optimizer_results_[1].x_iters) == 2


def test_more_sub_spaces_than_candidates_warns():
    spaces = [{"C": [0.1]}, {"C": [1.0]}, {"C": [10.0]}]
    with pytest.warns(UserWarning, match=r"sub-spaces \[2\] get no candidate"):
        search = BayesSearchCV(LogisticRegression(), spaces, n_iter=2, cv=3).fit(
            X_IRIS, Y_IRIS
        )
    assert len(search.cv_results_["params"]) == 2


# -- failed batches ---------------------------------------------------------------


def test_callable_scorer_returning_a_dict_with_failed_batches():
    def scorer(est, X, y):
        return {"a": est.value, "b": -est.value}

    spaces = [
        ({"mode": ["fail"], "value": [0.5]}, 1),
        ({"mode": ["ok"], "value": [0.7]}, 1),
        ({"mode": ["fail"], "value": [0.9]}, 1),
    ]
    search = BayesSearchCV(Flaky(), spaces, scoring=scorer, refit="a", cv=3)
    record = quiet_fit(search, X_LINE, Y_LINE)
    assert [k for k, _ in record].count("FitFailedWarning") == 1
    np.testing.assert_allclose(search.cv_results_["mean_test_a"], [np.nan, 0.7, np.nan])
    assert search.best_params_ == {"mode": "ok", "value": 0.7}
    assert search.objective_ == "a"


# -- scikit-learn's callback API (scikit-learn >= 1.9) ----------------------------


@pytest.fixture
def sklearn_callback():
    """The module sklearn.callback; the test is skipped without it."""
    return pytest.importorskip("sklearn.callback")


class TaskRecorder:
    """A FitCallback that records every task it sees."""

    def __init__(self, stop_after_batches=None):
        self.stop_after_batches = stop_after_batches
        self.begun = []
        self.ended = []

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context, **kwargs):
        self.begun.append((context.task_name, context.max_subtasks))

    def on_fit_task_end(self, estimator, context, **kwargs):
        self.ended.append(context.task_name)
        n_batches = self.ended.count("iteration")
        return (
            context.task_name == "iteration"
            and self.stop_after_batches is not None
            and n_batches >= self.stop_after_batches
        )


@pytest.mark.parametrize("n_jobs", [None, 2])
def test_no_callback_support_is_warned_once_per_search(sklearn_callback, n_jobs):
    # scikit-learn warns for every fold of every candidate and for the
    # refit (19 copies here); the search warns once, before any fit
    pytest.importorskip("rich")
    search = BayesSearchCV(
        SVC(), {"C": (0.01, 100.0, "log-uniform")}, n_iter=6, cv=3, random_state=0
    )
    search.set_callbacks(sklearn_callback.ProgressBar())
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with parallel_backend("threading", n_jobs=n_jobs or 1):
            search.set_params(n_jobs=n_jobs).fit(X_IRIS, Y_IRIS)
    messages = [str(w.message) for w in seen if "support callbacks" in str(w.message)]
    assert messages == [
        "The estimator SVC does not support callbacks. The callbacks attached "
        "to BayesSearchCV will not be propagated to this estimator."
    ]
    assert len(search.cv_results_["params"]) == 6
    # the filter is lifted once the search ends
    assert not any("support callbacks" in str(f) for f in warnings.filters)


@pytest.mark.usefixtures("sklearn_callback")
def test_search_reports_its_batches_candidates_and_folds():
    recorder = TaskRecorder()
    search = BayesSearchCV(
        LogisticRegression(), {"C": (0.01, 100.0)}, n_iter=6, n_points=2, cv=3
    )
    search.set_callbacks(recorder)
    search.fit(X_IRIS, Y_IRIS)
    names = [name for name, _ in recorder.begun]
    assert names.count("search") == 1
    assert ("search", 3) in recorder.begun  # 6 candidates in batches of 2
    assert names.count("iteration") == 3
    assert ("iteration", 2 * 3) in recorder.begun  # 2 candidates x 3 folds
    assert recorder.ended.count("candidate-split-evaluation") == 6 * 3
    assert "refit-with-best-params" in names
    # every task that began has ended
    assert sorted(recorder.ended) == sorted(names)


@pytest.mark.usefixtures("sklearn_callback")
def test_gridsearch_reports_the_same_fold_tasks():
    ours, grid = TaskRecorder(), TaskRecorder()
    space = {"C": [0.1, 1.0, 10.0]}
    BayesSearchCV(LogisticRegression(), space, n_iter=3, cv=3).set_callbacks(ours).fit(
        X_IRIS, Y_IRIS
    )
    GridSearchCV(LogisticRegression(), space, cv=3).set_callbacks(grid).fit(
        X_IRIS, Y_IRIS
    )
    key = "candidate-split-evaluation"
    assert ours.ended.count(key) == grid.ended.count(key) == 9


@pytest.mark.usefixtures("sklearn_callback")
def test_a_callback_can_stop_the_search():
    recorder = TaskRecorder(stop_after_batches=2)
    search = BayesSearchCV(LogisticRegression(), {"C": (0.01, 100.0)}, n_iter=10, cv=3)
    search.set_callbacks(recorder).fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 2
    assert hasattr(search, "best_estimator_")
    assert search.stop_reason_ == "sklearn callback"


def test_progress_bar_runs(capsys, sklearn_callback):
    pytest.importorskip("rich")
    search = BayesSearchCV(LogisticRegression(), {"C": (0.01, 100.0)}, n_iter=3, cv=3)
    search.set_callbacks(sklearn_callback.ProgressBar())
    search.fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 3


# -- the same splits for every candidate -------------------------------------


class TrainSets(ClassifierMixin, BaseEstimator):
    """Records the training samples of every fit in ``seen``."""

    seen = []

    def __init__(self, x=0.0):
        self.x = x

    def fit(self, X, y):
        TrainSets.seen.append(tuple(np.asarray(X)[:, 0]))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return self.x


class ShuffledEveryCall:
    """A splitter whose splits differ from call to call."""

    def __init__(self):
        self.calls = 0

    def split(self, X, y=None, groups=None):
        self.calls += 1
        yield from KFold(3, shuffle=True, random_state=self.calls).split(X)

    def get_n_splits(self, X=None, y=None, groups=None):
        return 3


def test_splits_are_computed_once_per_fit():
    from sklearn.model_selection.tests.common import OneTimeSplitter

    # a splitter that yields its splits once
    cv = OneTimeSplitter(n_splits=4, n_samples=len(X_40))
    search = BayesSearchCV(Scored(), SPACE, n_iter=6, cv=cv, random_state=0)
    assert len(search.fit(X_40, Y_40).cv_results_["params"]) == 6
    # a splitter whose splits differ from call to call: every candidate is
    # scored on the same three training sets
    TrainSets.seen = []
    cv = ShuffledEveryCall()
    BayesSearchCV(
        TrainSets(), SPACE, n_iter=8, n_points=2, cv=cv, refit=False, random_state=0
    ).fit(X_40, Y_40)
    assert cv.calls == 1
    assert len(TrainSets.seen) == 24 and len(set(TrainSets.seen)) == 3


# -- callable scorers returning dicts --------------------------------------


class FailsAtDepthOne(DecisionTreeClassifier):
    def fit(self, X, y, sample_weight=None, check_input=True):
        if self.max_depth == 1:
            raise ValueError("this candidate always fails")
        return super().fit(X, y)


def _two_metrics(estimator, X, y):
    return {"acc": estimator.score(X, y), "half": 0.5}


def test_a_dict_scorer_whose_first_candidate_fails_everywhere():
    # GridSearchCV gives the failed candidate the error score; so do we,
    # whichever candidate comes first
    grid = GridSearchCV(
        FailsAtDepthOne(random_state=0),
        {"max_depth": [1, 2, 3]},
        scoring=_two_metrics,
        refit=False,
        error_score=0.0,
        cv=3,
    )
    quiet_fit(grid, X_IRIS, Y_IRIS)
    for seed in range(6):
        search = BayesSearchCV(
            FailsAtDepthOne(random_state=0),
            {"max_depth": [1, 2, 3]},
            n_iter=3,
            n_points=1,
            scoring=_two_metrics,
            refit=False,
            error_score=0.0,
            cv=3,
            random_state=seed,
        )
        quiet_fit(search, X_IRIS, Y_IRIS)
        ours = dict(
            zip(
                [p["max_depth"] for p in search.cv_results_["params"]],
                search.cv_results_["mean_test_acc"],
            )
        )
        theirs = dict(
            zip(
                [p["max_depth"] for p in grid.cv_results_["params"]],
                grid.cv_results_["mean_test_acc"],
            )
        )
        assert ours == theirs and ours[1] == 0.0


def test_a_dict_scorer_that_raises_gives_error_score_for_every_metric():
    # scikit-learn's searchers crash here (float() of a dict); the search
    # goes on, the failed folds get error_score for each metric
    def flaky_scorer(estimator, X, y):
        if estimator.max_depth == 2:
            raise RuntimeError("the scorer fails for this candidate")
        return _two_metrics(estimator, X, y)

    search = BayesSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 2, 3, 4]},
        n_iter=4,
        scoring=flaky_scorer,
        refit="acc",
        cv=3,
        random_state=0,
    )
    caught = quiet_fit(search, X_IRIS, Y_IRIS)
    results = search.cv_results_
    by_depth = {p["max_depth"]: i for i, p in enumerate(results["params"])}
    failed = by_depth[2]
    assert np.isnan(results["mean_test_acc"][failed])
    assert np.isnan(results["mean_test_half"][failed])
    assert len(results["params"]) == 4
    assert search.best_params_ == {"max_depth": 4}
    assert any("Scoring failed" in message for _, message in caught)


# -- the optimizer prepares its next proposal while a batch is evaluated -----


class Logged:
    """A random optimizer that logs its calls: (name, in the main thread?)."""

    def __init__(self, space, fail_at=None):
        from skbayes.optimizer import RandomOptimizer

        self.inner = RandomOptimizer(space, random_state=0)
        self.log = []
        self.fail_at = fail_at

    def _log(self, name):
        self.log.append((name, threading.current_thread() is threading.main_thread()))

    def ask(self, n_points=1):
        self._log("ask")
        return self.inner.ask(n_points)

    def prepare(self):
        self._log("prepare")
        if len(self.log) == self.fail_at:
            raise RuntimeError("the optimizer fails here")
        # the batch's fits run meanwhile (a wait, not a race: prepare
        # returns as soon as a fit has started)
        self.log.append(("while fitting", FITTING.wait(timeout=30)))
        FITTING.clear()

    def tell(self, points, scores):
        self._log("tell")
        self.inner.tell(points, scores)


FITTING = threading.Event()  # set by SignalsFits.fit


class SignalsFits(Scored):
    """Scored, whose fit sets ``FITTING``."""

    def fit(self, X, y):
        FITTING.set()
        return super().fit(X, y)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_the_optimizer_prepares_while_the_batch_is_evaluated(n_jobs):
    opt = Logged({"x": (0.0, 1.0)})
    search = BayesSearchCV(
        SignalsFits(), SPACE, n_iter=9, n_points=3, optimizer=opt, cv=2, n_jobs=n_jobs
    )
    with parallel_backend("threading", n_jobs=n_jobs):
        search.fit(X_40, Y_40)
    log = search.optimizers_[0].log  # the search's copy
    # ask, prepare while the batch is fitted (in another thread), tell; the
    # last batch prepares nothing (no batch follows)
    cycle = [("ask", True), ("prepare", False), ("while fitting", True), ("tell", True)]
    assert log == cycle * 2 + [("ask", True), ("tell", True)]
    assert len(search.cv_results_["params"]) == 9


def test_the_candidates_do_not_depend_on_n_jobs():
    space = {"x": (0.0, 1.0), "kind": ["a", "b", "c"]}

    def candidates(n_jobs, delay):
        search = BayesSearchCV(
            Scored(delay=delay), space, n_iter=16, cv=2, random_state=3, n_jobs=n_jobs
        )
        with parallel_backend("threading", n_jobs=n_jobs):
            search.fit(X_40, Y_40)
        assert np.bincount(search.iterations_).max() > 1  # batches
        return search.cv_results_["params"]

    sequential = candidates(1, 0.0)
    assert candidates(4, 0.01) == sequential
    assert candidates(3, 0.0) == sequential


def test_a_batch_costs_one_model_fit_made_while_the_last_batch_is_evaluated():
    # a proposal fits the model's hyperparameters once, not once per point
    # of the batch (which comes from one pool by rank-one fantasy updates),
    # and after the first, that fit is made while the previous batch is
    # evaluated: the proposal itself only updates the posterior
    from skbayes.optimizer import Surrogate

    fits = []
    original = Surrogate.fit

    def counted(self, *args, fit_hyperparameters=True, **kwargs):
        main = threading.current_thread() is threading.main_thread()
        fits.append((fit_hyperparameters, main))
        return original(self, *args, fit_hyperparameters=fit_hyperparameters, **kwargs)

    Surrogate.fit = counted
    try:
        search = _search(n_iter=24, n_points=6, n_initial_points=6).fit(X_40, Y_40)
    finally:
        Surrogate.fit = original
    assert search.iterations_.max() + 1 == 4  # 4 batches, 3 of them model-based
    assert fits == [
        (True, True),  # the second batch's proposal
        (True, False),  # while the second batch is evaluated
        (False, True),  # the third batch's proposal
        (True, False),
        (False, True),  # the fourth's
    ]


def test_an_error_of_prepare_is_raised():
    opt = Logged({"x": (0.0, 1.0)}, fail_at=6)
    search = BayesSearchCV(SignalsFits(), SPACE, n_iter=12, n_points=3, optimizer=opt)
    with pytest.raises(RuntimeError, match="the optimizer fails here"):
        search.fit(X_40, Y_40)
