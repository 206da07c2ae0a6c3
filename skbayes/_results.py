"""A search's results as a tidy table."""

from __future__ import annotations

__all__ = ["results_table"]


def results_table(search, *, all_columns=False):
    """``cv_results_`` as a pandas DataFrame, best candidates first.

    One row per candidate; the parameter columns are named as in the search
    space (``C``, ``svc__gamma``, not ``param_...``) and hold the values
    themselves; then the rank, mean and standard deviation of each test
    score, the mean fit time and, for skbayes searches, the batch
    (``iteration``, from ``iterations_``). Works for any scikit-learn search.

    Parameters
    ----------
    search : fitted search
        ``BayesSearchCV``, ``GridSearchCV``, ``RandomizedSearchCV`` ...
    all_columns : bool, default=False
        Keep every column of ``cv_results_`` (split scores, train scores ...).

    Returns
    -------
    table : pandas.DataFrame
        Sorted by the rank of the optimized metric (ties keep their order).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from skbayes import BayesSearchCV, results_table
    >>> X, y = load_iris(return_X_y=True)
    >>> search = BayesSearchCV(SVC(), {"C": [0.01, 1.0, 100.0]}, n_iter=3).fit(X, y)
    >>> table = results_table(search)
    >>> list(table.columns)[:4]
    ['rank_test_score', 'mean_test_score', 'std_test_score', 'C']
    >>> float(table["C"].iloc[0]) in (1.0, 100.0)
    True
    """
    import pandas as pd

    results = search.cv_results_
    names = [k[len("rank_test_") :] for k in results if k.startswith("rank_test_")]
    objective = getattr(search, "objective_", None)
    if objective not in names:
        refit = getattr(search, "refit", None)
        objective = refit if isinstance(refit, str) and refit in names else names[0]
    params = pd.DataFrame(list(results["params"]))
    columns = {}
    for name in [objective] + [n for n in names if n != objective]:
        for stat in ("rank", "mean", "std"):
            columns[f"{stat}_test_{name}"] = results[f"{stat}_test_{name}"]
    scores = pd.DataFrame(columns)
    extra_keys = ["mean_fit_time"]
    if all_columns:
        extra_keys = [
            k
            for k in results
            if k != "params" and not k.startswith("param_") and k not in columns
        ]
    extra = pd.DataFrame({k: results[k] for k in extra_keys})
    iterations = getattr(search, "iterations_", None)
    if iterations is not None:
        extra["iteration"] = iterations
    table = pd.concat([scores, params, extra], axis=1)
    return table.sort_values(f"rank_test_{objective}", kind="stable")
