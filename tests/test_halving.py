"""HalvingBayesSearchCV from the user's side, and its scheduler."""

import json
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import (
    HalvingRandomSearchCV,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skbayes import BayesSearchCV, HalvingBayesSearchCV
from skbayes._fidelity import FidelityModels, subsample_splits
from skbayes.callbacks import TargetScoreStopper
from skbayes.optimizer import GPOptimizer
from skbayes.space import SearchSpace


class Curve(ClassifierMixin, BaseEstimator):
    """Scores ``-(x - 0.3)**2``, better with more ``steps`` (its resource).

    Every fit is recorded in ``FITS`` as ``(x, steps, n_train, classes)``.
    """

    def __init__(self, x=0.5, steps=1, fail_above=None):
        self.x = x
        self.steps = steps
        self.fail_above = fail_above

    def fit(self, X, y):
        if self.fail_above is not None and self.x > self.fail_above:
            raise ArithmeticError("x is too large")
        self.classes_ = np.unique(y)
        FITS.append((self.x, self.steps, len(X), tuple(self.classes_)))
        SUBSAMPLES.append((len(X), round(float(np.sum(X[:, 0])), 9)))
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return -((self.x - 0.3) ** 2) - 1.0 / self.steps


FITS = []
SUBSAMPLES = []  # (rows, a digest of the rows) of every fit
X, Y = make_classification(n_samples=300, n_features=5, random_state=0)
SPACE = {"x": (0.0, 1.0)}


def _search(**kwargs):
    kwargs = {
        "resource": "steps",
        "max_resources": 27,
        "min_resources": 1,
        "n_candidates": 27,
        "cv": 3,
        "random_state": 0,
        **kwargs,
    }
    return HalvingBayesSearchCV(Curve(), SPACE, **kwargs)


# -- the schedule is scikit-learn's -------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"factor": 2, "min_resources": 50, "n_candidates": 20},
        {"max_resources": 180, "n_candidates": 60, "min_resources": "exhaust"},
        {
            "max_resources": 180,
            "n_candidates": 60,
            "min_resources": "exhaust",
            "aggressive_elimination": True,
        },
    ],
)
def test_rounds_and_attributes_are_those_of_halving_random_search(kwargs):
    ours = HalvingBayesSearchCV(Curve(), SPACE, cv=3, random_state=0, **kwargs)
    theirs = HalvingRandomSearchCV(
        Curve(), {"x": [0.1 * i for i in range(100)]}, cv=3, random_state=0, **kwargs
    )
    ours.fit(X, Y)
    theirs.fit(X, Y)
    for name in (
        "n_resources_",
        "n_candidates_",
        "n_remaining_candidates_",
        "n_iterations_",
        "n_required_iterations_",
        "n_possible_iterations_",
        "min_resources_",
        "max_resources_",
    ):
        assert getattr(ours, name) == getattr(theirs, name), name
    for key in ("iter", "n_resources"):
        assert isinstance(ours.cv_results_[key], np.ndarray)
        assert list(ours.cv_results_[key]) == list(theirs.cv_results_[key])
    # the best is the best of the last round
    last = ours.cv_results_["iter"] == ours.cv_results_["iter"].max()
    best = np.nanmax(ours.cv_results_["mean_test_score"][last])
    assert ours.best_score_ == best
    assert ours.cv_results_["iter"][ours.best_index_] == ours.n_iterations_ - 1


def test_a_parameter_resource_is_set_in_every_candidate_and_the_refit():
    search = _search().fit(X, Y)
    results = search.cv_results_
    assert search.n_resources_ == [1, 3, 9, 27]
    assert search.n_candidates_ == [27, 9, 3, 1]
    assert list(results["param_steps"]) == list(results["n_resources"])
    assert all(
        p["steps"] == r for p, r in zip(results["params"], results["n_resources"])
    )
    assert search.best_params_["steps"] == 27
    assert search.best_estimator_.steps == 27


