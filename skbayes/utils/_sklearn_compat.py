"""Everything private or version-dependent that skbayes takes from scikit-learn.

No other module of skbayes imports a private scikit-learn name: when
scikit-learn moves one, this is the only file to change.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib

from sklearn.model_selection._search import BaseSearchCV
from sklearn.model_selection._split import _yields_constant_splits
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import _check_method_params

__all__ = [
    "HAS_CALLBACK_API",
    "BaseSearchCV",
    "HasMethods",
    "Interval",
    "StrOptions",
    "collect_fit_failures",
    "get_tags",
    "report_fit_failures",
    "routed_split_params",
    "yields_constant_splits",
]

try:  # scikit-learn >= 1.9
    import sklearn.callback  # noqa: F401

    HAS_CALLBACK_API = True
except ImportError:  # pragma: no cover - depends on the installed version
    HAS_CALLBACK_API = False


def get_tags(estimator):
    """Tags of an estimator (scikit-learn >= 1.6 only; None before)."""
    try:
        from sklearn.utils import get_tags as _get_tags
    except ImportError:  # pragma: no cover - scikit-learn < 1.6
        return None
    return _get_tags(estimator)


def routed_split_params(search, X, params):
    """The parameters ``search.fit(X, y, **params)`` passes to ``cv.split``."""
    params = _check_method_params(X, params=params)
    return search._get_routed_params_for_fit(params).splitter.split


def yields_constant_splits(cv):
    """Whether ``cv.split`` gives the same splits on every call."""
    return _yields_constant_splits(cv)


# -- fit failures -----------------------------------------------------------
#
# ``BaseSearchCV.fit``'s ``evaluate_candidates`` calls
# ``_warn_or_raise_about_fit_failures`` on every batch, before it records the
# batch: when every fit of a batch failed it raises "All the N fits failed"
# whatever ``error_score`` is. A sequential search meets that with its first
# small batch of a failing candidate. Inside a skbayes search (and only there:
# a context variable says so) the check is deferred: failures are collected,
# and reported once, over the whole search, by ``report_fit_failures``, with
# scikit-learn's own function and messages.

_SEARCH_MODULE = importlib.import_module("sklearn.model_selection._search")
_CHECK_NAME = "_warn_or_raise_about_fit_failures"
_ORIGINAL_CHECK = getattr(_SEARCH_MODULE, _CHECK_NAME, None)
_collector = contextvars.ContextVar("skbayes_fit_failures", default=None)


def _deferred_check(results, error_score):
    collector = _collector.get()
    if collector is None or error_score == "raise":
        return _ORIGINAL_CHECK(results, error_score)
    collector.extend({"fit_error": r["fit_error"]} for r in results)
    return None


_deferred_check.__wrapped__ = _ORIGINAL_CHECK


def _install():
    if _ORIGINAL_CHECK is None:  # pragma: no cover - future scikit-learn
        return
    if getattr(_SEARCH_MODULE, _CHECK_NAME) is not _deferred_check:
        setattr(_SEARCH_MODULE, _CHECK_NAME, _deferred_check)


@contextlib.contextmanager
def collect_fit_failures():
    """Collect the fit results of a search instead of checking each batch.

    Yields the list that receives one ``{"fit_error": ...}`` per fit.
    Outside this context (other threads, other searches) scikit-learn's
    check runs unchanged.
    """
    _install()
    collected = []
    token = _collector.set(collected)
    try:
        yield collected
    finally:
        _collector.reset(token)


def report_fit_failures(collected, error_score):
    """scikit-learn's warning (some fits failed) or error (all failed), once."""
    if collected and _ORIGINAL_CHECK is not None:
        _ORIGINAL_CHECK(collected, error_score)
