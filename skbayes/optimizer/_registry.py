"""Optimizers by name, and building one from a name or a factory."""

from __future__ import annotations

from ._random import RandomOptimizer
from ._skopt import SkoptOptimizer

__all__ = ["OPTIMIZERS", "make_optimizer"]

#: Optimizer names accepted by ``BayesSearchCV(optimizer=...)``.
OPTIMIZERS = {
    # the default; will follow the benchmarks as better engines land
    "auto": SkoptOptimizer,
    "gp": SkoptOptimizer,
    "skopt": SkoptOptimizer,
    "random": RandomOptimizer,
}


def make_optimizer(optimizer, space, *, n_initial_points, random_state, **kwargs):
    """Build a bound optimizer for ``space``.

    Parameters
    ----------
    optimizer : str or callable
        A name of :data:`OPTIMIZERS`, or a factory called as
        ``optimizer(space, n_initial_points=..., random_state=..., **kwargs)``
        (an optimizer class, or a ``functools.partial`` of one) that returns
        an object with ``ask`` and ``tell`` methods.
    space : Space
    n_initial_points : int
    random_state : int, SeedSequence or None
    **kwargs
        Extra keyword arguments for the factory.

    Returns
    -------
    optimizer : object with ``ask`` and ``tell``
    """
    if isinstance(optimizer, str):
        try:
            factory = OPTIMIZERS[optimizer]
        except KeyError:
            raise ValueError(
                f"optimizer: unknown name {optimizer!r}; expected one of "
                f"{sorted(OPTIMIZERS)} or a factory callable."
            ) from None
        if factory is RandomOptimizer and kwargs:
            raise TypeError(
                f"optimizer_kwargs {sorted(kwargs)} do not apply to the random "
                "optimizer."
            )
    elif callable(optimizer):
        factory = optimizer
    else:
        raise TypeError(
            "optimizer must be a name or a factory callable returning an object "
            f"with ask and tell methods, got {optimizer!r}."
        )
    opt = factory(
        space, n_initial_points=n_initial_points, random_state=random_state, **kwargs
    )
    if not (
        callable(getattr(opt, "ask", None)) and callable(getattr(opt, "tell", None))
    ):
        raise TypeError(
            f"optimizer: the factory {optimizer!r} returned {opt!r}, which has no "
            "ask and tell methods."
        )
    return opt
