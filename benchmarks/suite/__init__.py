"""The engine benchmarks: problems, searcher adapters, the runner, the report.

One module per concern; to extend the suite, change one place:

- a problem: a lookup table of real fits in :mod:`suite.tables`
  (:func:`~suite.tables.table_specs`), a test function in
  :mod:`suite.problems` (``FUNCTIONS``), a Bayesmark-style model and data
  set in :mod:`suite.bayesmark`;
- a searcher: a builder in :mod:`suite.searchers` (``SEARCHERS``);
- how runs are made and measured: :mod:`suite.runner`;
- a table of the report: :mod:`suite.report`.

The scripts ``bench_engines.py`` (sample efficiency, :mod:`suite.cli`),
``bench_workers.py`` (many workers) and ``bench_bayesmark.py`` use them.

How a run works
---------------
Every searcher runs through the same scikit-learn search API in one process
(``fit`` on a dummy ``X``, ``cv=2``) on a *function-backed estimator*: a
``BaseEstimator`` whose parameters are the problem's parameters and whose
``score(X, y)`` returns the problem's value at those parameters, whatever
``X`` is. Evaluations are then almost free, so a run measures only how well
a searcher chooses its candidates.

Searchers: ``skbayes-gp``, ``skbayes-skopt``, ``skbayes-random``,
``skbayes-tpe`` (``skbayes.BayesSearchCV`` with that ``optimizer`` and
``n_initial_points="auto"``); ``skopt-bscv`` (``skopt.BayesSearchCV``, its
defaults); ``optuna-tpe``, ``optuna-gp`` (``OptunaSearchCV`` with
``TPESampler`` / ``GPSampler``; the latter needs torch);
``sklearn-random`` (``RandomizedSearchCV``).

Problems
--------
- Lookup tables: the full-grid CV scores of real models on scikit-learn's
  bundled data sets, computed once with ``GridSearchCV`` and cached as CSV
  in ``benchmarks/data/`` (see its README for grids, best scores and build
  times). skbayes and scikit-learn get the lists of values (numbers are an
  ordered axis for skbayes); skopt gets ``Integer(0, n - 1)`` over the grid
  positions of each numeric axis and optuna ``IntDistribution(0, n - 1)``,
  both ``Categorical`` for string axes.

  The ``plateau`` family (``--problems plateau``) holds tree ensembles and
  boosting whose parameters bind each other, so that large regions score
  exactly the same: ``rf_wine_cv3`` (the seed article's random forest grid
  on wine, 3-fold CV), ``hgb_breast_cancer``; the ``noisy`` family,
  ``gbr_diabetes_noisy``, repeats its CV with other shuffles: seed ``s``
  observes repeat ``s mod R`` and the metrics use the mean over repeats
  (the true score of the point the search would pick).
- ``branin`` (2-D) and ``hartmann6`` (6-D) on their usual boxes, score
  ``-f(x)`` (maximized), continuous spaces for every searcher.

Metrics
-------
Per problem x searcher x seed, at budgets 20 and ``--budget`` (prefixes of
one run of ``--budget`` candidates, in evaluation order); ``best`` is the
true score of the best observed point:

- simple regret ``opt - best``;
- normalized score (bayesmark-style)
  ``norm = 1 - (opt - best) / (opt - rand_med(b))``, clipped below at -1,
  where ``rand_med(b)`` is the median ``best`` of random search with ``b``
  candidates (exact order statistics of the grid sampled without
  replacement for noise-free lookup tables, Monte Carlo otherwise). Random
  search scores about 0, the optimum 1. Where ``rand_med(b) == opt`` the
  score is undefined: shown as "-" and left out of the suite mean;
- for ``rf_iris``, ``rf_wine``: the candidates needed to reach
  GridSearchCV's best;
- for every lookup table: in how many seeds the search evaluated a point of
  the best 3% of the grid within 40 candidates (with the exact probability
  of random search), and the share of the first 40 evaluations that
  repeated a score already seen (time spent on a plateau).
"""
