"""Every default space holds the estimator's own defaults, at every data size.

The estimator's defaults are a known-good point: a search over its default
space should be able to return them, on ten training samples as on a
million. For each estimator of the catalog, several training-set sizes and
numbers of features, the default value of each parameter of the space must
lie in its resolved range, in at least one sub-space that holds every
other default too (an SVC's defaults are in the RBF sub-space, not the
linear one).

Some defaults are written differently from the range that holds them
(``max_features="sqrt"`` is the fraction ``1 / sqrt(p)``; ``gamma="scale"``
a number): ``EQUIVALENTS`` turns them into the same model's values, each
with its reason. The few defaults a space leaves out on purpose are listed
in ``EXCLUDED`` with theirs; each exclusion must still be needed.

The features and the target are of unit scale: the ranges that follow
``std(y)`` (Lasso's, ElasticNet's and SVR's) hold the defaults, which are
in the units of ``y``, for such a target.
"""

import math

import numpy as np
import pytest
from sklearn.base import is_classifier
from sklearn.decomposition import PCA
from sklearn.feature_selection import SelectKBest
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from skbayes.space import Categorical, to_dimension
from skbayes.spaces import default_space

from .test_default_spaces import ESTIMATORS

N_TRAIN = [10, 30, 100, 199, 1_000, 10_000, 1_000_000]
N_FEATURES = [1, 5, 50, 300]

#: Defaults of the libraries whose scikit-learn wrappers default to None
#: (the library then picks its own), from each library's parameter docs.
LIBRARY_DEFAULTS = {
    "XGB": {
        "n_estimators": 100,
        "learning_rate": 0.3,
        "max_depth": 6,
        "min_child_weight": 1.0,
        "subsample": 1.0,
        "colsample_bytree": 1.0,
        "reg_lambda": 1.0,
        "reg_alpha": 0.0,
    },
    "LGBM": {
        "n_estimators": 100,
        "learning_rate": 0.1,
        "num_leaves": 31,
        "min_child_samples": 20,
        "subsample": 1.0,
        "subsample_freq": 0,
        "colsample_bytree": 1.0,
        "reg_alpha": 0.0,
        "reg_lambda": 0.0,
    },
    # CatBoost chooses its learning rate from the data; 0.03 is its default
    # for the usual 1000 iterations
    "CatBoost": {
        "learning_rate": 0.03,
        "depth": 6,
        "l2_leaf_reg": 3.0,
        "random_strength": 1.0,
    },
}

PREPROCESSORS = [PCA(), SelectKBest(), PolynomialFeatures(), SimpleImputer()]


def _defaults(estimator):
    """The class's own defaults (or the library's, for the stand-ins)."""
    name = type(estimator).__name__
    for prefix, values in LIBRARY_DEFAULTS.items():
        if name.startswith(prefix):
            return dict(values)
    return type(estimator)().get_params(deep=False)


# -- the same model, written as the range writes it -------------------------------
def _max_features(value, info):
    p = info["p"]
    return {"sqrt": 1 / math.sqrt(p), "log2": math.log2(p) / p if p > 1 else 1.0}.get(
        value, 1.0 if value is None else value
    )


#: (class name prefix, parameter) -> (reason, f(value, defaults, info) -> dict)
EQUIVALENTS = {
    ("SVC", "gamma"): (
        "gamma='scale' is 1 / (n_features Var(X)), a number of the range",
        lambda v, d, info: {"gamma": 1 / (info["p"] * info["X"].var())},
    ),
    ("SVR", "gamma"): (
        "gamma='scale' is 1 / (n_features Var(X)), a number of the range",
        lambda v, d, info: {"gamma": 1 / (info["p"] * info["X"].var())},
    ),
    **{
        (name, "max_features"): (
            "'sqrt', 'log2' and None are the fractions 1/sqrt(p), log2(p)/p, 1",
            lambda v, d, info: {"max_features": _max_features(v, info)},
        )
        for name in ("RandomForest", "ExtraTrees", "GradientBoosting")
    },
    **{
        (name, "max_samples"): (
            "max_samples=None draws n_train samples: the fraction 1",
            lambda v, d, info: {"max_samples": 1.0 if v is None else v},
        )
        for name in ("RandomForest", "ExtraTrees")
    },
    ("SGD", "penalty"): (
        "penalty='l2' is penalty='elasticnet' with l1_ratio=0",
        lambda v, d, info: (
            {"penalty": "elasticnet", "l1_ratio": 0.0} if v == "l2" else {}
        ),
    ),
    ("Lasso", "alpha"): (
        "with standardized features every coefficient is zero for alpha >= "
        "max|X'y|/n, which is at most std(y): larger alphas are that model",
        lambda v, d, info: {"alpha": min(v, info["y"].std())},
    ),
    ("ElasticNet", "alpha"): (
        "every coefficient is zero for alpha >= max|X'y|/(n l1_ratio), at "
        "most std(y)/l1_ratio with standardized features",
        lambda v, d, info: {"alpha": min(v, info["y"].std() / d["l1_ratio"])},
    ),
    **{
        ("AdaBoost" + kind, "estimator"): (
            f"estimator=None is a {tree} of depth {depth}",
            lambda v, d, info, tree=tree, depth=depth: (
                {"estimator": tree, "estimator__max_depth": depth} if v is None else {}
            ),
        )
        for kind, tree, depth in [
            ("Classifier", "DecisionTreeClassifier", 1),
            ("Regressor", "DecisionTreeRegressor", 3),
        ]
    },
    ("DecisionTree", "max_depth"): (
        "a tree fitted on n_train samples is at most n_train - 1 deep: "
        "max_depth=None is max_depth=n_train - 1 when that is within the range",
        lambda v, d, info: (
            {"max_depth": info["n_train"] - 1}
            if v is None and info["n_train"] - 1 <= 30
            else {}
        ),
    ),
    ("LinearSVC", "dual"): (
        "dual='warn' (scikit-learn 1.3, 1.4) and 'auto' solve the same convex "
        "problem, in the dual or in the primal: the same model",
        lambda v, d, info: {"dual": "auto"} if v == "warn" else {},
    ),
    ("LGBM", "subsample_freq"): (
        "with subsample=1, bagging every 1 or 0 iterations draws every sample",
        lambda v, d, info: {"subsample_freq": 1} if d["subsample"] == 1.0 else {},
    ),
    ("PCA", "n_components"): (
        "n_components=None keeps min(n_samples, n_features) components",
        lambda v, d, info: (
            {"n_components": min(info["n_train"], info["p"])} if v is None else {}
        ),
    ),
    ("SelectKBest", "k"): (
        "k above n_features keeps every feature (with a warning)",
        lambda v, d, info: {"k": min(v, info["p"])},
    ),
}

