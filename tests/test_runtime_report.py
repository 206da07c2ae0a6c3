"""What a running search shows: its state, its progress line, its warnings."""

import functools
import math
import warnings

import numpy as np
import pytest

from skbayes._runtime_report import (
    callback_name,
    progress_line,
    search_state,
    warn_exhausted,
    warn_nonfinite,
)


def _results():
    return {
        "params": [{"C": 1.0}, {"C": 10.0}, {"C": 0.1}],
        "mean_test_score": np.array([0.5, np.nan, 0.75]),
        "iteration": [0, 0, 1],
    }


def test_the_state_is_a_copy_with_the_best_candidate():
    results = _results()
    state = search_state(results, "score", design_end=None, iteration=2, elapsed=1.5)
    assert state.best_score == 0.75
    assert state.best_params == {"C": 0.1}
    assert state.design_end is None and state.iteration == 2
    assert "iteration" not in state.cv_results
    state.params[0]["C"] = -1.0
    state.cv_results["params"][0]["C"] = -1.0
    state.cv_results["mean_test_score"][0] = -1.0
    state.best_params["C"] = -1.0
    assert results["params"][0] == {"C": 1.0}
    assert results["params"][2] == {"C": 0.1}
    assert results["mean_test_score"][0] == 0.5


def test_a_state_before_the_metric_is_known_has_no_best():
    state = search_state(_results(), None, design_end=None, iteration=1, elapsed=0.0)
    assert math.isnan(state.best_score) and state.best_params is None
    assert np.isnan(state.scores).all()


def test_the_progress_line_shows_plain_values():
    line = progress_line(
        [{"C": np.float64(0.01), "kernel": "rbf"}, {"C": np.float64(1.0)}],
        [0.9, np.nan],
        best=0.95,
        n_done=4,
        n_planned=10,
        elapsed=2.25,
    )
    assert line == (
        "[BayesSearchCV] 4/10 candidates; C=0.01, kernel='rbf': 0.9000; "
        "best 0.9500; 2.2 s"
    )
    failed = progress_line(
        [{"C": 1.0}], [np.nan], best=-math.inf, n_done=1, n_planned=2, elapsed=0.0
    )
    assert "; failed; best nan;" in failed


def _stopper(state):
    return True


class _Readable:
    def __repr__(self):
        return "Readable(3)"

    def __call__(self, state):
        return True


class _Opaque:
    def __call__(self, state):
        return True


def test_callbacks_get_readable_names():
    assert callback_name(_stopper) == "_stopper"
    assert callback_name(_Readable()) == "Readable(3)"
    assert callback_name(_Opaque()) == "_Opaque"
    assert callback_name(functools.partial(_stopper)) == "partial"


def test_the_end_warnings():
    with pytest.warns(UserWarning, match=r"Sub-spaces \[0, 2\] of the search space"):
        warn_exhausted({2, 0}, 3, 5)
    with pytest.warns(UserWarning, match="^The search space had fewer"):
        warn_exhausted({0}, 1, 5)
    with pytest.warns(UserWarning, match="test scores are non-finite") as caught:
        warn_nonfinite({"mean_test_a": [np.nan, 1.0], "mean_test_b": [np.inf, 1.0]})
    assert len(caught) == 1  # once for the test scores, whatever the metrics
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_nonfinite({"mean_test_score": [0.5, 1.0], "params": [{}, {}]})
