"""skbayes' Gaussian-process engine, its model and its acquisitions."""

import math

import numpy as np
import pytest

from skbayes.optimizer import GPOptimizer, RandomOptimizer, TPEOptimizer
from skbayes.optimizer._acquisition import (
    expected_improvement,
    log_expected_improvement,
    probability_of_improvement,
    upper_confidence_bound,
)
from skbayes.optimizer._gp_model import MaternGP


def branin(p):
    x1, x2 = p["x1"], p["x2"]
    b, c, t = 5.1 / (4 * np.pi**2), 5 / np.pi, 1 / (8 * np.pi)
    return -((x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * np.cos(x1) + 10)


BRANIN_SPACE = {"x1": (-5.0, 10.0), "x2": (0.0, 15.0)}
BRANIN_MIN = 0.397887


def run(factory, objective, space, budget, seed, n_points=1):
    opt = factory(space, n_initial_points=5, random_state=seed)
    while opt.n_told < budget:
        points = opt.ask(n_points)
        opt.tell(points, [objective(p) for p in points])
    return opt


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gp_finds_the_branin_minimum_in_30_evaluations(seed):
    opt = run(GPOptimizer, branin, BRANIN_SPACE, 30, seed)
    assert -opt.best()[1] - BRANIN_MIN < 0.05


def test_gp_beats_random_and_tpe_on_branin():
    # medians over 10 seeds: over 3, the stalled-search local proposals
    # (optimizer/_stall.py) left two of them at a regret of 0.145 under the
    # oldest supported numpy/scipy, above TPE's median of those 3 (0.069);
    # over 10 seeds the GP's median regret is 0.001 there against TPE's 0.23
    def regret(factory):
        return np.median(
            [
                -run(factory, branin, BRANIN_SPACE, 25, s).best()[1] - BRANIN_MIN
                for s in range(10)
            ]
        )

    assert regret(GPOptimizer) < regret(TPEOptimizer) < regret(RandomOptimizer)


def test_batches_are_spread_out():
    opt = run(GPOptimizer, branin, BRANIN_SPACE, 10, 0)
    batch = opt.ask(4)
    xy = np.array([[p["x1"], p["x2"]] for p in batch])
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(xy) for b in xy[i + 1 :]]
    assert min(gaps) > 0.5  # on a 15 x 15 square


def test_failures_push_the_search_away():
    # scores fail (NaN) on the left half: proposals move to the right half
    def objective(p):
        return math.nan if p["x"] < 0 else -((p["x"] - 0.5) ** 2)

    opt = run(GPOptimizer, objective, {"x": (-5.0, 5.0)}, 20, 0)
    later = [p["x"] for p in opt.points[10:]]
    assert np.mean(np.array(later) >= 0) >= 0.8
    assert abs(opt.best()[0]["x"] - 0.5) < 0.1


def test_mixed_space_with_categories_and_grids():
    space = {
        "lr": (1e-4, 1e0, "log-uniform"),
        "depth": (1, 10),
        "width": [8, 16, 32, 64],
        "kind": ["a", "b", "c"],
    }

    def objective(p):
        return (
            -abs(math.log10(p["lr"]) + 2)
            - abs(p["depth"] - 4) / 4
            - abs(math.log2(p["width"]) - 5)
            + (p["kind"] == "b")
        )

    opt = run(GPOptimizer, objective, space, 40, 0)
    best = opt.best()[0]
    assert best["kind"] == "b" and best["width"] == 32
    assert abs(best["depth"] - 4) <= 1 and 1e-3 <= best["lr"] <= 1e-1


def test_model_interpolates_and_is_uncertain_far_away():
    rng = np.random.default_rng(0)
    X = rng.random((30, 2))
    y = np.sin(6 * X[:, 0]) + X[:, 1]
    y = (y - y.mean()) / y.std()
    gp = MaternGP(2).fit(X, y)
    mean, std = gp.predict(X)
    assert np.max(np.abs(mean - y)) < 0.2
    _, far = gp.predict(np.array([[3.0, 3.0]]))
    assert far[0] > 3 * std.mean()


def test_acquisitions():
    mean, std = np.array([0.0, 1.0, -30.0]), np.array([1.0, 1.0, 1.0])
    ei = expected_improvement(mean, std, best=0.5)
    log_ei = log_expected_improvement(mean, std, best=0.5)
    np.testing.assert_allclose(np.log(ei[:2]), log_ei[:2], rtol=1e-10)
    assert np.isfinite(log_ei[2]) and log_ei[2] < -400  # no underflow
    assert np.all(np.diff(probability_of_improvement(mean[:2], std[:2], 0.5)) > 0)
    np.testing.assert_allclose(upper_confidence_bound(mean, std, kappa=2.0), mean + 2)


