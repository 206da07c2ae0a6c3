"""HalvingBayesSearchCV under the signatures of scikit-learn's halving searchers.

tests/test_sklearn_suite.py runs scikit-learn's successive-halving tests
(``sklearn/model_selection/tests/test_successive_halving.py``) with
``HalvingGridSearchCV`` and ``HalvingRandomSearchCV`` bound to these classes:

- ``HalvingBayesGridSearchCV(estimator, param_grid, **kw)`` is
  ``HalvingBayesSearchCV(estimator, param_grid,
  n_candidates=len(ParameterGrid(param_grid)), min_resources="exhaust",
  **kw)``: the grid's candidates, all of them in the first round;
- ``HalvingBayesRandomSearchCV(estimator, param_distributions, **kw)`` is
  ``HalvingBayesSearchCV(estimator, param_distributions, **kw)``.

Their constructor parameters are exactly scikit-learn's; HalvingBayesSearchCV's
own options keep their defaults. A module of its own, so that joblib's
workers unpickle them without importing the test module.
"""

import numpy as np
from sklearn.model_selection import ParameterGrid

from skbayes import BayesSearchCV, HalvingBayesSearchCV

__all__ = ["HalvingBayesGridSearchCV", "HalvingBayesRandomSearchCV"]

_OWN = (
    "brackets",
    "optimizer",
    "optimizer_kwargs",
    "n_initial_points",
    "n_points",
    "objective",
    "max_time",
    "callbacks",
    "checkpoint",
    "initial_points",
    "pre_dispatch",
)
_DEFAULTS = {
    name: p.default
    for name, p in HalvingBayesSearchCV.__signature__.parameters.items()
    if name in _OWN or name == "n_candidates"
}
_COMMON = (
    "factor",
    "resource",
    "max_resources",
    "min_resources",
    "aggressive_elimination",
    "cv",
    "scoring",
    "refit",
    "error_score",
    "return_train_score",
    "random_state",
    "n_jobs",
    "verbose",
)


class _Adapter(HalvingBayesSearchCV):
    _space_name = None

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def _set_own_defaults(self):
        for name in _OWN:
            setattr(self, name, _DEFAULTS[name])

    @property
    def search_spaces(self):
        return getattr(self, self._space_name)


def _constraints(space_name, drop=()):
    kept = {
        k: v
        for k, v in HalvingBayesSearchCV._parameter_constraints.items()
        if k not in ("search_spaces", *_OWN, *drop)
    }
    kept[space_name] = HalvingBayesSearchCV._parameter_constraints["search_spaces"]
    return kept


class HalvingBayesGridSearchCV(_Adapter):
    """``HalvingGridSearchCV``'s signature: the grid's candidates, first round."""

    _space_name = "param_grid"
    _required_parameters = ["estimator", "param_grid"]
    _parameter_constraints: dict = _constraints("param_grid", drop=("n_candidates",))

    def __init__(
        self,
        estimator,
        param_grid,
        *,
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="exhaust",
        aggressive_elimination=False,
        cv=5,
        scoring=None,
        refit=True,
        error_score=np.nan,
        return_train_score=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
    ):
        values = dict(locals())
        super(BayesSearchCV, self).__init__(estimator=estimator)
        for name in _COMMON:
            setattr(self, name, values[name])
        self.param_grid = param_grid
        self._set_own_defaults()

    @property
    def n_candidates(self):
        """The number of points of the grid (its default when it has none)."""
        try:
            return len(ParameterGrid(self.param_grid))
        except Exception:
            return _DEFAULTS["n_candidates"]


class HalvingBayesRandomSearchCV(_Adapter):
    """``HalvingRandomSearchCV``'s signature."""

    _space_name = "param_distributions"
    _required_parameters = ["estimator", "param_distributions"]
    _parameter_constraints: dict = _constraints("param_distributions")

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_candidates="exhaust",
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="smallest",
        aggressive_elimination=False,
        cv=5,
        scoring=None,
        refit=True,
        error_score=np.nan,
        return_train_score=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
    ):
        values = dict(locals())
        super(BayesSearchCV, self).__init__(estimator=estimator)
        for name in _COMMON:
            setattr(self, name, values[name])
        self.param_distributions = param_distributions
        self.n_candidates = n_candidates
        self._set_own_defaults()
