"""Ctrl-C anywhere in a search: the first stops it gracefully, a second aborts.

Gracefully means: the candidates that finished are kept (in ``cv_results_``
and in the checkpoint), the best is refitted, ``stop_reason_`` is
``"interrupted"`` and a warning says so.
"""

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from skbayes import BayesSearchCV
from skbayes._interrupt import InterruptGuard
from skbayes.optimizer import RandomOptimizer

from ._estimators import Scored

X = np.arange(40.0).reshape(-1, 1)
Y = np.arange(40) % 2
SPACE = {"x": (0.0, 1.0), "kind": ["a", "b", "c"]}


def _records(path):
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines[1:]]


def _search(**kwargs):
    # one candidate per batch, so that the counts below are those of batches
    kwargs = {"n_iter": 30, "n_points": 1, "cv": 2, "random_state": 0, **kwargs}
    return BayesSearchCV(Scored(), SPACE, **kwargs)


def _fit_interrupted(search):
    with pytest.warns(UserWarning, match="interrupted"):
        search.fit(X, Y)
    assert search.stop_reason_ == "interrupted"
    best = search.best_estimator_.get_params()
    assert {k: best[k] for k in search.best_params_} == search.best_params_
    return search


class InterruptingOptimizer(RandomOptimizer):
    """Raises KeyboardInterrupt in its ``when`` call of ``ask`` or ``tell``."""

    def __init__(self, space, *, n_initial_points, random_state, where, when=3):
        super().__init__(space, n_initial_points=n_initial_points, random_state=0)
        self.where, self.when, self.calls = where, when, 0

    def _hit(self, method):
        if method == self.where:
            self.calls += 1
            if self.calls == self.when:
                raise KeyboardInterrupt

    def ask(self, n_points=1):
        self._hit("ask")
        return super().ask(n_points)

    def tell(self, points, scores):
        self._hit("tell")
        super().tell(points, scores)


@pytest.mark.parametrize("where", ["ask", "tell"])
def test_ctrl_c_in_the_optimizer_stops_gracefully(tmp_path, where):
    from functools import partial

    path = tmp_path / "search.ckpt"
    optimizer = partial(InterruptingOptimizer, where=where)
    search = _fit_interrupted(_search(optimizer=optimizer, checkpoint=path))
    n = len(search.cv_results_["params"])
    assert n == 2 if where == "ask" else n == 3
    # every finished candidate is in the checkpoint, once
    assert len(_records(path)) == n


def test_ctrl_c_in_a_callback_stops_gracefully(tmp_path):
    path = tmp_path / "search.ckpt"

    def impatient(state):
        if state.n_candidates == 4:
            raise KeyboardInterrupt
        return False

    search = _fit_interrupted(_search(callbacks=[impatient], checkpoint=path))
    assert len(search.cv_results_["params"]) == 4
    assert len(_records(path)) == 4


def test_ctrl_c_while_the_checkpoint_is_written(tmp_path, monkeypatch):
    from skbayes._checkpoint import Checkpoint

    path = tmp_path / "search.ckpt"
    original, calls = Checkpoint.append, []

    def append(self, records):
        calls.append(len(records))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(self, records)

    monkeypatch.setattr(Checkpoint, "append", append)
    search = _fit_interrupted(_search(checkpoint=path))
    # the interrupted write is made again before the search ends
    assert len(_records(path)) == len(search.cv_results_["params"]) == 3


def test_ctrl_c_before_any_candidate_finished_aborts():
    def ask_interrupted(space, **kwargs):
        return InterruptingOptimizer(space, where="ask", when=1, **kwargs)

    with pytest.raises(KeyboardInterrupt):
        _search(optimizer=ask_interrupted).fit(X, Y)


def test_a_swallowed_ctrl_c_still_stops_the_search():
    # a KeyboardInterrupt raised inside a __del__ is swallowed by Python; the
    # guard remembers the signal and the loop stops at its next check
    guard_seen = []

    def swallow(state):
        if state.n_candidates == 3:
            guard_seen.append(True)
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.5)  # the handler runs here
            except KeyboardInterrupt:
                pass  # swallowed, as in a __del__
        return False

    search = _fit_interrupted(_search(callbacks=[swallow]))
    assert guard_seen and len(search.cv_results_["params"]) == 3


def test_the_guard_holds_a_signal_back_in_a_shielded_block():
    with InterruptGuard() as guard:
        with pytest.raises(KeyboardInterrupt):
            with guard.shielded():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.2)
                finished = True  # not interrupted half-way
        assert finished and guard.requested and not guard.aborting
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


