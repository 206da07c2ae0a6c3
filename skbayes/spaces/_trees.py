"""Default spaces of trees, forests and boosted trees (scikit-learn's, and
XGBoost, LightGBM and CatBoost recognized by name, never imported).
"""

from __future__ import annotations

from ..space import Categorical, Integer, Real
from ._common import (
    AUTO_SKLEARN,
    CATBOOST,
    FEATURE_FRACTION,
    FEATURE_FRACTION_LOG,
    LIGHTGBM,
    OURS,
    PROBST,
    VAN_RIJN,
    _depth,
    _e,
    _is_classifier_name,
    _leaf,
    _leaves,
    _log,
    _range,
    _sample_fraction,
)
from ._default import Subspace

__all__ = [
    "ada_boost",
    "catboost",
    "decision_tree",
    "gradient_boosting",
    "hist_gradient_boosting",
    "lightgbm",
    "random_forest",
    "xgboost",
]

# -- trees and forests -------------------------------------------------------------
_LEAF_WHY = (
    "Smallest leaf: the main control of over-fitting, on a log scale and "
    "relative to the training-set size."
)
_MAX_FEATURES_WHY = (
    "Features tried at each split: how different the trees are. Log-uniform "
    "over [1/p, 1], so the median is 1/sqrt(p), scikit-learn's default for "
    "classifiers."
)


def decision_tree(estimator):
    entries = [
        _e(
            "max_depth",
            _range(_depth, "[1, min(30, n_train)]", "uniform", cap=30),
            "Depth limit: the size of the tree.",
            f"{PROBST} (rpart maxdepth in [1, 30])",
        ),
        _e(
            "min_samples_leaf",
            _leaf(60, 2),
            _LEAF_WHY,
            f"{PROBST} (rpart minbucket in [1, 60]); log scale ({OURS})",
        ),
    ]
    if _is_classifier_name(estimator):
        entries.append(
            _e(
                "criterion",
                ["gini", "entropy"],
                "Impurity measure of the splits; a small effect.",
                AUTO_SKLEARN,
            )
        )
    return [Subspace("", tuple(entries))]


def random_forest(estimator):
    entries = [
        _e(
            "max_features",
            FEATURE_FRACTION_LOG,
            _MAX_FEATURES_WHY,
            f"{PROBST} (mtry = p·x, the most tunable); {VAN_RIJN}",
        ),
        _e(
            "min_samples_leaf",
            _leaf(100, 10),
            _LEAF_WHY,
            f"{PROBST} (min.node.size = n^x); {VAN_RIJN}",
        ),
    ]
    if getattr(estimator, "bootstrap", False):
        entries.append(
            _e(
                "max_samples",
                _range(_sample_fraction, "[max(0.1, 11 / n_train), 1]", "uniform"),
                "Fraction of the samples drawn for each tree (at least 10 "
                "samples, below which scikit-learn warns).",
                f"{PROBST} (sample.fraction in [0.1, 1])",
            )
        )
    return [Subspace("", tuple(entries))]


def gradient_boosting(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "learning_rate",
                    _log(0.01, 1.0),
                    "Shrinkage of each tree; with the default 100 trees, below "
                    "0.01 the model underfits.",
                    f"{PROBST} (xgboost eta, 2^[-10, 0], log); from 0.01 ({OURS})",
                ),
                _e(
                    "max_depth",
                    Integer(1, 10),
                    "Depth of each tree: the order of the interactions modelled.",
                    f"{PROBST} (xgboost max_depth in [1, 15]); to 10 ({OURS})",
                ),
                _e("min_samples_leaf", _leaf(100, 10), _LEAF_WHY, f"{PROBST}"),
                _e(
                    "subsample",
                    Real(0.5, 1.0),
                    "Fraction of the samples per tree (stochastic boosting).",
                    f"{PROBST} (xgboost subsample in [0.1, 1]); from 0.5 ({OURS})",
                ),
                _e(
                    "max_features",
                    FEATURE_FRACTION,
                    "Fraction of the features per split.",
                    f"{PROBST} (xgboost colsample in [0, 1])",
                ),
            ),
        )
    ]


def hist_gradient_boosting(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "learning_rate",
                    _log(0.01, 1.0),
                    "Shrinkage of each tree.",
                    AUTO_SKLEARN,
                ),
                _e(
                    "max_leaf_nodes",
                    _leaves(255, floor=31),
                    "Size of each tree (grown leaf by leaf); up to at least "
                    "scikit-learn's default, 31.",
                    f"{AUTO_SKLEARN} ([3, 2047], log); to 255 ({OURS})",
                ),
                _e(
                    "min_samples_leaf",
                    _leaf(200, 10, floor=20),
                    _LEAF_WHY + " Up to at least scikit-learn's default, 20.",
                    f"{AUTO_SKLEARN} ([1, 200], log)",
                ),
                _e(
                    "l2_regularization",
                    _log(1e-10, 1.0),
                    "L2 penalty on the leaf values.",
                    AUTO_SKLEARN,
                ),
            ),
        )
    ]


