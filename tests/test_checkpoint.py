"""Checkpoint and resume: nothing evaluated twice, nothing mixed up."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from skbayes import BayesSearchCV
from skbayes._checkpoint import CheckpointError

X = np.arange(40, dtype=float).reshape(-1, 1)
Y = np.arange(40) % 2

RUNNER = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from sklearn.base import BaseEstimator, ClassifierMixin
    from skbayes import BayesSearchCV

    class Logged(ClassifierMixin, BaseEstimator):
        def __init__(self, x=0.0, kind="a", log=None, delay=0.0):
            self.x, self.kind, self.log, self.delay = x, kind, log, delay
        def fit(self, X, y):
            time.sleep(self.delay)
            with open(self.log, "a") as f:
                f.write(f"{self.x!r} {self.kind}\\n")
            self.classes_ = np.unique(y)
            return self
        def predict(self, X):
            return np.full(len(X), self.classes_[0])
        def score(self, X, y):
            return self.x + (self.kind == "b")

    log, checkpoint, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
    X = np.arange(40.0).reshape(-1, 1)
    y = np.arange(40) % 2
    search = BayesSearchCV(
        Logged(log=log, delay=delay), {"x": (0.0, 1.0), "kind": ["a", "b"]},
        n_iter=12, cv=2, random_state=0, checkpoint=checkpoint)
    print("started", flush=True)
    search.fit(X, y)
    print("candidates", len(search.cv_results_["params"]))
    print("best", search.best_params_["kind"])
    """
)


def _run(tmp_path, delay, kill_after=None):
    script = tmp_path / "run.py"
    script.write_text(RUNNER)
    args = [sys.executable, str(script), str(tmp_path / "fits.log")]
    args += [str(tmp_path / "search.json"), str(delay)]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if kill_after is not None:
        assert proc.stdout.readline().strip() == "started"
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)  # reaps it and closes the pipes
        return None
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_resume_after_a_killed_process_evaluates_nothing_twice(tmp_path):
    _run(tmp_path, delay=0.15, kill_after=2.5)
    checkpoint = json.loads((tmp_path / "search.json").read_text())
    done = len(checkpoint["candidates"])
    assert 1 <= done < 12
    out = _run(tmp_path, delay=0.15)
    assert "candidates 12" in out
    fits = (tmp_path / "fits.log").read_text().splitlines()
    # cross-validation fits: 2 per candidate; refit: 1 (the best, once)
    cv_fits = fits[: done * 2] + fits[len(fits) - (12 - done) * 2 - 1 : -1]
    candidates = [tuple(f.split()) for f in cv_fits[::2]]
    assert len(set(candidates)) == 12
    # a killed run may have started fits of an unsaved batch: at most one
    # batch is evaluated again, never a saved candidate
    assert len(fits) <= 12 * 2 + 1 + 2
    assert len(json.loads((tmp_path / "search.json").read_text())["candidates"]) == 12


def _search(path, **kwargs):
    kwargs = {"n_iter": 4, "cv": 2, "random_state": 0, "checkpoint": path, **kwargs}
    return BayesSearchCV(DecisionTreeClassifier(random_state=0), SPACE, **kwargs)


SPACE = {"max_depth": (1, 8), "criterion": ["gini", "entropy"]}


def test_resume_gives_the_same_search_as_one_run(tmp_path):
    path = tmp_path / "search.json"
    whole = _search(None, n_iter=8).fit(X, Y)
    _search(path, n_iter=4).fit(X, Y)
    resumed = _search(path, n_iter=8).fit(X, Y)
    assert resumed.cv_results_["params"][:4] == whole.cv_results_["params"][:4]
    assert len(resumed.cv_results_["params"]) == 8
    assert list(resumed.cv_results_["iteration"]) == list(range(8))
    assert resumed.best_score_ == max(resumed.cv_results_["mean_test_score"])


def test_checkpoint_is_readable_json_without_objects(tmp_path):
    path = tmp_path / "search.json"
    space = {"model": [LogisticRegression(), DecisionTreeClassifier()]}
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("model", LogisticRegression())])
    BayesSearchCV(pipe, space, n_iter=2, cv=2, checkpoint=path).fit(X, Y)
    data = json.loads(path.read_text())
    assert data["format"] == "skbayes-checkpoint"
    keys = sorted(c["key"][0] for c in data["candidates"])
    assert keys == [0, 1]  # positions of the categories, not pickled objects
    assert len(data["candidates"][0]["fits"]) == 2


