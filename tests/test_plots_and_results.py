"""results_table (the plots are tested in tests/test_plots.py)."""

import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

from skbayes import BayesSearchCV, results_table

from ._estimators import TOY_SPACE as SPACE
from ._estimators import Toy

X, Y = load_iris(return_X_y=True)


@pytest.fixture(scope="module")
def search():
    return BayesSearchCV(Toy(), SPACE, n_iter=25, cv=2, random_state=0).fit(X, Y)


def test_results_table(search):
    table = results_table(search)
    assert list(table.columns[:3]) == [
        "rank_test_score",
        "mean_test_score",
        "std_test_score",
    ]
    assert set(SPACE) <= set(table.columns)
    assert "iteration" in table.columns
    assert table["rank_test_score"].is_monotonic_increasing
    assert table.iloc[0]["mean_test_score"] == search.best_score_
    assert len(table) == 25
    full = results_table(search, all_columns=True)
    assert "split0_test_score" in full.columns


def test_results_table_of_a_multimetric_gridsearch():
    grid = GridSearchCV(
        SVC(), {"C": [0.1, 1.0]}, scoring=["accuracy", "f1_macro"], refit="f1_macro"
    ).fit(X, Y)
    table = results_table(grid)
    assert table.columns[0] == "rank_test_f1_macro"
    assert "mean_test_accuracy" in table.columns