def ada_boost(estimator):
    classifier = _is_classifier_name(estimator)
    entries = [
        _e(
            "n_estimators",
            Integer(50, 500, prior="log-uniform"),
            "Number of boosting rounds.",
            AUTO_SKLEARN,
        ),
        _e(
            "learning_rate",
            _log(0.01, 2.0),
            "Weight of each learner; among the two most important.",
            f"{AUTO_SKLEARN}; {VAN_RIJN}",
        ),
    ]
    base = getattr(estimator, "estimator", None)
    if base is None:
        from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

        tree = DecisionTreeClassifier() if classifier else DecisionTreeRegressor()
        entries.append(
            _e(
                "estimator",
                Categorical([tree]),
                "A tree whose depth is searched (AdaBoost's default is a stump "
                "for classifiers, depth 3 for regressors).",
                OURS,
            )
        )
    if base is None or type(base).__name__.startswith("DecisionTree"):
        entries.append(
            _e(
                "estimator__max_depth",
                Integer(1, 10),
                "Depth of each tree; among the two most important.",
                f"{AUTO_SKLEARN}; {VAN_RIJN}",
            )
        )
    if classifier and getattr(estimator, "algorithm", None) == "SAMME.R":
        entries.append(
            _e(
                "algorithm",
                ["SAMME"],
                "SAMME.R is deprecated in scikit-learn 1.4 and 1.5, removed in 1.6.",
                OURS,
            )
        )
    if not classifier:
        entries.append(
            _e(
                "loss",
                ["linear", "square", "exponential"],
                "How errors weight the samples of the next round.",
                AUTO_SKLEARN,
            )
        )
    return [Subspace("", tuple(entries))]


# -- gradient-boosting libraries (recognized by name, never imported) -----------
def xgboost(estimator):
    src = f"{PROBST} (xgboost)"
    return [
        Subspace(
            "",
            (
                _e(
                    "n_estimators",
                    Integer(50, 1000, prior="log-uniform"),
                    "Boosting rounds, traded against the learning rate.",
                    f"{PROBST} (nrounds in [1, 5000]); to [50, 1000] ({OURS})",
                ),
                _e(
                    "learning_rate",
                    _log(2.0**-10, 1.0),
                    "Shrinkage of each tree (eta).",
                    src,
                ),
                _e("max_depth", Integer(1, 15), "Depth of each tree.", src),
                _e(
                    "min_child_weight",
                    _log(1.0, 128.0),
                    "Smallest total hessian in a leaf (the leaf size).",
                    src,
                ),
                _e("subsample", Real(0.1, 1.0), "Rows per tree.", src),
                _e(
                    "colsample_bytree",
                    Real(0.1, 1.0),
                    "Features per tree.",
                    f"{src}; from 0.1 ({OURS})",
                ),
                _e(
                    "reg_lambda",
                    _log(2.0**-10, 2.0**10),
                    "L2 penalty on the leaf weights.",
                    src,
                ),
                _e(
                    "reg_alpha",
                    _log(2.0**-10, 2.0**10),
                    "L1 penalty on the leaf weights.",
                    src,
                ),
            ),
        )
    ]


def lightgbm(estimator):
    src = f"{LIGHTGBM}; ranges {OURS}"
    return [
        Subspace(
            "",
            (
                _e(
                    "n_estimators",
                    Integer(50, 1000, prior="log-uniform"),
                    "Boosting rounds, traded against the learning rate.",
                    src,
                ),
                _e("learning_rate", _log(0.01, 0.3), "Shrinkage of each tree.", src),
                _e(
                    "num_leaves",
                    _leaves(255, floor=31),
                    "The main control of the trees' complexity (leaf-wise "
                    "growth); up to at least LightGBM's default, 31.",
                    src,
                ),
                _e(
                    "min_child_samples",
                    _leaf(100, 10, floor=20),
                    "Smallest leaf: prevents over-fitting of leaf-wise trees; "
                    "up to at least LightGBM's default, 20.",
                    src,
                ),
                _e("subsample", Real(0.5, 1.0), "Rows per tree (bagging).", src),
                _e(
                    "subsample_freq",
                    [1],
                    "Bagging only happens with subsample_freq > 0.",
                    LIGHTGBM,
                ),
                _e("colsample_bytree", Real(0.3, 1.0), "Features per tree.", src),
                _e("reg_alpha", _log(1e-8, 10.0), "L1 penalty.", src),
                _e("reg_lambda", _log(1e-8, 10.0), "L2 penalty.", src),
            ),
        )
    ]


def catboost(estimator):
    src = f"{CATBOOST}; ranges {OURS}"
    return [
        Subspace(
            "",
            (
                _e(
                    "learning_rate",
                    _log(0.01, 0.3),
                    "Shrinkage of each tree (its 1000 rounds by default).",
                    src,
                ),
                _e(
                    "depth",
                    Integer(4, 10),
                    "Depth of the symmetric trees; 6 to 10 is the range the "
                    "documentation recommends.",
                    src,
                ),
                _e(
                    "l2_leaf_reg",
                    _log(1.0, 30.0),
                    "L2 penalty on the leaf values.",
                    src,
                ),
                _e(
                    "random_strength",
                    _log(1e-3, 10.0),
                    "Randomness of the split scores (against over-fitting).",
                    src,
                ),
            ),
        )
    ]
