"""Optimizers by name, and building one from a name or a factory."""

from __future__ import annotations

import copy

from ._gp import GPOptimizer
from ._random import RandomOptimizer
from ._skopt import SkoptOptimizer
from ._tpe import TPEOptimizer

__all__ = ["OPTIMIZERS", "make_optimizer"]

#: Optimizer names accepted by ``BayesSearchCV(optimizer=...)``.
OPTIMIZERS = {
    # "auto" is resolved per search by :func:`make_optimizer`
    "auto": GPOptimizer,
    "gp": GPOptimizer,
    "skopt": SkoptOptimizer,
    "random": RandomOptimizer,
    "tpe": TPEOptimizer,
}


def _auto(space, budget):
    """The engine ``"auto"`` picks for a space and a budget.

    The Gaussian process is the most sample-efficient (see the benchmarks in
    the README); its cost grows with the number of observations and input
    columns, so very large budgets or very wide spaces (many categories) go
    to TPE, whose cost per proposal stays in milliseconds.
    """
    from ..space import Categorical

    columns = sum(
        dim.n_values if isinstance(dim, Categorical) else 1
        for dim in space.dimensions
        if dim.n_values != 1
    )
    if columns > 40 or (budget is not None and budget > 1000):
        return TPEOptimizer
    return GPOptimizer


def resolve_optimizer(optimizer, space, budget=None, kwargs=None):
    """The optimizer class (or factory, or object) a search will use."""
    if isinstance(optimizer, str):
        if optimizer == "auto":
            return SkoptOptimizer if kwargs else _auto(space, budget)
        return OPTIMIZERS.get(optimizer)
    return optimizer


def make_optimizer(
    optimizer,
    space,
    *,
    n_initial_points,
    random_state,
    n_subspaces=1,
    budget=None,
    **kwargs,
):
    """Build a bound optimizer for ``space``.

    Parameters
    ----------
    optimizer : str, callable or object with ``ask`` and ``tell``
        A name of :data:`OPTIMIZERS`; or a factory called as
        ``optimizer(space, n_initial_points=..., random_state=..., **kwargs)``
        (an optimizer class, or a ``functools.partial`` of one) that returns
        an object with ``ask`` and ``tell`` methods; or such an object itself,
        already set up for ``space``: a deep copy of it is used, so the
        object given is never changed and every fit starts from its state
        (``n_initial_points``, ``random_state`` and ``kwargs`` do not apply to
        it, and it can search a single sub-space only).
    space : Space
        The (sub-)space the optimizer searches.
    n_initial_points : int
        Random candidates before the model is used.
    random_state : int, SeedSequence or None
        Seed of the optimizer.
    n_subspaces : int, default=1
        Number of sub-spaces of the search (an object serves one only).
    budget : int, default=None
        Candidates planned for ``space`` (guides ``"auto"``).
    **kwargs
        Extra keyword arguments for the factory.

    Returns
    -------
    optimizer : object with ``ask`` and ``tell``
        A new optimizer, or a deep copy of the object given.

    Examples
    --------
    >>> from skbayes.optimizer import make_optimizer
    >>> from skbayes.space import Space
    >>> space = Space({"C": (1e-2, 1e2, "log-uniform"), "kernel": ["rbf", "linear"]})
    >>> opt = make_optimizer("gp", space, n_initial_points=3, random_state=0)
    >>> type(opt).__name__
    'GPOptimizer'
    >>> points = opt.ask(3)
    >>> opt.tell(points, [0.8, 0.9, 0.85])
    >>> sorted(opt.ask(1)[0])
    ['C', 'kernel']
    """
    if isinstance(optimizer, str) and optimizer == "auto":
        # optimizer_kwargs are scikit-optimize's (code written for
        # skopt.BayesSearchCV): keep its engine
        optimizer = SkoptOptimizer if kwargs else _auto(space, budget)
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
    elif not isinstance(optimizer, type) and _has_ask_tell(optimizer):
        if n_subspaces != 1:
            raise ValueError(
                "optimizer: an optimizer object serves one search space; with "
                f"{n_subspaces} sub-spaces give a factory (e.g. its class) instead."
            )
        if kwargs:
            raise TypeError(
                f"optimizer_kwargs {sorted(kwargs)} do not apply to an optimizer "
                "object; configure the object itself."
            )
        return copy.deepcopy(optimizer)
    elif callable(optimizer):
        factory = optimizer
    else:
        raise TypeError(
            "optimizer must be a name, a factory callable, or an object with ask "
            f"and tell methods, got {optimizer!r}."
        )
    opt = factory(
        space, n_initial_points=n_initial_points, random_state=random_state, **kwargs
    )
    if not _has_ask_tell(opt):
        raise TypeError(
            f"optimizer: the factory {optimizer!r} returned {opt!r}, which has no "
            "ask and tell methods."
        )
    return opt


def _has_ask_tell(obj):
    return callable(getattr(obj, "ask", None)) and callable(getattr(obj, "tell", None))
