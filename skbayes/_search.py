"""BayesSearchCV: Bayesian hyperparameter search behind scikit-learn's contract."""

from __future__ import annotations

import inspect
import numbers
import os

import numpy as np

from ._runtime import EverythingResumed, SearchRuntime
from .optimizer import OPTIMIZERS
from .space import SearchSpace
from .spaces import DefaultSpace
from .utils._sklearn_compat import (
    BaseSearchCV,
    HasMethods,
    Interval,
    StrOptions,
    callback_support_warned_once,
    finish_search,
    get_tags,
    validate_params_unless_skipped,
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

    search_spaces : dict, list of dict, list of (dict, int) pairs, \
            DefaultSpace or None, default=None
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

        ``None`` searches the estimator's default space
        (:func:`skbayes.spaces.default_space`: the parameters that matter
        most, over ranges taken from the literature, for scikit-learn's
        linear models, SVMs, neighbors, trees, forests, boosting and MLPs,
        XGBoost, LightGBM, CatBoost, and pipelines ending in one), resolved
        against the data at ``fit`` (``max_features`` from ``1 /
        n_features``, ``n_neighbors`` up to the smallest training set ...)
        and kept in :attr:`search_spaces_`. A
        :class:`~skbayes.spaces.DefaultSpace` (one changed with ``merge`` or
        ``drop``) is resolved the same way. Over a default space the
        estimator as given (its own values of the space's parameters) is
        evaluated first, one candidate more than ``n_iter``, so that the
        search never selects a candidate that scores below it in
        cross-validation. An estimator without a default space is an error
        at ``fit``, before any model is fitted.

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
        sub-space. ``"auto"`` lets the engine decide from the sub-space's
        budget: skbayes' engines take a tenth of it, at least 5 and at most
        20 (5 for the default ``n_iter=50``); the ``"skopt"`` engine a fifth
        (10 for ``n_iter=50``, as scikit-optimize).

    n_points : int or "auto", default="auto"
        Candidates proposed together and evaluated in one parallel batch
        (``n_points * n_splits`` fits shared by the ``n_jobs`` workers). The
        batch is made diverse by the optimizer (a constant liar for ``"gp"``
        and ``"skopt"``). ``"auto"`` follows the budget only, never the
        hardware, so that a seed gives the same candidates with any
        ``n_jobs`` and any joblib backend: the largest power of two that
        leaves at least six batches, within [1, 16] (1 for ``n_iter=10``, 4
        for 30, 8 for the default 50, 16 from 96). A batch of 8 gives 2, 4
        or 8 workers whole rounds of fits whatever the number of folds.
        While a batch is evaluated, the optimizer prepares the next proposal
        in a thread (the GP engine fits its model's hyperparameters on the
        scores so far), so the workers wait less once the batch is told.
        Smaller batches let each proposal use more results; larger ones
        keep more workers busy. An explicit ``n_points`` (say, the number of
        workers, or 1 for one candidate at a time) is reproducible too, but
        the candidates then depend on that setting.

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
        A file to which the evaluated candidates and their per-fold results
        are appended after every batch (a header, then one JSON line per
        candidate; loading it executes no code). Fitting again with the same
        file resumes the search: the candidates it holds are not evaluated
        again, they count towards ``n_iter`` and appear in ``cv_results_``,
        and new candidates are scored on the same splits; a file that holds
        the whole budget is refitted without new fits. A file written by
        another search (estimator, space, scoring, cross-validation, data)
        or a malformed one is refused before any fit with an error naming
        it, and left as it is; so is a path where no file can be written.

    initial_points : dict or list, default=None
        Earlier results that warm-start the search: the ``cv_results_`` of
        a finished ``GridSearchCV``, ``RandomizedSearchCV``
        or ``BayesSearchCV`` (its ``params`` and the mean test score of the
        optimized metric), or a list of ``(params, score)`` pairs. The
        optimizer is told them before the first batch, so the surrogate
        starts informed, and none is fitted again. They are not part of
        ``cv_results_`` (their folds were not evaluated by this search) and do
        not count towards ``n_iter``. Points outside the search space are
        left out, with one warning saying which and why (a whole float such
        as ``3.0`` is a value of an ``Integer`` dimension, told as ``3``).

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
        Seed of the optimizer. The same seed gives the same candidates
        whatever ``n_jobs`` and the joblib backend are (given estimators
        that are themselves seeded), as with ``RandomizedSearchCV``.

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
        ``cv_results_`` for the same scorers and no other, one row per
        candidate in evaluation order. The batch of each row is in
        :attr:`iterations_`.

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

    search_spaces_ : dict, list or DefaultSpace
        The search space searched: ``search_spaces`` as given or, for
        ``search_spaces=None`` or a ``DefaultSpace``, the default space
        resolved against the data (its ``table()`` shows the ranges
        searched, and it can be passed as the ``search_spaces`` of another
        search).

    search_space_ : SearchSpace
        The parsed search space.

    optimizers_ : list
        The optimizer of each sub-space, in its final state.

    n_warm_start_points_ : int
        Number of ``initial_points`` told to the optimizers (those outside
        the search space, or listed twice, are left out).

    iterations_ : ndarray of int, shape (n_candidates,)
        The batch (from 0) in which each candidate of ``cv_results_`` was
        evaluated; a resumed search continues the numbering of the
        checkpoint's batches.

    stop_reason_ : str or None
        Why the search ended before its budget: ``"max_time"``, the name of
        the function (or the repr of the callable) that stopped it (a
        ``callbacks`` entry, or a ``fit(callback=...)`` that closed the last
        sub-space with budget left), ``"interrupted"`` (Ctrl-C),
        ``"sklearn callback"``, or ``"exhausted"`` (every candidate of a
        finite space evaluated, or the optimizer proposing only candidates
        already evaluated); None when the budget ``n_iter`` was spent.

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
        "search_spaces": [dict, list, DefaultSpace, None],
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
        search_spaces=None,
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
    _required_parameters = ["estimator"]

    def _more_tags(self):
        # an estimator without scikit-learn's base classes has no _get_tags:
        # the default tags apply to it, as GridSearchCV's _safe_tags does
        get = getattr(self.estimator, "_get_tags", None)
        sub = get() if callable(get) else {}
        return {"multioutput": sub.get("multioutput", False), "_xfail_checks": {}}

    # -- scikit-optimize compatibility ----------------------------------------
    @property
    def total_iterations(self):
        """Number of candidates ``fit`` will evaluate at most (all sub-spaces)."""
        if self.search_spaces is None or isinstance(self.search_spaces, DefaultSpace):
            # its sub-spaces share n_iter, after the estimator as given
            return self.n_iter + 1
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
        # Everything that can be checked without fitting a model is checked
        # here, by the runtime, before any model is fitted.
        validate_params_unless_skipped(self)
        runtime = self._runtime_class(self, X, y, params, callback=callback)
        self._runtime = _Transient(runtime)
        try:
            with callback_support_warned_once(self):
                try:
                    super().fit(X, y, **params)
                except EverythingResumed:
                    # the checkpoint held the whole search: evaluate nothing,
                    # refit
                    finish_search(
                        self,
                        X,
                        y,
                        params,
                        runtime.results,
                        runtime.evaluated.n_splits,
                        runtime.evaluated.resumed[0].fits[0]["test_scores"],
                    )
        finally:
            self.__dict__.pop("_runtime", None)
        # the batch of each candidate travels through scikit-learn's loop as
        # an extra results key; cv_results_ keeps exactly GridSearchCV's keys
        self.iterations_ = np.asarray(self.cv_results_.pop("iteration"), dtype=int)
        return self

    #: the runtime of a fit: its scheduler decides what each batch holds
    _runtime_class = SearchRuntime

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        runtime = self._runtime.value
        with runtime.running(callback_ctx):
            runtime.resume()
            runtime.warm_start()
            while (batch := runtime.next_batch()) is not None:
                runtime.evaluate(batch, evaluate_candidates)
                runtime.record(batch)
                if runtime.should_stop(batch):
                    break
        runtime.publish()

    def _format_results(self, candidate_params, n_splits, out, more_results=None):
        # called by BaseSearchCV.fit after every batch, with all the
        # candidates of this fit: the runtime puts the resumed ones first
        holder = getattr(self, "_runtime", None)
        if not isinstance(holder, _Transient) or holder.value is None:
            return super()._format_results(
                candidate_params, n_splits, out, more_results
            )
        return holder.value.evaluated.format_results(
            super()._format_results, candidate_params, n_splits, out, more_results
        )

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _set_signature(cls)


class _Transient:
    """Holds fit-time state that must not travel with the estimator.

    ``BaseSearchCV`` sends the search object itself to the workers (as the
    ``caller`` of each fit); the runtime it holds during ``fit`` is pickled
    as an empty holder.
    """

    __slots__ = ("value",)

    def __init__(self, value=None):
        self.value = value

    def __reduce__(self):
        return (_Transient, ())


def _set_signature(cls):
    # ``__new__`` takes *args/**kwargs; the class's signature stays that of
    # ``__init__`` (scikit-learn's checks and ``help()`` read it)
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    cls.__signature__ = inspect.Signature(parameters)


_set_signature(BayesSearchCV)
