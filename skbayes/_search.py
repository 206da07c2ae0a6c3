"""BayesSearchCV: Bayesian hyperparameter search behind scikit-learn's contract."""

from __future__ import annotations

import inspect
import math
import numbers
import os
import re
import time
import warnings
from collections.abc import Mapping

import numpy as np
from scipy.optimize import OptimizeResult
from scipy.stats import rankdata
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import indexable

from ._checkpoint import Checkpoint, CheckpointError, fingerprint
from .callbacks import SearchState
from .optimizer import (
    OPTIMIZERS,
    SkoptOptimizer,
    check_random_state_seed,
    make_optimizer,
)
from .optimizer._registry import resolve_optimizer
from .space import SearchSpace, point_key, to_skopt_space
from .utils._sklearn_compat import (
    BaseSearchCV,
    HasMethods,
    Interval,
    StrOptions,
    collect_fit_failures,
    get_tags,
    report_fit_failures,
    routed_split_params,
    user_stacklevel,
    validate_params_unless_skipped,
    yields_constant_splits,
)

__all__ = ["BayesSearchCV"]

# constructor arguments of scikit-optimize's BayesSearchCV that have no
# counterpart here, with the one-line replacement
_REMOVED_ARGUMENTS = {
    "fit_params": (
        "pass fit parameters to fit instead: search.fit(X, y, **fit_params)"
    ),
    "iid": "it was removed from scikit-learn and has no effect; drop it",
    # the other searchers' name for the search space
    "param_grid": (
        "it is called search_spaces here (a GridSearchCV grid is accepted as "
        "it is): BayesSearchCV(estimator, search_spaces=param_grid)"
    ),
    "param_distributions": (
        "it is called search_spaces here (scipy.stats distributions are "
        "accepted as they are): "
        "BayesSearchCV(estimator, search_spaces=param_distributions)"
    ),
}

_NONFINITE_MESSAGE = r"One or more of the (test|train) scores are non-finite"


class _FixedSplits:
    """The same train/test splits on every call (for shuffling splitters)."""

    def __init__(self, splits):
        self.splits = splits

    def split(self, X=None, y=None, groups=None, **params):
        yield from self.splits

    def get_n_splits(self, X=None, y=None, groups=None, **params):
        return len(self.splits)


class _Transient:
    """Holds fit-time state that must not travel with the estimator.

    ``BaseSearchCV`` sends the search object itself to the workers (as the
    ``caller`` of each fit); the optimizers, callbacks and splits it holds
    during ``fit`` are pickled as an empty holder.
    """

    __slots__ = ("value",)

    def __init__(self, value=None):
        self.value = value

    def __reduce__(self):
        return (_Transient, ())


def _callback_name(callback):
    """A readable name: a function's qualified name, otherwise the repr."""
    if inspect.isfunction(callback) or inspect.ismethod(callback):
        return callback.__qualname__
    return repr(callback)


