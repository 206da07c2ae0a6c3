"""Choosing an optimizer by name, factory or object."""

from functools import partial

import pytest

from skbayes.optimizer import (
    OPTIMIZERS,
    BaseOptimizer,
    GPOptimizer,
    RandomOptimizer,
    SkoptOptimizer,
    TPEOptimizer,
    make_optimizer,
)
from skbayes.optimizer._registry import resolve_optimizer
from skbayes.space import Space

SMALL = Space({"a": (0.0, 1.0), "b": ["x", "y"]})
WIDE = Space({f"c{i}": [*range(10), "none"] for i in range(5)})


@pytest.mark.parametrize(
    "space, budget, kwargs, expected",
    [
        (SMALL, 50, {}, GPOptimizer),
        (SMALL, 5000, {}, TPEOptimizer),
        (WIDE, 50, {}, TPEOptimizer),  # 55 one-hot columns
        (SMALL, 50, {"acq_func": "EI"}, SkoptOptimizer),  # skopt's kwargs
    ],
)
def test_auto_picks_an_engine_per_space(space, budget, kwargs, expected):
    opt = make_optimizer(
        "auto", space, n_initial_points=5, random_state=0, budget=budget, **kwargs
    )
    assert type(opt) is expected


def test_names():
    assert set(OPTIMIZERS) == {"auto", "gp", "tpe", "skopt", "random"}
    opt = make_optimizer("random", SMALL, n_initial_points=5, random_state=0)
    assert isinstance(opt, RandomOptimizer)
    with pytest.raises(ValueError, match="unknown name 'bo'"):
        make_optimizer("bo", SMALL, n_initial_points=5, random_state=0)


@pytest.mark.parametrize(
    "budget, base, skopt",
    [
        (None, 10, 10),
        (0, 0, 0),
        (3, 3, 3),
        (7, 5, 5),
        (50, 5, 10),
        (120, 12, 20),
        (160, 16, 20),
        (1000, 20, 20),
    ],
)
def test_auto_initial_points(budget, base, skopt):
    # a tenth of the budget within [5, 20] (a fifth for scikit-optimize's
    # engine), never more than the budget
    assert BaseOptimizer.auto_initial_points(budget) == base
    assert GPOptimizer.auto_initial_points(budget) == base
    assert TPEOptimizer.auto_initial_points(budget) == base
    assert SkoptOptimizer.auto_initial_points(budget) == skopt


@pytest.mark.parametrize(
    "optimizer, kwargs, budget, engine, n_initial_points",
    [
        ("auto", {}, 50, GPOptimizer, 5),
        ("auto", {}, 5000, TPEOptimizer, 20),
        ("auto", {"acq_func": "EI"}, 50, SkoptOptimizer, 10),
        ("skopt", {}, 120, SkoptOptimizer, 20),
        ("gp", {}, 120, GPOptimizer, 12),
        ("random", {}, None, RandomOptimizer, 10),
    ],
)
def test_auto_initial_points_are_the_engines(
    optimizer, kwargs, budget, engine, n_initial_points
):
    opt = make_optimizer(
        optimizer,
        SMALL,
        n_initial_points="auto",
        random_state=0,
        budget=budget,
        **kwargs,
    )
    assert type(opt) is engine
    assert opt.n_initial_points == n_initial_points


def test_auto_initial_points_of_factories():
    class MySkopt(SkoptOptimizer):
        pass

    received = []

    def factory(space, *, n_initial_points, random_state):
        received.append(n_initial_points)
        return RandomOptimizer(space, random_state=random_state)

    def make(optimizer):
        return make_optimizer(
            optimizer, SMALL, n_initial_points="auto", random_state=0, budget=50
        )

    assert make(MySkopt).n_initial_points == 10  # the class's own rule
    # a factory that is not an optimizer class gets an int, by the default rule
    make(factory)
    assert received == [5]
    assert make(partial(SkoptOptimizer, acq_func="EI")).n_initial_points == 5
    # an object keeps its own
    ready = GPOptimizer(SMALL, n_initial_points=7)
    assert make(ready).n_initial_points == 7
    # an int is passed as it is
    opt = make_optimizer("tpe", SMALL, n_initial_points=3, random_state=0, budget=50)
    assert opt.n_initial_points == 3


def test_resolve_optimizer_is_the_one_home_of_auto():
    assert resolve_optimizer("auto", SMALL, 50) is GPOptimizer
    assert resolve_optimizer("auto", SMALL, 5000) is TPEOptimizer
    assert resolve_optimizer("auto", WIDE) is TPEOptimizer
    assert resolve_optimizer("auto", SMALL, 50, {"acq_func": "EI"}) is SkoptOptimizer
    assert resolve_optimizer("tpe", SMALL) is TPEOptimizer
    assert resolve_optimizer(GPOptimizer, SMALL) is GPOptimizer
    with pytest.raises(ValueError, match="unknown name 'bo'"):
        resolve_optimizer("bo", SMALL)