@pytest.mark.parametrize("acq_func", ["bad", "EI"])
def test_unknown_acquisition(acq_func):
    with pytest.raises(ValueError, match="acq_func must be one of"):
        GPOptimizer({"x": (0.0, 1.0)}, acq_func=acq_func)


def test_the_model_sees_at_most_max_model_points():
    from functools import partial

    factory = partial(GPOptimizer, max_model_points=16)
    opt = run(factory, branin, BRANIN_SPACE, 40, seed=0)
    assert len(opt._surrogate.gp_.y_) == 16
    # the best half of the observations is always in the model's data
    points, scores = opt._model_data()
    assert len(points) == len(scores) == 16
    assert set(np.sort(opt.scores)[-8:]) <= set(scores)
    assert -opt.best()[1] - BRANIN_MIN < 0.5
    assert len({opt.space.key(p) for p in opt.points}) == 40  # no repeats


def test_max_model_points_must_be_at_least_two():
    with pytest.raises(ValueError, match="max_model_points"):
        GPOptimizer(BRANIN_SPACE, max_model_points=1)


# -- plateaus ----------------------------------------------------------------
# A random forest's grid in miniature: once max_leaf_nodes or the data bind,
# deeper trees are the same trees, so a large region (deep trees, many
# leaves) scores exactly the same, a little below the best (shallow trees).
PLATEAU_SPACE = {
    "max_depth": list(range(1, 21)),
    "max_leaf_nodes": list(range(2, 80, 4)),
    "n_estimators": [1, 11, 21, 31, 41],
}


def forest_score(p):
    leaves = min(2 ** p["max_depth"], p["max_leaf_nodes"], 24)
    trees = math.log(42 / (p["n_estimators"] + 1)) / math.log(42)
    return 0.97 - 0.01 * abs(math.log2(leaves / 8)) - 0.05 * trees


PLATEAU = forest_score({"max_depth": 20, "max_leaf_nodes": 78, "n_estimators": 41})


@pytest.mark.slow
def test_the_search_leaves_a_plateau():
    # 224 of the 400 (depth, leaves) pairs score the plateau's value; before
    # the model warped its inputs, seeds 0 and 2 spent 27 and 30 of 40
    # candidates on it and never found better. Seeds 0-9: left in 10 at
    # 3601eac (newest and oldest supported releases); with the local
    # proposals of a stalled search (_stall.py) in 10 (newest) and 8 (oldest:
    # seed 0 ends 0.004 above the plateau, seed 3 spends 42% of it there)
    left = 0
    for seed in range(10):
        scores = run(GPOptimizer, forest_score, PLATEAU_SPACE, 40, seed).scores
        on_plateau = np.mean(np.isclose(scores, PLATEAU))
        left += scores.max() > PLATEAU + 0.005 and on_plateau < 0.4
    assert left >= 8


def test_a_flat_end_of_a_range_is_warped_away():
    # flat for x > 0.3, wiggly below: the model squeezes the flat end
    rng = np.random.default_rng(0)
    X = rng.random((40, 2))
    y = np.where(X[:, 0] > 0.3, 1.0, np.sin(12 * X[:, 0]))
    gp = MaternGP(2).fit(X, (y - y.mean()) / y.std())
    assert gp.warps_ is not None and gp.warps_[0] > 1  # 1 - (1 - x)**a
    _, std = gp.predict(np.array([[0.75, 0.5], [0.15, 0.5]]))
    assert std[0] < std[1]


# -- indifference: ties of the acquisition -----------------------------------
# Accuracy on a small data set in miniature: scores are discrete (steps of
# 0.01), a wide plateau in ``x`` scores 0.90 for every ``y``, and a small box
# inside it scores 0.93. The model soon finds ``y`` irrelevant; before ties
# were broken towards unexplored points it proposed near-copies of the best
# points and the edges of the range, and found the box in few seeds.
def plateau_with_a_box(p, wiggle=0.0):
    x, y = p["x"], p["y"]
    score = 0.9 - 0.4 * max(0.0, abs(x - 0.5) - 0.2)
    if 0.4 <= x <= 0.6 and 0.7 <= y <= 0.9:
        score = 0.93
    # wiggle: near-ties, as 5-fold accuracies with folds of unequal sizes
    return math.floor(score * 100) / 100 + wiggle * (int(y * 7) % 3)


BOX_SPACE = {"x": (0.0, 1.0), "y": (0.0, 1.0)}


