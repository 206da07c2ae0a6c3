"""What ``BayesSearchCV.fit`` checks before any model is fitted.

Each function checks one argument and raises an error that names it and
says what was expected.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Mapping

import numpy as np
from sklearn.base import clone

__all__ = [
    "check_callbacks",
    "check_estimator_instance",
    "check_objective",
    "check_param_names",
    "parse_initial_points",
]


def check_estimator_instance(estimator):
    """``estimator`` is an estimator object, not its class."""
    if isinstance(estimator, type):
        name = estimator.__name__
        raise TypeError(
            f"estimator must be an estimator instance ({name}()), got the class "
            f"{name} itself: write {name}() instead."
        )


def check_objective(search):
    """``objective`` names one of the scorers of a multi-metric ``scoring``."""
    scoring, objective = search.scoring, search.objective
    if isinstance(scoring, (list, tuple, set, dict)):
        names = list(scoring)
        if objective is not None and objective not in names:
            raise ValueError(
                f"objective={objective!r} is not one of the scorers "
                f"{names}; give the name of the metric to optimize."
            )
    elif objective is not None and not callable(scoring):
        raise ValueError(
            f"objective={objective!r} is only used with multi-metric "
            "scoring; leave it to None with a single metric."
        )


def check_callbacks(callback, name="callback"):
    """The callbacks as a list; the two kinds are not to be swapped.

    ``fit(callback=...)`` takes scikit-optimize's callbacks (they read an
    ``OptimizeResult``); ``callbacks=`` takes skbayes' (they read a
    :class:`~skbayes.callbacks.SearchState`).
    """
    if callback is None:
        return []
    callbacks = list(callback) if isinstance(callback, (list, tuple)) else [callback]
    for cb in callbacks:
        if not callable(cb):
            raise TypeError(
                f"{name} must be a callable or a list of callables, got {cb!r}."
            )
        module = type(cb).__module__ or ""
        if name == "callbacks" and module.split(".")[0] == "skopt":
            raise TypeError(
                f"callbacks: {cb!r} is a scikit-optimize callback, which reads an "
                "OptimizeResult; pass it to fit instead: "
                "search.fit(X, y, callback=...), or use the stoppers of "
                "skbayes.callbacks here."
            )
        if name == "callback" and module == "skbayes.callbacks":
            raise TypeError(
                f"callback: {cb!r} is a skbayes stopper, which reads a SearchState; "
                "pass it to the constructor instead: "
                "BayesSearchCV(..., callbacks=[...])."
            )
    return callbacks


def _settable(estimator, name, value):
    """None if ``set_params`` takes ``name`` on a clone, else the reason."""
    try:
        clone(estimator).set_params(**{name: value})
    except Exception as exc:  # any refusal of the name
        valid = estimator.get_params(deep=True)
        if name not in valid:
            return exc, sorted(valid)
    return None


def _refuse(name, estimator, reason, valid, step=None):
    """The error for a searched name that ``set_params`` refuses."""
    own = name if step is None else name.split("__", step.count("__") + 1)[-1]
    close = difflib.get_close_matches(own, valid, n=3, cutoff=0.6)
    hint = f" Did you mean {close}?" if close else ""
    where = (
        f"for estimator {estimator!r}"
        if step is None
        else f"({own!r} is not a parameter of {estimator!r}, searched for {step!r})"
    )
    raise ValueError(
        f"search_spaces: invalid parameter {name!r} {where} (set_params refuses "
        f"it: {type(reason).__name__}).{hint} Valid parameters are: {valid!r}."
    )


def check_param_names(estimator, subspace):
    """Every searched name must be one that fitting accepts.

    A name is checked the way fitting would use it: ``set_params`` on a
    clone of the estimator (so estimators that take any keyword through
    ``set_params(**kwargs)``, as LightGBM's do, are not refused), through
    pipelines and nested estimators. ``step__param`` names below a searched
    step (a pipeline step chosen among several estimators) are checked
    against each of those estimators.
    """
    if not len(subspace):
        return
    point = subspace.sample(1, random_state=0)[0]
    for name in subspace.names:
        parts = name.split("__")
        for cut in range(len(parts) - 1, 0, -1):
            prefix, rest = "__".join(parts[:cut]), "__".join(parts[cut:])
            if prefix in subspace.names:
                # below a searched step: valid for each estimator it may be
                candidates = [
                    v
                    for v in getattr(subspace[prefix], "values", ())
                    if hasattr(v, "get_params")
                ]
                if not candidates:
                    raise ValueError(
                        f"search_spaces: invalid parameter {name!r}: {prefix!r} is "
                        f"searched over values that are not estimators, which have "
                        f"no parameter {rest!r}."
                    )
                for candidate in candidates:
                    refused = _settable(candidate, rest, point[name])
                    if refused:
                        _refuse(name, candidate, *refused, step=prefix)
                break
        else:
            refused = _settable(estimator, name, point[name])
            if refused:
                _refuse(name, estimator, *refused)


def _score(value, where):
    """A warm-start score as a float (NaN for a failure), or a clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (numbers.Real, np.floating, np.integer)
    ):
        raise ValueError(
            f"initial_points: the score of {where} must be a number, got {value!r}."
        )
    try:
        score = float(value)
    except OverflowError:
        raise ValueError(
            f"initial_points: the score of {where} is too large: {value!r}."
        ) from None
    if math.isinf(score):
        raise ValueError(
            f"initial_points: the score of {where} must be finite or NaN (a "
            f"failure), got {value!r}."
        )
    return score


