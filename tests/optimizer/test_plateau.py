"""Plateaus: boxes of equal scores, and the GP engine leaving them."""

import numpy as np
import pytest

from skbayes.optimizer import GPOptimizer, RandomOptimizer
from skbayes.optimizer._plateau import in_plateaus, plateau_boxes

# The seed article's random forest grid in miniature, with its shape: past a
# depth of 5 the trees stop growing and every deeper setting scores exactly
# the same; the best depth (5) is a single row a little above that plateau,
# and two leaves give stumps whatever the depth.
SPACE = {
    "max_depth": list(range(1, 20)),
    "max_leaf_nodes": list(range(2, 100, 10)),
    "n_estimators": list(range(1, 50, 10)),
}
BY_DEPTH = {1: 0.921, 2: 0.938, 3: 0.949, 4: 0.955, 5: 0.966}
PLATEAU, BEST = 0.961, 0.966


def forest(p):
    depth = 1 if p["max_leaf_nodes"] == 2 else p["max_depth"]
    trees = 0.04 * (41 - p["n_estimators"]) / 40
    return round(BY_DEPTH.get(depth, PLATEAU) - trees, 6)


def search(factory, seed, budget, n_points=1):
    opt = factory(SPACE, n_initial_points=5, random_state=seed)
    while opt.n_told < budget:
        points = opt.ask(n_points)
        opt.tell(points, [forest(p) for p in points])
    return opt


# -- the boxes -----------------------------------------------------------------
def test_equal_scores_make_a_box():
    Z = np.array([[0.5, 0.5], [0.9, 0.6], [0.7, 0.9], [0.1, 0.1], [0.2, 0.8]])
    ((lo, hi),) = plateau_boxes(Z, [1.0, 1.0, 1.0, 0.5, 0.7])
    np.testing.assert_allclose(lo, [0.5, 0.5])
    np.testing.assert_allclose(hi, [0.9, 0.9])
    inside = in_plateaus(np.array([[0.6, 0.7], [0.4, 0.7], [0.95, 0.7]]), [(lo, hi)])
    assert inside.tolist() == [True, False, False]


def test_a_different_score_inside_breaks_the_box():
    Z = np.array([[0.5, 0.5], [0.9, 0.6], [0.7, 0.9], [0.7, 0.7]])
    assert plateau_boxes(Z, [1.0, 1.0, 1.0, 0.9]) == []
    assert plateau_boxes(Z, [1.0, 1.0, 1.0, np.nan]) == []  # a failure too


def test_too_few_or_no_equal_scores_make_no_box():
    Z = np.random.default_rng(0).random((30, 3))
    assert plateau_boxes(Z[:2], [1.0, 1.0]) == []  # min_size=3
    assert len(plateau_boxes(Z[:2], [1.0, 1.0], min_size=2)) == 1
    assert plateau_boxes(Z, np.arange(30.0)) == []  # continuous scores
    assert plateau_boxes(Z, np.full(30, np.nan)) == []


def test_equal_means_equal_to_rounding():
    Z = np.array([[0.1], [0.2], [0.3]])
    assert len(plateau_boxes(Z, [0.3, 0.1 + 0.2, 0.3])) == 1
    assert plateau_boxes(Z, [0.3, 0.3001, 0.3]) == []


# -- the search ----------------------------------------------------------------
def test_the_search_finds_the_row_above_the_plateau():
    # before plateaus were detected, 5 of seeds 0-5 spent most of their
    # candidates on the deep-tree plateau and never tried a depth of 5; now
    # seeds 0-9 find it, but for seed 2 under the oldest supported
    # numpy/scipy since the stalled-search local proposals (_stall.py)
    found = [search(GPOptimizer, seed, 40).scores.max() == BEST for seed in range(10)]
    assert sum(found) >= 9


def test_random_search_finds_it_less_often():
    # the contrast that makes the test above meaningful: 9 of 950 points are
    # best, so random search finds one within 40 candidates about 1 time in 3
    hits = [search(RandomOptimizer, seed, 40).scores.max() == BEST for seed in range(6)]
    assert sum(hits) <= 4


@pytest.mark.parametrize("n_points", [1, 4])
def test_the_plateau_is_not_where_the_search_spends_its_budget(n_points):
    # 126 of the 950 points score the plateau's value; before plateaus were
    # detected, sequential seeds 0 and 1 spent 31 of 40 candidates there
    # (one point at a time its inside is closed, its edges stay open: 11
    # and 17 now; batches of 4 are spread by the liar, without detection:
    # 17 and 12)
    for seed in range(2):
        opt = search(GPOptimizer, seed, 40, n_points)
        assert np.sum(opt.scores == PLATEAU) <= 20


def test_a_point_near_other_scores_stays_open():
    # inside the box of three equal scores, but its nearest observations
    # scored otherwise: a coincidental tie must not close a better region
    Z = np.array([[0.0], [0.5], [1.0], [0.2], [0.3]])
    scores = np.array([1.0, 1.0, 1.0, 0.2, 0.3])
    assert plateau_boxes(Z, scores) == []  # other scores inside: no box
    Z = np.array([[0.1], [0.2], [0.9], [0.0], [0.08]])
    scores = np.array([1.0, 1.0, 1.0, 0.3, 0.4])
    boxes = plateau_boxes(Z, scores)
    rows = np.array([[0.11], [0.6]])
    assert in_plateaus(rows, boxes).tolist() == [True, True]
    near = in_plateaus(rows, boxes, X=Z, scores=scores, n_neighbours=2)
    assert near.tolist() == [False, True]  # 0.11 is near 0.08 (scored 0.4)


def test_a_plateau_is_proposed_once_nothing_else_is_left():
    # a space that is all plateau but three points: it is still exhausted
    space = {"x": list(range(12))}
    opt = GPOptimizer(space, n_initial_points=3, random_state=0)
    while True:
        points = opt.ask(2)
        if not points:
            break
        opt.tell(points, [1.0 if p["x"] > 2 else p["x"] / 10 for p in points])
    assert sorted(p["x"] for p in opt.points) == list(range(12))