def test_promotions_keep_the_best_of_each_round():
    search = _search(optimizer="random").fit(X, Y)
    results = search.cv_results_
    for itr in range(search.n_iterations_ - 1):
        now = results["iter"] == itr
        promoted = {
            p["x"] for p, i in zip(results["params"], results["iter"]) if i == itr + 1
        }
        scores = results["mean_test_score"][now]
        xs = np.array([p["x"] for p in np.array(results["params"])[now]])
        kept = np.isin(xs, list(promoted))
        assert kept.sum() == search.n_candidates_[itr + 1]
        assert scores[kept].min() >= scores[~kept].max()


# -- candidates are proposed by a model -----------------------------------------


def test_later_brackets_follow_the_cheap_results_once_they_rank_alike():
    # Curve ranks alike at every resource: once the promotions of the first
    # bracket show it, the models propose more of the next brackets'
    # candidates near x = 0.3 than random draws do (a third of them still
    # random, and the model's batches spread by the constant liar)
    def near(optimizer, seed):
        search = _search(
            optimizer=optimizer,
            random_state=seed,
            n_initial_points=5,
            brackets="hyperband",
            n_candidates=30,
            max_resources=9,
        )
        search.fit(X, Y)
        results = search.cv_results_
        later = (search.bracket_of_candidates_ == 1) & (results["iter"] == 1)
        xs = np.array([p["x"] for p in np.array(results["params"])[later]])
        return np.sum(np.abs(xs - 0.3) <= 0.15)

    model = sum(near("gp", seed) for seed in range(4))
    random = sum(near("random", seed) for seed in range(4))
    assert model > 1.3 * random


def test_the_first_round_is_random_until_a_ranking_is_measured():
    # nothing shows yet that one step ranks as 27 do: the first round is
    # drawn as with optimizer="random", whatever the engine
    def first_round(optimizer):
        search = _search(optimizer=optimizer, n_initial_points=3).fit(X, Y)
        results = search.cv_results_
        return [p["x"] for p, i in zip(results["params"], results["iter"]) if i == 0]

    assert first_round("gp") == first_round("tpe")


def test_brackets_start_at_larger_resources_and_use_the_best_model():
    search = _search(brackets="hyperband", n_initial_points=3).fit(X, Y)
    firsts = [b["n_resources"][0] for b in search.brackets_]
    assert firsts == [1, 3, 9, 27]
    assert [b["n_resources"][-1] for b in search.brackets_] == [27] * 4
    assert len(search.bracket_of_candidates_) == len(search.cv_results_["params"])
    assert search.n_iterations_ == sum(len(b["n_resources"]) for b in search.brackets_)
    # models at several resources; the best is at the largest
    assert {r for _, r in search.fidelity_models_} >= {1, 3}
    assert search.cv_results_["n_resources"][search.best_index_] == 27
    # each resource's model was told the evaluations at that resource
    for (_, resource), model in search.fidelity_models_.items():
        rows = search.cv_results_["n_resources"] == resource
        assert model.n_told == rows.sum()


def _gp_fidelity_models():
    """GP fidelity models of one sub-space (resources 1 to 27), and 8 points."""
    search = _search(optimizer="gp", n_initial_points=3)
    base = GPOptimizer(SPACE, n_initial_points=3, random_state=0)
    models = FidelityModels(search, SearchSpace(SPACE), [base], [30])
    models.first, models.top = 1, 27
    return models, np.linspace(0.0, 1.0, 8)


