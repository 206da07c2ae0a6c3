"""An adapter around ``skopt.Optimizer`` (Gaussian process by default)."""

from __future__ import annotations

import math
import warnings

import numpy as np
from threadpoolctl import threadpool_limits

from ..space import Categorical, Distribution, Integer, Ordinal, Real
from ._base import BaseOptimizer

__all__ = ["SkoptOptimizer"]

_EPS = 1e-9


_GBRT_CLASS = []


def _tagged_gbrt_class():
    """skopt's GBRT quantile regressor, with the regressor tag newer scikit-learn needs.

    ``skopt.learning.GradientBoostingQuantileRegressor`` derives from
    ``(BaseEstimator, RegressorMixin)``, in this order: scikit-learn 1.6+
    then reads the tags of ``BaseEstimator`` only and ``skopt.Optimizer``
    refuses it as "not a regressor". The mixin cannot be put in front either
    (no consistent method resolution order), so the tag is set explicitly.
    Its ``predict(X, return_std=True)`` calls ``np.in1d``, which numpy 2.4
    removed; the same computation is done here without it.

    The class is built on first use (skopt is imported lazily) and is found
    by pickle as ``_TaggedGBRT`` of this module (see :func:`__getattr__`).
    """
    if not _GBRT_CLASS:
        from skopt.learning import GradientBoostingQuantileRegressor

        class _TaggedGBRT(GradientBoostingQuantileRegressor):
            def __sklearn_tags__(self):
                tags = super().__sklearn_tags__()
                tags.estimator_type = "regressor"
                return tags

            def predict(self, X, return_std=False, return_quantiles=False):
                if return_quantiles or not return_std:
                    return super().predict(X, return_quantiles=return_quantiles)
                quantiles = list(self.quantiles)
                low, mean, high = (
                    self.regressors_[quantiles.index(q)].predict(X)
                    for q in (0.16, 0.5, 0.84)
                )
                return mean, (high - low) / 2.0

        _TaggedGBRT.__qualname__ = "_TaggedGBRT"
        _GBRT_CLASS.append(_TaggedGBRT)
    return _GBRT_CLASS[0]


def __getattr__(name):
    # lets pickle find the lazily built class in a fresh process
    if name == "_TaggedGBRT":
        return _tagged_gbrt_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _quantile_gbrt(random_state):
    """skopt's "GBRT" surrogate, usable as a regressor on every scikit-learn."""
    from sklearn.ensemble import GradientBoostingRegressor

    return _tagged_gbrt_class()(
        base_estimator=GradientBoostingRegressor(n_estimators=30, loss="quantile"),
        random_state=random_state,
    )


