"""An adapter around ``skopt.Optimizer`` (Gaussian process by default)."""

from __future__ import annotations

import math
import warnings

import numpy as np

from ._base import BaseOptimizer, _share_of_budget, one_blas_thread

__all__ = ["SkoptOptimizer"]

_GBRT_CLASS = []

# The largest magnitude of a value told to scikit-optimize. Its surrogates
# square the values (the GP normalizes them by their standard deviation, the
# forests compute variances): finite scores beyond ~1e154 overflow to inf and
# the model fit fails with "Input contains NaN". Beyond this bound, values
# are told divided by a power of two that brings them to at most 1 (exact,
# and the order is kept); below it (any ordinary score) they are unchanged.
_MAX_TOLD = 2.0**256


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
    - ``base_estimator="GBRT"`` works on recent scikit-learn;
    - scores of any finite magnitude are accepted: beyond about ``1e77``
      they are told to scikit-optimize divided by a power of two (whose
      surrogates overflow beyond ``1e154``), which keeps their order.

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
        # "dummy" is skopt's random search: its surrogate (None) fails
        # is_regressor on scikit-learn >= 1.6, so points are drawn from the
        # space instead
        self._dummy = isinstance(base, str) and base.lower() == "dummy"
        if isinstance(base, str) and base.upper() == "GBRT":
            kwargs["base_estimator"] = _quantile_gbrt(seed)
        # the encoding keeps constant dimensions out of skopt (it cannot
        # model them) and gives every other kind a skopt dimension
        self._skopt = None
        dimensions = [] if self._dummy else self.space.encoding.skopt_dimensions()
        if dimensions:
            self._skopt = Optimizer(
                dimensions,
                n_initial_points=n_initial_points,
                random_state=seed,
                **kwargs,
            )
        self._deferred_failures = []
        # the told values are the negated scores divided by this
        self._scale = 1.0

    @classmethod
    def auto_initial_points(cls, budget=None):
        """Size of the random initial design for ``n_initial_points="auto"``.

        A fifth of the budget, within [5, 20] and at most the budget: 10
        for a budget of 50, scikit-optimize's own default.

        Parameters
        ----------
        budget : int or None, default=None
            Candidates planned for the space; None when unknown (10 then).

        Returns
        -------
        n_initial_points : int
            The number of random points.
        """
        return _share_of_budget(budget, 5)

    def _propose(self, n):
        if self._dummy:
            return self.space.sample(n, self._rng)
        if self._skopt is None:  # every dimension has a single value
            return self.space.encoding.from_skopt([[]])
        with _quiet(), one_blas_thread():
            rows = self._skopt.ask(n_points=n) if n > 1 else [self._skopt.ask()]
        return self.space.encoding.from_skopt(rows)

    def _observe(self, points, scores):
        if self._skopt is None:
            return
        rows, values = [], []
        finite = self.scores[np.isfinite(self.scores)]
        worst = -float(np.min(finite)) if len(finite) else math.nan
        for row, score in zip(self.space.encoding.to_skopt(points), scores):
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
            values = self._rescaled(values)
            with _quiet(), one_blas_thread():
                self._skopt.tell(rows, values)

    def _rescaled(self, values):
        """``values`` divided by the scale, which grows (by powers of two, and
        the values told before with it) when a value would exceed ``_MAX_TOLD``.
        """
        largest = max(abs(v) for v in values)
        if largest / self._scale > _MAX_TOLD:
            # to at most 1 in magnitude, as scores usually are
            _, exponent = math.frexp(largest)
            scale = math.ldexp(1.0, exponent)
            # skopt.Optimizer refits its model on Xi, yi at every tell
            ratio = self._scale / scale
            self._skopt.yi = [y * ratio for y in self._skopt.yi]
            self._scale = scale
        return [v / self._scale for v in values]


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