def test_the_model_of_the_largest_trusted_resource_with_enough_results_proposes():
    models, xs = _gp_fidelity_models()
    space = models.search_space
    models.tell(0, 1, [{"x": x} for x in xs], -((xs - 0.3) ** 2) - 1)
    assert models.proposer(0) is None  # no ranking measured yet: random
    models.rank_agreement({1: [(i, i) for i in range(5)]})
    assert models.proposer(0) == 1  # one step ranks as three do
    models.tell(0, 3, [{"x": x} for x in xs[:3]], -((xs[:3] - 0.3) ** 2))
    models.tell(0, 3, [{"x": 0.35}], [-0.0025])
    assert models.proposer(0) == 1  # three steps: not measured
    models.rank_agreement({3: [(i, 2 * i) for i in range(5)]})
    assert models.proposer(0) == 3
    # the largest resource needs no check, only results
    models.tell(0, 27, [{"x": x} for x in xs[:3]], -((xs[:3] - 0.3) ** 2))
    assert models.proposer(0) == 3  # 3 results: the initial design only
    models.tell(0, 27, [{"x": 0.32}], [-0.0004])
    assert models.proposer(0) == 27
    # its proposals are new at the wanted resource; a third are random
    known = {space.key({"x": float(x)}) for x in xs}
    points = models.ask(0, 6, 9, known)
    assert len(points) == 6
    assert not {space.key(p) for p in points} & known
    assert models._n_asked[0] == 6
    # 4 of the 6 from the model of 27 steps, 2 random; asked of a copy, so
    # that points evaluated at 9 steps never stay pending in the model of 27
    assert models._lent[0][1].n_told == models.model(0, 27).n_told
    assert len(models._lent[0][1]._pending) == 4
    assert not models.model(0, 27)._pending
    # the copy serves the round's next batch: new points, not the same again
    more = models.ask(0, 6, 9, known | {space.key(p) for p in points})
    assert len(more) == 6
    assert not {space.key(p) for p in more} & {space.key(p) for p in points}
    assert len(models._lent[0][1]._pending) == 8
    # once the model of 27 learns more, a fresh copy proposes
    models.tell(0, 27, [points[0]], [-0.01])
    models.ask(0, 3, 9, known)
    assert models._lent[0][1].n_told == 5
    assert len(models._lent[0][1]._pending) == 2


class Inverted(Curve):
    """``Curve``, but with one step the ranking is upside down."""

    def score(self, X, y):
        if self.steps == 1:
            return (self.x - 0.3) ** 2
        return super().score(X, y)


def test_a_resource_whose_ranking_does_not_carry_stops_proposing():
    # with one step the best candidates are the worst with more: once the
    # promotions show it, the model of one step proposes no more (its
    # proposals would go to the edges, far from x = 0.3)
    def spread(seed):
        search = HalvingBayesSearchCV(
            Inverted(),
            SPACE,
            resource="steps",
            max_resources=27,
            min_resources=1,
            n_candidates=27,
            brackets="hyperband",
            optimizer="gp",
            n_initial_points=10,
            cv=3,
            random_state=seed,
        ).fit(X, Y)
        results = search.cv_results_
        later = (search.bracket_of_candidates_ == 1) & (results["iter"] == 1)
        xs = np.array([p["x"] for p in np.array(results["params"])[later]])
        return np.median(np.abs(xs - 0.3))

    assert np.median([spread(seed) for seed in range(3)]) < 0.3


def test_distrusted_resources_do_not_propose():
    models, xs = _gp_fidelity_models()
    space = models.search_space
    models.tell(0, 1, [{"x": x} for x in xs], -((xs - 0.3) ** 2))
    models.rank_agreement({1: [(i, i) for i in range(5)]})
    assert models.proposer(0) == 1
    # the five promoted candidates rank the other way round at resource 3
    models.rank_agreement({1: [(i, -i) for i in range(5)]})
    assert models.proposer(0) is None  # random draws
    points = models.ask(0, 4, 1, {space.key({"x": float(x)}) for x in xs})
    assert len(points) == 4
    # too few pairs say nothing; agreeing pairs trust the resource again
    models.rank_agreement({1: [(0, 0), (1, 1)]})
    assert models.proposer(0) is None
    models.rank_agreement({1: [(i, i) for i in range(5)]})
    assert models.proposer(0) == 1