def test_ties_and_farthest():
    from skbayes.optimizer._gp import _farthest, _ties

    values = np.log(np.array([1.0, 0.95, 0.6, 0.1]))
    assert _ties(values, values[0], "logei").tolist() == [True, True, False, False]
    ei = np.array([1.0, 0.95, 0.6, 0.1])
    assert _ties(ei, 1.0, "ei").tolist() == [True, True, False, False]
    assert _ties(ei, 1.0, "ucb").tolist() == [True, False, False, False]
    known = np.array([[0.0, 0.0], [1.0, 1.0]])
    rows = np.array([[0.1, 0.0], [1.0, 0.0], [0.9, 0.9]])
    assert _farthest(rows, known) == 1


def test_candidates_vary_one_parameter_at_a_time():
    opt = GPOptimizer({"x": (0.0, 1.0), "k": ["a", "b", "c"], "n": [1, 2, 3]})
    starts = opt.space.encoding.random(2, 0)
    varied = opt._resampled(starts)
    enc = opt.space.encoding
    blocks = [enc.columns(name) for name in opt.space.names]
    assert len(varied) == len(blocks) * 2 * 8
    # every row differs from its start in one parameter's columns at most
    start_of = np.tile(np.repeat(starts, 8, axis=0), (len(blocks), 1))
    for row, start in zip(varied, start_of):
        changed = [b for b in blocks if not np.array_equal(row[b], start[b])]
        assert len(changed) <= 1
    # and they are valid rows
    np.testing.assert_array_equal(enc.snap(varied), varied)


def test_tied_candidates_go_where_nothing_is_known():
    opt = GPOptimizer(BOX_SPACE, n_initial_points=0)
    pool = np.array([[0.5, 0.5], [0.5, 0.52], [0.5, 0.95], [0.2, 0.2]])
    values = np.log(np.array([1.0, 0.97, 0.93, 0.2]))
    known = np.array([[0.5, 0.45]])
    # the best row, and the farthest of the rows tied with it
    assert opt._best_untaken(pool, values, set()) == 0
    assert opt._best_untaken(pool, values, set(), known, "logei") == 2


def test_a_batch_search_finds_the_box_on_a_discrete_plateau():
    # 30 evaluations in batches of 4, seeds 0-19: found in 19 (newest
    # releases) and 15 (oldest supported numpy/scipy); before ties were broken
    # (3541e42) in 13 and 11. Ten seeds did not tell them apart under the
    # oldest releases (7 against 6 or 7)
    found = [
        run(
            GPOptimizer, plateau_with_a_box, BOX_SPACE, 30, seed, n_points=4
        ).scores.max()
        >= 0.93
        for seed in range(20)
    ]
    assert sum(found) >= 14


@pytest.mark.slow
def test_a_sequential_search_finds_the_box_among_near_ties():
    # the same problem with near-ties (which plateau detection leaves open),
    # one point at a time: found in 9 of seeds 0-9, 6 before ties were broken
    def objective(p):
        return plateau_with_a_box(p, wiggle=2e-4)

    found = [
        run(GPOptimizer, objective, BOX_SPACE, 30, seed).scores.max() >= 0.9299
        for seed in range(10)
    ]
    assert sum(found) >= 9


# -- the cost of a batch -------------------------------------------------------
def test_fantasy_updates_match_a_refactorization():
    from skbayes.optimizer._gp_model import PoolPosterior

    rng = np.random.default_rng(0)
    X, y = rng.random((30, 3)), rng.standard_normal(30)
    gp = MaternGP(3).fit(X, y)
    pool = rng.random((50, 3))
    post = PoolPosterior(gp, pool)
    for j in (3, 10, 40):
        post.add(j, -2.0)
        gp.condition_on(pool[j], -2.0)  # rank-one growth of the factor
    full = MaternGP(3)
    full.theta_, full.warps_ = gp.theta_, gp.warps_
    full.X_, full.y_ = gp.X_, gp.y_
    full._factorize()
    for model in (gp, full):
        mean, std = model.predict(pool)
        np.testing.assert_allclose(post.mean, mean, atol=1e-8)
        np.testing.assert_allclose(post.std, std, atol=1e-8)


@pytest.mark.parametrize("n_points", [2, 8])
def test_a_batch_costs_one_proposal(monkeypatch, n_points):
    # a batch refits the hyperparameters at most once, and predicts over
    # the candidates as often as a single proposal: the rest of the batch
    # comes from rank-one fantasy updates of the same pool
    import skbayes.optimizer._gp_model as gp_model

    opt = run(GPOptimizer, branin, BRANIN_SPACE, 20, 0)
    calls = {"predict": 0, "fit": 0}
    predict, fit = gp_model.MaternGP.predict, gp_model.MaternGP.fit

    def counting_predict(self, X):
        calls["predict"] += 1
        return predict(self, X)

    def counting_fit(self, *args, **kwargs):
        calls["fit"] += 1
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(gp_model.MaternGP, "predict", counting_predict)
    monkeypatch.setattr(gp_model.MaternGP, "fit", counting_fit)
    fits_before = opt.n_fits_
    points = opt.ask(1)
    single = dict(calls)
    opt.tell(points, [branin(p) for p in points])
    calls.update(predict=0, fit=0)
    points = opt.ask(n_points)
    assert len(points) == n_points
    assert calls["fit"] == 1 and opt.n_fits_ - fits_before <= 2
    assert calls["predict"] == single["predict"]


