"""What every plot needs: the fitted check, pyplot, the optimized scores."""

from __future__ import annotations

import numpy as np
from sklearn.exceptions import NotFittedError

__all__ = ["check_fitted", "objective_scores", "pyplot"]


def check_fitted(search):
    """Refuse a search that has no ``cv_results_`` yet.

    Duck-typed, unlike scikit-learn's ``check_is_fitted``: any object with a
    ``cv_results_`` (a fitted search of any library, or a table of results
    held by a namespace) can be plotted.
    """
    if not hasattr(search, "cv_results_"):
        raise NotFittedError(
            f"This {type(search).__name__} instance is not fitted yet (it has "
            "no cv_results_). Call 'fit' with appropriate arguments before "
            "plotting its results."
        )


def pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "skbayes.plots needs matplotlib: pip install 'skbayes[plots]'"
        ) from exc
    return plt


def objective_scores(search):
    check_fitted(search)
    name = getattr(search, "objective_", None) or "score"
    key = f"mean_test_{name}"
    if key not in search.cv_results_:
        key = next(k for k in search.cv_results_ if k.startswith("mean_test_"))
        name = key[len("mean_test_") :]
    return np.asarray(search.cv_results_[key], dtype=float), name
