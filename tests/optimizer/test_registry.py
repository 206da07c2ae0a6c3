"""Choosing an optimizer by name, factory or object."""

import pytest

from skbayes.optimizer import (
    OPTIMIZERS,
    GPOptimizer,
    RandomOptimizer,
    SkoptOptimizer,
    TPEOptimizer,
    make_optimizer,
)
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
