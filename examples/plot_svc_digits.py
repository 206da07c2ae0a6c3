"""
===============================================
An RBF support vector machine on the digits
===============================================

The two hyperparameters of an RBF-kernel SVC, the regularization ``C`` and
the kernel width ``gamma``, both span several orders of magnitude, so they
are searched on a log scale. This example writes that search space in the
two forms :class:`~skbayes.BayesSearchCV` reads (a scikit-optimize range and
a ``scipy.stats`` distribution), compares the search with
``RandomizedSearchCV`` on the same budget, and looks at the surrogate model
of the score with :func:`~skbayes.plots.plot_objective` (alone and in
pairs) and :func:`~skbayes.plots.plot_importance`.

To keep the example fast, it uses 600 of the 1,797 digits for the search
(the others are a test set) and 3-fold cross-validation.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import loguniform
from sklearn.datasets import load_digits
from sklearn.model_selection import RandomizedSearchCV, train_test_split
from sklearn.svm import SVC

from skbayes import BayesSearchCV
from skbayes.plots import plot_convergence, plot_importance, plot_objective

X, y = load_digits(return_X_y=True)
X = X / 16.0  # pixel intensities in [0, 1]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, train_size=600, stratify=y, random_state=0
)

# %%
# The search space in two forms
# -----------------------------
#
# ``RandomizedSearchCV`` takes ``scipy.stats`` distributions;
# ``loguniform(1e-3, 1e3)`` draws values whose logarithm is uniform.
# scikit-optimize writes the same range as the tuple
# ``(1e-3, 1e3, "log-uniform")``. ``BayesSearchCV`` accepts both (and both
# can be mixed in one dict).
param_distributions = {"C": loguniform(1e-3, 1e3), "gamma": loguniform(1e-5, 1e1)}
search_spaces = {
    "C": (1e-3, 1e3, "log-uniform"),
    "gamma": (1e-5, 1e1, "log-uniform"),
}

common = dict(n_iter=30, cv=3, n_jobs=2, random_state=0)
random_search = RandomizedSearchCV(SVC(), param_distributions, **common)
bayes_search = BayesSearchCV(SVC(), search_spaces, **common)
random_search.fit(X_train, y_train)
bayes_search.fit(X_train, y_train)

for search in (random_search, bayes_search):
    print(
        f"{type(search).__name__:<20} best CV accuracy {search.best_score_:.4f}, "
        f"test accuracy {search.score(X_test, y_test):.4f}"
    )
    print(" " * 20, {k: float(f"{v:.3g}") for k, v in search.best_params_.items()})

# %%
# The two forms describe the same space: a search given the distributions of
# ``RandomizedSearchCV`` proposes the same candidates as the one given the
# tuples (here the first ten, up to the rounding of the proposed values).
bayes_from_distributions = BayesSearchCV(
    SVC(), param_distributions, **{**common, "n_iter": 10}
)
bayes_from_distributions.fit(X_train, y_train)


def as_array(search, n):
    return np.array([[p["C"], p["gamma"]] for p in search.cv_results_["params"][:n]])


same = np.allclose(
    as_array(bayes_from_distributions, 10), as_array(bayes_search, 10), rtol=1e-6
)
print("same first 10 candidates:", same)

# %%
# Convergence
# -----------
#
# The best cross-validated accuracy found so far, against the number of
# candidates evaluated (the y axis starts at 0.9). Many settings of an RBF
# SVC score well on the digits, so random search can be lucky early, as it is
# here; the Bayesian search starts with a few random candidates, then
# spends the rest of its budget near the best region. With two parameters
# and a wide good region the gain over random search is small; it grows with
# the number of parameters and as the good region shrinks.
ax = plot_convergence(random_search, bayes_search)
ax.set_ylim(0.9, 1.0)
ax.figure.tight_layout()

# %%
# The score as a function of each parameter
# -----------------------------------------
#
# :func:`~skbayes.plots.plot_objective` fits a Gaussian process to the
# candidates of the search and draws, for each parameter, its prediction
# averaged over the values of the other parameter (a partial dependence);
# the black points are the candidates evaluated. Both axes are logarithmic,
# as the search space.
axes = plot_objective(bayes_search)
axes[0].figure.tight_layout()

# %%
# The two parameters interact: the best ``gamma`` depends on ``C``.
# ``pairs=True`` draws the matrix ``skopt.plots.plot_objective`` draws: each
# parameter's partial dependence on the diagonal, and below it the model's
# prediction over both parameters at once, with the candidates evaluated
# (black) and the best one (red star). The search spent most of its
# candidates along the ridge of good scores.
axes = plot_objective(bayes_search, pairs=True)
axes[0, 0].figure.tight_layout()

# %%
# :func:`~skbayes.plots.plot_importance` summarizes the same model: the range
# of each partial dependence, as a share of their sum. Both parameters
# matter here: a small ``C`` underfits whatever the kernel, and a large
# ``gamma`` makes every training sample its own neighbourhood, which
# overfits. With a large ``C``, any ``gamma`` below about 1 scores well, the
# best ones around 0.1.
ax = plot_importance(bayes_search)
ax.figure.tight_layout()

# %%
# Show the figures in windows when there is a display (the Agg backend, used
# without one and by the documentation build, only draws to files).
if plt.get_backend().lower() != "agg":
    plt.show()