RUNNER = textwrap.dedent(
    """
    import os, sys, time, warnings
    import numpy as np
    from sklearn.base import BaseEstimator, ClassifierMixin
    from skbayes import BayesSearchCV

    class Cheap(ClassifierMixin, BaseEstimator):
        def __init__(self, x=0.0, y=0.0, kind="a"):
            self.x, self.y, self.kind = x, y, kind
        def fit(self, X, y):
            if len(X) == 40:  # the final refit
                print("refitting", flush=True)
                time.sleep(float(os.environ.get("REFIT_DELAY", "0")))
            else:
                # cheap, but not so cheap that a search of a few hundred
                # candidates ends before the test's Ctrl-C (up to 5 s in)
                time.sleep(0.01)
            self.classes_ = np.unique(y)
            return self
        def predict(self, X):
            return np.full(len(X), self.classes_[0])
        def score(self, X, y):
            return -(self.x - 0.3) ** 2 - (self.y - 0.6) ** 2 + (self.kind == "b")

    def ready(state, said=[]):
        if not said:
            print("ready", flush=True)
            said.append(True)
        return False

    X = np.arange(40.0).reshape(-1, 1)
    y = np.arange(40) % 2
    search = BayesSearchCV(
        Cheap(), {"x": (0.0, 1.0), "y": (0.0, 1.0), "kind": ["a", "b", "c"]},
        n_iter=int(sys.argv[3]), cv=2, random_state=int(sys.argv[2]),
        checkpoint=sys.argv[1],
        callbacks=[ready])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        search.fit(X, y)
    print("candidates", len(search.cv_results_["params"]))
    print("reason", search.stop_reason_)
    print("refitted", search.best_estimator_.get_params() == search.best_params_)
    print("warned", any("interrupted" in str(w.message) for w in record))
    """
)


_STARTED = []


@pytest.fixture(autouse=True)
def _reap_subprocesses():
    # a failing assertion must not leave a search running, nor its pipes
    # open (their ResourceWarning would fail a later, unrelated test)
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def _start(tmp_path, name, seed, refit_delay=0, n_iter=300):
    script = tmp_path / "run.py"
    script.write_text(RUNNER)
    path = tmp_path / f"{name}.ckpt"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path), str(seed), str(n_iter)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "REFIT_DELAY": str(refit_delay)},
    )
    _STARTED.append(proc)
    assert proc.stdout.readline().strip() == "ready"
    return proc, path


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_at_random_moments_always_stops_gracefully(tmp_path):
    # SKBAYES_INTERRUPT_TRIALS=40 for a longer run
    n_rounds = int(os.environ.get("SKBAYES_INTERRUPT_TRIALS", "6")) // 2
    rng = random.Random(0)
    outcomes = []
    for trial in range(n_rounds):
        # two searches at a time, each interrupted at its own random moment
        runs = [_start(tmp_path, f"t{trial}-{i}", seed=trial * 2 + i) for i in (0, 1)]
        for proc, _ in runs:
            time.sleep(rng.uniform(0.0, 2.5))
            proc.send_signal(signal.SIGINT)
        for proc, path in runs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
            n = int(lines["candidates"])
            assert lines["reason"] == "interrupted"
            assert lines["refitted"] == "True"
            assert lines["warned"] == "True"
            # never loses a finished candidate: all are in the checkpoint
            assert len(_records(path)) == n
            outcomes.append(n)
    assert all(1 <= n < 300 for n in outcomes)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_second_ctrl_c_aborts_and_the_checkpoint_stays_usable(tmp_path):
    # the first Ctrl-C stops the search, the second aborts its (slow) refit
    proc, path = _start(tmp_path, "twice", seed=0, refit_delay=30, n_iter=60)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    assert proc.stdout.readline().strip() == "refitting"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "KeyboardInterrupt" in err
    saved = _records(path)
    assert saved
    # the same command resumes from every candidate saved
    proc = subprocess.run(
        [sys.executable, str(tmp_path / "run.py"), str(path), "0", "60"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "candidates 60" in proc.stdout
    assert len(_records(path)) == 60


def test_two_ctrl_c_while_a_batch_is_recorded_abort(tmp_path, monkeypatch):
    from skbayes._checkpoint import Checkpoint

    path = tmp_path / "search.ckpt"
    original, calls = Checkpoint.append, []

    def append(self, records):
        calls.append(len(records))
        if len(calls) == 3:  # two signals held back while a batch is written
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        return original(self, records)

    monkeypatch.setattr(Checkpoint, "append", append)
    with pytest.raises(KeyboardInterrupt):
        _search(checkpoint=path).fit(X, Y)
    assert len(_records(path)) == 3  # the write was finished, not torn


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
                                   n_points=1, optimizer="random", random_state=0)
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


# -- verbose ------------------------------------------------------------------