#: (class name prefix, parameter) -> (reason, when(info) -> bool)
EXCLUDED = {
    ("DecisionTree", "max_depth"): (
        "max_depth=None grows trees without a depth limit; the range stops at "
        "30, rpart's own maximum (Probst et al.'s range), and min_samples_leaf "
        "(also searched) is what stops a tree on large data",
        lambda info: info["n_train"] - 1 > 30,
    ),
    ("PolynomialFeatures", "degree"): (
        "degree=2 on more than 100 features makes over 5000 of them: the "
        "range keeps degree 1 only there",
        lambda info: info["p"] > 100,
    ),
    ("AdaBoostClassifier", "algorithm"): (
        "algorithm='SAMME.R', the default before scikit-learn 1.6, is "
        "deprecated in 1.4 and 1.5: the space sets 'SAMME' there",
        lambda info: True,
    ),
}
#: exclusions that only some scikit-learn releases need
RELEASE_DEPENDENT = {("AdaBoostClassifier", "algorithm")}


def _lookup(table, name, param):
    for (prefix, key), value in table.items():
        if key == param and name.startswith(prefix):
            return value
    return None


def _contains(dim, name, value):
    if name == "estimator" and isinstance(value, str):  # a tree, by class
        return isinstance(dim, Categorical) and any(
            type(v).__name__ == value for v in dim.values
        )
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        low = getattr(dim, "low", None)
        if value == 0 and getattr(dim, "prior", "") == "log-uniform":
            # a log scale cannot hold 0; a lower end of at most 1e-3 is a
            # penalty as good as none
            return low is not None and low <= 1e-3
    return dim.contains(value)


def _cases(estimator):
    """``(model, prefix, part)``: what default_space gets, and the part tested."""
    if type(estimator).__name__ in {type(p).__name__ for p in PREPROCESSORS}:
        step = type(estimator).__name__.lower()
        return make_pipeline(estimator, Ridge()), f"{step}__", estimator
    return estimator, "", estimator


def _check(estimator, n_train, p, used):
    """The defaults' misses in every sub-space ({} when one sub-space holds them)."""
    model, prefix, part = _cases(estimator)
    name = type(part).__name__
    rng = np.random.default_rng(n_train + p)
    rows = min(n_train, 80)
    X = rng.normal(size=(rows, p))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = np.arange(rows) % 2 if is_classifier(part) else rng.normal(size=rows)
    info = {"X": X, "y": y, "p": p, "n_train": n_train}
    defaults = _defaults(part)
    values = dict(defaults)
    for param, value in defaults.items():
        rule = _lookup(EQUIVALENTS, name, param)
        if rule is not None:
            values.update(rule[1](value, defaults, info))
    space = default_space(model).resolve(X, y, n_train=n_train)
    misses = {}
    for sub in space.subspaces:
        missed = []
        for entry in sub.entries:
            if not entry.name.startswith(prefix):
                continue  # the Ridge after a preprocessor
            param = entry.name[len(prefix) :]
            dim = to_dimension(entry.spec, entry.name)
            if param not in values:
                missed.append(f"{param}: no default")
            elif not any(
                _contains(dim, param, v[param])
                for v in (values, defaults)
                if param in v
            ):
                excluded = _lookup(EXCLUDED, name, param)
                if excluded is not None and excluded[1](info):
                    used.add((name, param))
                    continue
                missed.append(f"{param}={values[param]!r} not in {dim}")
        if not missed:
            return {}
        misses[sub.label or "the space"] = missed
    return misses


def _ids(estimator):
    return type(estimator).__name__


@pytest.mark.parametrize("estimator", ESTIMATORS + PREPROCESSORS, ids=_ids)
def test_the_estimators_defaults_are_in_its_space(estimator):
    used = set()
    failures = {}
    for n_train in N_TRAIN:
        for p in N_FEATURES:
            misses = _check(estimator, n_train, p, used)
            if misses:
                failures[(n_train, p)] = misses
    assert not failures, "\n".join(
        f"n_train={n}, n_features={p}: {m}" for (n, p), m in failures.items()
    )
    name = _ids(estimator)
    listed = {
        key
        for key in EXCLUDED
        if name.startswith(key[0]) and key not in RELEASE_DEPENDENT
    }
    # an exclusion that no case needs any more is stale
    assert {(prefix, param) for prefix, param in listed} == {
        (prefix, param)
        for prefix, param in listed
        if any(n.startswith(prefix) and q == param for n, q in used)
    }


def test_the_lists_give_their_reasons():
    for reason, _ in [*EQUIVALENTS.values(), *EXCLUDED.values()]:
        assert len(reason) > 20
