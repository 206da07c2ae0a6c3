"""skbayes.plots: the figures' data read back from the artists, and layout."""

import math

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.datasets import load_diabetes, load_iris
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeRegressor

from skbayes import BayesSearchCV
from skbayes.optimizer import Surrogate
from skbayes.space import SearchSpace

from ._estimators import TOY_SPACE as SPACE
from ._estimators import Toy

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plots = pytest.importorskip("skbayes.plots")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import (  # noqa: E402
    PathCollection,
    PolyCollection,
    QuadMesh,
)

X, Y = load_iris(return_X_y=True)


@pytest.fixture(scope="module")
def search():
    # one candidate per batch: the model the plots read has seen that "b"
    # scores more (with n_points="auto", 4 here, this seed's model had not)
    search = BayesSearchCV(Toy(), SPACE, n_iter=25, n_points=1, cv=2, random_state=0)
    return search.fit(X, Y)


@pytest.fixture(scope="module")
def matrix(search):
    """The pairs=True matrix of ``search``, drawn once for several tests."""
    axes = plots.plot_objective(search, pairs=True, n_grid=10)
    matplotlib.pyplot.close(axes[0, 0].figure)  # the Figure lives on
    return axes


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    matplotlib.pyplot.close("all")


# --- reading figures back --------------------------------------------------


class Oracle:
    """The partial dependence computed from a Surrogate's public predictions.

    Independent of the plots' own code: each prediction is made on points
    (dicts), not on encoded rows.
    """

    def __init__(self, search, space):
        scores = np.asarray(search.cv_results_["mean_test_score"], dtype=float)
        keep = np.isfinite(scores)
        self.points = [p for p, k in zip(search.cv_results_["params"], keep) if k]
        self.scores = scores[keep]
        self.model = Surrogate(SearchSpace(space).subspaces[0])
        self.model.fit(self.points, self.scores)

    def dependence(self, changes):
        """Mean over the candidates of the prediction (and its std) with
        each of ``changes`` (dicts of parameters) applied."""
        means, stds = [], []
        for change in changes:
            mean, std = self.model.predict(
                [{**p, **change} for p in self.points], return_std=True
            )
            means.append(mean.mean())
            stds.append(std.mean())
        return np.array(means), np.array(stds)


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _drawn_texts(ax):
    """The texts an axes draws: axis labels, offset texts, tick labels in view."""
    texts = []
    for axis in (ax.xaxis, ax.yaxis):
        texts += [t for t in (axis.label, axis.offsetText) if t.get_visible()]
        lo, hi = sorted(axis.get_view_interval())
        slack = 1e-9 * (hi - lo)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            if lo - slack <= tick.get_loc() <= hi + slack:
                texts += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    return [t for t in texts if t.get_text()]


def assert_no_overlap(fig):
    """No text of an axes overlaps another axes or its texts, or leaves the
    figure."""
    canvas = FigureCanvasAgg(fig)  # also for a figure pyplot has closed
    canvas.draw()
    renderer = canvas.get_renderer()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    texts = {
        ax: [(t, t.get_window_extent(renderer)) for t in _drawn_texts(ax)]
        for ax in visible
    }
    assert sum(map(len, texts.values())) > 0
    for ax in visible:
        for text, box in texts[ax]:
            assert box.x0 >= fig.bbox.x0 - 1 and box.x1 <= fig.bbox.x1 + 1, text
            assert box.y0 >= fig.bbox.y0 - 1 and box.y1 <= fig.bbox.y1 + 1, text
            for other in visible:
                if other is ax:
                    continue
                where = (text.get_text(), ax.get_xlabel(), ax.get_ylabel())
                assert not box.overlaps(other.get_window_extent(renderer)), where
                for other_text, other_box in texts[other]:
                    assert not box.overlaps(other_box), (*where, other_text.get_text())


# --- plot_convergence ------------------------------------------------------


