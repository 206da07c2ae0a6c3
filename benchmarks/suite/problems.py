"""Problems: what a searcher searches, and how good a result is.

A :class:`Problem` is a space of named dimensions and a score for every
point of it. Two kinds:

- ``"lookup"``: a grid whose every point was scored once by real fits
  (:mod:`suite.tables` builds and caches the tables); optionally with
  *repeats*, the scores of the same grid under several cross-validation
  shuffles, for noisy problems (a run observes one repeat, the true score is
  their mean);
- ``"function"``: a test function on a box (:data:`FUNCTIONS`).

To add a test function, add it to :data:`FUNCTIONS`; to add a table, add a
spec to :func:`suite.tables.table_specs`.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special, stats
from sklearn.base import BaseEstimator

#: share of the grid counted as "the best region" (plateau targets)
TOP_SHARE = 0.03


@dataclass
class GridDim:
    """A finite axis: ordered numbers, or unordered strings."""

    name: str
    values: list
    sk_name: str | None = None  # parameter name for the real model
    sk_values: list | None = None  # values for the real model (default: values)

    @property
    def ordered(self):
        return not isinstance(self.values[0], str)

    def index_of(self, value):
        if self.ordered:
            return int(np.argmin(np.abs(np.asarray(self.values, float) - value)))
        return self.values.index(value)


@dataclass
class RealDim:
    name: str
    low: float
    high: float


@dataclass
class Problem:
    name: str
    dims: list
    optimum: float
    kind: str  # "lookup" or "function"
    table: np.ndarray | None = None  # lookup: true scores on the grid
    repeats: np.ndarray | None = None  # lookup: (*grid, n_repeats) noisy scores
    func: object = None  # function: f(np.ndarray of shape (d,)) -> score
    description: str = ""
    family: str = ""  # a label for grouping in reports
    _rand_cache: dict = field(default_factory=dict)

    @property
    def names(self):
        return [d.name for d in self.dims]

    @property
    def noisy(self):
        return self.repeats is not None

    @property
    def n_candidates(self):
        if self.kind != "lookup":
            return math.inf
        return int(self.table.size)

    def _position(self, params, index):
        pos = []
        for d in self.dims:
            v = params[d.name]
            pos.append(int(v) if index and d.ordered else d.index_of(v))
        return tuple(pos)

    def value(self, params, index=False, repeat=None):
        """The score at ``params`` (grid positions for ordered axes if index).

        ``repeat`` picks one noisy repeat of a noisy table (what a run
        observes); None gives the true score.
        """
        if self.kind == "lookup":
            pos = self._position(params, index)
            if repeat is not None and self.repeats is not None:
                return float(self.repeats[pos][repeat % self.repeats.shape[-1]])
            return float(self.table[pos])
        return float(self.func(np.array([params[d.name] for d in self.dims], float)))

    # -- the best region ----------------------------------------------------
    def top_threshold(self, share=TOP_SHARE):
        """The lowest score that at most ``share`` of the grid reaches (lookup).

        Ties count: a plateau of equal scores is in the best 3% only if the
        plateau and everything above it make at most 3% of the grid.
        """
        v = np.sort(self.table.ravel())[::-1]
        values, first = np.unique(-v, return_index=True)  # descending values
        reach = first + np.bincount(np.searchsorted(values, -v))  # n >= value
        ok = reach <= max(1.0, share * len(v))
        return float(-values[ok][-1]) if ok.any() else float(v[0])

    def random_hit_probability(self, budget, share=TOP_SHARE):
        """P(random search without replacement evaluates a top point)."""
        n = self.table.size
        m = int((self.table >= self.top_threshold(share)).sum())
        if budget >= n - m + 1:
            return 1.0
        log_miss = (
            special.gammaln(n - m + 1)
            - special.gammaln(n - m - budget + 1)
            - special.gammaln(n + 1)
            + special.gammaln(n - budget + 1)
        )
        return 1.0 - math.exp(log_miss)

    # -- spaces for every searcher ---------------------------------------
    def space_skbayes(self):
        return {
            d.name: list(d.values)
            if isinstance(d, GridDim)
            else (float(d.low), float(d.high))
            for d in self.dims
        }

    def space_sklearn_random(self):
        return {
            d.name: list(d.values)
            if isinstance(d, GridDim)
            else stats.uniform(d.low, d.high - d.low)
            for d in self.dims
        }

    def space_skopt(self):
        from skopt.space import Categorical, Integer, Real

        out = {}
        for d in self.dims:
            if isinstance(d, RealDim):
                out[d.name] = Real(d.low, d.high)
            elif d.ordered:
                out[d.name] = Integer(0, len(d.values) - 1)
            else:
                out[d.name] = Categorical(list(d.values))
        return out

    def space_optuna(self):
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        out = {}
        for d in self.dims:
            if isinstance(d, RealDim):
                out[d.name] = FloatDistribution(d.low, d.high)
            elif d.ordered:
                out[d.name] = IntDistribution(0, len(d.values) - 1)
            else:
                out[d.name] = CategoricalDistribution(list(d.values))
        return out

    # -- random-search reference -------------------------------------------
    def random_median_best(self, budget):
        """Median true score of random search's pick with ``budget`` candidates.

        The pick is the best *observed* point (the same for noise-free
        problems).
        """
        if budget not in self._rand_cache:
            if self.kind == "lookup" and not self.noisy:
                self._rand_cache[budget] = _median_max_without_replacement(
                    self.table.ravel(), budget
                )
            elif self.kind == "lookup":
                rng = np.random.default_rng(12345)
                true = self.table.ravel()
                reps = self.repeats.reshape(true.size, -1)
                picks = []
                for i in range(4000):
                    idx = rng.choice(true.size, min(budget, true.size), replace=False)
                    obs = reps[idx, i % reps.shape[1]]
                    picks.append(true[idx[np.argmax(obs)]])
                self._rand_cache[budget] = float(np.median(picks))
            else:
                rng = np.random.default_rng(12345)
                low = np.array([d.low for d in self.dims])
                high = np.array([d.high for d in self.dims])
                n_rep = 20_000
                X = low + (high - low) * rng.random((n_rep * budget, len(self.dims)))
                f = np.apply_along_axis(self.func, 1, X).reshape(n_rep, budget)
                self._rand_cache[budget] = float(np.median(f.max(axis=1)))
        return self._rand_cache[budget]


def _median_max_without_replacement(values, k):
    """Median of the max of ``k`` values drawn without replacement."""
    v = np.sort(np.asarray(values, float))
    n = len(v)
    if k >= n:
        return float(v[-1])
    # P(max <= v[j-1]) = C(j, k) / C(n, k) with j values <= threshold
    for t in np.unique(v):
        j = int(np.searchsorted(v, t, side="right"))
        if j < k:
            continue
        log_p = (
            special.gammaln(j + 1)
            - special.gammaln(j - k + 1)
            - special.gammaln(n + 1)
            + special.gammaln(n - k + 1)
        )
        if math.exp(log_p) >= 0.5:
            return float(t)
    return float(v[-1])


def make_estimator(problem, index, repeat=None, fit_seconds=0.0):
    """A function-backed estimator for ``problem``.

    Its constructor parameters are the problem's parameters (an explicit
    signature, so ``get_params``/``clone`` work); ``score`` returns the
    problem's value at them (repeat ``repeat`` of a noisy table). With
    ``index=True`` ordered grid axes are given as grid positions (skopt,
    optuna). ``fit_seconds > 0`` makes ``fit`` sleep that long (the
    many-workers benchmark: a sleeping fit releases the GIL, so threads
    behave like busy cores).
    """
    import time

    names = problem.names

    def __init__(self, **params):
        for name in names:
            setattr(self, name, params.pop(name, None))
        if params:
            raise TypeError(f"unexpected parameters {sorted(params)}")

    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None)
            for n in names
        ]
    )

    def fit(self, X, y=None):
        if fit_seconds:
            time.sleep(fit_seconds)
        return self

    def score(self, X, y=None):
        return problem.value(self.get_params(), index, repeat)

    cls_name = f"FunctionEstimator_{problem.name}{'_index' if index else ''}"
    return type(
        cls_name,
        (BaseEstimator,),
        {"__init__": __init__, "fit": fit, "score": score},
    )()


# --------------------------------------------------------------------------
# test functions
# --------------------------------------------------------------------------
def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * np.pi**2), 5 / np.pi, 1 / (8 * np.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * np.cos(x1) + 10


_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H6_A = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
_H6_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)


def hartmann6(x):
    return -float(_H6_ALPHA @ np.exp(-(_H6_A * (x - _H6_P) ** 2).sum(axis=1)))


def _function_problems():
    return {
        "branin": Problem(
            "branin",
            [RealDim("x1", -5.0, 10.0), RealDim("x2", 0.0, 15.0)],
            optimum=-0.397887357729738,
            kind="function",
            func=lambda x: -branin(x),
            description="Branin, x1 in [-5, 10], x2 in [0, 15]; score -f",
            family="function",
        ),
        "hartmann6": Problem(
            "hartmann6",
            [RealDim(f"x{i}", 0.0, 1.0) for i in range(1, 7)],
            optimum=3.32236801141551,
            kind="function",
            func=lambda x: -hartmann6(x),
            description="Hartmann6 on [0, 1]^6; score -f",
            family="function",
        ),
    }


#: name -> Problem of the test functions
FUNCTIONS = _function_problems()


def problem_names():
    """Every problem name: the lookup tables, then the test functions."""
    from .tables import table_specs

    return list(table_specs()) + list(FUNCTIONS)


def get_problems(names, rebuild=False):
    """The problems ``names`` (tables built on first use, then cached)."""
    from .tables import lookup_problems

    problems = lookup_problems([n for n in names if n not in FUNCTIONS], rebuild)
    problems.update({n: p for n, p in FUNCTIONS.items() if n in names})
    return {n: problems[n] for n in names}
