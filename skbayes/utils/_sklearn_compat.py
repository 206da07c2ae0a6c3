"""Everything private or version-dependent that skbayes takes from scikit-learn.

No other module of skbayes imports a private scikit-learn name: when
scikit-learn moves one, this is the only file to change.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import inspect
import sys
import time
import warnings

from sklearn.base import clone
from sklearn.metrics._scorer import _MultimetricScorer
from sklearn.model_selection._search import BaseSearchCV
from sklearn.utils import indexable
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import _check_method_params

__all__ = [
    "BaseSearchCV",
    "FitFailureLog",
    "HasMethods",
    "Interval",
    "StrOptions",
    "callback_support_warned_once",
    "check_scoring",
    "collect_fit_failures",
    "finish_search",
    "get_tags",
    "report_fit_failures",
    "routed_split_params",
    "user_stacklevel",
    "validate_params_unless_skipped",
]


def get_tags(estimator):
    """Tags of an estimator (scikit-learn >= 1.6 only; None before)."""
    try:
        from sklearn.utils import get_tags as _get_tags
    except ImportError:  # pragma: no cover - scikit-learn < 1.6
        return None
    return _get_tags(estimator)


def validate_params_unless_skipped(estimator):
    """``estimator._validate_params()``, unless the global configuration says
    ``skip_parameter_validation`` (as scikit-learn's own ``fit`` does)."""
    from sklearn import get_config

    if not get_config().get("skip_parameter_validation", False):
        estimator._validate_params()


def routed_split_params(search, X, params):
    """The parameters ``search.fit(X, y, **params)`` passes to ``cv.split``."""
    params = _check_method_params(X, params=params)
    return search._get_routed_params_for_fit(params).splitter.split


def _get_scorers(search):
    if "convert_multimetric" in inspect.signature(search._get_scorers).parameters:
        # scikit-learn < 1.6
        return search._get_scorers(convert_multimetric=False)  # pragma: no cover
    return search._get_scorers()


def check_scoring(search):
    """``scoring`` and ``refit`` checked as ``BaseSearchCV.fit`` checks them.

    Called before anything else of a search's ``fit`` reads the data, so
    that the errors (an estimator without ``score`` and no ``scoring``, a
    multi-metric ``refit`` that names no scorer) are scikit-learn's, in its
    order.
    """
    _get_scorers(search)


def finish_search(search, X, y, params, results, n_splits, first_test_scores):
    """The end of ``BaseSearchCV.fit`` for results that needed no new fit.

    A search resumed from a checkpoint that already holds its whole budget
    evaluates nothing, so scikit-learn's ``fit`` (which expects at least one
    batch) cannot finish it: this does what its last part does (the best
    candidate, the refit, the fitted attributes) from ``results``.
    """
    scorers, refit_metric = _get_scorers(search)
    X, y = indexable(X, y)
    params = _check_method_params(X, params=params)
    routed = search._get_routed_params_for_fit(params)
    search.multimetric_ = isinstance(first_test_scores, dict)
    if callable(search.scoring) and search.multimetric_:
        search._check_refit_for_multimetric(first_test_scores)
        refit_metric = search.refit
    if search.refit or not search.multimetric_:
        search.best_index_ = search._select_best_index(
            search.refit, refit_metric, results
        )
        if not callable(search.refit):
            search.best_score_ = results[f"mean_test_{refit_metric}"][
                search.best_index_
            ]
        search.best_params_ = results["params"][search.best_index_]
    if search.refit:
        best = clone(search.estimator).set_params(
            **clone(search.best_params_, safe=False)
        )
        start = time.time()
        if y is not None:
            best.fit(X, y, **routed.estimator.fit)
        else:
            best.fit(X, **routed.estimator.fit)
        search.refit_time_ = time.time() - start
        search.best_estimator_ = best
        if hasattr(best, "feature_names_in_"):
            search.feature_names_in_ = best.feature_names_in_
    if isinstance(scorers, _MultimetricScorer):
        search.scorer_ = scorers._scorers
    else:
        search.scorer_ = scorers
    search.cv_results_ = results
    search.n_splits_ = n_splits


# -- fit failures -------------------------------------------------------------
#
# ``BaseSearchCV.fit``'s ``evaluate_candidates`` calls
# ``_warn_or_raise_about_fit_failures`` on every batch, before it records the
# batch: when every fit of a batch failed it raises "All the N fits failed"
# whatever ``error_score`` is. A sequential search meets that with its first
# small batch of a failing candidate. For the batches of a skbayes search, and
# only those (a context variable names the search, and the caller must be that
# search's ``evaluate_candidates``: a GridSearchCV fitted inside it keeps
# scikit-learn's behaviour), the check is deferred: failures are collected and
# reported once, over the whole search, by ``report_fit_failures``, with
# scikit-learn's own function and messages.
#
# With a callable ``scoring`` returning a dict, scikit-learn shapes the error
# scores of failed fits from a successful fit *of the same batch*; a batch of
# failures keeps plain float scores, which break the aggregation over all
# batches, and so does a fit whose scorer raised (scikit-learn gives it
# ``error_score`` as a float, and crashes on it even within one batch). The
# log below remembers the dict keys and reshapes those scores: every metric
# of such a fold gets ``error_score``.

_SEARCH_MODULE = importlib.import_module("sklearn.model_selection._search")
_CHECK_NAME = "_warn_or_raise_about_fit_failures"
_ORIGINAL_CHECK = getattr(_SEARCH_MODULE, _CHECK_NAME, None)
_active_log = contextvars.ContextVar("skbayes_fit_failures", default=None)


class FitFailureLog:
    """What a search has learnt about its failed fits so far."""

    def __init__(self, owner):
        self.owner = owner
        self.fit_errors = []
        self.score_keys = None
        self._unshaped = []  # failed results whose scores are still floats

    def record(self, results, error_score):
        self.fit_errors.extend({"fit_error": r["fit_error"]} for r in results)
        if not callable(getattr(self.owner, "scoring", None)):
            return
        for r in results:
            if r["fit_error"] is None and isinstance(r["test_scores"], dict):
                self.score_keys = list(r["test_scores"])
                break
        # a failed fit, or a fit whose scoring failed (scikit-learn then
        # gives error_score as a float, where the scorer returns a dict)
        self._unshaped.extend(
            r
            for r in results
            if r["fit_error"] is not None
            or not isinstance(r["test_scores"], dict)
            or not isinstance(r.get("train_scores", {}), dict)
        )
        if self.score_keys is not None:
            for r in self._unshaped:
                for kind in ("test_scores", "train_scores"):
                    if kind in r and not isinstance(r[kind], dict):
                        r[kind] = {k: error_score for k in self.score_keys}
            self._unshaped = []


def _caller_is(owner):
    # the caller of the check is ``evaluate_candidates``, a closure of
    # ``BaseSearchCV.fit`` whose ``self`` is the search
    frame = sys._getframe(2)
    return frame.f_locals.get("self") is owner


def _deferred_check(results, error_score):
    log = _active_log.get()
    if log is None or error_score == "raise" or not _caller_is(log.owner):
        return _ORIGINAL_CHECK(results, error_score)
    log.record(results, error_score)
    return None


_deferred_check.__wrapped__ = _ORIGINAL_CHECK


def _install():
    if _ORIGINAL_CHECK is None:  # pragma: no cover - future scikit-learn
        return
    if getattr(_SEARCH_MODULE, _CHECK_NAME) is not _deferred_check:
        setattr(_SEARCH_MODULE, _CHECK_NAME, _deferred_check)


@contextlib.contextmanager
def collect_fit_failures(owner):
    """Defer the per-batch failure check of ``owner``'s batches.

    Yields a :class:`FitFailureLog`. Outside this context (other threads,
    other searches, searches nested in ``owner``) scikit-learn's check runs
    unchanged.
    """
    _install()
    log = FitFailureLog(owner)
    token = _active_log.set(log)
    try:
        yield log
    finally:
        _active_log.reset(token)


def report_fit_failures(log, error_score):
    """scikit-learn's warning (some fits failed) or error (all failed), once."""
    if log.fit_errors and _ORIGINAL_CHECK is not None:
        _ORIGINAL_CHECK(log.fit_errors, error_score)


_NO_CALLBACK_SUPPORT = r"The estimator .* does not support callbacks"


@contextlib.contextmanager
def callback_support_warned_once(search):
    """scikit-learn's "The estimator X does not support callbacks", once.

    scikit-learn (>= 1.9) warns each time it hands auto-propagated callbacks
    (``ProgressBar``) to a clone of an estimator that does not support them:
    for every fold of every candidate and for the refit (19 copies for 6
    candidates and 3 folds). The search warns once, before any fit, and
    ignores the copies while it runs (scikit-learn's ``Parallel`` carries the
    filter to its workers).
    """
    try:
        from sklearn.callback import AutoPropagatedCallback
    except ImportError:  # scikit-learn < 1.9: no callbacks to propagate
        yield
        return
    propagated = [
        callback
        for callback in getattr(search, "_skl_callbacks", None) or []
        if isinstance(callback, AutoPropagatedCallback)
        and getattr(callback, "max_propagation_depth", None) != 0
    ]
    if not propagated or hasattr(search.estimator, "set_callbacks"):
        yield
        return
    warnings.warn(
        f"The estimator {type(search.estimator).__name__} does not support "
        f"callbacks. The callbacks attached to {type(search).__name__} will not "
        "be propagated to this estimator.",
        UserWarning,
        stacklevel=user_stacklevel(),
    )
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=_NO_CALLBACK_SUPPORT, category=UserWarning
        )
        yield


def user_stacklevel():
    """``stacklevel`` for a warning to point at the first frame outside
    skbayes, scikit-learn and joblib (the user's call to ``fit``)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in (
        "skbayes",
        "sklearn",
        "joblib",
        "contextlib",
    ):
        frame, level = frame.f_back, level + 1
    return level
