"""The rounds of successive halving, and the subsamples of its resources.

- :class:`HalvingSchedule`: the rounds of a search, computed as
  scikit-learn's ``HalvingRandomSearchCV`` computes them (``min_resources``,
  ``max_resources``, ``factor``, ``aggressive_elimination``,
  ``n_candidates``), and the Hyperband brackets that start at larger
  resources; every setting is checked before any fit;
- :func:`select_best_index`: the best candidate of the largest resource;
- :func:`subsample_splits`: the cross-validation splits at ``n_samples``
  resources, stratified for classifiers, every class of a fold kept.
"""

from __future__ import annotations

import hashlib
import numbers
from math import ceil, floor, log
from typing import NamedTuple

import numpy as np
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import indexable

from .utils._sklearn_compat import routed_split_params

__all__ = ["HalvingSchedule", "Round", "select_best_index", "subsample_splits"]


# -- the schedule -------------------------------------------------------------


class Round(NamedTuple):
    """One round of successive halving: candidates at one resource."""

    iter: int  # the round's number, as cv_results_["iter"]
    n_resources: int
    n_candidates: int


def _n_samples(X):
    shape = getattr(X, "shape", None)
    if shape is not None and len(shape):
        return int(shape[0])
    try:
        return len(X)
    except TypeError:  # an array-like without len()
        return len(np.asarray(X))