def _auto_initial_points(budget, engine):
    """Random initial design that scales with the budget.

    A tenth of the budget within [5, 20] for skbayes' engines (their priors
    make a model useful early: 5 points for ``n_iter=50``); a fifth within
    [5, 20] for scikit-optimize's (10 for ``n_iter=50``, its own default).
    """
    share = 5 if engine is SkoptOptimizer else 10
    return int(min(budget, max(5, min(20, budget // share))))


class BayesSearchCV(BaseSearchCV):
    """Bayesian optimization over hyperparameters, a drop-in for GridSearchCV.

    ``BayesSearchCV`` evaluates ``n_iter`` candidates chosen one batch at a
    time: a surrogate model of the cross-validated score, fitted on the
    candidates evaluated so far, proposes the next ones. It keeps the whole
    interface of :class:`~sklearn.model_selection.GridSearchCV` (``fit``,
    ``predict``, ``best_params_``, ``cv_results_`` ...) and accepts the
    search spaces of ``GridSearchCV``, ``RandomizedSearchCV`` and
    scikit-optimize's ``BayesSearchCV``.

    Parameters
    ----------
    estimator : estimator object
        The estimator (or pipeline) whose parameters are searched.

    search_spaces : dict, list of dict, or list of (dict, int) pairs
        Parameter names (``step__param`` in a pipeline) mapped to one of:

        - a list, tuple of three or more values, ``range`` or 1-D numpy array
          (a ``GridSearchCV`` grid). Numbers form an ordered axis (a proposed
          value is always one of them); anything else (strings, ``None``,
          booleans, tuples, estimators, ``"passthrough"``) is a set of
          categories, returned unchanged;
        - a frozen ``scipy.stats`` distribution (``RandomizedSearchCV``),
          whose prior is kept;
        - a ``(low, high)``, ``(low, high, prior)`` or ``(low, high, prior,
          base)`` tuple, read as scikit-optimize reads it: two integers give
          an integer range, otherwise a real interval; ``prior`` is
          ``"uniform"`` or ``"log-uniform"``;
        - a dimension of :mod:`skbayes.space` or of ``skopt.space``
          (``Real``, ``Integer``, ``Categorical``), which is never modified.

        A list gives sub-spaces, each with its own parameters (for example
        one per estimator of a pipeline step). A ``(dict, n)`` pair draws
        ``n`` candidates from its sub-space, first. Plain dicts share
        ``n_iter`` adaptively: each gets its random initial design, then
        every batch goes to the sub-space with the highest upper confidence
        bound on its best score, so the budget follows the better model.

    n_iter : int, default=50
        Number of candidates shared by the sub-spaces that have no budget of
        their own (see :attr:`total_iterations`). Fewer are evaluated when a
        finite space is exhausted first.

    optimizer : {"auto", "gp", "tpe", "skopt", "random"}, callable or object, \
            default="auto"
        How candidates are proposed:

        - ``"auto"``: ``"gp"``, or ``"tpe"`` for a sub-space of more than 40
          input columns (a categorical counts one per category) or more
          than 1000 candidates; ``"skopt"`` when ``optimizer_kwargs`` is
          given (code written for scikit-optimize keeps its engine);
        - ``"gp"``: :class:`~skbayes.optimizer.GPOptimizer`, skbayes' own
          Gaussian process (Matern-5/2 ARD, log expected improvement);
        - ``"skopt"``: :class:`~skbayes.optimizer.SkoptOptimizer`,
          scikit-optimize's Bayesian optimizer (``gp_hedge``) without its
          failure modes;
        - ``"tpe"``: :class:`~skbayes.optimizer.TPEOptimizer`, a multivariate
          tree-structured Parzen estimator (as hyperopt and Optuna);
        - ``"random"``: quasi-random search
          (:class:`~skbayes.optimizer.RandomOptimizer`);
        - a factory ``f(space, *, n_initial_points, random_state,
          **optimizer_kwargs)`` returning an object with ``ask(n_points)`` and
          ``tell(points, scores)`` (see :class:`~skbayes.optimizer.BaseOptimizer`),
          e.g. an optimizer class;
        - such an object itself, set up for the search space (one sub-space
          only); a copy is used, so every fit starts from its state.

    optimizer_kwargs : dict, default=None
        Extra keyword arguments of the optimizer's factory; for ``"skopt"``
        (and ``"auto"``) those of ``skopt.Optimizer``, as in scikit-optimize
        (e.g. ``{"base_estimator": "RF", "acq_func": "EI"}``). An
        ``"n_initial_points"`` key is honoured if ``n_initial_points`` is
        ``"auto"``.

    n_initial_points : int or "auto", default="auto"
        Candidates drawn at random before the surrogate is used, per
        sub-space. ``"auto"`` takes a tenth of the sub-space's budget, at
        least 5 and at most 20 (5 for the default ``n_iter=50``); a fifth
        with the ``"skopt"`` engine (10 for ``n_iter=50``, as scikit-optimize).

    n_points : int or "auto", default="auto"
        Candidates proposed together and evaluated in one parallel batch
        (``n_points * n_splits`` fits shared by the ``n_jobs`` workers). The
        batch is made diverse by the optimizer (a constant liar for ``"gp"``
        and ``"skopt"``). ``"auto"`` takes the fewest candidates whose
        ``n_points * n_splits`` fits fill every worker in whole rounds:
        ``n_workers / gcd(n_workers, n_splits)``, where ``n_workers`` is
        ``joblib.effective_n_jobs(n_jobs)`` under the active joblib backend
        (1 with ``n_jobs=None``; 2 with 2 workers and 5 folds; 2 with 4
        workers and 2 folds; 8 with 8 workers and 5 folds). Smaller batches
        let each proposal use more results; larger ones keep workers busy.

    objective : str, default=None
        With multi-metric ``scoring``, the scorer whose mean test score the
        optimizer maximizes. By default the ``refit`` metric when ``refit``
        is a scorer name, otherwise the first scorer of ``scoring`` (the
        first key of a dict, the first name of a list, the first key returned
        by a callable). Must be None with a single metric.

    max_time : float, default=None
        Wall-clock budget of the search, in seconds (the refit is not
        counted). Checked after every batch: a batch started in time
        finishes. The best candidate so far is refitted.

    callbacks : list of callables, default=None
        Each is called as ``callback(state)`` after every batch, with a
        :class:`~skbayes.callbacks.SearchState` (candidates and scores so
        far, the best, elapsed time); a True return value ends the search,
        which still refits its best candidate. See :mod:`skbayes.callbacks`
        for stoppers (deadline, no improvement, target score).

    checkpoint : str or path-like, default=None
        A JSON file where the evaluated candidates and their per-fold
        results are written after every batch (atomically). Fitting again
        with the same file resumes the search: the candidates it holds are
        not evaluated again, they count towards ``n_iter`` and appear in
        ``cv_results_``. A file written by another search (estimator, space,
        scoring, cross-validation) or a corrupt one is refused with an error
        naming it, and left as it is. Loading a checkpoint executes no code.

    initial_points : dict or list, default=None
        Earlier results that seed the search (a warm start): the
        ``cv_results_`` of a finished ``GridSearchCV``, ``RandomizedSearchCV``
        or ``BayesSearchCV`` (its ``params`` and the mean test score of the
        optimized metric), or a list of ``(params, score)`` pairs. The
        optimizer is told them before the first batch, so the surrogate
        starts informed, and none is fitted again. They are not part of
        ``cv_results_`` (their folds were not evaluated by this search) and do
        not count towards ``n_iter``; points outside the search space are
        ignored.

    scoring : str, callable, list, tuple or dict, default=None
        As in :class:`~sklearn.model_selection.GridSearchCV`.

    n_jobs : int, default=None
        Number of jobs to run in parallel; ``-1`` means all processors.

    refit : bool, str or callable, default=True
        As in :class:`~sklearn.model_selection.GridSearchCV`: refit the best
        candidate on the whole data. With multi-metric scoring, a scorer name
        (which is then also the one optimized), a callable choosing
        ``best_index_`` from ``cv_results_``, or False.

    cv : int, cross-validation generator or iterable, default=None
        As in :class:`~sklearn.model_selection.GridSearchCV`. Every candidate
        is evaluated on the same splits: a shuffling splitter without a fixed
        ``random_state`` is split once, at the start of the search, and those
        splits are reused.

    verbose : int, default=0
        With ``verbose > 0`` one line per batch: candidates so far, the
        batch's best candidate and score, the best score so far, the elapsed
        time; higher values add scikit-learn's messages for the fits, as in
        :class:`~sklearn.model_selection.GridSearchCV`.

    pre_dispatch : int or str, default="2*n_jobs"
        As in :class:`~sklearn.model_selection.GridSearchCV`.

    random_state : int, RandomState instance or None, default=None
        Seed of the optimizer. The same seed and the same ``n_points`` give
        the same candidates whatever ``n_jobs`` is (given estimators that are
        themselves seeded). ``n_points="auto"`` depends on ``n_jobs``: set
        ``n_points`` to repeat a search with another number of workers.

    error_score : "raise" or float, default=np.nan
        Score of a fit that fails. With a number, failing candidates never
        stop the search: their score is told to the optimizer as a failure,
        and one ``FitFailedWarning`` summarizes the failures at the end. With
        ``"raise"`` the original exception reaches the caller.

    return_train_score : bool, default=False
        Whether ``cv_results_`` includes training scores.

    Attributes
    ----------
    cv_results_ : dict of numpy (masked) ndarrays
        The keys of :class:`~sklearn.model_selection.GridSearchCV`'s
        ``cv_results_`` for the same scorers, in evaluation order, plus
        ``iteration`` (the batch in which each candidate was evaluated) and,
        with ``return_train_score``, ``rank_train_<scorer>`` (as
        scikit-optimize gives).

    best_estimator_ : estimator
        The best candidate refitted on the whole data (if ``refit``).

    best_score_ : float
        Mean cross-validated score of the best candidate.

    best_params_ : dict
        Parameters of the best candidate.

    best_index_ : int
        Index of the best candidate in ``cv_results_``.

    scorer_ : function or dict
        The scorer(s) used on the held-out data.

    n_splits_ : int
        Number of cross-validation splits.

    refit_time_ : float
        Seconds spent refitting the best candidate.

    multimetric_ : bool
        Whether several metrics were computed.

    classes_ : ndarray of shape (n_classes,)
        Class labels (classifiers with ``refit``).

    n_features_in_ : int
        Number of features seen during fit (with ``refit``).

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names seen during fit (with ``refit``, when ``X`` has them).

    objective_ : str
        Name of the metric the optimizer maximized (``"score"`` for a single
        metric).

    search_space_ : SearchSpace
        The parsed search space.

    optimizers_ : list
        The optimizer of each sub-space, in its final state.

    n_seeded_ : int
        Number of ``initial_points`` told to the optimizers.

    stop_reason_ : str or None
        Why the search ended before its budget: ``"max_time"``, the name of
        the function (or the repr of the callable) that stopped it,
        ``"interrupted"`` (Ctrl-C), or ``"sklearn callback"``; None when the
        budget was spent (or the space exhausted).

    optimizer_results_ : list of scipy.optimize.OptimizeResult
        One per sub-space, as scikit-optimize gives: ``x`` (best parameter
        values in sorted name order), ``fun`` (minus the best score),
        ``x_iters``, ``func_vals`` (minus the scores).

    See Also
    --------
    sklearn.model_selection.GridSearchCV : Exhaustive search over a grid.
    sklearn.model_selection.RandomizedSearchCV : Random search.

    Notes
    -----
    Differences from scikit-optimize's ``BayesSearchCV``: a plain list of
    numbers is a grid of values (``[1, 5]`` is the two values 1 and 5, not
    the range 1..5: write the tuple ``(1, 5)`` for a range); plain dicts in a
    list share ``n_iter`` (adaptively) instead of each taking ``n_iter``;
    the default engine is skbayes' own Gaussian process (``optimizer_kwargs``
    select scikit-optimize's, as before); the defaults of
    ``n_jobs``, ``error_score`` and ``return_train_score`` are
    scikit-learn's; bad input raises at ``fit``, not in the constructor.

    A callback passed as ``fit(X, y, callback=cb)`` is called after every
    batch with the current sub-space's ``OptimizeResult``; when it returns
    True, that sub-space's search stops (as in scikit-optimize).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = BayesSearchCV(
    ...     SVC(),
    ...     {"C": (1e-3, 1e3, "log-uniform"), "kernel": ["linear", "rbf"]},
    ...     n_iter=12,
    ...     random_state=0,
    ... )
    >>> print(search.fit(X, y).best_score_ > 0.95)
    True
    >>> sorted(search.best_params_)
    ['C', 'kernel']
    >>> len(search.cv_results_["params"])
    12
    """

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "search_spaces": [dict, list],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "optimizer": [
            StrOptions(set(OPTIMIZERS)),
            callable,
            HasMethods(["ask", "tell"]),
        ],
        "optimizer_kwargs": [dict, None],
        "n_initial_points": [
            StrOptions({"auto"}),
            Interval(numbers.Integral, 0, None, closed="left"),
        ],
        "n_points": [
            StrOptions({"auto"}),
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
        "objective": [str, None],
        "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "callbacks": [list, None],
        "checkpoint": [str, os.PathLike, None],
        "initial_points": [dict, list, None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator,
        search_spaces,
        *,
        n_iter=50,
        optimizer="auto",
        optimizer_kwargs=None,
        n_initial_points="auto",
        n_points="auto",
        objective=None,
        max_time=None,
        callbacks=None,
        checkpoint=None,
        initial_points=None,
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
        super().__init__(
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
        self.search_spaces = search_spaces
        self.n_iter = n_iter
        self.optimizer = optimizer
        self.optimizer_kwargs = optimizer_kwargs
        self.n_initial_points = n_initial_points
        self.n_points = n_points
        self.objective = objective
        self.max_time = max_time
        self.callbacks = callbacks
        self.checkpoint = checkpoint
        self.initial_points = initial_points
        self.random_state = random_state

    def __new__(cls, *args, **kwargs):
        # scikit-optimize's constructor arguments that have no counterpart
        # get a message naming the replacement instead of a bare TypeError
        # (checked here so that __init__ keeps scikit-learn's plain signature).
        for name, hint in _REMOVED_ARGUMENTS.items():
            if name in kwargs:
                raise TypeError(f"BayesSearchCV does not take {name!r}: {hint}.")
        return super().__new__(cls)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # a search accepts the multi-output targets its estimator accepts
        sub = get_tags(self.estimator)
        tags.target_tags.multi_output = sub.target_tags.multi_output
        return tags

    # scikit-learn < 1.6 reads these two instead of __sklearn_tags__
    _required_parameters = ["estimator", "search_spaces"]

    def _more_tags(self):
        return {
            "multioutput": self.estimator._get_tags().get("multioutput", False),
            "_xfail_checks": {},
        }

    # -- scikit-optimize compatibility ----------------------------------------
    @property
    def total_iterations(self):
        """Number of candidates ``fit`` will evaluate at most (all sub-spaces)."""
        return SearchSpace(self.search_spaces).total_iterations(self.n_iter)

    # -- fit ------------------------------------------------------------------
    def fit(self, X, y=None, *, callback=None, **params):
        """Run the search, then refit the best candidate (if ``refit``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Target.
        callback : callable or list of callables, default=None
            Called as ``callback(result)`` after every batch, with the current
            sub-space's ``OptimizeResult`` (see ``optimizer_results_``); a
            True return value ends that sub-space's search. Kept for code
            written for scikit-optimize.
        **params : dict
            Passed to the estimator's ``fit``, the scorer and the splitter
            (``groups``, ``sample_weight`` ...), as in ``GridSearchCV.fit``.

        Returns
        -------
        self : BayesSearchCV
        """
        # Everything that can be checked without data is checked before any
        # model is fitted.
        validate_params_unless_skipped(self)
        search_space = SearchSpace(self.search_spaces)
        for subspace in search_space.subspaces:
            _check_param_names(self.estimator, subspace)
        self._check_objective()
        state = self._make_plan(search_space)
        state["callbacks"] = _check_callbacks(callback)
        state["search_callbacks"] = _check_callbacks(self.callbacks, "callbacks")
        try:
            n_splits = _count_splits(self, X, y, params)
        except ValueError:  # a generator of splits: it can be read once only
            n_splits = None
        state["n_points"] = self._batch_size(n_splits)
        state["subspace_of"] = {}
        if self.checkpoint is not None:
            parts, digest = fingerprint(self, search_space)
            state["checkpoint"] = Checkpoint(self.checkpoint, parts, digest)
            state["resumed"] = state["checkpoint"].load(search_space)
            if n_splits is None:
                raise ValueError(
                    "checkpoint: cv must be an int, a splitter or a list of splits "
                    "to resume a search (a generator can be read once only), got "
                    f"{self.cv!r}."
                )
            state["n_splits"] = n_splits
            total = search_space.total_iterations(self.n_iter)
            if len(state["resumed"]) >= total:
                raise ValueError(
                    f"checkpoint: {os.fspath(self.checkpoint)!r} already holds "
                    f"{len(state['resumed'])} candidates, the whole budget of "
                    f"{total}: raise n_iter to search further, or remove the file "
                    "to start afresh."
                )
        # A splitter that shuffles differently on every call is split once,
        # here, and every batch is evaluated on those splits. (Integers, None
        # and iterables of splits always give the same splits.)
        if hasattr(self.cv, "split"):
            cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
            if not yields_constant_splits(cv):
                Xi, yi = indexable(X, y)
                split_params = routed_split_params(self, Xi, params)
                splits = list(cv.split(Xi, yi, **split_params))
                state["fixed_cv"] = _FixedSplits(splits)
        self._search_state = _Transient(state)
        try:
            super().fit(X, y, **params)
        finally:
            self.__dict__.pop("_search_state", None)
        if self.return_train_score:
            # scikit-optimize ranks train scores too; its users read them
            for key in list(self.cv_results_):
                if key.startswith("mean_train_"):
                    name = key[len("mean_train_") :]
                    means = np.asarray(self.cv_results_[key], dtype=float)
                    fill = np.nanmin(means) - 1 if np.isfinite(means).any() else 0.0
                    self.cv_results_[f"rank_train_{name}"] = rankdata(
                        -np.nan_to_num(means, nan=fill), method="min"
                    ).astype(np.int32)
        return self

    def _check_objective(self):
        scoring = self.scoring
        if isinstance(scoring, (list, tuple, set, dict)):
            names = list(scoring)
            if self.objective is not None and self.objective not in names:
                raise ValueError(
                    f"objective={self.objective!r} is not one of the scorers "
                    f"{names}; give the name of the metric to optimize."
                )
        elif self.objective is not None and not callable(scoring):
            raise ValueError(
                f"objective={self.objective!r} is only used with multi-metric "
                "scoring; leave it to None with a single metric."
            )

    def _make_plan(self, search_space):
        kwargs = dict(self.optimizer_kwargs or {})
        if "random_state" in kwargs:
            raise ValueError(
                "optimizer_kwargs: set random_state on BayesSearchCV itself, not in "
                "optimizer_kwargs."
            )
        n_init_kwarg = kwargs.pop("n_initial_points", None)
        budgets = search_space.split_budget(self.n_iter)
        empty = [i for i, b in enumerate(budgets) if b == 0]
        if empty:
            warnings.warn(
                f"n_iter={self.n_iter} is smaller than the number of sub-spaces "
                f"that share it: sub-spaces {empty} get no candidate.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        seeds = check_random_state_seed(self.random_state).spawn(len(budgets))
        optimizers = []
        for subspace, budget, seed in zip(search_space.subspaces, budgets, seeds):
            if self.n_initial_points != "auto":
                n_init = self.n_initial_points
            elif n_init_kwarg is not None:
                n_init = n_init_kwarg
            else:
                engine = resolve_optimizer(self.optimizer, subspace, budget, kwargs)
                n_init = _auto_initial_points(budget, engine)
            optimizers.append(
                make_optimizer(
                    self.optimizer,
                    subspace,
                    n_initial_points=n_init,
                    random_state=seed,
                    n_subspaces=len(budgets),
                    budget=budget,
                    **kwargs,
                )
            )
        return {
            "search_space": search_space,
            "budgets": budgets,
            "optimizers": optimizers,
        }

    # -- the search loop --------------------------------------------------------
    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        plan = self._search_state.value
        callbacks = plan["callbacks"]
        search_space = plan["search_space"]
        optimizers = plan["optimizers"]
        budgets = plan["budgets"]
        fixed_cv = plan.get("fixed_cv")

        search_ctx = None
        if callback_ctx is not None:
            n_batches = sum(math.ceil(b / plan["n_points"]) for b in budgets)
            search_ctx = callback_ctx.subcontext(
                task_name="search", max_subtasks=n_batches
            ).call_on_fit_task_begin(estimator=self)

        self.objective_ = None
        # search-wide memory: a point proposed again (by another sub-space, or
        # by an optimizer that repeats itself) is told its known score, never
        # evaluated twice
        known = {}
        histories = [([], []) for _ in optimizers]
        state = {"results": {}, "iteration": 0, "stop": False, "reason": None}
        started = time.perf_counter()
        exhausted = []
        with collect_fit_failures(self) as failures, warnings.catch_warnings():
            # scikit-learn warns about non-finite scores on every batch; one
            # warning for the whole search is given below
            warnings.filterwarnings(
                "ignore", message=_NONFINITE_MESSAGE, category=UserWarning
            )
            scheduler = _SubspaceScheduler(search_space.budgets, budgets, optimizers)
            if plan.get("resumed"):
                self._resume(plan, optimizers, scheduler, known, histories, state)
            self._seed(plan, optimizers, known, histories)
            while not state["stop"]:
                pick = scheduler.next(plan["n_points"])
                if pick is None:
                    break
                index, n = pick
                opt = optimizers[index]
                batch = opt.ask(n)
                if not batch:
                    exhausted.append(index)
                    scheduler.close(index)
                    continue
                new = self._split_known(batch, known, search_space.subspaces[index])
                for point in new:
                    plan["subspace_of"][point_key(point)] = index
                if new:
                    try:
                        self._evaluate_batch(
                            new, evaluate_candidates, search_ctx, fixed_cv, known, state
                        )
                    except KeyboardInterrupt:
                        # Ctrl-C: keep what was evaluated, refit the best; a
                        # second Ctrl-C (during the refit) aborts
                        if not state["results"]:
                            raise
                        state["reason"] = "interrupted"
                        break
                scores = [known[point_key(p)] for p in batch]
                opt.tell(batch, scores)
                histories[index][0].extend(batch)
                histories[index][1].extend(scores)
                if scheduler.record(index, len(new), scores):
                    exhausted.append(index)  # an optimizer that only repeats itself
                if self.verbose > 0 and new:
                    self._print_progress(new, known, state, started, budgets)
                if self._should_stop(plan, state, started):
                    break
                if callbacks:
                    result = _optimize_result(
                        search_space.subspaces[index], *histories[index], opt
                    )
                    # every callback is called, as scikit-optimize does; True
                    # ends this sub-space's search
                    if any([bool(cb(result)) for cb in callbacks]):
                        scheduler.close(index)
        if search_ctx is not None:
            search_ctx.call_on_fit_task_end(estimator=self)

        results = state["results"]
        self.stop_reason_ = state["reason"]
        if state["reason"] == "interrupted":
            warnings.warn(
                "The search was interrupted: the best of the "
                f"{len(results['params'])} candidates evaluated is refitted.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        if not results:
            raise ValueError(
                "The optimizer proposed no candidate: nothing was evaluated."
            )
        self.search_space_ = search_space
        self.optimizers_ = optimizers
        self.optimizer_results_ = [
            _optimize_result(space, *history, opt)
            for space, history, opt in zip(
                search_space.subspaces, histories, optimizers
            )
        ]
        report_fit_failures(failures, self.error_score)
        _warn_nonfinite(results)
        if exhausted and len(results["params"]) < sum(budgets):
            which = (
                "The search space"
                if len(optimizers) == 1
                else f"Sub-spaces {sorted(set(exhausted))} of the search space"
            )
            warnings.warn(
                f"{which} had fewer distinct candidates than the budget: every "
                f"candidate was evaluated once and the search stopped after "
                f"{len(results['params'])} candidates.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )

    def _resume(self, plan, optimizers, scheduler, known, histories, state):
        """Tell the optimizers the candidates of the checkpoint."""
        resumed = plan["resumed"]
        n_splits = plan["n_splits"]
        for _, _, _, fits in resumed:
            if len(fits) != n_splits:
                raise CheckpointError(
                    f"checkpoint: {plan['checkpoint'].path!r} has candidates with "
                    f"{len(fits)} folds, this search has {n_splits}."
                )
        for index, point, _, _ in resumed:
            plan["subspace_of"][point_key(point)] = index
        results = self._format_results([], n_splits, [], {})
        state["results"] = results
        state["iteration"] = 1 + max(it for _, _, it, _ in resumed)
        scores = self._batch_scores(results, len(resumed))
        for (index, point, _, _), score in zip(resumed, scores):
            known[point_key(point)] = float(score)
            optimizers[index].tell([point], [float(score)])
            histories[index][0].append(point)
            histories[index][1].append(float(score))
            scheduler.record(index, 1, [float(score)])

    def _batch_size(self, n_splits):
        if self.n_points != "auto":
            return self.n_points
        from joblib import effective_n_jobs

        # the fewest candidates whose fits fill every worker in whole rounds
        workers = max(1, effective_n_jobs(self.n_jobs))
        return workers // math.gcd(workers, n_splits or 1)

    def _seed(self, plan, optimizers, known, histories):
        """Tell the optimizers the ``initial_points`` (a warm start)."""
        self.n_seeded_ = 0
        seeds = _initial_points(self.initial_points, self)
        for params, score in seeds:
            for index, subspace in enumerate(plan["search_space"].subspaces):
                if subspace.contains(params) and point_key(params) not in known:
                    known[point_key(params)] = score
                    optimizers[index].tell([params], [score])
                    histories[index][0].append(params)
                    histories[index][1].append(score)
                    self.n_seeded_ += 1
                    break

    def _format_results(self, candidate_params, n_splits, out, more_results=None):
        # Called by BaseSearchCV.fit after every batch with all candidates so
        # far: candidates resumed from a checkpoint are put first, and the
        # checkpoint is written.
        holder = getattr(self, "_search_state", None)
        plan = holder.value if isinstance(holder, _Transient) else None
        resumed = (plan or {}).get("resumed") or []
        if resumed:
            candidate_params = [p for _, p, _, _ in resumed] + list(candidate_params)
            out = [fit for _, _, _, fits in resumed for fit in fits] + list(out)
            more = {"iteration": [it for _, _, it, _ in resumed]}
            for key, values in (more_results or {}).items():
                more[key] = more.get(key, []) + list(values)
            more_results = more
        results = super()._format_results(candidate_params, n_splits, out, more_results)
        if plan is not None and plan.get("checkpoint") is not None:
            records = []
            iterations = results.get("iteration", [0] * len(candidate_params))
            for i, point in enumerate(candidate_params):
                index = plan["subspace_of"][point_key(point)]
                key = plan["search_space"].subspaces[index].key(point)
                fits = [
                    {k: v for k, v in fit.items() if k != "estimator"}
                    for fit in out[i * n_splits : (i + 1) * n_splits]
                ]
                records.append((index, key, iterations[i], fits))
            plan["checkpoint"].save(records)
        return results

    def _print_progress(self, batch, known, state, started, budgets):
        """One line per batch: its best candidate, the best so far, the time."""
        scores = np.array([known[point_key(p)] for p in batch])
        finite = [s for s in known.values() if math.isfinite(s)]
        best = max(finite) if finite else math.nan
        if np.isfinite(scores).any():
            i = int(np.nanargmax(scores))
            shown = ", ".join(f"{k}={v!r}" for k, v in sorted(batch[i].items()))
            last = f"{shown}: {scores[i]:.4f}"
        else:
            last = "failed"
        n_done = len(state["results"].get("params", []))
        print(
            f"[BayesSearchCV] {n_done}/{sum(budgets)} candidates; {last}; "
            f"best {best:.4f}; {time.perf_counter() - started:.1f} s",
            flush=True,
        )

    def _should_stop(self, plan, state, started):
        """Wall-clock budget and the constructor's callbacks, after a batch."""
        elapsed = time.perf_counter() - started
        if self.max_time is not None and elapsed >= self.max_time:
            state["reason"] = "max_time"
            return True
        callbacks = plan["search_callbacks"]
        if not callbacks or not state["results"]:
            return False
        results = state["results"]
        if self.objective_ is not None:
            scores = np.asarray(results[f"mean_test_{self.objective_}"], dtype=float)
        else:
            scores = np.full(len(results["params"]), np.nan)
        finite = np.isfinite(scores)
        best = int(np.nanargmax(scores)) if finite.any() else None
        search_state = SearchState(
            params=list(results["params"]),
            scores=scores,
            best_score=float(scores[best]) if best is not None else math.nan,
            best_params=results["params"][best] if best is not None else None,
            iteration=state["iteration"],
            elapsed=elapsed,
            cv_results=results,
        )
        stops = [cb for cb in callbacks if cb(search_state)]  # call them all
        if stops:
            state["reason"] = _callback_name(stops[0])
            return True
        return False

    def _split_known(self, batch, known, subspace):
        """The points of ``batch`` not evaluated yet (checked to be in the space)."""
        new, keys = [], set()
        for point in batch:
            if not (isinstance(point, Mapping) and subspace.contains(point)):
                raise ValueError(
                    f"optimizer: proposed {point!r}, which is not a point of the "
                    f"search space {subspace!r}."
                )
            key = point_key(point)
            if key not in known and key not in keys:
                keys.add(key)
                new.append(point)
        return new

    def _evaluate_batch(
        self, batch, evaluate_candidates, search_ctx, fixed_cv, known, state
    ):
        kwargs = {"more_results": {"iteration": [state["iteration"]] * len(batch)}}
        if fixed_cv is not None:
            kwargs["cv"] = fixed_cv
        batch_ctx = None
        if search_ctx is not None:
            batch_ctx = search_ctx.subcontext(
                task_name="iteration",
                max_subtasks=len(batch) * self.n_splits_,
                sequential_subtasks=False,
            ).call_on_fit_task_begin(estimator=self)
            kwargs["callback_ctx"] = batch_ctx
        # verbose=1 prints one line per batch (see _report); scikit-learn's
        # own messages start one level higher
        verbose = self.verbose
        self.verbose = max(0, int(verbose or 0) - 1)
        try:
            results = evaluate_candidates(batch, **kwargs)
        finally:
            self.verbose = verbose
        # scikit-learn's callback API: a callback returning True at the end of
        # a batch stops the search
        if batch_ctx is not None and batch_ctx.call_on_fit_task_end(estimator=self):
            state["stop"] = True
            state["reason"] = "sklearn callback"
        state["results"] = results
        state["iteration"] += 1
        for point, score in zip(batch, self._batch_scores(results, len(batch))):
            known[point_key(point)] = float(score)

    def _batch_scores(self, results, n):
        if self.objective_ is None:
            if callable(self.scoring) and not _any_finite_test_score(results):
                # a callable scorer's metric names are only known once a fit
                # succeeded: failures are told as such until then
                return np.full(n, np.nan)
            self.objective_ = self._resolve_objective(results)
        return np.asarray(results[f"mean_test_{self.objective_}"][-n:], dtype=float)

    def _resolve_objective(self, results):
        names = [k[len("rank_test_") :] for k in results if k.startswith("rank_test_")]
        if names == ["score"] and not isinstance(
            self.scoring, (list, tuple, set, dict)
        ):
            if self.objective not in (None, "score"):
                raise ValueError(
                    f"objective={self.objective!r} is only used with multi-metric "
                    "scoring; the scorer returned a single score."
                )
            return "score"
        if self.objective is not None:
            if self.objective not in names:
                raise ValueError(
                    f"objective={self.objective!r} is not one of the scorers "
                    f"{names}; give the name of the metric to optimize."
                )
            return self.objective
        if isinstance(self.refit, str) and self.refit in names:
            return self.refit
        if isinstance(self.scoring, Mapping):
            return next(iter(self.scoring))
        if isinstance(self.scoring, (list, tuple)):
            return self.scoring[0]
        return names[0]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _set_signature(cls)


class _SubspaceScheduler:
    """Which sub-space proposes the next batch.

    Sub-spaces with a budget of their own (scikit-optimize's ``(dict,
    n_iter)`` pairs) spend it first, in order. The others share their
    budget adaptively: each first gets its random initial design (at most
    its equal share), then every batch goes to the sub-space with the
    highest upper confidence bound on its best score, ``best_i + spread *
    sqrt(2 log(t) / n_i)`` (``spread``: standard deviation of all scores so
    far, ``t``: candidates so far, ``n_i``: the sub-space's). A sub-space that
    runs out of candidates leaves its share to the others.
    """

    def __init__(self, fixed_budgets, shares, optimizers):
        self.left = {i: b for i, b in enumerate(fixed_budgets) if b is not None}
        self.shared = [i for i, b in enumerate(fixed_budgets) if b is None]
        self.shared_left = sum(shares[i] for i in self.shared)
        self.warmup = {
            i: min(
                shares[i], max(1, int(getattr(optimizers[i], "n_initial_points", 5)))
            )
            for i in self.shared
        }
        self.counts = dict.fromkeys(range(len(fixed_budgets)), 0)
        self.scores = {i: [] for i in range(len(fixed_budgets))}
        self.stale = dict.fromkeys(range(len(fixed_budgets)), 0)

    def next(self, n_points):
        for i, left in self.left.items():
            if left > 0:
                return i, min(n_points, left)
        if self.shared_left <= 0 or not self.shared:
            return None
        n = min(n_points, self.shared_left)
        if len(self.shared) == 1:
            return self.shared[0], n
        for i in self.shared:
            if self.counts[i] < self.warmup[i]:
                return i, n
        finite = [s for i in self.shared for s in self.scores[i] if math.isfinite(s)]
        spread = float(np.std(finite)) if len(finite) > 1 else 1.0
        total = max(2, sum(self.counts[i] for i in self.shared))

        def bound(i):
            own = [s for s in self.scores[i] if math.isfinite(s)]
            best = max(own) if own else -math.inf
            bonus = spread * math.sqrt(2 * math.log(total) / max(1, self.counts[i]))
            return best + bonus

        return max(self.shared, key=bound), n

    def record(self, i, n_new, scores):
        """Count a batch; True when the sub-space only repeats known points."""
        self.counts[i] += n_new
        self.scores[i].extend(scores)
        if i in self.left:
            self.left[i] -= n_new
        else:
            self.shared_left -= n_new
        self.stale[i] = 0 if n_new else self.stale[i] + 1
        if self.stale[i] >= 20:
            self.close(i)
            return True
        return False

    def close(self, i):
        """No more candidates from sub-space ``i``."""
        if i in self.left:
            self.left[i] = 0
        elif i in self.shared:
            self.shared.remove(i)


def _set_signature(cls):
    # ``__new__`` takes *args/**kwargs; the class's signature stays that of
    # ``__init__`` (scikit-learn's checks and ``help()`` read it)
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    cls.__signature__ = inspect.Signature(parameters)


_set_signature(BayesSearchCV)


def _initial_points(initial_points, search):
    """``initial_points`` as a list of ``(params, score)``."""
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
        scores = np.asarray(results[f"mean_test_{name}"], dtype=float)
        return list(zip(results["params"], scores.tolist()))
    pairs = []
    for item in initial_points:
        if isinstance(item, Mapping) and "params" in item and "score" in item:
            params, score = item["params"], item["score"]
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            params, score = item
        else:
            raise ValueError(
                "initial_points: each item must be a (params, score) pair or a dict "
                f"with 'params' and 'score' keys, got {item!r}."
            )
        if not isinstance(params, Mapping):
            raise TypeError(f"initial_points: params must be a dict, got {params!r}.")
        pairs.append((dict(params), float(score)))
    return pairs


def _count_splits(search, X, y, params):
    """Number of cross-validation splits, without consuming ``search.cv``."""
    cv = search.cv
    if cv is None or isinstance(cv, numbers.Integral):
        return 5 if cv is None else int(cv)
    if hasattr(cv, "split"):
        Xi, yi = indexable(X, y)
        splitter = check_cv(cv, yi, classifier=is_classifier(search.estimator))
        return splitter.get_n_splits(Xi, yi, **routed_split_params(search, Xi, params))
    if isinstance(cv, (list, tuple)):
        return len(cv)
    raise ValueError(f"cv: a generator of splits cannot be counted, got {cv!r}.")


def _any_finite_test_score(results):
    return any(
        np.isfinite(np.asarray(v, dtype=float)).any()
        for k, v in results.items()
        if k.startswith("mean_test_")
    )


def _check_callbacks(callback, name="callback"):
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


def _check_param_names(estimator, subspace):
    """Every searched name must be a parameter of the estimator.

    ``step__param`` names below a searched step (a pipeline step chosen
    among several estimators) are checked against each of those estimators.
    """
    valid = set(estimator.get_params(deep=True))
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
                bad = [v for v in candidates if rest not in v.get_params(deep=True)]
                if not candidates or bad:
                    raise ValueError(
                        f"search_spaces: invalid parameter {name!r}: {rest!r} is "
                        f"not a parameter of {bad[0] if bad else 'the values'!r} "
                        f"searched for {prefix!r}."
                    )
                break
        else:
            if name not in valid:
                raise ValueError(
                    f"search_spaces: invalid parameter {name!r} for estimator "
                    f"{estimator!r}. Valid parameters are: {sorted(valid)!r}."
                )


def _optimize_result(space, points, scores, opt):
    """scikit-optimize's ``OptimizeResult`` view of a sub-space's history."""
    names = list(space.names)
    x_iters = [[p[n] for n in names] for p in points]
    scores = np.asarray(scores, dtype=float)
    func_vals = -scores
    if len(scores) and not np.all(np.isnan(scores)):
        best = int(np.nanargmax(scores))
        x, fun = x_iters[best], float(func_vals[best])
    else:
        x, fun = None, math.nan
    return OptimizeResult(
        x=x,
        fun=fun,
        x_iters=x_iters,
        func_vals=func_vals,
        space=to_skopt_space(space),
        models=[],
        specs={"optimizer": type(opt).__name__},
        timestamp=time.time(),
    )


def _warn_nonfinite(results):
    """scikit-learn's non-finite score warning, once for the whole search."""
    for kind in ("test", "train"):
        for key in results:
            if re.fullmatch(rf"mean_{kind}_\w+", key):
                means = np.asarray(results[key], dtype=float)
                if not np.all(np.isfinite(means)):
                    warnings.warn(
                        f"One or more of the {kind} scores are non-finite: {means}",
                        category=UserWarning,
                        stacklevel=user_stacklevel(),
                    )
                    break
