"""BayesSearchCV under the signatures of GridSearchCV and RandomizedSearchCV.

tests/test_sklearn_suite.py runs scikit-learn's own searcher tests with their
``GridSearchCV`` and ``RandomizedSearchCV`` bound to these two classes:

- ``BayesGridSearchCV(estimator, param_grid, **kw)`` is
  ``BayesSearchCV(estimator, param_grid, n_iter=len(ParameterGrid(param_grid)),
  **kw)``: as many candidates as the grid has points;
- ``BayesRandomizedSearchCV(estimator, param_distributions, n_iter=10, **kw)``
  is ``BayesSearchCV(estimator, param_distributions, n_iter=n_iter, **kw)``.

Both are BayesSearchCV subclasses whose constructor parameters are exactly
scikit-learn's (``get_params``, ``set_params``, ``clone``, ``repr`` and the
parameter validation use those names); BayesSearchCV's own options keep their
defaults. They live in a module of their own so that joblib's worker
processes unpickle them without importing the test module.
"""

import numpy as np
from sklearn.model_selection import ParameterGrid

from skbayes import BayesSearchCV

__all__ = ["BayesGridSearchCV", "BayesRandomizedSearchCV"]

# BayesSearchCV's options that scikit-learn's searchers do not have: their
# defaults, read from the signature so that a changed default is followed
_BAYES_ONLY = (
    "optimizer",
    "optimizer_kwargs",
    "n_initial_points",
    "n_points",
    "objective",
    "max_time",
    "callbacks",
    "checkpoint",
    "initial_points",
)
_BAYES_DEFAULTS = {
    name: p.default
    for name, p in BayesSearchCV.__signature__.parameters.items()
    if name in _BAYES_ONLY or name in ("n_iter", "random_state")
}

# GridSearchCV is deterministic: the grid adapter uses a fixed seed, so that
# two searches of the same grid (which several tests compare) propose alike
GRID_RANDOM_STATE = 0


class _Adapter(BayesSearchCV):
    _space_name = None  # "param_grid" or "param_distributions"

    def __new__(cls, *args, **kwargs):
        # BayesSearchCV.__new__ refuses scikit-learn's names for the space
        # (with a hint for code written for scikit-optimize); these are them
        return object.__new__(cls)

    def _set_bayes_defaults(self):
        for name in _BAYES_ONLY:
            setattr(self, name, _BAYES_DEFAULTS[name])

    @property
    def search_spaces(self):
        return getattr(self, self._space_name)


class BayesGridSearchCV(_Adapter):
    """``GridSearchCV``'s signature; evaluates as many candidates as the grid has."""

    _space_name = "param_grid"
    _required_parameters = ["estimator", "param_grid"]
    _parameter_constraints: dict = {
        **{
            k: v
            for k, v in BayesSearchCV._parameter_constraints.items()
            if k not in ("search_spaces", "n_iter", "random_state", *_BAYES_ONLY)
        },
        "param_grid": BayesSearchCV._parameter_constraints["search_spaces"],
    }

    def __init__(
        self,
        estimator,
        param_grid,
        *,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        error_score=np.nan,
        return_train_score=False,
    ):
        super(BayesSearchCV, self).__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.param_grid = param_grid
        self._set_bayes_defaults()
        self.random_state = GRID_RANDOM_STATE

    @property
    def n_iter(self):
        """The number of candidates of the grid (``len(ParameterGrid(grid))``).

        A grid that ParameterGrid refuses keeps BayesSearchCV's default, so
        that BayesSearchCV's own checks, not ParameterGrid's, answer it.
        """
        try:
            return len(ParameterGrid(self.param_grid))
        except Exception:
            return _BAYES_DEFAULTS["n_iter"]


class BayesRandomizedSearchCV(_Adapter):
    """``RandomizedSearchCV``'s signature: ``n_iter`` candidates."""

    _space_name = "param_distributions"
    _required_parameters = ["estimator", "param_distributions"]
    _parameter_constraints: dict = {
        **{
            k: v
            for k, v in BayesSearchCV._parameter_constraints.items()
            if k not in ("search_spaces", *_BAYES_ONLY)
        },
        "param_distributions": BayesSearchCV._parameter_constraints["search_spaces"],
    }

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_iter=10,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
    ):
        super(BayesSearchCV, self).__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state
        self._set_bayes_defaults()