def test_plot_convergence_of_several_searches(search):
    grid = GridSearchCV(SVC(), {"C": [0.1, 1.0, 10.0]}, cv=3).fit(X, Y)
    ax = plots.plot_convergence(search, grid, labels=["bayes", "grid"])
    assert ax.get_xlabel() == "candidates evaluated"
    assert ax.get_ylabel() == "best mean test score"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["bayes", "grid"]
    bayes, grid_line = ax.get_lines()
    scores = search.cv_results_["mean_test_score"]
    np.testing.assert_allclose(bayes.get_xdata(), np.arange(1, len(scores) + 1))
    np.testing.assert_allclose(bayes.get_ydata(), np.maximum.accumulate(scores))
    np.testing.assert_allclose(
        grid_line.get_ydata(),
        np.maximum.accumulate(grid.cv_results_["mean_test_score"]),
    )


# --- plot_objective --------------------------------------------------------


def test_plot_objective_draws_every_dimension_kind(search):
    axes = plots.plot_objective(search)
    visible = [ax for ax in axes if ax.get_visible()]
    assert sorted(ax.get_xlabel() for ax in visible) == sorted(SPACE)
    assert all(ax.get_ylabel() == "mean test score" for ax in visible)
    by_name = {ax.get_xlabel(): ax for ax in visible}
    assert by_name["lr"].get_xscale() == "log"
    assert [t.get_text() for t in by_name["kind"].get_xticklabels()] == ["a", "b", "c"]


def test_plot_objective_draws_each_category_at_its_predicted_score(search):
    """Every category is a point at the surrogate's prediction, with its
    standard deviation as an error bar, inside the view: none is a bar of
    zero height (the lowest category was invisible)."""
    oracle = Oracle(search, SPACE)
    ax = {a.get_xlabel(): a for a in plots.plot_objective(search)}["kind"]
    assert not ax.patches  # no bars
    (container,) = ax.containers
    marker, _, (bars,) = container.lines
    mean, std = oracle.dependence([{"kind": k} for k in "abc"])
    np.testing.assert_allclose(marker.get_xdata(), [0, 1, 2])
    np.testing.assert_allclose(marker.get_ydata(), mean, rtol=1e-6)
    segments = np.array(bars.get_segments())  # [[x, mean - std], [x, mean + std]]
    np.testing.assert_allclose(segments[:, 0, 1], mean - std, rtol=1e-6)
    np.testing.assert_allclose(segments[:, 1, 1], mean + std, rtol=1e-6)
    assert np.all(std > 0)
    assert mean[1] > mean[0] and mean[1] > mean[2]  # "b" scores 1 more
    low, high = ax.get_ylim()
    assert np.all(low < mean - std) and np.all(mean + std < high)
    assert ax.get_xlim() == (-0.5, 2.5)
    # the candidates: a strip around their category, at their scores
    (strip,) = _scatters(ax)
    xy = strip.get_offsets()
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    np.testing.assert_array_equal(np.rint(xy[:, 0]), ["abc".index(k) for k in kinds])
    assert np.all(np.abs(xy[:, 0] - np.rint(xy[:, 0])) <= 0.15 + 1e-9)
    np.testing.assert_allclose(xy[:, 1], search.cv_results_["mean_test_score"])


