"""How sub-spaces share the budget of a search (skbayes/_scheduler.py)."""

import numpy as np

from skbayes import BayesSearchCV
from skbayes._scheduler import SubspaceScheduler

from ._estimators import Scored

X_LINE = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
Y_LINE = np.arange(60) % 2


def _run(scheduler, n_points, score=0.0):
    """Every ``(sub-space, n)`` the scheduler gives until it has no more."""
    given = []
    while (step := scheduler.next(n_points)) is not None:
        given.append(step)
        i, n = step
        scheduler.record(i, n, [score] * n)
    return given


def test_fixed_budgets_are_spent_first_in_order():
    scheduler = SubspaceScheduler(
        [3, None, 2], shares=[3, 4, 2], initial_points=[5, 5, 5]
    )
    given = _run(scheduler, n_points=2)
    assert given == [(0, 2), (0, 1), (2, 2), (1, 2), (1, 2)]
    assert scheduler.next(2) is None


def test_each_shared_sub_space_gets_its_warm_up_then_the_best_gets_more():
    scheduler = SubspaceScheduler([None, None], shares=[6, 6], initial_points=[2, 3])
    given = []
    for score in (0.1, 0.2, 0.9, 0.9, 0.9):
        i, n = scheduler.next(1)
        given.append(i)
        scheduler.record(i, n, [score])
    assert given == [0, 0, 1, 1, 1]  # 2 initial points, then 3
    assert scheduler.next(1) == (1, 1)  # the better sub-space
    # the warm-up is at least one candidate, at most the sub-space's share
    scheduler = SubspaceScheduler(
        [None, None, None], shares=[1, 6, 6], initial_points=[5, 0, 5]
    )
    given = []
    for _ in range(7):
        i, n = scheduler.next(1)
        given.append(i)
        scheduler.record(i, n, [0.5])
    assert given == [0, 1, 2, 2, 2, 2, 2]


def test_a_closed_sub_space_leaves_its_share_to_the_others():
    scheduler = SubspaceScheduler(
        [2, None, None], shares=[2, 3, 3], initial_points=[1, 1, 1]
    )
    scheduler.close(0)
    assert scheduler.next(4)[0] == 1
    scheduler.close(1)
    given = _run(scheduler, n_points=4)
    assert {i for i, _ in given} == {2}
    assert sum(n for _, n in given) == 6
    assert scheduler.next(4) is None


def test_record_closes_a_sub_space_that_proposes_nothing_new():
    limit = SubspaceScheduler.max_stale_batches
    scheduler = SubspaceScheduler([None, None], shares=[50, 50], initial_points=[1, 1])
    scheduler.record(1, 1, [0.0])
    for _ in range(limit - 1):
        assert scheduler.record(0, 0, []) is False
    assert scheduler.record(0, 1, [0.5]) is False  # a new candidate: count again
    for _ in range(limit - 1):
        assert scheduler.record(0, 0, []) is False
    assert scheduler.next(3) == (0, 3)  # the better one, while it is open
    assert scheduler.record(0, 0, []) is True
    assert scheduler.next(3) == (1, 3)
    # a sub-space with a budget of its own is closed the same way
    scheduler = SubspaceScheduler([5, None], shares=[5, 5], initial_points=[1, 1])
    for _ in range(limit - 1):
        scheduler.record(0, 0, [])
    assert scheduler.next(2) == (0, 2)
    assert scheduler.record(0, 0, []) is True
    assert scheduler.next(2) == (1, 2)


def test_sub_spaces_share_the_budget_adaptively():
    spaces = [
        {"kind": ["poor"], "x": (0.0, 0.2)},
        {"kind": ["good"], "x": (0.5, 1.0)},
    ]
    search = BayesSearchCV(
        Scored(), spaces, n_iter=30, n_points=1, cv=2, random_state=0
    )
    search.fit(X_LINE, Y_LINE)
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    assert len(kinds) == 30
    # each gets its initial design, then the better sub-space gets the rest
    assert kinds[:5] == ["poor"] * 5 and kinds[5:10] == ["good"] * 5
    assert kinds.count("good") >= 22
    # pairs keep their own budget, whatever the scores
    pairs = [({"kind": ["poor"], "x": (0.0, 0.2)}, 6), spaces[1]]
    search = BayesSearchCV(Scored(), pairs, n_iter=4, cv=2, random_state=0)
    search.fit(X_LINE, Y_LINE)
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    assert kinds == ["poor"] * 6 + ["good"] * 4