class HalvingSchedule:
    """The rounds of a successive-halving search, before any fit.

    The first bracket follows scikit-learn's ``HalvingRandomSearchCV``
    exactly (its ``min_resources_``, ``max_resources_``,
    ``n_required_iterations_``, ``n_possible_iterations_`` and the resource
    and number of candidates of each round); bracket ``b > 0`` starts at the
    resource of round ``b`` of the first one with fewer candidates, so that
    each bracket costs about as much as the first (Hyperband).

    Parameters
    ----------
    search : HalvingBayesSearchCV
        Its ``resource``, ``factor``, ``min_resources``, ``max_resources``,
        ``aggressive_elimination``, ``n_candidates`` and ``brackets`` are read.
    X, y, params
        The arguments of ``fit`` (the number of samples, classes and splits).
    n_points_in_space : int or None
        Distinct points of a finite search space (None if infinite): the
        first round draws no more candidates than that.
    """

    def __init__(self, search, X, y, params, n_points_in_space=None):
        self.resource = search.resource
        self.factor = search.factor
        self.aggressive = bool(search.aggressive_elimination)
        estimator = search.estimator
        # -- checked before anything is fitted
        if not isinstance(self.resource, str) or not self.resource:
            raise ValueError(
                f"resource must be 'n_samples' or the name of a parameter of "
                f"the estimator, got {self.resource!r}."
            )
        if self.resource != "n_samples":
            names = estimator.get_params(deep=True)
            if self.resource not in names:
                raise ValueError(
                    f"Cannot use resource={self.resource} which is not supported "
                    f"by estimator {type(estimator).__name__}: resource must be "
                    "'n_samples' or one of its parameters (a pipeline step's as "
                    f"'step__param'), such as n_estimators or max_iter."
                )
            value = names[self.resource]
            if isinstance(value, bool) or (
                isinstance(value, numbers.Real)
                and not isinstance(value, numbers.Integral)
            ):
                raise ValueError(
                    f"resource={self.resource!r}: the estimator's value "
                    f"{value!r} is not an integer, so the resource cannot grow "
                    "by factor; use a parameter that takes a count (n_estimators, "
                    "max_iter ...)."
                )
        if not self.factor > 1:
            raise ValueError(
                f"factor={self.factor!r}: the resource cannot grow; factor must "
                "be greater than 1 (3 keeps a third of the candidates and "
                "triples their resource)."
            )
        if search.min_resources == search.n_candidates == "exhaust":
            raise ValueError(
                "n_candidates and min_resources cannot be both set to 'exhaust'."
            )
        n_samples = _n_samples(X)
        self.n_samples = n_samples
        min_resources = search.min_resources
        if min_resources in ("smallest", "exhaust"):
            if self.resource == "n_samples":
                Xi, yi = indexable(X, y)
                cv = check_cv(search.cv, yi, classifier=is_classifier(estimator))
                split = routed_split_params(search, Xi, params)
                try:
                    n_splits = cv.get_n_splits(Xi, yi, **split)
                except TypeError:  # a list of splits
                    n_splits = cv.get_n_splits()
                min_resources = 2 * n_splits
                if is_classifier(estimator) and y is not None:
                    min_resources *= len(np.unique(np.asarray(yi)))
            else:
                min_resources = 1
        max_resources = search.max_resources
        if max_resources == "auto":
            if self.resource != "n_samples":
                raise ValueError(
                    "resource can only be 'n_samples' when max_resources='auto'"
                    f"; give max_resources, the largest {self.resource} a "
                    "candidate may get."
                )
            max_resources = n_samples
        if self.resource == "n_samples" and max_resources > n_samples:
            raise ValueError(
                f"max_resources={max_resources} is greater than the number of "
                f"samples ({n_samples}); the resource cannot grow beyond it."
            )
        if min_resources > max_resources:
            samples = (
                f" (X has n_samples={n_samples})"
                if self.resource == "n_samples"
                else ""
            )
            raise ValueError(
                f"min_resources_={min_resources} is greater than "
                f"max_resources_={max_resources}{samples}."
            )
        if min_resources == 0:
            raise ValueError(
                f"min_resources_={min_resources}: you might have passed an "
                "empty dataset X."
            )
        n_candidates = search.n_candidates
        if n_candidates == "exhaust":
            n_candidates = max_resources // min_resources
        if n_points_in_space is not None:
            n_candidates = min(n_candidates, n_points_in_space)
        n_candidates = max(1, int(n_candidates))
        self.n_candidates = n_candidates
        self.n_required_iterations = 1 + floor(log(n_candidates, self.factor))
        if search.min_resources == "exhaust":
            last = self.n_required_iterations - 1
            min_resources = max(min_resources, max_resources // self.factor**last)
        self.min_resources = int(min_resources)
        self.max_resources = int(max_resources)
        self.n_possible_iterations = 1 + floor(
            log(self.max_resources // self.min_resources, self.factor)
        )
        if self.aggressive:
            self.n_iterations = self.n_required_iterations
        else:
            self.n_iterations = min(
                self.n_possible_iterations, self.n_required_iterations
            )
        self.brackets = self._brackets(search.brackets)

    def resources(self, itr):
        """The resource of round ``itr`` (scikit-learn's rule)."""
        power = itr
        if self.aggressive:
            power = max(
                0, itr - self.n_required_iterations + self.n_possible_iterations
            )
        return min(int(self.factor**power * self.min_resources), self.max_resources)

    def _brackets(self, brackets):
        n_iter = self.n_iterations
        if brackets == "hyperband":
            n_brackets = n_iter
        else:
            n_brackets = int(brackets)
            if n_brackets < 1:
                raise ValueError(
                    f"brackets must be an int >= 1 or 'hyperband', got {brackets!r}."
                )
        if n_brackets > 1 and self.aggressive:
            raise ValueError(
                "aggressive_elimination=True replays the first round of a single "
                f"bracket; it cannot be combined with brackets={brackets!r}."
            )
        n_brackets = min(n_brackets, n_iter)  # a bracket has at least one round
        out = []
        for b in range(n_brackets):
            n_rounds = n_iter - b
            # about the cost of the first bracket (Hyperband): fewer
            # candidates, each started at a larger resource
            n = self.n_candidates
            if b:
                n = ceil(self.n_candidates * n_iter / (n_rounds * self.factor**b))
            rounds = []
            for itr in range(b, n_iter):
                rounds.append(Round(itr, self.resources(itr), max(1, n)))
                n = ceil(n / self.factor)
            out.append(rounds)
        return out

    @property
    def n_first_candidates(self):
        """Candidates drawn by all brackets (their first rounds)."""
        return sum(rounds[0].n_candidates for rounds in self.brackets)

    def describe(self):
        """What a checkpoint of the search must match (JSON-ready)."""
        return {
            "resource": self.resource,
            "factor": float(self.factor),
            "min_resources": self.min_resources,
            "max_resources": self.max_resources,
            "aggressive_elimination": self.aggressive,
            "brackets": [[list(r) for r in rounds] for rounds in self.brackets],
        }


def select_best_index(refit, refit_metric, results):
    """The best candidate of the last round (scikit-learn's rule).

    Candidates of earlier rounds were scored with less resource: they are
    not comparable. With several brackets, the last round is that of the
    largest resource (``n_resources``) every bracket ends with.
    """
    if callable(refit):
        index = refit(results)
        return int(index)
    metric = refit_metric if isinstance(refit_metric, str) else "score"
    key = f"mean_test_{metric}"
    if key not in results:
        key = "mean_test_score"
    if "n_resources" in results:
        level = np.asarray(results["n_resources"])
    else:
        level = np.asarray(results["iter"])
    last = np.flatnonzero(level == np.max(level))
    scores = np.asarray(results[key], dtype=float)[last]
    if np.isnan(scores).all():
        return int(last[0])
    return int(last[np.nanargmax(scores)])


# -- subsampling ----------------------------------------------------------------


def _take(indices, size, labels, rng):
    """``size`` of ``indices``, stratified by ``labels``, every label kept.

    Each label keeps its share of ``size`` (largest remainders), and at
    least one index while ``size`` allows. The order is a fixed permutation,
    so a larger ``size`` takes a superset.
    """
    indices = np.asarray(indices)
    size = int(min(max(size, 0), len(indices)))
    if labels is None:
        return np.sort(indices[rng.permutation(len(indices))[:size]])
    own = labels[indices]
    classes, counts = np.unique(own, return_counts=True)
    exact = counts * size / len(indices)
    quota = np.floor(exact).astype(int)
    if size >= len(classes):
        quota = np.maximum(quota, 1)
    while quota.sum() > size:  # the minimum of one pushed it over
        big = np.flatnonzero(quota > 1)
        quota[big[np.argmax((quota - exact)[big])]] -= 1
    left = size - quota.sum()
    if left > 0:
        order = np.argsort(-(exact - quota), kind="stable")
        for i in order[:left]:
            quota[i] += 1
    chosen = []
    for cls, q in zip(classes, quota):
        members = indices[own == cls]
        chosen.append(members[rng.permutation(len(members))[:q]])
    return np.sort(np.concatenate(chosen)) if chosen else indices[:0]


def subsample_splits(splits, n_resources, n_samples, y=None, *, seed=0):
    """The splits at ``n_resources`` samples.

    As scikit-learn's ``HalvingRandomSearchCV``, every train and test set is
    cut to ``n_resources / n_samples`` of its size; unlike it, the cut is
    stratified when ``y`` is given (a classifier's labels): every class of
    a fold is kept in it as long as the fold has room, the classes keep
    their proportions, and the same resource gives the same subsample on
    every call (a larger resource takes a superset).

    Parameters
    ----------
    splits : list of (ndarray, ndarray)
        The full (train, test) splits.
    n_resources, n_samples : int
        The resource and the number of samples of the data.
    y : array-like or None, default=None
        Labels to stratify by (None: plain random subsamples).
    seed : int, default=0
        Seed of the permutations.

    Returns
    -------
    splits : list of (ndarray, ndarray)
    """
    labels = None
    if y is not None:
        labels = np.asarray(y)
        if labels.ndim == 2 and labels.shape[1] == 1:
            labels = labels.ravel()  # a column of labels
        if labels.ndim != 1:
            labels = None  # multi-output: plain subsamples
        else:
            _, labels = np.unique(labels, return_inverse=True)
    fraction = n_resources / n_samples
    out = []
    for i, (train, test) in enumerate(splits):
        train, test = np.asarray(train), np.asarray(test)
        if train.dtype == bool:
            train = np.flatnonzero(train)
        if test.dtype == bool:
            test = np.flatnonzero(test)
        rng = np.random.default_rng([seed, i])
        sub_train = _take(train, int(fraction * len(train)), labels, rng)
        rng = np.random.default_rng([seed, i, 1])
        sub_test = _take(test, int(fraction * len(test)), labels, rng)
        out.append((sub_train, sub_test))
    return out


def _subsample_seed(random_state, splits):
    """An int seed that a resumed search finds again.

    The ``random_state`` itself when it is an int; otherwise a digest of the
    test indices of the splits (fixed for the data and the splitter).
    """
    if isinstance(random_state, numbers.Integral) and not isinstance(
        random_state, bool
    ):
        return int(random_state) % (2**32)
    h = hashlib.sha256()
    for _, test in splits or ():
        h.update(np.asarray(test, dtype=np.int64).tobytes())
    return int.from_bytes(h.digest()[:4], "little")