def test_plot_objective_draws_numeric_dependence_with_its_band(search):
    oracle = Oracle(search, SPACE)
    by_name = {a.get_xlabel(): a for a in plots.plot_objective(search, n_grid=15)}
    for name in ("lr", "width", "depth"):
        ax = by_name[name]
        (line,) = ax.get_lines()
        x = line.get_xdata()
        values = [v.item() if hasattr(v, "item") else v for v in x]
        mean, std = oracle.dependence([{name: v} for v in values])
        np.testing.assert_allclose(line.get_ydata(), mean, rtol=1e-6)
        (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
        y = band.get_paths()[0].vertices[:, 1]
        assert y.min() == pytest.approx((mean - std).min(), rel=1e-6)
        assert y.max() == pytest.approx((mean + std).max(), rel=1e-6)
        (points,) = _scatters(ax)
        xy = points.get_offsets()
        observed = [p[name] for p in search.cv_results_["params"]]
        np.testing.assert_allclose(xy[:, 0], observed)
        np.testing.assert_allclose(xy[:, 1], search.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(
        by_name["width"].get_lines()[0].get_xdata(), SPACE["width"]
    )


def test_plot_objective_pairs_draws_every_pair_of_dimension_kinds(matrix):
    axes = matrix
    n = len(SPACE)
    assert axes.shape == (n, n)
    names = [axes[i, i].get_xlabel() for i in range(n)]
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
    kind = getattr(ax, f"{kind_axis}axis")  # its tick labels may be hidden
    ticks = kind.get_major_formatter().format_ticks(kind.get_majorticklocs())
    assert ticks == ["a", "b", "c"]


def test_plot_objective_pairs_map_and_points_match_the_model(search, matrix):
    oracle = Oracle(search, SPACE)
    axes = matrix
    params = search.cv_results_["params"]
    scores = search.cv_results_["mean_test_score"]

    def position(name, value):
        return "abc".index(value) if name == "kind" else value

    n = len(SPACE)
    for i in range(n):
        for j in range(i):
            ax = axes[i, j]
            name_x, name_y = ax.get_xlabel(), ax.get_ylabel()
            points, star = _scatters(ax)
            expected = [
                [position(name_x, p[name_x]), position(name_y, p[name_y])]
                for p in params
            ]
            np.testing.assert_allclose(points.get_offsets(), expected)
            best = params[int(np.argmax(scores))]
            np.testing.assert_allclose(
                star.get_offsets(),
                [[position(name_x, best[name_x]), position(name_y, best[name_y])]],
            )
    # the (width, kind) map: one cell per pair of values, the mean prediction
    ax = next(
        axes[i, j]
        for i in range(n)
        for j in range(i)
        if {axes[i, j].get_xlabel(), axes[i, j].get_ylabel()} == {"width", "kind"}
    )
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    values = {"width": SPACE["width"], "kind": ["a", "b", "c"]}
    name_x, name_y = ax.get_xlabel(), ax.get_ylabel()
    changes = [
        {name_x: vx, name_y: vy} for vy in values[name_y] for vx in values[name_x]
    ]
    mean, _ = oracle.dependence(changes)
    np.testing.assert_allclose(np.ravel(mesh.get_array()), mean, rtol=1e-6)


@pytest.mark.parametrize("pairs", [False, True])
def test_plot_objective_labels_do_not_overlap(search, matrix, pairs):
    axes = matrix if pairs else plots.plot_objective(search, n_grid=10)
    fig = np.ravel(axes)[0].figure
    assert_no_overlap(fig)
    if pairs:  # labels shown once per row and column
        shown_x = [
            ax.get_xlabel()
            for ax in fig.axes
            if ax.get_visible() and ax.xaxis.label.get_visible()
        ]
        assert sorted(shown_x) == sorted(SPACE)
        n = len(SPACE)
        shown_y = [ax.get_ylabel() for ax in axes[1:, 0]]
        assert all(axes[i, 0].yaxis.label.get_visible() for i in range(1, n))
        assert not any(
            axes[i, j].yaxis.label.get_visible() for i in range(n) for j in range(1, i)
        )
        assert len(shown_y) == n - 1
        diagonal = [axes[i, i].yaxis.label.get_visible() for i in range(n)]
        assert diagonal == [False] * (n - 1) + [True]
        assert axes[n - 1, n - 1].get_ylabel() == "mean test score"
        assert len({axes[i, i].get_ylim() for i in range(n)}) == 1  # one scale
        # the panels are about square: the labels did not squeeze them
        boxes = [ax.get_window_extent() for ax in fig.axes if ax.get_visible()]
        assert all(0.75 < b.width / b.height < 1.33 for b in boxes)


def test_plot_objective_labels_do_not_overlap_with_long_categories():
    space = {
        "C": (1e-2, 1e2, "log-uniform"),
        "gamma": (1e-4, 1e1, "log-uniform"),
        "kernel": ["rbf", "sigmoid", "linear", "poly"],
    }
    search = BayesSearchCV(SVC(), space, n_iter=10, cv=3, random_state=0).fit(X, Y)
    for pairs in (False, True):
        axes = plots.plot_objective(search, pairs=pairs, n_grid=10)
        assert_no_overlap(np.ravel(axes)[0].figure)
        matplotlib.pyplot.close("all")


def test_plot_objective_pairs_checks_the_axes(search):
    _, axes = matplotlib.pyplot.subplots(2, 2)
    with pytest.raises(ValueError, match="axes: expected a 6 x 6 array"):
        plots.plot_objective(search, pairs=True, axes=axes)


def test_plot_objective_pairs_on_given_axes(search):
    names = list(SPACE)[:2]
    small = BayesSearchCV(
        Toy(), {k: SPACE[k] for k in names}, n_iter=6, cv=2, random_state=0
    ).fit(X, Y)
    _, axes = matplotlib.pyplot.subplots(2, 2, figsize=(6, 6))
    assert plots.plot_objective(small, pairs=True, axes=axes) is not None
    first, second = axes[0, 0].get_xlabel(), axes[1, 1].get_xlabel()
    assert sorted([first, second]) == sorted(names)
    assert (axes[1, 0].get_xlabel(), axes[1, 0].get_ylabel()) == (first, second)
    assert not axes[0, 1].get_visible()


def test_plots_with_a_single_valued_parameter():
    space = {"lr": (1e-4, 1.0, "log-uniform"), "kind": ["b"], "depth": [4]}
    search = BayesSearchCV(Toy(), space, n_iter=6, cv=2, random_state=0).fit(X, Y)
    axes = plots.plot_objective(search, pairs=True, n_grid=6)
    assert axes.shape == (3, 3)
    ax = plots.plot_importance(search)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["lr"]


def test_plot_importance_finds_the_parameters_that_matter():
    # random candidates: the model sees every parameter's whole span (a
    # Bayesian search's model learns what its proposals visit, which its
    # engine decides: dist ranked first in 4 of seeds 0-5 at d782e70, 6 of
    # 6 before; with random candidates 6 of 6)
    search = BayesSearchCV(
        Toy(), SPACE, n_iter=25, optimizer="random", cv=2, random_state=0
    ).fit(X, Y)
    ax = plots.plot_importance(search)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    widths = [p.get_width() for p in ax.patches]
    assert sorted(labels) == sorted(SPACE)
    assert sum(widths) == pytest.approx(1.0)
    # "dist" spans 9 score units, "lr" 2, "steps" 0.08
    assert labels[int(np.argmax(widths))] == "dist"
    assert widths[labels.index("lr")] > widths[labels.index("steps")]


def test_plots_of_scikit_learn_searches():
    rand = RandomizedSearchCV(
        SVC(), {"C": loguniform(1e-2, 1e2)}, n_iter=6, cv=3, random_state=0
    ).fit(X, Y)
    axes = plots.plot_objective(rand)
    assert axes[0].get_xlabel() == "C"
    (points,) = _scatters(axes[0])
    np.testing.assert_allclose(
        points.get_offsets(),
        np.c_[
            np.asarray(rand.cv_results_["param_C"], dtype=float),
            rand.cv_results_["mean_test_score"],
        ],
    )


# --- plot_train_validation -------------------------------------------------

XD, YD = load_diabetes(return_X_y=True)


@pytest.fixture(scope="module")
def tree_grid():
    """Depth 1 under-fits and deep trees over-fit the diabetes data."""
    return GridSearchCV(
        DecisionTreeRegressor(random_state=0),
        {"max_depth": range(1, 13)},
        return_train_score=True,
    ).fit(XD, YD)


def _by_gid(ax):
    return {c.get_gid(): c for c in ax.collections if c.get_gid()}


def _expected_kinds(results, chosen, metric="score", n_splits=5):
    """The rule of the docstring, from cv_results_."""
    train = np.asarray(results[f"mean_train_{metric}"], dtype=float)
    valid = np.asarray(results[f"mean_test_{metric}"], dtype=float)
    tol = results[f"std_test_{metric}"][chosen] / math.sqrt(n_splits)
    gap = train - valid
    worse = valid < valid[chosen] - tol
    over = worse & (gap > gap[chosen] + tol)
    close = ~worse
    close[chosen] = False
    return {"under-fit": worse & ~over, "over-fit": over, "close": close}


def _xy(collection):
    return np.asarray(collection.get_offsets()).reshape(-1, 2)


def test_plot_train_validation_draws_cv_results(tree_grid):
    results = tree_grid.cv_results_
    ax = plots.plot_train_validation(tree_grid)
    assert ax.get_xlabel() == "mean training score"
    assert ax.get_ylabel() == "mean validation score"
    drawn = _by_gid(ax)
    kinds = _expected_kinds(results, tree_grid.best_index_)
    train, valid = results["mean_train_score"], results["mean_test_score"]
    for gid, mask in kinds.items():
        np.testing.assert_allclose(_xy(drawn[gid]), np.c_[train[mask], valid[mask]])
    np.testing.assert_allclose(
        _xy(drawn["chosen"]),
        [[train[tree_grid.best_index_], valid[tree_grid.best_index_]]],
    )
    # every candidate drawn once; the textbook picture
    assert sum(len(_xy(drawn[g])) for g in (*kinds, "chosen")) == len(train)
    depth = np.asarray(results["param_max_depth"], dtype=int)
    assert kinds["under-fit"][depth == 1].all()
    assert kinds["over-fit"][depth >= 6].all()
    assert np.all(train[depth >= 6] > valid[depth >= 6] + 0.3)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"over-fitting ({kinds['over-fit'].sum()})" in labels
    assert f"under-fitting ({kinds['under-fit'].sum()})" in labels
    assert "chosen (best_index_)" in labels
    assert ax.get_legend().get_title().get_text() == ""
    # both axes span every point, with the same limits (the diagonal at 45°)
    assert ax.get_xlim() == ax.get_ylim()
    low, high = ax.get_xlim()
    assert low < min(train.min(), valid.min()) and max(train.max(), valid.max()) < high
    (diagonal,) = ax.get_lines()
    np.testing.assert_allclose(diagonal.get_xdata(), diagonal.get_ydata())
    # the shaded regions lie below the chosen candidate's validation score
    for gid in ("under-fit region", "over-fit region"):
        top = drawn[gid].get_paths()[0].vertices[:, 1].max()
        assert top < valid[tree_grid.best_index_]


def test_plot_train_validation_tol(tree_grid):
    drawn = _by_gid(plots.plot_train_validation(tree_grid, tol=10.0))
    assert len(_xy(drawn["close"])) == len(tree_grid.cv_results_["params"]) - 1
    assert len(_xy(drawn["over-fit"])) == len(_xy(drawn["under-fit"])) == 0


def test_plot_train_validation_needs_train_scores():
    grid = GridSearchCV(DecisionTreeRegressor(), {"max_depth": [1, 2]}).fit(XD, YD)
    with pytest.raises(ValueError, match=r"return_train_score=True"):
        plots.plot_train_validation(grid)


def test_plot_train_validation_multimetric():
    scoring = ["r2", "neg_mean_absolute_error"]
    grid = GridSearchCV(
        DecisionTreeRegressor(random_state=0),
        {"max_depth": [1, 2, 4, 8, 12]},
        scoring=scoring,
        refit="neg_mean_absolute_error",
        return_train_score=True,
    ).fit(XD, YD)
    results = grid.cv_results_
    ax = plots.plot_train_validation(grid)  # the refit metric by default
    assert ax.get_xlabel() == "mean training neg_mean_absolute_error"
    drawn = _by_gid(ax)
    best = grid.best_index_
    np.testing.assert_allclose(
        _xy(drawn["chosen"]),
        [
            [
                results["mean_train_neg_mean_absolute_error"][best],
                results["mean_test_neg_mean_absolute_error"][best],
            ]
        ],
    )
    ax = plots.plot_train_validation(grid, metric="r2")
    assert ax.get_ylabel() == "mean validation r2"
    drawn = _by_gid(ax)
    kinds = _expected_kinds(results, best, metric="r2")
    for gid, mask in kinds.items():
        np.testing.assert_allclose(
            _xy(drawn[gid]),
            np.c_[results["mean_train_r2"][mask], results["mean_test_r2"][mask]],
        )
    with pytest.raises(ValueError, match=r"metric='accuracy' is not a metric.*'r2'"):
        plots.plot_train_validation(grid, metric="accuracy")
    # refit=False: no chosen candidate, so a metric must be named, and the
    # best validation score is marked (a best_index_ left by an earlier fit
    # with refit is ignored)
    grid.set_params(refit=False).fit(XD, YD)
    with pytest.raises(ValueError, match="name the one to draw with metric="):
        plots.plot_train_validation(grid)
    ax = plots.plot_train_validation(grid, metric="r2")
    top = int(np.argmax(grid.cv_results_["mean_test_r2"]))
    np.testing.assert_allclose(
        _xy(_by_gid(ax)["chosen"]),
        [
            [
                grid.cv_results_["mean_train_r2"][top],
                grid.cv_results_["mean_test_r2"][top],
            ]
        ],
    )
    assert "best validation score" in [
        t.get_text() for t in ax.get_legend().get_texts()
    ]


def test_plot_train_validation_skips_failed_candidates():
    grid = GridSearchCV(
        DecisionTreeRegressor(random_state=0),
        {"max_depth": [1, 3, 6, 12], "min_samples_leaf": [1, -1]},  # -1 fails
        return_train_score=True,
    )
    with pytest.warns(Warning):  # scikit-learn's about the failed fits
        grid.fit(XD, YD)
    results = grid.cv_results_
    failed = np.isnan(results["mean_test_score"])
    assert failed.sum() == 4
    ax = plots.plot_train_validation(grid)
    drawn = _by_gid(ax)
    xy = np.concatenate(
        [_xy(drawn[g]) for g in ("under-fit", "over-fit", "close", "chosen")]
    )
    assert len(xy) == 4 and np.isfinite(xy).all()
    expected = np.c_[results["mean_train_score"], results["mean_test_score"]][~failed]
    np.testing.assert_allclose(np.sort(xy, axis=0), np.sort(expected, axis=0))
    title = ax.get_legend().get_title().get_text()
    assert title == "4 failed candidates (NaN scores) not drawn"


def test_plot_train_validation_of_a_bayes_search():
    """A Toy scores the same on training and validation folds: a candidate
    may be worse than the chosen one, but it never over-fits."""
    space = {"lr": SPACE["lr"], "kind": SPACE["kind"]}
    search = BayesSearchCV(
        Toy(), space, n_iter=10, cv=2, random_state=0, return_train_score=True
    ).fit(X, Y)
    drawn = _by_gid(plots.plot_train_validation(search))
    assert len(_xy(drawn["over-fit"])) == 0
    assert len(_xy(drawn["under-fit"])) > 0
    under = _xy(drawn["under-fit"])
    np.testing.assert_allclose(under[:, 0], under[:, 1])
    best = search.best_index_
    np.testing.assert_allclose(
        _xy(drawn["chosen"]),
        [[search.cv_results_["mean_train_score"][best], search.best_score_]],
    )


def test_plot_train_validation_default_metric_of_bayes_search_is_the_objective():
    """With a callable refit, the default metric is the optimized one."""
    search = BayesSearchCV(
        SVC(),
        {"C": (1e-2, 1e2, "log-uniform")},
        n_iter=4,
        cv=3,
        scoring=["accuracy", "f1_macro"],
        refit=lambda results: 0,
        objective="f1_macro",
        return_train_score=True,
        random_state=0,
    ).fit(X, Y)
    ax = plots.plot_train_validation(search)
    assert ax.get_xlabel() == "mean training f1_macro"
    chosen = _xy(_by_gid(ax)["chosen"])
    np.testing.assert_allclose(
        chosen,
        [
            [
                search.cv_results_["mean_train_f1_macro"][0],
                search.cv_results_["mean_test_f1_macro"][0],
            ]
        ],
    )
