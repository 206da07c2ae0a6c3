"""How a search is laid out before its first fit.

The budget of each sub-space, its optimizer, the cross-validation splits
(computed once per ``fit``) and the size of a batch.
"""

from __future__ import annotations

import contextlib
import numbers
import warnings

from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import indexable

from .optimizer import check_random_state_seed, make_optimizer
from .utils._sklearn_compat import routed_split_params, user_stacklevel

__all__ = [
    "FixedSplits",
    "auto_batch_size",
    "batch_size",
    "compute_splits",
    "make_optimizers",
    "split_budget",
]


class FixedSplits:
    """The same train/test splits on every call."""

    def __init__(self, splits):
        self.splits = splits

    def split(self, X=None, y=None, groups=None, **params):
        yield from self.splits

    def get_n_splits(self, X=None, y=None, groups=None, **params):
        return len(self.splits)


def split_budget(search_space, n_iter):
    """The planned number of candidates of each sub-space."""
    budgets = search_space.split_budget(n_iter)
    empty = [i for i, b in enumerate(budgets) if b == 0]
    if empty:
        warnings.warn(
            f"n_iter={n_iter} is smaller than the number of sub-spaces "
            f"that share it: sub-spaces {empty} get no candidate.",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return budgets


def make_optimizers(search, search_space, budgets):
    """One optimizer per sub-space, each with its own random stream."""
    kwargs = dict(search.optimizer_kwargs or {})
    if "random_state" in kwargs:
        raise ValueError(
            "optimizer_kwargs: set random_state on BayesSearchCV itself, not in "
            "optimizer_kwargs."
        )
    n_initial_points = search.n_initial_points
    from_kwargs = kwargs.pop("n_initial_points", None)
    if n_initial_points == "auto" and from_kwargs is not None:
        n_initial_points = from_kwargs  # scikit-optimize's way of giving it
    seeds = check_random_state_seed(search.random_state).spawn(len(budgets))
    try:
        return [
            make_optimizer(
                search.optimizer,
                subspace,
                n_initial_points=n_initial_points,
                random_state=seed,
                n_subspaces=len(budgets),
                budget=budget,
                **kwargs,
            )
            for subspace, budget, seed in zip(search_space.subspaces, budgets, seeds)
        ]
    except TypeError as exc:
        # an engine's constructor refusing a key: say which argument holds it
        if kwargs and "unexpected keyword argument" in str(exc):
            raise TypeError(
                f"optimizer_kwargs: {exc} (optimizer={search.optimizer!r} does "
                "not take it)."
            ) from exc
        raise


def compute_splits(search, X, y, params):
    """The cross-validation splits of the search, computed once.

    Every batch (and a resumed search) is evaluated on these splits, so the
    scores of all candidates are comparable even with a splitter that
    shuffles differently on every call or yields its splits once. None for
    an iterator of splits, which can be read once only: scikit-learn reads
    it (and keeps its splits).
    """
    cv = search.cv
    if not (cv is None or isinstance(cv, numbers.Integral) or hasattr(cv, "split")):
        with contextlib.suppress(TypeError):  # not iterable: check_cv says so
            if iter(cv) is cv:
                return None
    Xi, yi = indexable(X, y)
    splitter = check_cv(cv, yi, classifier=is_classifier(search.estimator))
    return list(splitter.split(Xi, yi, **routed_split_params(search, Xi, params)))


def batch_size(search, budgets):
    """Candidates per batch (``n_points``).

    ``"auto"`` follows the budget, never the hardware, so that the same seed
    gives the same candidates with any number of workers: the largest power
    of two that leaves at least six batches, within [1, 16] (1 below 12
    candidates, 2 below 24, 4 below 48, 8 below 96). A power of two: a batch
    of 8 candidates is a whole number of rounds of fits for 2, 4 or 8
    workers, whatever the number of folds.
    """
    if search.n_points != "auto":
        return search.n_points
    return auto_batch_size(sum(budgets))


def auto_batch_size(budget):
    """``n_points="auto"`` for a search of ``budget`` candidates."""
    return min(16, 1 << max(0, (int(budget) // 6).bit_length() - 1))
