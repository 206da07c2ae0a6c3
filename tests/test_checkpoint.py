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


def _header(path):
    """The first line of a checkpoint: what search wrote it."""
    return json.loads(path.read_text().splitlines()[0])


def _records(path):
    """The candidates of a checkpoint, one JSON line each after the header."""
    return [json.loads(line) for line in path.read_text().splitlines()[1:]]


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
    done = len(_records(tmp_path / "search.json"))
    assert 1 <= done < 12
    out = _run(tmp_path, delay=0.15)
    assert "candidates 12" in out
    fits = (tmp_path / "fits.log").read_text().splitlines()
    # cross-validation fits: 2 per candidate; refit: 1 (the best, once)
    cv_fits = fits[: done * 2] + fits[len(fits) - (12 - done) * 2 - 1 : -1]
    candidates = [tuple(f.split()) for f in cv_fits[::2]]
    assert len(set(candidates)) == 12
    # a killed run may have started fits of an unsaved batch: at most one
    # batch (n_points="auto" is 2 for 12 candidates: 4 fits) is evaluated
    # again, never a saved candidate
    assert len(fits) <= 12 * 2 + 1 + 2 * 2
    assert len(_records(tmp_path / "search.json")) == 12


def _search(path, estimator=None, **kwargs):
    kwargs = {"n_iter": 4, "cv": 2, "random_state": 0, "checkpoint": path, **kwargs}
    if estimator is None:
        estimator = DecisionTreeClassifier(random_state=0)
    return BayesSearchCV(estimator, SPACE, **kwargs)


FITS = []  # the number of samples of every fit of a Counted tree


class Counted(DecisionTreeClassifier):
    """A decision tree that records its fits in FITS."""

    def __init__(self, max_depth=None, criterion="gini", random_state=0):
        super().__init__(
            max_depth=max_depth, criterion=criterion, random_state=random_state
        )

    def fit(self, X, y, sample_weight=None, check_input=True):
        FITS.append(len(X))
        return super().fit(X, y, sample_weight=sample_weight)


SPACE = {"max_depth": (1, 8), "criterion": ["gini", "entropy"]}


def test_resume_gives_the_same_search_as_one_run(tmp_path):
    path = tmp_path / "search.json"
    whole = _search(None, n_iter=8).fit(X, Y)
    _search(path, n_iter=4).fit(X, Y)
    resumed = _search(path, n_iter=8).fit(X, Y)
    assert resumed.cv_results_["params"][:4] == whole.cv_results_["params"][:4]
    assert len(resumed.cv_results_["params"]) == 8
    assert list(resumed.iterations_) == list(range(8))
    assert resumed.best_score_ == max(resumed.cv_results_["mean_test_score"])


def test_checkpoint_is_readable_json_without_objects(tmp_path):
    path = tmp_path / "search.json"
    space = {"model": [LogisticRegression(), DecisionTreeClassifier()]}
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("model", LogisticRegression())])
    BayesSearchCV(pipe, space, n_iter=2, cv=2, checkpoint=path).fit(X, Y)
    assert _header(path)["format"] == "skbayes-checkpoint"
    records = _records(path)
    keys = sorted(c["key"][0] for c in records)
    assert keys == [0, 1]  # positions of the categories, not pickled objects
    assert len(records[0]["fits"]) == 2


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


def test_a_torn_last_record_is_evaluated_again(tmp_path):
    # a process killed while appending leaves a partial last line
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    text = path.read_text()
    path.write_text(text[: len(text) - 20])
    with pytest.warns(UserWarning, match="evaluated again"):
        resumed = _search(path, n_iter=6).fit(X, Y)
    assert len(resumed.cv_results_["params"]) == 6
    assert len(_records(path)) == 6


