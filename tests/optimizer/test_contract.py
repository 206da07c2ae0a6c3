"""The ask/tell contract, checked on every optimizer."""

import math
import pickle
from functools import partial

import numpy as np
import pytest
from scipy import stats
from sklearn.linear_model import LogisticRegression

from skbayes.optimizer import (
    GPOptimizer,
    RandomOptimizer,
    SkoptOptimizer,
    TPEOptimizer,
)
from skbayes.space import Space

pytestmark = pytest.mark.core

FACTORIES = {
    "halton": RandomOptimizer,
    "random": partial(RandomOptimizer, sampler="random"),
    "skbayes-gp": GPOptimizer,
    "skbayes-gp-ei": partial(GPOptimizer, acq_func="ei"),
    "skbayes-gp-pi": partial(GPOptimizer, acq_func="pi"),
    "skbayes-gp-ucb": partial(GPOptimizer, acq_func="ucb"),
    "skbayes-gp-hedge": partial(GPOptimizer, acq_func="hedge"),
    "tpe": TPEOptimizer,
    "skopt-gp": SkoptOptimizer,
    "rf": partial(SkoptOptimizer, base_estimator="RF"),
    "gbrt": partial(SkoptOptimizer, base_estimator="GBRT"),
    "gp-ei": partial(SkoptOptimizer, acq_func="EI"),
}

# few random points, so that the surrogates are fitted and used in every test
N_INITIAL_POINTS = 2

EST = LogisticRegression()
HIDDEN = [(10,), (10, 10), None, EST]

SMALL = Space({"x": (-2.0, 2.0), "k": ["a", "b", "c"]})
FINITE_12 = Space({"a": (0, 1), "k": ["x", "y", "z"], "b": [True, False]})
FINITE_6 = Space({"a": (0, 1), "k": ["x", "y", "z"]})
EVERY_KIND = Space(
    {
        "C": (1e-3, 1e3, "log-uniform"),
        "n": (1, 20),
        "alpha": [0.1, 1.0, 10.0],
        "hidden": HIDDEN,
        "d": stats.norm(0, 1),
        "m": stats.randint(2, 6),
        "const": ["only"],
    }
)


def objective(point):
    """A deterministic score of any point of the spaces above (higher is better)."""
    score = 0.0
    for name, value in sorted(point.items()):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            score -= (math.log10(value) if name == "C" else value - 0.3) ** 2
        else:
            score += sum(map(ord, repr(value))) % 5
    return score


def scores(points):
    return [objective(p) for p in points]


def keys(space, points):
    return [space.key(p) for p in points]


def assert_in_space(space, points, n=None):
    assert isinstance(points, list)
    if n is not None:
        assert len(points) == n
    for point in points:
        assert isinstance(point, dict)
        assert set(point) == set(space.names)
        assert space.contains(point), point


@pytest.fixture(params=list(FACTORIES))
def make(request):
    factory = FACTORIES[request.param]

    def make(space, random_state=0):
        return factory(
            space, n_initial_points=N_INITIAL_POINTS, random_state=random_state
        )

    return make