def test_a_checkpoint_of_another_search_is_refused(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    before = path.read_bytes()
    other = BayesSearchCV(
        DecisionTreeClassifier(random_state=1),
        SPACE,
        n_iter=6,
        cv=2,
        checkpoint=path,
    )
    with pytest.raises(CheckpointError, match=r"written by another search.*estimator"):
        other.fit(X, Y)
    with pytest.raises(CheckpointError, match="search_spaces"):
        _search(path, n_iter=6).set_params(
            search_spaces={"max_depth": (1, 9), "criterion": ["gini", "entropy"]}
        ).fit(X, Y)
    with pytest.raises(CheckpointError, match="scoring"):
        _search(path, n_iter=6, scoring="accuracy").fit(X, Y)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content", ["", "{not json", '{"format": "something else"}', "[1, 2]"]
)
def test_a_corrupt_checkpoint_names_the_file_and_is_left_alone(tmp_path, content):
    path = tmp_path / "search.json"
    path.write_text(content)
    with pytest.raises(CheckpointError, match=r"search\.json"):
        _search(path).fit(X, Y)
    assert path.read_text() == content


def test_a_truncated_checkpoint(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(CheckpointError, match="cannot read"):
        _search(path, n_iter=6).fit(X, Y)
    assert os.path.getsize(path) == len(text[: len(text) // 2])


def test_a_finished_checkpoint_asks_for_more_iterations(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    with pytest.raises(ValueError, match="already holds 4 candidates"):
        _search(path).fit(X, Y)


def test_a_fresh_fit_without_checkpoint_starts_fresh(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    fresh = _search(None, n_iter=6).fit(X, Y)
    assert len(fresh.cv_results_["params"]) == 6
    assert list(fresh.cv_results_["iteration"]) == list(range(6))


def test_checkpoint_refuses_a_generator_of_splits_before_fitting(tmp_path):
    from sklearn.model_selection import KFold

    splits = KFold(3).split(X)  # a generator: it can be read once only
    search = BayesSearchCV(
        DecisionTreeClassifier(),
        {"max_depth": (1, 5)},
        n_iter=3,
        cv=splits,
        checkpoint=tmp_path / "search.json",
    )
    with pytest.raises(ValueError, match="checkpoint: cv must be an int, a splitter"):
        search.fit(X, Y)
    assert next(splits)  # nothing was consumed
    assert not (tmp_path / "search.json").exists()


def _accuracy(estimator, X, y):
    return estimator.score(X, y)


def test_resume_with_distributions_and_a_scoring_function(tmp_path):
    # repr() of both holds a memory address, which differs in a new process
    from scipy.stats import loguniform

    path = tmp_path / "search.json"

    def search(n_iter):
        return BayesSearchCV(
            LogisticRegression(),
            {"C": loguniform(1e-3, 1e3)},  # a new object every time
            n_iter=n_iter,
            cv=3,
            scoring=_accuracy,
            checkpoint=path,
            random_state=0,
        )

    first = search(3).fit(X, Y)
    resumed = search(5).fit(X, Y)
    assert resumed.cv_results_["params"][:3] == first.cv_results_["params"]
    assert list(resumed.cv_results_["iteration"][:3]) == [0, 1, 2]
    assert "0x" not in path.read_text()


def test_fingerprint_tells_apart_pipelines_that_repr_cuts_short(tmp_path):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skbayes._checkpoint import fingerprint
    from skbayes.space import SearchSpace

    def pipeline(with_std):
        steps = [StandardScaler() for _ in range(40)]
        steps[20] = StandardScaler(with_std=with_std)  # in the elided middle
        return make_pipeline(*steps, LogisticRegression())

    a, b = pipeline(True), pipeline(False)
    assert repr(a) == repr(b)  # scikit-learn shortens long reprs
    space = SearchSpace({"logisticregression__C": (0.1, 10.0)})
    digests = [
        fingerprint(BayesSearchCV(est, {}, checkpoint=tmp_path / "x"), space)[1]
        for est in (a, b)
    ]
    assert digests[0] != digests[1]