# -- n_samples: stratified subsamples -------------------------------------------


def test_subsamples_keep_every_class_of_a_fold_and_grow_by_inclusion():
    y = np.array([0] * 200 + [1] * 95 + [2] * 5)
    splits = list(StratifiedKFold(5).split(np.zeros((300, 1)), y))
    small = subsample_splits(splits, 30, 300, y, seed=1)
    large = subsample_splits(splits, 90, 300, y, seed=1)
    for (train, test), (s_train, s_test), (l_train, l_test) in zip(
        splits, small, large
    ):
        assert len(s_train) == int(0.1 * len(train))
        assert len(s_test) == int(0.1 * len(test))
        assert set(y[s_train]) == set(y[train])
        assert set(y[s_test]) == set(y[test])
        assert set(s_train) <= set(l_train) <= set(train)
        assert set(s_test) <= set(l_test) <= set(test)
    again = subsample_splits(splits, 30, 300, y, seed=1)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(small, again))


def test_a_rare_class_is_in_every_fit_under_n_samples_subsampling():
    rng = np.random.RandomState(0)
    y = np.array([0] * 500 + [1] * 280 + [2] * 20)
    Xr = rng.normal(size=(800, 3))
    FITS.clear()
    search = HalvingBayesSearchCV(
        Curve(), SPACE, n_candidates=9, min_resources=30, cv=5, random_state=0
    ).fit(Xr, y)
    assert search.n_resources_[0] == 30
    assert all(classes == (0, 1, 2) for _, _, _, classes in FITS)
    # the first round's fits saw about 30 * 4 / 5 samples
    assert min(n for _, _, n, _ in FITS) == int(30 / 800 * 640)


# -- everything BayesSearchCV does ------------------------------------------------


def test_a_pipeline_with_n_samples_as_resource():
    pipe = make_pipeline(StandardScaler(), SGDClassifier(random_state=0))
    search = HalvingBayesSearchCV(
        pipe,
        {"sgdclassifier__alpha": (1e-5, 1e-1, "log-uniform")},
        n_candidates=6,
        cv=3,
        random_state=0,
    ).fit(X, Y)
    assert search.n_resources_[-1] <= len(X)
    assert search.score(X, Y) > 0.7
    assert "sgdclassifier__alpha" in search.best_params_


def test_a_pipeline_step_parameter_as_resource():
    pipe = make_pipeline(StandardScaler(), Curve())
    search = HalvingBayesSearchCV(
        pipe,
        {"curve__x": (0.0, 1.0)},
        resource="curve__steps",
        max_resources=9,
        min_resources=1,
        n_candidates=9,
        cv=2,
        random_state=0,
    ).fit(X, Y)
    assert search.best_params_["curve__steps"] == 9
    assert search.best_estimator_[-1].steps == 9


def test_nested_in_cross_val_score():
    scores = cross_val_score(_search(n_candidates=9, max_resources=9, cv=2), X, Y, cv=2)
    assert scores.shape == (2,)
    assert np.all(np.isfinite(scores))


def test_reproducible_and_the_same_with_two_jobs():
    a = _search(n_candidates=9, max_resources=9).fit(X, Y)
    b = _search(n_candidates=9, max_resources=9, n_jobs=2).fit(X, Y)
    assert a.cv_results_["params"] == b.cv_results_["params"]


def test_multi_metric_scoring_with_refit_by_name():
    pipe = make_pipeline(StandardScaler(), SGDClassifier(random_state=0))
    search = HalvingBayesSearchCV(
        pipe,
        {"sgdclassifier__alpha": (1e-5, 1e-1, "log-uniform")},
        n_candidates=6,
        cv=3,
        scoring=["accuracy", "balanced_accuracy"],
        refit="balanced_accuracy",
        random_state=0,
    ).fit(X, Y)
    assert search.objective_ == "balanced_accuracy"
    last = search.cv_results_["n_resources"] == max(search.n_resources_)
    best = np.nanmax(search.cv_results_["mean_test_balanced_accuracy"][last])
    assert search.best_score_ == best