class TestOptimizerContract:
    """What every optimizer promises (see ``BaseOptimizer``)."""

    def test_ask_returns_points_of_the_space(self, make):
        opt = make(SMALL)
        for n in (1, 3, 2):
            points = opt.ask(n)
            assert_in_space(SMALL, points, n)
            opt.tell(points, scores(points))
        assert opt.n_told == 6
        assert len(opt.points) == 6 and opt.scores.shape == (6,)

    def test_same_seed_same_proposals(self, make):
        def run(seed):
            opt = make(SMALL, random_state=seed)
            asked = []
            for n in (2, 1, 2):
                points = opt.ask(n)
                asked.append(points)
                opt.tell(points, scores(points))
            return asked

        assert run(7) == run(7)

    def test_different_seeds_give_different_proposals(self, make):
        first = make(SMALL, random_state=0).ask(3)
        assert first == make(SMALL, random_state=0).ask(3)
        assert first != make(SMALL, random_state=1).ask(3)

    def test_no_duplicates_with_pending_points(self, make):
        opt = make(FINITE_12)
        a = opt.ask(3)  # pending
        b = opt.ask(2)  # pending
        opt.tell(a, scores(a))
        c = opt.ask(2)
        opt.tell(b + c, scores(b + c))
        d = opt.ask(1)
        e = opt.ask(2)  # d still pending
        asked = a + b + c + d + e
        assert_in_space(FINITE_12, asked, 10)
        assert len(set(keys(FINITE_12, asked))) == 10
        # told points are never proposed again, even when told twice
        opt.tell(d + e + d, scores(d + e + d))
        f = opt.ask(3)
        assert_in_space(FINITE_12, f, 2)
        assert len(set(keys(FINITE_12, asked + f))) == 12
        opt.tell(f, scores(f))
        assert opt.ask(1) == []

    def test_exhausts_a_finite_space_without_tell(self, make):
        opt = make(FINITE_6)
        first, second, third = opt.ask(4), opt.ask(4), opt.ask(4)
        assert (len(first), len(second), third) == (4, 2, [])
        assert sorted(keys(FINITE_6, first + second)) == sorted(
            FINITE_6.key(FINITE_6.point_at(i)) for i in range(6)
        )
        opt.tell(first + second, scores(first + second))
        assert opt.ask(2) == []

    def test_exhausts_a_finite_space_with_tell(self, make):
        opt = make(FINITE_6)
        told = []
        for expected in (4, 2, 0):
            points = opt.ask(4)
            assert len(points) == expected
            opt.tell(points, scores(points))
            told += points
        assert len(set(keys(FINITE_6, told))) == 6
        assert opt.ask(1) == []

    def test_exhausts_a_finite_space_of_every_kind(self, make):
        # repeated values are one point: 2 * 2 * 2 * 1 points
        space = Space(
            {
                "m": stats.randint(5, 7),
                "o": [1, 1.0, 2],
                "k": ["x", "x", None],
                "c": [EST, EST],
            }
        )
        assert space.n_points == 8
        opt = make(space)
        first = opt.ask(5)
        opt.tell(first[:2], scores(first[:2]))
        second, third = opt.ask(5), opt.ask(5)
        assert (len(first), len(second), third) == (5, 3, [])
        assert_in_space(space, first + second)
        assert len(set(keys(space, first + second))) == 8

    def test_a_space_of_one_point(self, make):
        space = Space({"c": ["only"], "n": [3]})
        opt = make(space)
        assert opt.ask(3) == [{"c": "only", "n": 3}]
        assert opt.ask(1) == []
        opt.tell([{"c": "only", "n": 3}], [1.0])
        assert opt.ask(1) == []
        assert opt.best() == ({"c": "only", "n": 3}, 1.0)

    def test_nan_scores(self, make):
        opt = make(SMALL)
        first = opt.ask(3)
        opt.tell(first, [np.nan] * 3)
        second = opt.ask(2)
        assert_in_space(SMALL, second, 2)
        opt.tell(second, [np.nan, objective(second[1])])
        third = opt.ask(2)
        assert_in_space(SMALL, third, 2)
        opt.tell(third, [objective(third[0]), np.nan])
        fourth = opt.ask(1)
        assert_in_space(SMALL, fourth, 1)
        opt.tell(fourth, scores(fourth))
        asked = first + second + third + fourth
        assert len(set(keys(SMALL, asked))) == len(asked)
        assert np.isnan(opt.scores).sum() == 5
        best_point, best_score = opt.best()
        finite = [objective(p) for p in (second[1], third[0], fourth[0])]
        assert best_score == max(finite)
        assert objective(best_point) == best_score

    def test_only_nan_scores(self, make):
        opt = make(SMALL)
        for n in (2, 2, 1):
            points = opt.ask(n)
            assert_in_space(SMALL, points, n)
            opt.tell(points, [np.nan] * n)
        point, score = opt.best()
        assert point is None and math.isnan(score)
        assert_in_space(SMALL, opt.ask(2), 2)

    def test_every_dimension_kind(self, make):
        opt = make(EVERY_KIND)
        asked = []
        for n in (2, 2, 1):
            points = opt.ask(n)
            assert_in_space(EVERY_KIND, points, n)
            opt.tell(points, scores(points))
            asked += points
        for point in asked:
            assert point["const"] == "only"
            assert any(point["hidden"] is h for h in HIDDEN)
            assert point["alpha"] in (0.1, 1.0, 10.0)
            assert type(point["n"]) is int and type(point["m"]) is int
            assert type(point["C"]) is float and type(point["d"]) is float
        assert len(set(keys(EVERY_KIND, asked))) == len(asked)

    def test_tell_validation(self, make):
        opt = make(SMALL)
        points = opt.ask(2)
        with pytest.raises(ValueError, match="2 points but 1 scores"):
            opt.tell(points, [1.0])
        with pytest.raises(ValueError, match="1 points but 2 scores"):
            opt.tell(points[:1], [1.0, 2.0])
        outside = [
            {"x": 3.0, "k": "a"},
            {"x": 0.0, "k": "d"},
            {"x": 0.0},
            {"x": 0.0, "k": "a", "extra": 1},
            {"x": "0.5", "k": "a"},
        ]
        for bad in outside:
            with pytest.raises(ValueError, match="not in the space"):
                opt.tell([points[0], bad], [1.0, 2.0])
        assert opt.n_told == 0  # nothing recorded by a refused tell
        opt.tell(points, scores(points))
        assert opt.n_told == 2
        assert_in_space(SMALL, opt.ask(1), 1)

    def test_ask_validation(self, make):
        opt = make(SMALL)
        for n in (0, -1):
            with pytest.raises(ValueError, match="n_points must be >= 1"):
                opt.ask(n)
        for n in (1.5, "2", True, None):
            with pytest.raises(TypeError, match="n_points must be an int"):
                opt.ask(n)
        assert_in_space(SMALL, opt.ask(np.int64(2)), 2)

    def test_best_is_the_highest_score(self, make):
        opt = make(SMALL)
        assert opt.best()[0] is None and math.isnan(opt.best()[1])
        points = opt.ask(4)
        opt.tell(points, [0.5, 2.0, np.nan, -1.0])
        assert opt.best() == (points[1], 2.0)
        more = opt.ask(1)
        opt.tell(more, [3.5])
        assert opt.best() == (more[0], 3.5)

    def test_pickle_in_the_middle_of_a_search(self, make):
        opt = make(SMALL, random_state=3)
        points = opt.ask(3)
        opt.tell(points, scores(points))
        pending = opt.ask(1)
        clone = pickle.loads(pickle.dumps(opt))
        for o in (opt, clone):
            o.tell(pending, scores(pending))
        assert opt.ask(2) == clone.ask(2)


def test_skopt_finds_the_optimum_of_a_quadratic():
    def error(cls):
        opt = cls({"x": (-5.0, 5.0)}, n_initial_points=5, random_state=0)
        for _ in range(15):
            points = opt.ask()
            opt.tell(points, [-((p["x"] - 1.3) ** 2) for p in points])
        assert opt.n_told == 15
        return abs(opt.best()[0]["x"] - 1.3)

    gp_error = error(SkoptOptimizer)
    assert gp_error < 0.2
    # and the model does better than random search with the same budget
    assert gp_error < error(RandomOptimizer)
