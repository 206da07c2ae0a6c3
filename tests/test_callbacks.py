"""skbayes.callbacks: the stoppers and the SearchState they read.

How the search loop stops (``max_time``, ``stop_reason_``, Ctrl-C) is tested
in test_runtime.py, the checks of the ``callbacks`` argument in
test_validation.py.
"""

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
    # one candidate per batch: the stoppers are checked after every candidate
    kwargs = {"n_iter": 30, "n_points": 1, "cv": 2, "random_state": 0, **kwargs}
    return BayesSearchCV(estimator or Scored(), SPACE, **kwargs)


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
    stopper = NoImprovementStopper(patience=3, min_delta=10.0)
    search = _search(callbacks=[stopper], n_initial_points=5).fit(X, Y)
    # patience counts from the end of the initial design: 5 + 3
    assert len(search.cv_results_["params"]) == 8
    assert search.stop_reason_ == repr(stopper)
    stopper = NoImprovementStopper(3, 10.0, include_initial_design=True)
    search = _search(callbacks=[stopper], n_initial_points=5).fit(X, Y)
    assert len(search.cv_results_["params"]) == 4  # 1 + 3 without a gain of 10
    assert search.stop_reason_ == repr(stopper)
    assert repr(stopper).endswith("include_initial_design=True)")


@pytest.mark.parametrize("optimizer", ["gp", "tpe", "random"])
def test_patience_starts_after_the_initial_design(optimizer):
    # nothing improves by 10, so the stopper fires as soon as it may: that is
    # `patience` candidates after the design, not inside it
    seen = []

    def record(state):
        seen.append((state.n_candidates, state.design_end))

    search = _search(
        n_iter=60,
        n_points=1,
        n_initial_points=12,
        optimizer=optimizer,
        callbacks=[record, NoImprovementStopper(patience=5, min_delta=10.0)],
    ).fit(X, Y)
    assert len(search.cv_results_["params"]) == 12 + 5
    assert search.stop_reason_.startswith("NoImprovementStopper")
    # design_end: None during the design, then the candidates it held
    assert [end for n, end in seen if n < 12] == [None] * 11
    assert {end for n, end in seen if n >= 12} == {12}


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: TargetScoreStopper("0.9"), "target"),
        (lambda: TargetScoreStopper(None), "target"),
        (lambda: TargetScoreStopper(np.nan), "target"),
        (lambda: TargetScoreStopper(True), "target"),
        (lambda: DeadlineStopper(True), "seconds"),
        (lambda: DeadlineStopper("60"), "seconds"),
        (lambda: NoImprovementStopper(True), "patience"),
        (lambda: NoImprovementStopper(2.0), "patience"),
        (lambda: NoImprovementStopper(3, min_delta="x"), "min_delta"),
        (lambda: NoImprovementStopper(3, min_delta=None), "min_delta"),
        (lambda: NoImprovementStopper(3, min_delta=np.nan), "min_delta"),
    ],
)
def test_stopper_arguments_refused_when_built(make, name):
    # a bad argument is refused when the stopper is built, naming it: never a
    # TypeError from a comparison after the first batch has been fitted, nor
    # a stopper that silently never fires (a NaN target)
    with pytest.raises(ValueError, match=name):
        make()


def test_stoppers_take_numpy_numbers():
    # numpy's numbers (a value read from an array or a config) are numbers
    assert DeadlineStopper(np.int64(60)).seconds == 60
    assert DeadlineStopper(np.float32(0.5)).seconds == 0.5
    assert NoImprovementStopper(np.int64(3), min_delta=np.float32(0)).patience == 3
    state = SearchState(
        params=[{"x": 1.0}],
        scores=np.array([1.0]),
        best_score=1.0,
        best_params={"x": 1.0},
        iteration=1,
        elapsed=0.0,
        cv_results={},
    )
    assert TargetScoreStopper(np.int64(1))(state)
    assert not TargetScoreStopper(np.float32(1.5))(state)


def test_a_callback_writing_into_its_state_changes_nothing_in_the_search():
    # SearchState is documented as immutable: its arrays and lists were the
    # search's own, so a callback normalizing scores in place rewrote
    # cv_results_ and best_score_, and one editing params made the refit use a
    # candidate that was never evaluated
    def meddle(state):
        state.scores[:] = 7.0
        state.cv_results["mean_test_score"][:] = -5.0
        state.cv_results["params"][0]["x"] = 99.0
        state.params[-1]["x"] = 42.0
        return False

    plain = _search(n_iter=6).fit(X, Y)
    meddled = _search(n_iter=6, callbacks=[meddle]).fit(X, Y)
    assert meddled.cv_results_["params"] == plain.cv_results_["params"]
    np.testing.assert_array_equal(
        meddled.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert meddled.best_score_ == plain.best_score_
    assert meddled.best_params_ == plain.best_params_