def test_pending_points_are_fantasies():
    # asked and not told: the next proposal stays away from them
    opt = run(GPOptimizer, branin, BRANIN_SPACE, 15, 0)
    first = opt.ask(1)[0]
    second = opt.ask(1)[0]
    distance = math.hypot(first["x1"] - second["x1"], first["x2"] - second["x2"])
    assert distance > 0.5


# -- stalls: local proposals around a best point -------------------------------
def test_since_best_and_stall_turns():
    from skbayes.optimizer._stall import since_best, stall_turn

    assert since_best([]) == 0
    assert since_best([float("nan")] * 3) == 0
    assert since_best([0.1, 0.5, 0.3, 0.5, float("nan")]) == 3
    assert since_best([0.1, 0.2, 0.3]) == 0
    # every other proposal once stalled
    assert [stall_turn(n, 2) for n in range(7)] == [
        *(False, False, True, False, True, False, True)
    ]


def test_local_box_moves_every_parameter_within_the_box():
    from skbayes.optimizer._stall import local_box

    space = GPOptimizer(
        {"x": (0.0, 1.0), "n": list(range(1, 101)), "k": ["a", "b", "c"], "z": (0, 1)}
    ).space
    enc = space.encoding
    center = enc.encode([{"x": 0.99, "n": 50, "k": "b", "z": 0.5}])[0]
    Z = local_box(enc, center, 500, np.random.default_rng(0), half_widths=(0.05, 0.1))
    np.testing.assert_array_equal(enc.snap(Z), Z)  # valid rows
    x, n = enc.columns("x").start, enc.columns("n").start
    # within the largest half-width (the box shifted inside [0, 1] at the edge)
    assert np.all(np.abs(Z[:, x] - center[x]) <= 0.2 + 1e-12)
    assert np.all(np.abs(Z[:, n] - center[n]) <= 0.1 + 0.02)
    # every ordered parameter moves, the categories sometimes
    assert np.mean(Z[:, x] != center[x]) > 0.95
    assert np.mean(Z[:, n] != center[n]) > 0.9
    k = enc.columns("k")
    changed = np.any(Z[:, k] != center[k], axis=1).mean()
    assert 0.05 < changed < 0.3


# Accuracy-like plateaus, as ``lasso_wine_acc`` (an l1 logistic regression on
# wine): two plateaus that differ by a hair along ``y`` (0.965 above y = 0.5,
# 0.9648 below), scores falling away in steps along ``x``, and a small
# better box on the border of the plateaus. The model finds ``y``
# irrelevant and proposes the best plateau again and again.
def two_plateaus(p):
    x, y = p["x"], p["y"]
    if 0.5 <= x <= 0.62 and 0.45 <= y <= 0.5:
        return 0.98
    return (0.965 if y > 0.5 else 0.9648) - math.floor(abs(x - 0.6) * 10) / 100


@pytest.mark.slow
def test_a_stalled_sequential_search_gets_out(monkeypatch):
    # 40 evaluations one at a time, seeds 0-9: the box found in 5 with local
    # proposals and 2 without (newest releases), 6 and 3 (oldest supported
    # numpy/scipy)
    import skbayes.optimizer._gp as gp_module

    def found():
        return sum(
            run(GPOptimizer, two_plateaus, BOX_SPACE, 40, seed).scores.max() >= 0.98
            for seed in range(10)
        )

    assert found() >= 5
    monkeypatch.setattr(gp_module, "stall_turn", lambda n: False)
    assert found() <= 3


def test_stalls_change_no_batch(monkeypatch):
    # the batch path never makes local proposals: a stalled batch search
    # proposes the same batches with and without them
    import skbayes.optimizer._gp as gp_module

    def batches():
        opt = GPOptimizer(BOX_SPACE, n_initial_points=5, random_state=0)
        out = []
        for _ in range(4):
            points = opt.ask(4)
            opt.tell(points, [two_plateaus(p) for p in points])
            out.append(points)
        return out

    with_stalls = batches()
    monkeypatch.setattr(gp_module, "stall_turn", lambda n: False)
    assert batches() == with_stalls
