"""Budgets and stoppers: the search ends early and keeps what it found."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from skbayes import BayesSearchCV
from skbayes.callbacks import (
    DeadlineStopper,
    NoImprovementStopper,
    SearchState,
    TargetScoreStopper,
)

from ._estimators import Scored

X = np.arange(40, dtype=float).reshape(-1, 1)
Y = np.arange(40) % 2


SPACE = {"x": (0.0, 1.0)}


def _search(estimator=None, **kwargs):
    kwargs = {"n_iter": 30, "cv": 2, "random_state": 0, **kwargs}
    return BayesSearchCV(estimator or Scored(), SPACE, **kwargs)


def test_max_time_stops_the_search_and_refits():
    search = _search(max_time=0.5, estimator=Scored(delay=0.05)).fit(X, Y)
    n = len(search.cv_results_["params"])
    assert 1 <= n < 30
    assert search.stop_reason_ == "max_time"
    assert search.best_estimator_.x == search.best_params_["x"]


def test_deadline_stopper_fires():
    stopper = DeadlineStopper(0.4)
    search = _search(callbacks=[stopper], estimator=Scored(delay=0.05)).fit(X, Y)
    assert len(search.cv_results_["params"]) < 30
    assert search.stop_reason_ == repr(stopper)
    assert hasattr(search, "best_estimator_")


def test_callable_stopper_sees_the_search_state():
    seen = []

    def stop_after_five(state):
        assert isinstance(state, SearchState)
        seen.append((state.n_candidates, state.best_score, state.iteration))
        return state.n_candidates >= 5

    search = _search(callbacks=[stop_after_five]).fit(X, Y)
    assert len(search.cv_results_["params"]) == 5
    assert search.stop_reason_.endswith("<locals>.stop_after_five")
    assert [s[0] for s in seen] == [1, 2, 3, 4, 5]
    scores = search.cv_results_["mean_test_score"]
    assert seen[-1][1] == pytest.approx(scores.max())
    assert search.best_score_ == pytest.approx(scores.max())
    # every key of cv_results_ has one entry per evaluated candidate
    assert all(len(v) == 5 for v in search.cv_results_.values())


def test_target_score_and_no_improvement_stoppers():
    search = _search(callbacks=[TargetScoreStopper(0.9)]).fit(X, Y)
    assert search.best_score_ >= 0.9
    assert len(search.cv_results_["params"]) < 30
    search = _search(callbacks=[NoImprovementStopper(patience=3, min_delta=10.0)]).fit(
        X, Y
    )
    assert len(search.cv_results_["params"]) == 4  # 1 + 3 without a gain of 10
    assert search.stop_reason_.startswith("NoImprovementStopper")


def test_a_search_that_runs_its_course_has_no_stop_reason():
    search = _search(n_iter=3).fit(X, Y)
    assert search.stop_reason_ is None


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
        _search(**params).fit(X, Y)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_keeps_the_candidates_evaluated_so_far(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, time, warnings
            import numpy as np
            from sklearn.base import BaseEstimator, ClassifierMixin
            from skbayes import BayesSearchCV

            class Slow(ClassifierMixin, BaseEstimator):
                def __init__(self, x=0.0):
                    self.x = x
                def fit(self, X, y):
                    time.sleep(0.1)
                    self.classes_ = np.unique(y)
                    return self
                def predict(self, X):
                    return np.full(len(X), self.classes_[0])
                def score(self, X, y):
                    return self.x

            X = np.arange(40.0).reshape(-1, 1)
            y = np.arange(40) % 2
            search = BayesSearchCV(Slow(), {"x": (0.0, 1.0)}, n_iter=200, cv=2,
                                   optimizer="random", random_state=0)
            print("started", flush=True)
            with warnings.catch_warnings(record=True) as record:
                warnings.simplefilter("always")
                search.fit(X, y)
            print("candidates", len(search.cv_results_["params"]))
            print("reason", search.stop_reason_)
            print("refitted", search.best_estimator_.x == search.best_params_["x"])
            print("warned", any("interrupted" in str(w.message) for w in record))
            """
        )
    )
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    )
    assert proc.stdout.readline().strip() == "started"
    time.sleep(3.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    lines = dict(line.split(" ", 1) for line in out.strip().splitlines())
    assert 1 <= int(lines["candidates"]) < 200
    assert lines["reason"] == "interrupted"
    assert lines["refitted"] == "True"
    assert lines["warned"] == "True"


def test_verbose_prints_one_line_per_batch(capsys):
    _search(n_iter=4, verbose=1).fit(X, Y)
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
    search = _search(n_iter=4, verbose=verbose).fit(X, Y)
    out = capsys.readouterr().out
    assert out.count("Fitting ") == sklearn_lines
    assert search.verbose == verbose  # restored after every batch


def test_the_two_kinds_of_callbacks_are_not_swapped():
    from skbayes.callbacks import DeadlineStopper

    with pytest.raises(TypeError, match=r"skbayes stopper.*callbacks=\[\.\.\.\]"):
        _search(n_iter=2).fit(X, Y, callback=DeadlineStopper(60))
    skopt_callbacks = pytest.importorskip("skopt.callbacks")
    with pytest.raises(TypeError, match=r"scikit-optimize callback.*callback=\.\.\."):
        _search(n_iter=2, callbacks=[skopt_callbacks.DeadlineStopper(60)]).fit(X, Y)
