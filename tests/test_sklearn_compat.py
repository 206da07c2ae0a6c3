"""What skbayes takes from scikit-learn (skbayes/utils/_sklearn_compat.py).

The deferred fit-failure check: scikit-learn's check of failed fits is
collected by a search over all its batches, and left to any other search,
such as a GridSearchCV nested in a BayesSearchCV.
"""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from skbayes import BayesSearchCV

from ._estimators import Flaky, quiet_fit

X_LINE = np.arange(60, dtype=float).reshape(-1, 1) / 6.0
Y_LINE = np.arange(60) % 2


def test_gridsearch_nested_in_a_search_keeps_its_own_failure_check():
    inner = GridSearchCV(Flaky(), {"mode": ["fail", "ok"]}, cv=2)
    space = {"return_train_score": [False, True]}
    outer = BayesSearchCV(inner, space, n_iter=2, cv=5)
    record = quiet_fit(outer, X_LINE, Y_LINE)
    # the inner searches warn about their own failed fits; the outer search,
    # whose fits all succeed, reports no failure of its own
    reports = [m for k, m in record if k == "FitFailedWarning"]
    assert len(reports) == 11  # each inner search: 2 candidates x 5 folds, refit
    assert all("2 fits failed out of a total of 4" in m for m in reports)
    assert not np.isnan(outer.cv_results_["mean_test_score"]).any()
    # an inner search whose fits all fail raises, as it would alone: the
    # outer search records that as a failure of its own fits
    always = GridSearchCV(Flaky(mode="fail"), {"value": [0.1, 0.2]}, cv=2)
    outer = BayesSearchCV(always, space, n_iter=2, cv=3)
    with pytest.raises(ValueError, match="All the 6 fits failed"):
        outer.fit(X_LINE, Y_LINE)
