"""Searcher adapters: every searcher behind one signature.

:data:`SEARCHERS` maps a name to a builder
``build(problem, seed, budget, *, batch=None, n_jobs=1, repeat=None,
fit_seconds=0.0)`` returning an unfitted scikit-learn search object over a
function-backed estimator of ``problem`` (:func:`suite.problems.make_estimator`):

- ``batch``: candidates proposed at once (skbayes and scikit-optimize
  ``n_points``; Optuna runs ``batch`` trials at once in threads); None keeps
  each searcher's default;
- ``n_jobs``: workers of the search (``batch`` defaults to it for Optuna);
- ``repeat``: the CV repeat a noisy table returns (the run's noise);
- ``fit_seconds``: how long each ``fit`` sleeps (the many-workers benchmark).

To add a searcher, write a builder and add it to :data:`SEARCHERS` (and to
:data:`SLOW` if it takes seconds per run).
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.model_selection import RandomizedSearchCV

from .problems import make_estimator

#: searchers that ``--slow-seeds`` limits to the first seeds
SLOW = ("skopt-bscv", "optuna-gp")


def _common(n_jobs):
    return dict(cv=2, n_jobs=n_jobs, refit=False)


def _skbayes(engine):
    def build(problem, seed, budget, *, batch=None, n_jobs=1, repeat=None, **kw):
        from skbayes import BayesSearchCV

        return BayesSearchCV(
            make_estimator(problem, False, repeat, kw.get("fit_seconds", 0.0)),
            problem.space_skbayes(),
            n_iter=budget,
            optimizer=engine,
            n_initial_points="auto",
            n_points="auto" if batch is None else batch,
            random_state=seed,
            **_common(n_jobs),
        )

    return build


def skopt_bscv(problem, seed, budget, *, batch=None, n_jobs=1, repeat=None, **kw):
    from skopt import BayesSearchCV as SkoptBayesSearchCV

    return SkoptBayesSearchCV(
        make_estimator(problem, True, repeat, kw.get("fit_seconds", 0.0)),
        problem.space_skopt(),
        n_iter=budget,
        n_points=batch or 1,
        random_state=seed,
        error_score=np.nan,
        **_common(n_jobs),
    )


def _optuna(sampler):
    def build(problem, seed, budget, *, batch=None, n_jobs=1, repeat=None, **kw):
        import optuna
        from optuna_integration import OptunaSearchCV

        study = None
        if sampler == "gp":
            study = optuna.create_study(
                direction="maximize", sampler=optuna.samplers.GPSampler(seed=seed)
            )
        return OptunaSearchCV(
            make_estimator(problem, True, repeat, kw.get("fit_seconds", 0.0)),
            problem.space_optuna(),
            n_trials=budget,
            random_state=seed,
            study=study,
            # OptunaSearchCV's n_jobs runs trials in threads (a batch)
            **_common(batch or n_jobs),
        )

    return build


class HyperoptSearch:
    """hyperopt's TPE (``fmin``) with what the runner reads of a search.

    Needs ``problem.space_hyperopt()`` (the Bayesmark-style problems). A
    batch is hyperopt's ``max_queue_len``: that many points proposed from
    the same trials before they are evaluated.
    """

    def __init__(self, problem, seed, budget, batch=None):
        self.problem, self.seed, self.budget, self.batch = problem, seed, budget, batch

    def fit(self, X=None, y=None):
        from hyperopt import STATUS_FAIL, STATUS_OK, Trials, fmin, tpe

        params, scores = [], []

        def objective(point):
            value = self.problem.value(point)
            params.append(dict(point))
            scores.append(value)
            if not np.isfinite(value):
                return {"status": STATUS_FAIL}
            return {"loss": -value, "status": STATUS_OK}

        fmin(
            objective,
            self.problem.space_hyperopt(),
            algo=tpe.suggest,
            max_evals=self.budget,
            trials=Trials(),
            rstate=np.random.default_rng(self.seed),
            max_queue_len=self.batch or 1,
            show_progressbar=False,
        )
        self.cv_results_ = {"mean_test_score": np.array(scores), "params": params}
        return self


def hyperopt_tpe(problem, seed, budget, *, batch=None, n_jobs=1, repeat=None, **kw):
    return HyperoptSearch(problem, seed, budget, batch)


def sklearn_random(problem, seed, budget, *, n_jobs=1, repeat=None, **kw):
    return RandomizedSearchCV(
        make_estimator(problem, False, repeat, kw.get("fit_seconds", 0.0)),
        problem.space_sklearn_random(),
        n_iter=budget,
        random_state=seed,
        **_common(n_jobs),
    )


#: name -> builder
SEARCHERS = {
    "skbayes-gp": _skbayes("gp"),
    "skbayes-skopt": _skbayes("skopt"),
    "skbayes-random": _skbayes("random"),
    "skbayes-tpe": _skbayes("tpe"),
    "skopt-bscv": skopt_bscv,
    "optuna-tpe": _optuna("tpe"),
    "optuna-gp": _optuna("gp"),
    "hyperopt-tpe": hyperopt_tpe,
    "sklearn-random": sklearn_random,
}


def available_searchers():
    """The searchers whose packages import here."""
    return list(SEARCHERS)


def make_searcher(name, problem, seed, budget, **kwargs):
    """Build searcher ``name`` (see :data:`SEARCHERS`)."""
    try:
        build = SEARCHERS[name]
    except KeyError:
        raise ValueError(f"unknown searcher {name!r}") from None
    return build(problem, seed, budget, **kwargs)


def quiet():
    """Silence warnings and Optuna's per-trial log lines."""
    warnings.simplefilter("ignore")
    try:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
    except ImportError:  # pragma: no cover
        pass
