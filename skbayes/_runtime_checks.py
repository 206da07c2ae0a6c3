"""What the runtime checks once the search space is known or a batch is in.

:func:`check_initial_points` keeps the ``initial_points`` that are points of
the search space (as the space spells them) and warns about the others;
:func:`resolve_objective` names the metric the optimizers maximize once the
scorers' names are known.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

from .utils._sklearn_compat import user_stacklevel

__all__ = ["check_initial_points", "resolve_objective"]

# how many of the points left out a warning shows
_SHOWN = 3


def check_initial_points(pairs, search_space):
    """The ``(params, score)`` pairs of ``initial_points`` the search can use.

    A point is used when it is a point of one of the sub-spaces; it is then
    spelt as that sub-space spells its values (``{"max_depth": 3.0}`` becomes
    ``{"max_depth": 3}`` for an ``Integer`` dimension). The others (a point
    of another search, a value out of range, ``3.5`` for an integer) are
    left out, with one warning that says which and why: the search goes on
    from the points it can use.

    Parameters
    ----------
    pairs : list of (dict, float)
        The parsed ``initial_points``.
    search_space : SearchSpace

    Returns
    -------
    list of (dict, float)
    """
    kept, left_out = [], []
    for params, score in pairs:
        for subspace in search_space.subspaces:
            if subspace.contains(params):
                kept.append((subspace.canonical(params), score))
                break
        else:
            reasons = [s.mismatch(params) for s in search_space.subspaces]
            left_out.append((params, reasons))
    if left_out:
        lines = []
        for params, reasons in left_out[:_SHOWN]:
            why = "; ".join(
                reasons
                if len(reasons) == 1
                else [f"sub-space {i}: {r}" for i, r in enumerate(reasons)]
            )
            lines.append(f"{params!r}: {why}")
        more = len(left_out) - _SHOWN
        if more > 0:
            lines.append(f"... and {more} more")
        warnings.warn(
            f"initial_points: {len(left_out)} of the {len(pairs)} points are not "
            "points of the search space and are left out (the search uses the "
            "others):\n  " + "\n  ".join(lines),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return kept


def resolve_objective(search, results):
    """Which metric the optimizer maximizes, once the scorers' names are known."""
    names = [k[len("rank_test_") :] for k in results if k.startswith("rank_test_")]
    scoring, objective = search.scoring, search.objective
    if names == ["score"] and not isinstance(scoring, (list, tuple, set, dict)):
        if objective not in (None, "score"):
            raise ValueError(
                f"objective={objective!r} is only used with multi-metric "
                "scoring; the scorer returned a single score."
            )
        return "score"
    if objective is not None:
        if objective not in names:
            raise ValueError(
                f"objective={objective!r} is not one of the scorers "
                f"{names}; give the name of the metric to optimize."
            )
        return objective
    if isinstance(search.refit, str) and search.refit in names:
        return search.refit
    if isinstance(scoring, Mapping):
        return next(iter(scoring))
    if isinstance(scoring, (list, tuple)):
        return scoring[0]
    return names[0]
