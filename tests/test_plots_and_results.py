"""Plots (figure produced, axes labelled, every dimension kind) and tables."""

import numpy as np
import pytest
from scipy.stats import loguniform, randint
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.svm import SVC

from skbayes import BayesSearchCV, results_table

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plots = pytest.importorskip("skbayes.plots")

X, Y = load_iris(return_X_y=True)


class Toy(ClassifierMixin, BaseEstimator):
    """Scores a smooth function of parameters of every kind."""

    def __init__(self, lr=0.1, depth=3, width=16, kind="a", dist=1.0, steps=5):
        self.lr, self.depth, self.width = lr, depth, width
        self.kind, self.dist, self.steps = kind, dist, steps

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return (
            -abs(np.log10(self.lr) + 2)
            - abs(self.depth - 4) / 4
            + (self.kind == "b")
            - abs(np.log2(self.width) - 5) / 3
            - abs(self.dist - 1.0)
            + self.steps / 100
        )


SPACE = {
    "lr": (1e-4, 1.0, "log-uniform"),  # real, log prior
    "depth": (1, 8),  # integer
    "width": [8, 16, 32, 64],  # ordinal grid
    "kind": ["a", "b", "c"],  # categorical
    "dist": loguniform(0.1, 10.0),  # scipy distribution
    "steps": randint(1, 10),  # discrete distribution
}


@pytest.fixture(scope="module")
def search():
    return BayesSearchCV(Toy(), SPACE, n_iter=25, cv=2, random_state=0).fit(X, Y)


def test_plot_convergence_of_several_searches(search):
    grid = GridSearchCV(SVC(), {"C": [0.1, 1.0, 10.0]}, cv=3).fit(X, Y)
    ax = plots.plot_convergence(search, grid, labels=["bayes", "grid"])
    assert ax.get_xlabel() == "candidates evaluated"
    assert ax.get_ylabel() == "best mean test score"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["bayes", "grid"]
    assert len(ax.get_lines()) == 2
    y = ax.get_lines()[0].get_ydata()
    assert np.all(np.diff(y) >= 0)  # best so far never decreases
    matplotlib.pyplot.close("all")


def test_plot_objective_draws_every_dimension_kind(search):
    axes = plots.plot_objective(search)
    visible = [ax for ax in axes if ax.get_visible()]
    assert sorted(ax.get_xlabel() for ax in visible) == sorted(SPACE)
    assert all(ax.get_ylabel() == "mean test score" for ax in visible)
    by_name = {ax.get_xlabel(): ax for ax in visible}
    assert by_name["lr"].get_xscale() == "log"
    assert [t.get_text() for t in by_name["kind"].get_xticklabels()] == ["a", "b", "c"]
    matplotlib.pyplot.close("all")


def test_plot_objective_pairs_draws_every_pair_of_dimension_kinds(search):
    axes = plots.plot_objective(search, pairs=True, n_grid=10)
    assert axes.shape == (len(SPACE), len(SPACE))
    names = [axes[i, i].get_xlabel() for i in range(len(SPACE))]
    assert sorted(names) == sorted(SPACE)
    for i, name_y in enumerate(names):
        for j, name_x in enumerate(names):
            ax = axes[i, j]
            assert ax.get_visible() == (j <= i)
            if j > i:
                continue
            assert ax.get_xlabel() == name_x
            if j < i:  # a pair: a filled map, the candidates and the best
                assert ax.get_ylabel() == name_y
                assert ax.collections, (name_x, name_y)
                assert len(ax.collections[-1].get_offsets()) == 1  # the star
            else:
                assert ax.get_ylabel() == "mean test score"
    by_pair = {
        (axes[i, j].get_xlabel(), axes[i, j].get_ylabel()): axes[i, j]
        for i in range(len(names))
        for j in range(i)
    }
    ax = by_pair.get(("lr", "kind")) or by_pair[("kind", "lr")]
    lr_axis, kind_axis = ("x", "y") if ax.get_xlabel() == "lr" else ("y", "x")
    assert getattr(ax, f"get_{lr_axis}scale")() == "log"
    kind_labels = getattr(ax, f"get_{kind_axis}ticklabels")()
    assert [t.get_text() for t in kind_labels] == ["a", "b", "c"]
    matplotlib.pyplot.close("all")


def test_plot_objective_pairs_checks_the_axes(search):
    _, axes = matplotlib.pyplot.subplots(2, 2)
    with pytest.raises(ValueError, match="axes: expected a 6 x 6 array"):
        plots.plot_objective(search, pairs=True, axes=axes)
    matplotlib.pyplot.close("all")


def test_plots_with_a_single_valued_parameter():
    space = {"lr": (1e-4, 1.0, "log-uniform"), "kind": ["b"], "depth": [4]}
    search = BayesSearchCV(Toy(), space, n_iter=6, cv=2, random_state=0).fit(X, Y)
    axes = plots.plot_objective(search, pairs=True, n_grid=6)
    assert axes.shape == (3, 3)
    ax = plots.plot_importance(search)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["lr"]
    matplotlib.pyplot.close("all")


def test_plot_importance_finds_the_parameters_that_matter(search):
    ax = plots.plot_importance(search)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    widths = [p.get_width() for p in ax.patches]
    assert sorted(labels) == sorted(SPACE)
    assert sum(widths) == pytest.approx(1.0)
    # "dist" spans 9 score units, "lr" 2, "steps" 0.08
    assert labels[int(np.argmax(widths))] == "dist"
    assert widths[labels.index("lr")] > widths[labels.index("steps")]
    matplotlib.pyplot.close("all")


def test_plots_of_scikit_learn_searches():
    rand = RandomizedSearchCV(
        SVC(), {"C": loguniform(1e-2, 1e2)}, n_iter=6, cv=3, random_state=0
    ).fit(X, Y)
    axes = plots.plot_objective(rand)
    assert axes[0].get_xlabel() == "C"
    matplotlib.pyplot.close("all")


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