def test_failing_candidates_rank_last_and_are_not_promoted():
    search = HalvingBayesSearchCV(
        Curve(fail_above=0.6),
        SPACE,
        resource="steps",
        max_resources=9,
        min_resources=1,
        n_candidates=9,
        optimizer="random",
        cv=2,
        random_state=0,
    )
    with pytest.warns(Warning):
        search.fit(X, Y)
    results = search.cv_results_
    failed = np.isnan(results["mean_test_score"])
    assert failed.any()
    assert np.all(results["iter"][failed] == 0)
    assert search.best_params_["x"] <= 0.6
    with pytest.raises(ArithmeticError, match="too large"):
        search.set_params(error_score="raise").fit(X, Y)


def test_callbacks_and_stoppers_end_the_search():
    search = _search(callbacks=[TargetScoreStopper(-1.0 / 3)]).fit(X, Y)
    assert search.stop_reason_ is not None
    assert search.n_iterations_ < 4
    seen = []

    def after_three_batches(state):
        seen.append(state.n_candidates)
        return len(seen) == 3

    search = _search(callbacks=[after_three_batches]).fit(X, Y)
    assert search.stop_reason_.endswith("after_three_batches")
    assert len(search.cv_results_["params"]) == seen[-1]


def test_max_time_refits_the_best_of_the_largest_resource_reached():
    class Slow(Curve):
        def fit(self, X, y):
            time.sleep(0.02)
            return super().fit(X, y)

    search = HalvingBayesSearchCV(
        Slow(),
        SPACE,
        resource="steps",
        max_resources=27,
        min_resources=1,
        n_candidates=27,
        cv=2,
        max_time=0.5,
        random_state=0,
    ).fit(X, Y)
    assert search.stop_reason_ == "max_time"
    top = search.cv_results_["n_resources"].max()
    assert search.cv_results_["n_resources"][search.best_index_] == top


# -- errors before any fit ---------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"resource": "depth"}, "Cannot use resource=depth which is not supported"),
        ({"resource": "x", "max_resources": 9}, "part of the searched parameters"),
        ({"resource": "steps"}, "resource can only be 'n_samples'"),
        ({"factor": 1}, "factor=1: the resource cannot grow"),
        ({"max_resources": 10_000}, "greater than the number of samples"),
        ({"min_resources": 50, "max_resources": 40}, "min_resources_=50 is greater"),
        (
            {"n_candidates": "exhaust", "min_resources": "exhaust"},
            "cannot be both set to 'exhaust'",
        ),
        ({"brackets": 2, "aggressive_elimination": True}, "single bracket"),
    ],
)
def test_bad_settings_are_refused_before_any_fit(kwargs, message):
    FITS.clear()
    search = HalvingBayesSearchCV(Curve(), SPACE, **kwargs)
    with pytest.raises(ValueError, match=message):
        search.fit(X, Y)
    assert FITS == []


def test_a_float_resource_cannot_grow():
    class FloatSteps(Curve):
        def __init__(self, x=0.5, steps=1.5, fail_above=None):
            super().__init__(x=x, steps=steps, fail_above=fail_above)

    search = HalvingBayesSearchCV(
        FloatSteps(), SPACE, resource="steps", max_resources=9
    )
    with pytest.raises(ValueError, match="not an integer, so the resource cannot"):
        search.fit(X, Y)


def test_scikit_learn_names_get_a_hint():
    with pytest.raises(TypeError, match="search_spaces"):
        HalvingBayesSearchCV(Curve(), param_distributions=SPACE)
    with pytest.raises(TypeError, match="n_candidates"):
        HalvingBayesSearchCV(Curve(), SPACE, n_iter=10)


# -- checkpoint and resume -----------------------------------------------------------

