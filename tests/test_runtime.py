"""scikit-learn's callback API (scikit-learn >= 1.9): progress of a search."""

import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV

from skbayes import BayesSearchCV

callback = pytest.importorskip("sklearn.callback")

X, y = load_iris(return_X_y=True)


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


def test_search_reports_its_batches_candidates_and_folds():
    recorder = TaskRecorder()
    search = BayesSearchCV(
        LogisticRegression(), {"C": (0.01, 100.0)}, n_iter=6, n_points=2, cv=3
    )
    search.set_callbacks(recorder)
    search.fit(X, y)
    names = [name for name, _ in recorder.begun]
    assert names.count("search") == 1
    assert ("search", 3) in recorder.begun  # 6 candidates in batches of 2
    assert names.count("iteration") == 3
    assert ("iteration", 2 * 3) in recorder.begun  # 2 candidates x 3 folds
    assert recorder.ended.count("candidate-split-evaluation") == 6 * 3
    assert "refit-with-best-params" in names
    # every task that began has ended
    assert sorted(recorder.ended) == sorted(names)


def test_gridsearch_reports_the_same_fold_tasks():
    ours, grid = TaskRecorder(), TaskRecorder()
    space = {"C": [0.1, 1.0, 10.0]}
    BayesSearchCV(LogisticRegression(), space, n_iter=3, cv=3).set_callbacks(ours).fit(
        X, y
    )
    GridSearchCV(LogisticRegression(), space, cv=3).set_callbacks(grid).fit(X, y)
    key = "candidate-split-evaluation"
    assert ours.ended.count(key) == grid.ended.count(key) == 9


def test_a_callback_can_stop_the_search():
    recorder = TaskRecorder(stop_after_batches=2)
    search = BayesSearchCV(LogisticRegression(), {"C": (0.01, 100.0)}, n_iter=10, cv=3)
    search.set_callbacks(recorder).fit(X, y)
    assert len(search.cv_results_["params"]) == 2
    assert hasattr(search, "best_estimator_")


def test_progress_bar_runs(capsys):
    pytest.importorskip("rich")
    search = BayesSearchCV(LogisticRegression(), {"C": (0.01, 100.0)}, n_iter=3, cv=3)
    search.set_callbacks(callback.ProgressBar())
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 3