class SkoptOptimizer(BaseOptimizer):
    """Bayesian optimization with ``skopt.Optimizer`` behind skbayes' protocol.

    Gives the behaviour of scikit-optimize's ``BayesSearchCV`` (a Gaussian
    process with the ``gp_hedge`` acquisition by default), with these fixes:

    - any dimension kind works: ordered grids are searched as an ordinal
      axis, categories of any type (tuples, estimators, ``None``) by index,
      scipy.stats distributions through their quantile function;
    - points are never evaluated twice and finite spaces are exhausted;
    - failed evaluations (NaN scores) do not crash the surrogate: a failure
      is told as the worst score observed so far (failures seen before any
      success are told once a success arrives);
    - the surrogate runs with one BLAS/OpenMP thread, which avoids thread
      oversubscription (a 200-point GP fit is then milliseconds, not seconds);
    - ``base_estimator="GBRT"`` works on recent scikit-learn.

    Parameters
    ----------
    space : Space or dict
        The space to search (a dict is parsed into a :class:`~skbayes.space.Space`).
    n_initial_points : int, default=10
        Random points before the surrogate is used.
    random_state : int, RandomState, Generator or None, default=None
        Seed for reproducible proposals.
    **optimizer_kwargs
        Passed to ``skopt.Optimizer``, e.g. ``base_estimator="RF"``,
        ``acq_func="EI"``, ``acq_optimizer="sampling"``,
        ``initial_point_generator="lhs"``.

    Examples
    --------
    >>> from skbayes.optimizer import SkoptOptimizer
    >>> opt = SkoptOptimizer({"x": (-2.0, 2.0)}, n_initial_points=3, random_state=0)
    >>> for _ in range(6):
    ...     points = opt.ask()
    ...     opt.tell(points, [-(p["x"] - 0.5) ** 2 for p in points])
    >>> round(opt.best()[0]["x"], 1)
    0.5
    """

    def __init__(
        self, space, *, n_initial_points=10, random_state=None, **optimizer_kwargs
    ):
        super().__init__(
            space, n_initial_points=n_initial_points, random_state=random_state
        )
        from skopt import Optimizer

        for reserved in ("dimensions", "random_state", "n_initial_points"):
            if reserved in optimizer_kwargs:
                raise TypeError(
                    f"optimizer_kwargs: {reserved!r} is set by skbayes; pass it as "
                    "the search's own parameter instead."
                )
        self.optimizer_kwargs = dict(optimizer_kwargs)
        seed = int(self._rng.integers(np.iinfo(np.int32).max))
        kwargs = dict(optimizer_kwargs)
        base = kwargs.get("base_estimator", "GP")
        # skopt needs one random point before it can fit its model
        n_initial_points = max(1, self.n_initial_points)
        self._dummy = isinstance(base, str) and base.lower() == "dummy"
        if isinstance(base, str) and base.upper() == "GBRT":
            kwargs["base_estimator"] = _quantile_gbrt(seed)
        elif self._dummy:
            # skopt's random search: its "dummy" surrogate (None) fails
            # is_regressor on scikit-learn >= 1.6; draw from the space instead
            self._free = []

        # constant dimensions are kept out of skopt (it cannot model them)
        if not self._dummy:
            self._free = [
                (name, dim) for name, dim in self.space.items() if dim.n_values != 1
            ]
        self._fixed = {
            name: dim.decode([0.5])[0]
            for name, dim in self.space.items()
            if dim.n_values == 1
        }
        self._skopt = None
        if self._free:
            self._skopt = Optimizer(
                [self._to_skopt(dim) for _, dim in self._free],
                n_initial_points=n_initial_points,
                random_state=seed,
                **kwargs,
            )
        self._deferred_failures = []

    @staticmethod
    def _to_skopt(dim):
        from skopt import space as sk

        if isinstance(dim, Real):
            return sk.Real(dim.low, dim.high, prior=dim.prior, base=dim.base)
        if isinstance(dim, Integer):
            return sk.Integer(dim.low, dim.high, prior=dim.prior, base=dim.base)
        if isinstance(dim, Ordinal):
            return sk.Integer(0, dim.n_values - 1)
        if isinstance(dim, Categorical):
            return sk.Categorical(list(range(dim.n_values)), prior=dim.prior)
        if isinstance(dim, Distribution):
            return sk.Real(_EPS, 1 - _EPS)
        raise TypeError(f"Unsupported dimension {dim!r}.")

    def _from_skopt_row(self, row):
        point = dict(self._fixed)
        for (name, dim), value in zip(self._free, row):
            if isinstance(dim, Real):
                point[name] = dim.decode(dim.encode([value]))[0]
            elif isinstance(dim, Integer):
                point[name] = int(value)
            elif isinstance(dim, (Ordinal, Categorical)):
                point[name] = dim.value_at(int(value))
            else:
                point[name] = dim.decode([value])[0]
        return point

    def _to_skopt_row(self, point):
        row = []
        for name, dim in self._free:
            value = point[name]
            if isinstance(dim, Real):
                row.append(float(value))
            elif isinstance(dim, Integer):
                row.append(int(value))
            elif isinstance(dim, (Ordinal, Categorical)):
                row.append(dim.index(value))
            else:
                row.append(float(dim.encode([value])[0]))
        return row

    def _propose(self, n):
        if self._dummy:
            return self.space.sample(n, self._rng)
        if self._skopt is None:
            return [dict(self._fixed)]
        with _quiet(), threadpool_limits(limits=1):
            rows = self._skopt.ask(n_points=n) if n > 1 else [self._skopt.ask()]
        return [self._from_skopt_row(row) for row in rows]

    def _observe(self, points, scores):
        if self._skopt is None:
            return
        rows, values = [], []
        finite = self.scores[np.isfinite(self.scores)]
        worst = -float(np.min(finite)) if len(finite) else math.nan
        for point, score in zip(points, scores):
            row = self._to_skopt_row(point)
            if math.isfinite(score):
                rows.append(row)
                values.append(-float(score))
            elif math.isnan(worst):
                self._deferred_failures.append(row)
            else:
                rows.append(row)
                values.append(worst)
        if self._deferred_failures and not math.isnan(worst):
            rows.extend(self._deferred_failures)
            values.extend([worst] * len(self._deferred_failures))
            self._deferred_failures = []
        if rows:
            with _quiet(), threadpool_limits(limits=1):
                self._skopt.tell(rows, values)


class _quiet(warnings.catch_warnings):
    """Silence skopt's duplicate-point notice and surrogate convergence noise.

    Duplicates are handled by :meth:`BaseOptimizer.ask`, and a GP whose
    kernel fit stops early still gives usable proposals.
    """

    def __enter__(self):
        out = super().__enter__()
        from sklearn.exceptions import ConvergenceWarning

        warnings.filterwarnings(
            "ignore",
            message="The objective has been evaluated at",
            category=UserWarning,
        )
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        return out
