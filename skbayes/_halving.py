"""HalvingBayesSearchCV: successive halving with candidates proposed by models."""

from __future__ import annotations

import numbers

import numpy as np

from ._fidelity import HalvingRuntime, select_best_index
from ._search import BayesSearchCV
from .utils._sklearn_compat import Interval, StrOptions

__all__ = ["HalvingBayesSearchCV"]

_OTHER_NAMES = {
    "param_distributions": (
        "it is called search_spaces here (scipy.stats distributions and lists "
        "are accepted as they are): HalvingBayesSearchCV(estimator, "
        "search_spaces=param_distributions), or pass it second, by position"
    ),
    "param_grid": (
        "it is called search_spaces here (a grid is accepted as it is): "
        "HalvingBayesSearchCV(estimator, search_spaces=param_grid)"
    ),
    "n_iter": (
        "the number of candidates is n_candidates (the first round's), as in "
        "HalvingRandomSearchCV"
    ),
}


class HalvingBayesSearchCV(BayesSearchCV):
    """Successive halving whose candidates are proposed by Bayesian models.

    The search of scikit-learn's
    :class:`~sklearn.model_selection.HalvingRandomSearchCV` (many candidates
    evaluated with a small resource, the best ``1 / factor`` of them
    evaluated again with ``factor`` times the resource, round after round),
    with its parameters, defaults and fitted attributes, but the candidates
    are proposed by Bayesian models, as in BOHB: one optimizer per resource
    (those of :class:`~skbayes.BayesSearchCV`), told the results at its
    resource. A resource's model proposes once the promotions have shown
    that its ranking carries to the next resource (or at the largest
    resource, once it has enough results); until then the candidates are
    drawn at random, and a third of every first round stays random. With
    ``brackets`` the search runs several successive halvings (Hyperband's
    brackets), each starting at a larger resource with fewer candidates:
    the first bracket measures how each resource ranks, and the models
    propose the candidates of the later ones. With a single bracket nothing
    is measured before its first round, which is therefore drawn at random
    (see "Which searcher to pick" in the user guide).

    Everything else is :class:`~skbayes.BayesSearchCV`'s: the search-space
    formats, multi-metric scoring, ``error_score``, callbacks and stoppers,
    ``max_time``, checkpoint and resume, ``initial_points``, ``n_jobs``.

    Parameters
    ----------
    estimator : estimator object
        The estimator (or pipeline) whose parameters are searched.

    search_spaces : dict, list of dict, or list of (dict, int) pairs
        The search space, in any format :class:`~skbayes.BayesSearchCV`
        accepts (``HalvingRandomSearchCV``'s ``param_distributions`` as they
        are, grids, ``(low, high, prior)`` tuples, scikit-optimize
        dimensions). It must not hold the ``resource`` parameter.

    n_candidates : int or "exhaust", default="exhaust"
        Candidates of the first round (of the first bracket). ``"exhaust"``
        draws enough of them for the last round to use ``max_resources``:
        ``max_resources_ // min_resources_``; ``min_resources`` cannot then be
        ``"exhaust"``. A finite search space gives at most its number of
        points.

    factor : int or float, default=3
        The best ``ceil(n / factor)`` of a round's ``n`` candidates are
        evaluated in the next round, with ``factor`` times its resource. Must
        be greater than 1.

    resource : "n_samples" or str, default="n_samples"
        What grows from round to round: the number of training samples (the
        cross-validation splits are subsampled; stratified for classifiers,
        see Notes), or a parameter of the estimator that takes a count
        (``n_estimators``, ``max_iter``; ``step__param`` in a pipeline).
        In that case ``max_resources`` must be given.

    max_resources : int or "auto", default="auto"
        The largest resource a candidate gets. ``"auto"``: the number of
        samples, with ``resource="n_samples"`` only.

    min_resources : {"smallest", "exhaust"} or int, default="smallest"
        The resource of the first round. ``"smallest"``: ``2 * n_splits`` (times
        the number of classes for a classifier) with ``resource="n_samples"``,
        else 1; ``"exhaust"``: the largest with which the last round uses
        ``max_resources`` (with an int ``n_candidates``).

    aggressive_elimination : bool, default=False
        When the resources do not allow enough rounds to bring the candidates
        down to ``factor``, replay the first round's resource while
        eliminating, as ``HalvingRandomSearchCV`` does (one bracket only).

    brackets : int or "hyperband", default=1
        Number of successive halvings run one after the other: bracket ``b``
        starts at the resource of round ``b`` of the first with about
        ``n_candidates * n_rounds / ((n_rounds - b) * factor**b)`` candidates
        (each bracket costs about as much as the first). ``"hyperband"``: one
        per round of the first bracket. More brackets make a badly chosen
        ``min_resources`` (too small to rank candidates) cost less, and let
        the models propose: the promotions of the earlier brackets show
        which resources rank candidates as the next one does.

    optimizer : {"auto", "gp", "tpe", "skopt", "random"}, callable or object, \
            default="auto"
        The engine of each resource's model, as in
        :class:`~skbayes.BayesSearchCV` (``"auto"`` takes ``"tpe"`` beyond
        1000 candidates). ``"random"`` gives Hyperband's search
        (``HalvingRandomSearchCV``'s with one bracket), with quasi-random
        draws.

    optimizer_kwargs : dict, default=None
        As in :class:`~skbayes.BayesSearchCV`.

    n_initial_points : int or "auto", default="auto"
        Random candidates of each model before it proposes, as in
        :class:`~skbayes.BayesSearchCV`.

    n_points : int or "auto", default="auto"
        Candidates of the first round proposed together (one parallel batch);
        the promoted candidates of a round are evaluated in one batch.

    objective : str, default=None
        With multi-metric ``scoring``, the metric the models and the
        promotions maximize (by default the ``refit`` metric, else the first).

    max_time : float, default=None
        Wall-clock budget in seconds, checked after every batch. The best
        candidate of the largest resource reached is refitted.

    callbacks : list of callables, default=None
        Called after every batch with a :class:`~skbayes.callbacks.SearchState`
        (whose rows are the evaluations, at every resource); True ends the
        search.

    checkpoint : str or path-like, default=None
        As in :class:`~skbayes.BayesSearchCV`: every evaluation (a candidate
        at a resource) is appended to the file after its batch; fitting again
        with the file resumes the search where it stopped, the rounds
        restored from the file.

    initial_points : dict or list, default=None
        Earlier results that warm-start the search, as in
        :class:`~skbayes.BayesSearchCV`: the ``cv_results_`` of a finished
        search (its ``params`` and the mean test score of the optimized
        metric) or a list of ``(params, score)`` pairs, taken as scores at
        the largest resource and told to the models of the largest resource
        before the first batch. None is fitted again or counted in
        ``cv_results_`` or ``n_candidates``. Points outside the search space
        are left out, with one warning naming them and saying why (a whole
        float such as ``3.0`` is a value of an ``Integer`` dimension, told as
        ``3``); the search goes on from the others.

    cv : int, cross-validation generator or iterable, default=5
        As in ``HalvingRandomSearchCV``. A shuffling splitter without a
        ``random_state`` is accepted: its splits are computed once.

    scoring : str, callable, list, tuple or dict, default=None
        As in :class:`~skbayes.BayesSearchCV` (several metrics allowed).

    refit : bool, str or callable, default=True
        Refit the best candidate of the last round on the whole data.

    error_score : "raise" or float, default=np.nan
        Score of a fit that fails; failures rank last and are not promoted.

    return_train_score : bool, default=True
        Whether ``cv_results_`` includes training scores (True, as in
        ``HalvingRandomSearchCV``).

    random_state : int, RandomState instance or None, default=None
        Seed of the models and of the subsamples.

    n_jobs : int, default=None
        Number of jobs to run in parallel.

    verbose : int, default=0
        One line per batch with ``verbose > 0``.

    pre_dispatch : int or str, default="2*n_jobs"
        As in :class:`~sklearn.model_selection.GridSearchCV`.

    Attributes
    ----------
    n_resources_ : list of int
        The resource of each round, in the order run (the rounds of every
        bracket, one after the other).

    n_candidates_ : list of int
        The candidates evaluated in each round.

    n_remaining_candidates_ : int
        ``ceil(n_candidates_[-1] / factor)``: the candidates left after the
        last round.

    max_resources_ : int
        The largest resource a candidate may get.

    min_resources_ : int
        The resource of the first round.

    n_iterations_ : int
        The number of rounds run.

    n_possible_iterations_ : int
        The rounds possible from ``min_resources_`` without exceeding
        ``max_resources_``.

    n_required_iterations_ : int
        The rounds needed to end with fewer than ``factor`` candidates.

    brackets_ : list of dict
        The ``n_resources`` and ``n_candidates`` of the rounds of each bracket.

    bracket_of_candidates_ : ndarray of int
        The bracket of each row of ``cv_results_``.

    fidelity_models_ : dict
        The optimizer of each ``(sub-space, resource)``.

    cv_results_ : dict of numpy (masked) ndarrays
        One row per evaluation (a candidate at a resource), with
        ``HalvingRandomSearchCV``'s keys, ``iter`` (the round) and
        ``n_resources`` among them; with ``resource`` a parameter, it is in
        ``params`` and ``param_<resource>``.

    best_estimator_ : estimator
        The best candidate of the last round (the largest resource), refitted
        on the whole data with the estimator's own resource (if ``refit``).

    best_score_ : float
        Its mean cross-validated score.

    best_params_ : dict
        Its parameters.

    best_index_ : int
        Its row in ``cv_results_``.

    iterations_ : ndarray of int
        The batch of each row of ``cv_results_``.

    scorer_, n_splits_, refit_time_, multimetric_, classes_, n_features_in_, \
feature_names_in_, objective_, search_space_, optimizers_, \
n_warm_start_points_, stop_reason_, optimizer_results_
        As in :class:`~skbayes.BayesSearchCV` (``optimizers_``: the models of
        the first resource).

    See Also
    --------
    BayesSearchCV : Bayesian search at full fidelity.
    sklearn.model_selection.HalvingRandomSearchCV : Successive halving of
        random candidates.

    Notes
    -----
    Differences from ``HalvingRandomSearchCV``: the candidates of later
    brackets are proposed by models (``optimizer="random"`` draws them), and
    the first round's draws are quasi-random; a candidate
    is never drawn twice, so a finite space gives at most its number of
    points; the cross-validation splits are computed once, so shuffling
    splitters are accepted; subsamples (``resource="n_samples"``) are
    stratified for classifiers, keep every class of a fold, are the same for
    every candidate of a round and grow by inclusion from round to round;
    ``factor`` must be greater than 1; multi-metric ``scoring`` is allowed.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from skbayes import HalvingBayesSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = HalvingBayesSearchCV(
    ...     RandomForestClassifier(random_state=0),
    ...     {"max_depth": [2, 3, None], "min_samples_split": (2, 10)},
    ...     resource="n_estimators",
    ...     min_resources=3,
    ...     max_resources=27,
    ...     n_candidates=9,
    ...     cv=3,
    ...     random_state=0,
    ... ).fit(X, y)
    >>> search.n_resources_, search.n_candidates_
    ([3, 9, 27], [9, 3, 1])
    >>> search.best_params_["n_estimators"]
    27
    >>> print(search.best_score_ > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **{
            k: v
            for k, v in BayesSearchCV._parameter_constraints.items()
            if k != "n_iter"
        },
        "n_candidates": [
            Interval(numbers.Integral, 0, None, closed="neither"),
            StrOptions({"exhaust"}),
        ],
        "factor": [Interval(numbers.Real, 0, None, closed="neither")],
        "resource": [str],
        "max_resources": [
            Interval(numbers.Integral, 0, None, closed="neither"),
            StrOptions({"auto"}),
        ],
        "min_resources": [
            Interval(numbers.Integral, 0, None, closed="neither"),
            StrOptions({"exhaust", "smallest"}),
        ],
        "aggressive_elimination": ["boolean"],
        "brackets": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"hyperband"}),
        ],
    }

    _runtime_class = HalvingRuntime

    def __init__(
        self,
        estimator,
        search_spaces,
        *,
        n_candidates="exhaust",
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="smallest",
        aggressive_elimination=False,
        brackets=1,
        optimizer="auto",
        optimizer_kwargs=None,
        n_initial_points="auto",
        n_points="auto",
        objective=None,
        max_time=None,
        callbacks=None,
        checkpoint=None,
        initial_points=None,
        cv=5,
        scoring=None,
        refit=True,
        error_score=np.nan,
        return_train_score=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
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
        self.search_spaces = search_spaces
        self.n_candidates = n_candidates
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.aggressive_elimination = aggressive_elimination
        self.brackets = brackets
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
        for name, hint in _OTHER_NAMES.items():
            if name in kwargs:
                raise TypeError(f"HalvingBayesSearchCV does not take {name!r}: {hint}.")
        return object.__new__(cls)

    _required_parameters = ["estimator", "search_spaces"]

    @property
    def total_iterations(self):
        """Not defined for successive halving (see ``n_candidates_``)."""
        raise AttributeError(
            "HalvingBayesSearchCV has no total_iterations: the candidates of "
            "each round are in n_candidates_ after fit."
        )

    @staticmethod
    def _select_best_index(refit, refit_metric, results):
        """The best candidate of the last round, not of all rounds.

        Candidates of earlier rounds were scored with less resource.
        """
        return select_best_index(refit, refit_metric, results)

    def fit(self, X, y=None, *, callback=None, **params):
        """Run the successive halving, then refit the best candidate.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Target.
        callback : callable or list of callables, default=None
            scikit-optimize's callbacks, called after the first-round batches
            of each sub-space (see :meth:`BayesSearchCV.fit`).
        **params : dict
            Passed to the estimator's ``fit``, the scorer and the splitter.

        Returns
        -------
        self : HalvingBayesSearchCV
        """
        return super().fit(X, y, callback=callback, **params)