def test_a_bad_line_before_the_last_is_corruption(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    lines = path.read_text().splitlines(keepends=True)
    lines[2] = lines[2][:-20] + "\n"
    path.write_text("".join(lines))
    before = path.read_bytes()
    with pytest.raises(CheckpointError, match=r"search\.json"):
        _search(path, n_iter=6).fit(X, Y)
    assert path.read_bytes() == before


def test_a_finished_checkpoint_is_refitted_without_new_fits(tmp_path):
    # the same command again (a batch job restarted after it was killed in
    # the final refit): load, evaluate nothing, refit the best
    path = tmp_path / "search.json"
    first = _search(path, estimator=Counted()).fit(X, Y)
    FITS.clear()
    again = _search(path, estimator=Counted()).fit(X, Y)
    assert FITS == [len(X)]  # one fit: the refit on the whole data
    assert again.cv_results_["params"] == first.cv_results_["params"]
    np.testing.assert_array_equal(
        again.cv_results_["mean_test_score"], first.cv_results_["mean_test_score"]
    )
    assert again.best_params_ == first.best_params_
    assert again.best_score_ == first.best_score_
    assert again.best_estimator_.predict(X).shape == (len(X),)
    assert again.n_splits_ == 2 and again.multimetric_ is False
    assert again.stop_reason_ is None and again.refit_time_ >= 0


def test_a_finished_multimetric_checkpoint_with_refit_false(tmp_path):
    path = tmp_path / "search.json"
    scoring = ["accuracy", "balanced_accuracy"]
    kwargs = dict(scoring=scoring, refit=False)
    first = _search(path, **kwargs).fit(X, Y)
    again = _search(path, **kwargs).fit(X, Y)
    assert again.multimetric_ and not hasattr(again, "best_estimator_")
    assert again.cv_results_["params"] == first.cv_results_["params"]
    assert set(again.scorer_) == set(scoring)


REFIT_RUNNER = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from sklearn.base import BaseEstimator, ClassifierMixin
    from skbayes import BayesSearchCV

    class SlowRefit(ClassifierMixin, BaseEstimator):
        def __init__(self, x=0.0, log=None, refit_delay=0.0):
            self.x, self.log, self.refit_delay = x, log, refit_delay
        def fit(self, X, y):
            with open(self.log, "a") as f:
                f.write(f"{len(X)}\\n")
            if len(X) == 40:  # the refit, on the whole data
                print("refitting", flush=True)
                time.sleep(self.refit_delay)
            self.classes_ = np.unique(y)
            return self
        def predict(self, X):
            return np.full(len(X), self.classes_[0])
        def score(self, X, y):
            return -abs(self.x - 0.4)

    log, checkpoint = sys.argv[1], sys.argv[2]
    X = np.arange(40.0).reshape(-1, 1)
    y = np.arange(40) % 2
    search = BayesSearchCV(
        SlowRefit(log=log), {"x": (0.0, 1.0)},
        n_iter=6, cv=2, random_state=0, checkpoint=checkpoint)
    search.fit(X, y)
    print("candidates", len(search.cv_results_["params"]))
    print("best", search.best_params_["x"])
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_killed_in_the_final_refit_the_same_command_finishes(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(REFIT_RUNNER)
    log, path = tmp_path / "fits.log", tmp_path / "search.ckpt"
    args = [sys.executable, str(script), str(log), str(path)]
    # the same command twice; the first is killed in its final refit
    slow = {**os.environ, "REFIT_DELAY": "60"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=slow)
    assert proc.stdout.readline().strip() == "refitting"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert len(_records(path)) == 6  # the whole budget was saved
    n_fits = len(log.read_text().splitlines())
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "candidates 6" in done.stdout
    new_fits = log.read_text().splitlines()[n_fits:]
    assert new_fits == ["40"]  # no cross-validation fit, one refit


# -- resuming never mixes results that cannot be compared --------------------


def test_resuming_on_other_data_is_refused(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    before = path.read_bytes()
    with pytest.raises(CheckpointError, match="data"):
        _search(path, n_iter=6).fit(X[::2], Y[::2])
    Y2 = Y.copy()
    Y2[0] = 1 - Y2[0]
    with pytest.raises(CheckpointError, match="data"):
        _search(path, n_iter=6).fit(X, Y2)
    assert path.read_bytes() == before


def test_resuming_with_other_sample_weights_or_groups_is_refused(tmp_path):
    from sklearn.model_selection import GroupKFold

    path = tmp_path / "search.json"
    groups = np.arange(len(X)) % 4
    _search(path, cv=GroupKFold(2)).fit(X, Y, groups=groups)
    with pytest.raises(CheckpointError, match="data"):
        _search(path, n_iter=6, cv=GroupKFold(2)).fit(X, Y, groups=groups[::-1])
    _search(path, n_iter=6, cv=GroupKFold(2)).fit(X, Y, groups=groups)  # resumes


def test_resuming_with_a_changed_lambda_as_scoring_is_refused(tmp_path):
    path = tmp_path / "search.json"
    scorers = [lambda est, X, y: est.score(X, y), lambda est, X, y: 1.0]
    assert scorers[0].__qualname__ == scorers[1].__qualname__
    _search(path, scoring=scorers[0]).fit(X, Y)
    with pytest.raises(CheckpointError, match="scoring"):
        _search(path, n_iter=6, scoring=scorers[1]).fit(X, Y)
    # the same function resumes
    assert (
        len(_search(path, n_iter=6, scoring=scorers[0]).fit(X, Y).cv_results_["params"])
        == 6
    )


class TrainSetLogged(DecisionTreeClassifier):
    """Records which samples each fit trained on."""

    seen = []

    def __init__(self, max_depth=None, criterion="gini"):
        super().__init__(max_depth=max_depth, criterion=criterion, random_state=0)

    def fit(self, X, y, sample_weight=None, check_input=True):
        TrainSetLogged.seen.append(tuple(np.asarray(X)[:, 0]))
        return super().fit(X, y)


def test_an_unseeded_shuffling_splitter_resumes_on_the_same_splits(tmp_path):
    from sklearn.model_selection import KFold

    path = tmp_path / "search.json"
    TrainSetLogged.seen = []
    kwargs = dict(estimator=TrainSetLogged(), cv=KFold(3, shuffle=True), refit=False)
    _search(path, **kwargs).fit(X, Y)
    _search(path, n_iter=8, **kwargs).fit(X, Y)
    # 8 candidates x 3 folds, on 3 training sets only
    assert len(TrainSetLogged.seen) == 24
    assert len(set(TrainSetLogged.seen)) == 3


# -- the checkpoint path is checked before any fit ---------------------------


@pytest.mark.parametrize(
    "make_path, match",
    [
        (lambda tmp: "", "checkpoint"),
        (lambda tmp: tmp, "director"),
        (lambda tmp: tmp / "missing" / "search.json", "missing"),
        (lambda tmp: tmp / "a-file" / "search.json", "a-file"),
    ],
)
def test_an_unusable_checkpoint_path_fails_before_any_fit(tmp_path, make_path, match):
    (tmp_path / "a-file").write_text("not a folder")
    path = make_path(tmp_path)
    FITS.clear()
    with pytest.raises(ValueError, match=match) as error:
        _search(path, estimator=Counted()).fit(X, Y)
    assert FITS == []
    assert ".tmp" not in str(error.value)
    assert "checkpoint" in str(error.value)


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="POSIX permissions (root may write anywhere)",
)
def test_a_read_only_folder_fails_before_any_fit(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    FITS.clear()
    try:
        with pytest.raises(ValueError, match="read-only"):
            _search(folder / "search.json", estimator=Counted()).fit(X, Y)
    finally:
        folder.chmod(0o700)
    assert FITS == []


# -- every malformed checkpoint is a CheckpointError, before any fit ---------


def _set_fits_key(record, key, value):
    record["fits"][0][key] = value


def _drop_fit_time(record):
    del record["fits"][0]["fit_time"]


MALFORMED = {
    "a score that is a list": lambda r: _set_fits_key(r, "test_scores", [1.0]),
    "a score that is a dict": lambda r: _set_fits_key(r, "test_scores", {"a": 1}),
    "a huge score": lambda r: _set_fits_key(r, "test_scores", 10**400),
    "no fit_time": _drop_fit_time,
    "subspace -1": lambda r: r.update(subspace=-1),
    "iteration 'first'": lambda r: r.update(iteration="first"),
    "position -1": lambda r: r["key"].__setitem__(0, -1),
    "position 0.9": lambda r: r["key"].__setitem__(0, 0.9),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_record_is_refused_before_any_fit(tmp_path, name):
    path = tmp_path / "search.json"
    _search(path, estimator=Counted()).fit(X, Y)
    lines = path.read_text().splitlines()
    record = json.loads(lines[1])
    MALFORMED[name](record)
    lines[1] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    before = path.read_bytes()
    FITS.clear()
    with pytest.raises(CheckpointError, match=r"search\.json"):
        _search(path, estimator=Counted(), n_iter=6).fit(X, Y)
    assert FITS == []
    assert path.read_bytes() == before


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    lines = path.read_text().splitlines()
    lines.insert(1, "[" * 100_000 + "]" * 100_000)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CheckpointError, match=r"search\.json"):
        _search(path, n_iter=6).fit(X, Y)


@pytest.mark.parametrize("alias", [False, True])
def test_a_record_listed_twice_is_refused(tmp_path, alias):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    lines = path.read_text().splitlines()
    record = json.loads(lines[1])
    if alias:  # the same category position written as a float
        record["key"] = [float(k) if isinstance(k, int) else k for k in record["key"]]
    lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n")
    before = path.read_bytes()
    # an alias is refused as listed twice, or as a position that is no int
    with pytest.raises(CheckpointError, match=r"search\.json" if alias else "twice"):
        _search(path, n_iter=8).fit(X, Y)
    assert path.read_bytes() == before


def test_a_fresh_fit_without_checkpoint_starts_fresh(tmp_path):
    path = tmp_path / "search.json"
    _search(path).fit(X, Y)
    fresh = _search(None, n_iter=6).fit(X, Y)
    assert len(fresh.cv_results_["params"]) == 6
    assert list(fresh.iterations_) == list(range(6))


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
    assert list(resumed.iterations_[:3]) == [0, 1, 2]
    assert "0x" not in path.read_text()


def test_fingerprint_tells_apart_pipelines_that_repr_cuts_short(tmp_path):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skbayes._checkpoint import describe_search, fingerprint_digest
    from skbayes.space import SearchSpace

    def pipeline(with_std):
        steps = [StandardScaler() for _ in range(40)]
        steps[20] = StandardScaler(with_std=with_std)  # in the elided middle
        return make_pipeline(*steps, LogisticRegression())

    a, b = pipeline(True), pipeline(False)
    assert repr(a) == repr(b)  # scikit-learn shortens long reprs
    space = SearchSpace({"logisticregression__C": (0.1, 10.0)})
    digests = [
        fingerprint_digest(
            describe_search(
                BayesSearchCV(est, {}, checkpoint=tmp_path / "x"), space, X, Y, {}
            )
        )
        for est in (a, b)
    ]
    assert digests[0] != digests[1]