def parse_initial_points(initial_points, search):
    """``initial_points`` as a list of ``(params, score)`` pairs.

    Accepts the ``cv_results_`` of a search (its ``params`` and the mean test
    score of the optimized metric) or a list of ``(params, score)`` pairs or
    ``{"params": ..., "score": ...}`` dicts.
    """
    if initial_points is None:
        return []
    if isinstance(initial_points, Mapping):
        results = initial_points
        if "params" not in results:
            raise ValueError(
                "initial_points: a dict must be the cv_results_ of a search (with "
                "'params' and 'mean_test_<metric>' keys)."
            )
        names = [k[len("mean_test_") :] for k in results if k.startswith("mean_test_")]
        wanted = search.objective or (
            search.refit if isinstance(search.refit, str) else None
        )
        name = wanted if wanted in names else ("score" if "score" in names else None)
        if name is None:
            name = names[0] if len(names) == 1 else None
        if name is None:
            raise ValueError(
                f"initial_points: cannot tell which of {names} to use; set "
                "objective= to the metric's name."
            )
        key = f"mean_test_{name}"
        params, scores = list(results["params"]), list(results[key])
        if len(params) != len(scores):
            raise ValueError(
                f"initial_points: {len(params)} params but {len(scores)} values "
                f"of {key!r}."
            )
        pairs = []
        for i, (point, score) in enumerate(zip(params, scores)):
            where = f"candidate {i} ({key!r})"
            if not isinstance(point, Mapping):
                raise TypeError(
                    f"initial_points: params[{i}] must be a dict, got {point!r}."
                )
            pairs.append((dict(point), _score(score, where)))
        return pairs
    pairs = []
    for i, item in enumerate(initial_points):
        if isinstance(item, Mapping) and "params" in item and "score" in item:
            params, score = item["params"], item["score"]
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            params, score = item
        else:
            raise ValueError(
                "initial_points: each item must be a (params, score) pair or a dict "
                f"with 'params' and 'score' keys, got {item!r} (entry {i})."
            )
        if not isinstance(params, Mapping):
            raise TypeError(
                f"initial_points: params must be a dict, got {params!r} (entry {i})."
            )
        pairs.append((dict(params), _score(score, f"entry {i} ({dict(params)!r})")))
    return pairs
