"""
=================================================
Successive halving with Bayesian candidates
=================================================

When one cross-validated fit is expensive, evaluating every candidate at
full cost wastes most of the budget on bad ones. Successive halving
(scikit-learn's ``HalvingRandomSearchCV``) evaluates many candidates with a
small *resource* (few boosting iterations, or a subsample of the data),
keeps the best third, triples their resource, and so on.
:class:`~skbayes.HalvingBayesSearchCV` runs the same rounds, but its first
round's candidates are proposed by a model of the scores obtained so far
rather than drawn at random: cheap results steer which candidates are
tried at all.

This example tunes a gradient boosting classifier with ``n_estimators`` (the
number of boosting stages) as the resource, and compares, on the same
rounds, random candidates with model-proposed ones.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import loguniform, randint
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import train_test_split

from skbayes import HalvingBayesSearchCV

X, y = make_classification(
    n_samples=1000, n_features=10, n_informative=6, flip_y=0.05, random_state=0
)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

model = GradientBoostingClassifier(random_state=0)
space = {
    "learning_rate": loguniform(0.01, 1.0),
    "max_depth": randint(1, 6),
    "min_samples_leaf": randint(1, 50),
}

# %%
# The rounds
# ----------
#
# ``resource="n_estimators"`` makes the number of boosting stages grow from
# round to round: 27 candidates with 3 stages, the best 9 with 9, the best 3
# with 27, the best with 81. The parameters and fitted attributes
# are those of ``HalvingRandomSearchCV``; code written for it runs with the
# class name changed.
common = dict(
    resource="n_estimators",
    min_resources=3,
    max_resources=81,
    n_candidates=27,
    cv=3,
    return_train_score=False,
    random_state=0,
)
searches = {}
for optimizer in ("random", "gp"):
    start = time.perf_counter()
    search = HalvingBayesSearchCV(model, space, optimizer=optimizer, **common)
    search.fit(X_train, y_train)
    searches[optimizer] = search
    print(
        f"{optimizer:>6}: {time.perf_counter() - start:4.1f} s, rounds "
        f"{search.n_resources_} x {search.n_candidates_}, best CV score "
        f"{search.best_score_:.3f}, test score {search.score(X_test, y_test):.3f}"
    )

# %%
# Where the candidates went
# -------------------------
#
# Each point is a candidate of the first round (3 stages), placed by its
# learning rate and coloured by its score. The random ones cover the range
# evenly; after its random start, the model proposes most of the others
# where the cheap scores are high. Whether that gives a better winner
# depends on how well 3 stages rank candidates for 81: on a problem this
# small the two searches end close, and either may win a single run (the
# :doc:`benchmarks <../benchmarks>` average several seeds).
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, (name, search) in zip(axes, searches.items()):
    results = search.cv_results_
    first = results["iter"] == 0
    rates = np.array([p["learning_rate"] for p in results["params"]])[first]
    depths = np.array([p["max_depth"] for p in results["params"]])[first]
    points = ax.scatter(
        rates,
        depths,
        c=results["mean_test_score"][first],
        cmap="viridis",
        vmin=0.5,
        vmax=0.95,
    )
    ax.set_xscale("log")
    ax.set_title(f'optimizer="{name}"')
    ax.set_xlabel("learning_rate")
axes[0].set_ylabel("max_depth")
fig.colorbar(points, ax=axes, label="CV score with 3 stages")
plt.show()

# %%
# The rounds, score by score
# --------------------------
#
# ``cv_results_`` has one row per evaluation: ``iter`` is the round and
# ``n_resources`` its number of stages. The best candidate is the best of
# the last round (``best_index_``); it is refitted with ``n_estimators=81``.
search = searches["gp"]
for itr, resource in enumerate(search.n_resources_):
    rows = search.cv_results_["iter"] == itr
    scores = np.sort(search.cv_results_["mean_test_score"][rows])[::-1]
    print(f"round {itr} (n_estimators={resource}): {np.round(scores, 3)}")
print("best:", search.best_params_)

# %%
# Several brackets
# ----------------
#
# A first round that is too cheap to rank candidates ruins successive
# halving. ``brackets=2`` adds a bracket that starts at the second round's
# resource with fewer candidates (``"hyperband"``: one bracket per round);
# the model of the largest resource with enough results proposes its
# candidates, unless the promotions showed that the ranking at that resource
# does not carry to the next (then the next resource's model, or random
# draws, propose).
hyperband = HalvingBayesSearchCV(model, space, brackets=2, **common)
hyperband.fit(X_train, y_train)
for bracket in hyperband.brackets_:
    print(bracket)
print(f"test score {hyperband.score(X_test, y_test):.3f}")
