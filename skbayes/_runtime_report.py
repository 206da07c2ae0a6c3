"""What a running search tells the outside: its state, its progress, its end.

The :class:`~skbayes.callbacks.SearchState` that callbacks see after a
batch, the line that ``verbose=1`` prints per batch, the names given to the
callbacks that stop a search, and the warnings given once at the end of a
search (scikit-learn gives some of them on every batch). Functions of what
the runtime holds, which :class:`~skbayes._runtime.SearchRuntime` calls;
none of them changes the search.
"""

from __future__ import annotations

import inspect
import math
import re
import warnings

import numpy as np

from .callbacks import SearchState
from .utils._sklearn_compat import user_stacklevel

__all__ = [
    "NONFINITE_MESSAGE",
    "callback_name",
    "progress_line",
    "search_state",
    "warn_exhausted",
    "warn_interrupted",
    "warn_nonfinite",
]

#: scikit-learn warns about non-finite scores on every batch; one warning for
#: the whole search is given at the end (:func:`warn_nonfinite`)
NONFINITE_MESSAGE = r"One or more of the (test|train) scores are non-finite"


def search_state(results, objective, *, design_end, iteration, elapsed):
    """The :class:`~skbayes.callbacks.SearchState` of ``cv_results_`` so far.

    Every array and dict is a copy: what a callback does to its state never
    reaches the search's results.
    """
    if objective is not None:
        scores = np.array(results[f"mean_test_{objective}"], dtype=float)
    else:
        scores = np.full(len(results["params"]), np.nan)
    finite = np.isfinite(scores)
    best = int(np.nanargmax(scores)) if finite.any() else None
    params = [dict(p) for p in results["params"]]
    return SearchState(
        design_end=design_end,
        params=params,
        scores=scores,
        best_score=float(scores[best]) if best is not None else math.nan,
        best_params=dict(params[best]) if best is not None else None,
        iteration=iteration,
        elapsed=elapsed,
        cv_results={
            k: [dict(p) for p in v] if k == "params" else v.copy()
            for k, v in results.items()
            if k != "iteration"
        },
    )


def progress_line(candidates, scores, *, best, n_done, n_planned, elapsed):
    """``verbose=1``'s line for a batch: its best candidate, the best so far."""
    scores = np.asarray(scores, dtype=float)
    best = best if math.isfinite(best) else math.nan
    if np.isfinite(scores).any():
        i = int(np.nanargmax(scores))
        shown = ", ".join(
            f"{k}={_shown(v)!r}" for k, v in sorted(candidates[i].items())
        )
        last = f"{shown}: {scores[i]:.4f}"
    else:
        last = "failed"
    return (
        f"[BayesSearchCV] {n_done}/{n_planned} candidates; {last}; "
        f"best {best:.4f}; {elapsed:.1f} s"
    )


def callback_name(callback):
    """A readable name: a function's qualified name, a readable repr, a class."""
    if inspect.isfunction(callback) or inspect.ismethod(callback):
        return callback.__qualname__
    text = repr(callback)
    return type(callback).__name__ if " at 0x" in text else text


def warn_interrupted(n_done):
    """Ctrl-C ended the search: what is refitted."""
    warnings.warn(
        f"The search was interrupted: the best of the {n_done} candidates "
        "evaluated is refitted.",
        UserWarning,
        stacklevel=user_stacklevel(),
    )


def warn_exhausted(exhausted, n_subspaces, n_done):
    """Sub-spaces ``exhausted`` held fewer distinct candidates than their budget."""
    which = (
        "The search space"
        if n_subspaces == 1
        else f"Sub-spaces {sorted(exhausted)} of the search space"
    )
    warnings.warn(
        f"{which} had fewer distinct candidates than the budget: every "
        f"candidate was evaluated once and the search stopped after "
        f"{n_done} candidates.",
        UserWarning,
        stacklevel=user_stacklevel(),
    )


def warn_nonfinite(results):
    """scikit-learn's non-finite score warning, once for the whole search."""
    for kind in ("test", "train"):
        for key in results:
            if re.fullmatch(rf"mean_{kind}_\w+", key):
                means = np.asarray(results[key], dtype=float)
                if not np.all(np.isfinite(means)):
                    warnings.warn(
                        f"One or more of the {kind} scores are non-finite: {means}",
                        category=UserWarning,
                        stacklevel=user_stacklevel(),
                    )
                    break


def _shown(value):
    """A value as printed for the user: ``0.01``, not ``np.float64(0.01)``."""
    return value.item() if isinstance(value, np.generic) else value