RUNNER = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from sklearn.base import BaseEstimator, ClassifierMixin
    from skbayes import HalvingBayesSearchCV

    class Logged(ClassifierMixin, BaseEstimator):
        def __init__(self, x=0.0, steps=1, log=None, delay=0.0):
            self.x, self.steps, self.log, self.delay = x, steps, log, delay
        def fit(self, X, y):
            time.sleep(self.delay)
            with open(self.log, "a") as f:
                f.write(f"{self.x!r} {self.steps}\\n")
            self.classes_ = np.unique(y)
            return self
        def predict(self, X):
            return np.full(len(X), self.classes_[0])
        def score(self, X, y):
            return -(self.x - 0.3) ** 2 - 1.0 / self.steps

    log, checkpoint, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
    X = np.arange(40.0).reshape(-1, 1)
    y = np.arange(40) % 2
    search = HalvingBayesSearchCV(
        Logged(log=log, delay=delay), {"x": (0.0, 1.0)}, resource="steps",
        max_resources=9, min_resources=1, n_candidates=9, n_points=2, cv=2,
        random_state=0, checkpoint=checkpoint)
    print("started", flush=True)
    search.fit(X, y)
    print("rows", len(search.cv_results_["params"]))
    print("rounds", search.n_candidates_)
    print("best", search.best_params_["steps"])
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
        proc.communicate(timeout=30)
        return None
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


def _records(path):
    return [json.loads(line) for line in path.read_text().splitlines()[1:]]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_resume_after_a_killed_process_evaluates_nothing_twice(tmp_path):
    _run(tmp_path, delay=0.1, kill_after=2.0)
    records = _records(tmp_path / "search.json")
    assert 1 <= len(records) < 13
    assert all(len(r["fidelity"]) == 3 for r in records)
    out = _run(tmp_path, delay=0.1)
    assert "rows 13" in out  # 9 + 3 + 1 evaluations
    assert "rounds [9, 3, 1]" in out
    assert "best 9" in out
    evaluations = [
        (r["key"][0], r["fidelity"][2]) for r in _records(tmp_path / "search.json")
    ]
    assert len(evaluations) == len(set(evaluations)) == 13
    fits = (tmp_path / "fits.log").read_text().splitlines()
    # 2 folds per evaluation, one refit, and at most one unsaved batch (two
    # candidates) of the killed run evaluated again
    assert len(fits) <= 13 * 2 + 1 + 2 * 2


def test_a_finished_search_resumes_without_fitting(tmp_path):
    path = tmp_path / "search.json"
    first = _search(n_candidates=9, max_resources=9, checkpoint=path).fit(X, Y)
    FITS.clear()
    again = _search(n_candidates=9, max_resources=9, checkpoint=path).fit(X, Y)
    assert len(FITS) == 1  # the refit only
    assert again.cv_results_["params"] == first.cv_results_["params"]
    assert list(again.cv_results_["iter"]) == list(first.cv_results_["iter"])
    assert again.n_candidates_ == first.n_candidates_
    assert again.best_params_ == first.best_params_


def test_a_checkpoint_of_another_schedule_is_refused(tmp_path):
    path = tmp_path / "search.json"
    _search(n_candidates=9, max_resources=9, checkpoint=path).fit(X, Y)
    with pytest.raises(ValueError, match="another search"):
        _search(n_candidates=9, max_resources=9, factor=2, checkpoint=path).fit(X, Y)


def test_bayes_search_checkpoints_have_no_fidelity(tmp_path):
    path = tmp_path / "search.json"
    BayesSearchCV(Curve(), SPACE, n_iter=3, cv=2, checkpoint=path).fit(X, Y)
    assert all("fidelity" not in r for r in _records(path))


