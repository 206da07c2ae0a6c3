"""
=================================================
Successive halving with Bayesian candidates
=================================================

When one cross-validated fit is expensive, evaluating every candidate at
full cost wastes most of the budget on bad ones. Successive halving
(scikit-learn's ``HalvingRandomSearchCV``) evaluates many candidates with a
small *resource* (few boosting iterations, or a subsample of the data),
keeps the best third, triples their resource, and so on.
:class:`~skbayes.HalvingBayesSearchCV` runs the same rounds, and with
several brackets (Hyperband's: successive halvings that start at larger
resources) the later brackets' candidates are proposed by models of the
scores obtained so far, once the promotions have shown that the ranking at
a resource carries to larger ones.

This example tunes a gradient boosting classifier with ``n_estimators`` (the
number of boosting stages) as the resource.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import loguniform, randint, spearmanr
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
# class name changed. With a single bracket nothing shows yet whether 3
# stages rank candidates as 81 do, so the first round is drawn at random
# (quasi-random), as ``HalvingRandomSearchCV`` would.
common = dict(
    resource="n_estimators",
    min_resources=3,
    max_resources=81,
    n_candidates=27,
    cv=3,
    return_train_score=False,
    random_state=0,
)
start = time.perf_counter()
single = HalvingBayesSearchCV(model, space, **common).fit(X_train, y_train)
print(
    f"{time.perf_counter() - start:4.1f} s, rounds {single.n_resources_} x "
    f"{single.n_candidates_}, best CV score {single.best_score_:.3f}, "
    f"test score {single.score(X_test, y_test):.3f}"
)

# %%
# ``cv_results_`` has one row per evaluation: ``iter`` is the round and
# ``n_resources`` its number of stages. The best candidate is the best of
# the last round (``best_index_``); it is refitted with ``n_estimators=81``.
for itr, resource in enumerate(single.n_resources_):
    rows = single.cv_results_["iter"] == itr
    scores = np.sort(single.cv_results_["mean_test_score"][rows])[::-1]
    print(f"round {itr} (n_estimators={resource}): {np.round(scores, 3)}")
print("best:", single.best_params_)

# %%
# Several brackets, and the models
# --------------------------------
#
# ``brackets="hyperband"`` adds brackets that start at larger resources with
# fewer candidates (each costs about as much as the first). The promotions
# of the first bracket measure, for each resource, how well its ranking
# carries to the next (the Spearman correlation of the promoted
# candidates' scores). The model of the largest resource whose ranking
# carried (correlation at least 0.5), or of the largest resource itself,
# proposes two thirds of the later brackets' candidates, the other third
# drawn at random (as BOHB does); a resource whose ranking does not carry
# never proposes, since its model would steer the search towards what wins
# with little resource only.
hyperband = HalvingBayesSearchCV(model, space, brackets="hyperband", **common)
hyperband.fit(X_train, y_train)
for bracket in hyperband.brackets_:
    print(bracket)
print(f"test score {hyperband.score(X_test, y_test):.3f}")

results = hyperband.cv_results_
keys = [
    tuple(sorted((k, v) for k, v in p.items() if k != "n_estimators"))
    for p in results["params"]
]
for low, high in zip(hyperband.n_resources_[:3], hyperband.n_resources_[1:4]):
    at = {}
    for key, res, score in zip(
        keys, results["n_resources"], results["mean_test_score"]
    ):
        at.setdefault(key, {})[res] = score
    pairs = np.array([(v[low], v[high]) for v in at.values() if low in v and high in v])
    rho = spearmanr(pairs[:, 0], pairs[:, 1])[0]
    print(f"{low:>2} -> {high:>2} stages: {len(pairs)} promoted, Spearman {rho:.2f}")

# %%
# Where the candidates went
# -------------------------
#
# Each point is a candidate of the first round of its bracket, placed by
# its learning rate and depth and coloured by its bracket. The first
# bracket's are spread evenly; the later brackets' come mostly from the
# models.
starts = [b["n_resources"][0] for b in hyperband.brackets_]
first = results["n_resources"] == np.array(
    [starts[b] for b in hyperband.bracket_of_candidates_]
)
rates = np.array([p["learning_rate"] for p in results["params"]])
depths = np.array([p["max_depth"] for p in results["params"]])
fig, ax = plt.subplots(figsize=(6, 3.5))
for bracket in range(len(hyperband.brackets_)):
    rows = first & (hyperband.bracket_of_candidates_ == bracket)
    ax.scatter(rates[rows], depths[rows], label=f"bracket {bracket}", alpha=0.8)
ax.set_xscale("log")
ax.set_xlabel("learning_rate")
ax.set_ylabel("max_depth")
ax.legend(fontsize=8)
plt.show()
