"""Optimizers by name, and building one from a name or a factory."""

from __future__ import annotations

import copy

from ._base import BaseOptimizer
from ._gp import GPOptimizer
from ._random import RandomOptimizer
from ._skopt import SkoptOptimizer
from ._tpe import TPEOptimizer

__all__ = ["OPTIMIZERS", "make_optimizer"]

#: Optimizer names accepted by ``BayesSearchCV(optimizer=...)``.
OPTIMIZERS = {
    # "auto" is resolved per space and budget by resolve_optimizer
    "auto": GPOptimizer,
    "gp": GPOptimizer,
    "skopt": SkoptOptimizer,
    "random": RandomOptimizer,
    "tpe": TPEOptimizer,
}


def resolve_optimizer(optimizer, space, budget=None, kwargs=None):
    """The factory (or object) that ``optimizer`` names: the one home of "auto".

    ``"auto"`` picks skbayes' Gaussian process, the most sample-efficient
    engine (see the benchmarks in the README). Its cost grows with the
    number of observations and of input columns, so very large budgets
    (over 1000) or very wide spaces (over 40 model columns, e.g. many
    categories) go to TPE, whose cost per proposal stays in milliseconds.
    With ``kwargs`` (scikit-optimize's ``optimizer_kwargs``, from code
    written for ``skopt.BayesSearchCV``) it keeps scikit-optimize's engine.

    Parameters
    ----------
    optimizer : str, callable or object
        A name of :data:`OPTIMIZERS`; anything else is returned as is.
    space : Space
        The (sub-)space to search.
    budget : int, default=None
        Candidates planned for ``space``.
    kwargs : dict, default=None
        The keyword arguments meant for the factory.

    Returns
    -------
    factory : callable or object
        The optimizer class of a name, or ``optimizer`` itself.
    """
    if not isinstance(optimizer, str):
        return optimizer
    if optimizer == "auto":
        if kwargs:
            return SkoptOptimizer
        columns = space.encoding.n_columns
        if columns > 40 or (budget is not None and budget > 1000):
            return TPEOptimizer
        return GPOptimizer
    try:
        return OPTIMIZERS[optimizer]
    except KeyError:
        raise ValueError(
            f"optimizer: unknown name {optimizer!r}; expected one of "
            f"{sorted(OPTIMIZERS)} or a factory callable."
        ) from None


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
        A name of :data:`OPTIMIZERS` (``"auto"`` is the Gaussian process,
        or TPE for a budget over 1000 or over 40 model columns, or
        scikit-optimize's engine when ``kwargs`` are given); or a factory
        called as
        ``optimizer(space, n_initial_points=..., random_state=..., **kwargs)``
        (an optimizer class, or a ``functools.partial`` of one) that returns
        an object with ``ask`` and ``tell`` methods; or such an object itself,
        already set up for ``space``: a deep copy of it is used, so the
        object given is never changed and every fit starts from its state
        (``n_initial_points``, ``random_state`` and ``kwargs`` do not apply to
        it, and it can search a single sub-space only).
    space : Space
        The (sub-)space the optimizer searches.
    n_initial_points : int or "auto"
        Random candidates before the model is used. ``"auto"`` lets the
        engine decide from ``budget`` (its ``auto_initial_points``; a tenth
        of the budget within [5, 20] for a factory that is not a
        :class:`BaseOptimizer` subclass).
    random_state : int, SeedSequence or None
        Seed of the optimizer.
    n_subspaces : int, default=1
        Number of sub-spaces of the search (an object serves one only).
    budget : int, default=None
        Candidates planned for ``space`` (guides ``"auto"``, of
        ``optimizer`` and of ``n_initial_points``).
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
    factory = resolve_optimizer(optimizer, space, budget, kwargs)
    if isinstance(optimizer, str) and factory is RandomOptimizer and kwargs:
        raise TypeError(
            f"optimizer_kwargs {sorted(kwargs)} do not apply to the random optimizer."
        )
    if not isinstance(factory, type) and _has_ask_tell(factory):
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
        return copy.deepcopy(factory)
    if not callable(factory):
        raise TypeError(
            "optimizer must be a name, a factory callable, or an object with ask "
            f"and tell methods, got {optimizer!r}."
        )
    if isinstance(n_initial_points, str) and n_initial_points == "auto":
        # the engine decides; a factory of another kind gets the default rule
        engine = factory if _is_optimizer_class(factory) else BaseOptimizer
        n_initial_points = engine.auto_initial_points(budget)
    opt = factory(
        space, n_initial_points=n_initial_points, random_state=random_state, **kwargs
    )
    if not _has_ask_tell(opt):
        raise TypeError(
            f"optimizer: the factory {optimizer!r} returned {opt!r}, which has no "
            "ask and tell methods."
        )
    return opt


def _is_optimizer_class(obj):
    return isinstance(obj, type) and issubclass(obj, BaseOptimizer)


def _has_ask_tell(obj):
    return callable(getattr(obj, "ask", None)) and callable(getattr(obj, "tell", None))