def test_extra_columns_stay_whole_when_a_parameter_column_changes_type():
    # a column of ints that meets None is formatted again from scratch: its
    # extra columns (iter, n_resources; BayesSearchCV's batch numbers) too
    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier

    Xi, yi = load_iris(return_X_y=True)
    search = HalvingBayesSearchCV(
        RandomForestClassifier(random_state=0),
        {"max_depth": [2, 3, None], "min_samples_split": (2, 10)},
        resource="n_estimators",
        min_resources=3,
        max_resources=27,
        n_candidates=9,
        cv=3,
        random_state=0,
    ).fit(Xi, yi)
    results = search.cv_results_
    n = len(results["params"])
    assert len(results["iter"]) == len(results["n_resources"]) == n
    assert [p["n_estimators"] for p in results["params"]] == list(
        results["n_resources"]
    )
    assert search.best_params_["n_estimators"] == 27
    for seed in range(4):
        bayes = BayesSearchCV(
            DecisionTreeClassifier(random_state=0),
            {"max_depth": [2, 3, None], "min_samples_leaf": [1, 5]},
            n_iter=6,
            optimizer="random",
            random_state=seed,
        ).fit(Xi, yi)
        assert len(bayes.iterations_) == len(bayes.cv_results_["params"])


def test_initial_points_are_told_to_the_models_of_the_largest_resource():
    earlier = [({"x": x}, -((x - 0.3) ** 2)) for x in np.linspace(0, 1, 6)]
    search = _search(n_candidates=9, max_resources=9, initial_points=earlier)
    search.fit(X, Y)
    assert search.n_warm_start_points_ == 6
    assert search.fidelity_models_[(0, 9)].n_told >= 6
    # none of them is part of cv_results_
    assert len(search.cv_results_["params"]) == sum(search.n_candidates_)


def test_initial_points_outside_the_space_are_left_out_with_a_warning():
    earlier = [({"x": 0.2}, -0.01), ({"x": 1.5}, -1.44), ({"y": 0.1}, -0.5)]
    search = _search(n_candidates=9, max_resources=9, initial_points=earlier)
    with pytest.warns(UserWarning, match=r"2 of the 3 points") as record:
        search.fit(X, Y)
    message = str(record[0].message)
    assert "1.5" in message and "'y'" in message
    assert search.n_warm_start_points_ == 1
    assert search.fidelity_models_[(0, 9)].n_told >= 1


def test_a_stopped_search_resumes_its_brackets_on_the_same_subsamples(tmp_path):
    path = tmp_path / "search.json"
    kwargs = dict(n_candidates=9, min_resources=30, brackets=2, cv=3, checkpoint=path)
    calls = []

    def stop_after_four(state):
        calls.append(state.n_candidates)
        return len(calls) == 4

    FITS.clear()
    SUBSAMPLES.clear()
    first = HalvingBayesSearchCV(
        Curve(), SPACE, callbacks=[stop_after_four], **kwargs
    ).fit(X, Y)
    assert first.stop_reason_.endswith("stop_after_four")
    before = set(SUBSAMPLES[:-1])  # the refit left out
    done = len(first.cv_results_["params"])
    FITS.clear()
    SUBSAMPLES.clear()
    again = HalvingBayesSearchCV(Curve(), SPACE, **kwargs).fit(X, Y)
    assert again.stop_reason_ is None
    assert [b["n_resources"] for b in again.brackets_] == [[30, 90, 270], [90, 270]]
    assert [b["n_candidates"][0] for b in again.brackets_] == [9, 5]
    rows = len(again.cv_results_["params"])
    assert rows == sum(again.n_candidates_)
    # the resumed rows are not fitted again: 3 folds per new row and a refit
    assert len(FITS) == (rows - done) * 3 + 1
    # each resource's subsamples are those the first fit used
    after = set(SUBSAMPLES[:-1])
    for rows_ in {n for n, _ in before} & {n for n, _ in after}:
        assert {d for n, d in after if n == rows_} == {
            d for n, d in before if n == rows_
        }
    assert {n for n, _ in before} & {n for n, _ in after}
    assert list(again.cv_results_["iter"][:done]) == list(first.cv_results_["iter"])
