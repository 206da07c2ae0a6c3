"""The default spaces: one builder per estimator family, with its sources.

Each builder takes the estimator (some spaces depend on its parameters or on
the scikit-learn release, read from the estimator itself) and returns a list
of :class:`Subspace`. Ranges that depend on the data are :class:`DataRange`
objects built from the module-level functions below (so that a space
pickles). ``SOURCES`` holds the full references of the short names used in
the ``source`` column.
"""

from __future__ import annotations

import inspect
from functools import partial

from ..space import Categorical, Integer, Ordinal, Real
from ._default import Entry, Subspace
from ._resolve import DataRange, integer_range, real_range

__all__ = ["BUILDERS", "SOURCES"]

PROBST = "Probst et al. 2019"
VAN_RIJN = "van Rijn & Hutter 2018"
AUTO_SKLEARN = "auto-sklearn"
GLMNET = "Friedman et al. 2010"
CHERKASSKY = "Cherkassky & Ma 2004"
SKLEARN = "scikit-learn docs"
LIGHTGBM = "LightGBM docs"
CATBOOST = "CatBoost docs"
OURS = "skbayes"

#: Full references of the short names in the ``source`` column.
SOURCES = {
    PROBST: (
        "P. Probst, A.-L. Boulesteix, B. Bischl. Tunability: Importance of "
        "Hyperparameters of Machine Learning Algorithms. JMLR 20(53), 2019. "
        "Table 1: the ranges searched for elastic net (glmnet), CART (rpart), "
        "k-NN, SVM, random forest (ranger) and xgboost on 38 OpenML data "
        "sets, with their scales (2^x, n^x, p·x)."
    ),
    VAN_RIJN: (
        "J. N. van Rijn, F. Hutter. Hyperparameter Importance Across Datasets. "
        "KDD 2018: the most important hyperparameters of SVMs (gamma, C), "
        "random forests (min_samples_leaf, max_features) and AdaBoost "
        "(max_depth, learning_rate) over 100 OpenML data sets."
    ),
    AUTO_SKLEARN: (
        "M. Feurer et al. Efficient and Robust Automated Machine Learning. "
        "NeurIPS 2015; the search spaces of auto-sklearn's components "
        "(ranges and log scales per scikit-learn estimator)."
    ),
    GLMNET: (
        "J. Friedman, T. Hastie, R. Tibshirani. Regularization Paths for "
        "Generalized Linear Models via Coordinate Descent. J. Stat. Softw. "
        "33(1), 2010: the regularization path from lambda_max down to "
        "1e-4 lambda_max, on a log scale."
    ),
    CHERKASSKY: (
        "V. Cherkassky, Y. Ma. Practical selection of SVM parameters and "
        "noise estimation for SVM regression. Neural Networks 17(1), 2004: C "
        "from the range of the target, epsilon from its noise."
    ),
    SKLEARN: (
        "scikit-learn's user guide and estimator documentation (for example "
        "the l1_ratio values suggested for ElasticNetCV, and gamma='scale' "
        "= 1 / (n_features Var(X)) for SVMs)."
    ),
    LIGHTGBM: (
        "LightGBM documentation, Parameters Tuning: the parameters that "
        "control leaf-wise growth, over-fitting and speed."
    ),
    CATBOOST: (
        "CatBoost documentation, Parameter tuning: depth, learning rate, "
        "L2 regularization."
    ),
    OURS: (
        "A choice of skbayes, with its reason in the 'why it matters' column: "
        "a range narrowed or moved from a cited one (the text says which), or "
        "a constant set so that the space fits at both ends of the supported "
        "scikit-learn releases."
    ),
}


def _e(name, spec, why, source, context=""):
    return Entry(name, spec, why, source, context)


def _log(low, high):
    return Real(low, high, prior="log-uniform")


# -- data-dependent ranges (module-level functions, so spaces pickle) --------
def _feature_fraction(info, scale):
    return real_range(1.0 / info.n_features, 1.0, scale)


def _leaf_size(info, cap, divisor):
    return integer_range(1, max(1, min(cap, info.n_train // divisor)), "log-uniform")


def _leaf_count(info, cap):
    return integer_range(3, max(3, min(cap, info.n_train // 4)), "log-uniform")


def _depth(info, cap):
    return integer_range(1, max(1, min(cap, info.n_train)), "uniform")


def _neighbors(info):
    return integer_range(1, max(1, min(100, info.n_train)), "log-uniform")


def _gamma(info):
    scale = 1.0 / (info.n_features * info.x_variance)
    return real_range(scale * 1e-3, scale * 1e2, "log-uniform")


def _svr_c(info):
    c0 = max(abs(info.y_mean - 3 * info.y_std), abs(info.y_mean + 3 * info.y_std))
    return real_range(c0 * 2.0**-10, c0 * 2.0**2, "log-uniform")


def _sample_fraction(info):
    # scikit-learn 1.9 warns when a fraction gives fewer than
    # max(10, n ** (1/3)) bootstrap samples (above 50 samples, 10 is the
    # bound); with fewer than 11 samples every tree takes them all
    if info.n_train < 11:
        return Categorical([None])
    return real_range(max(0.1, 11 / info.n_train), 1.0, "uniform")


def _target_scaled(info, low, high):
    return real_range(low * info.y_std, high * info.y_std, "log-uniform")


def _components(info):
    return integer_range(1, min(info.n_train, info.n_features), "log-uniform")


def _k_best(info):
    return integer_range(1, info.n_features, "log-uniform")


def _poly_degree(info):
    p = info.n_features
    return Ordinal([1, 2, 3] if p <= 10 else [1, 2] if p <= 100 else [1])


def _range(func, text, prior, **kwargs):
    return DataRange(partial(func, **kwargs), text, prior)


FEATURE_FRACTION_LOG = _range(
    _feature_fraction, "[1 / n_features, 1]", "log-uniform", scale="log-uniform"
)
FEATURE_FRACTION = _range(
    _feature_fraction, "[1 / n_features, 1]", "uniform", scale="uniform"
)


def _leaf(cap, divisor):
    return _range(
        _leaf_size,
        f"[1, max(1, min({cap}, n_train / {divisor}))]",
        "log-uniform",
        cap=cap,
        divisor=divisor,
    )


def _leaves(cap):
    return _range(
        _leaf_count, f"[3, max(3, min({cap}, n_train / 4))]", "log-uniform", cap=cap
    )


# -- helpers reading the estimator -----------------------------------------------
def _default_of(estimator, name):
    """The default of a constructor parameter of the estimator's class."""
    try:
        param = inspect.signature(type(estimator).__init__).parameters.get(name)
    except (TypeError, ValueError):  # pragma: no cover - no signature
        return None
    return None if param is None else param.default


def _is_classifier_name(estimator):
    return "Classifier" in type(estimator).__name__


# -- linear models --------------------------------------------------------------
_C_WHY = (
    "Inverse of the regularization strength: the parameter of a linear model "
    "that matters most, searched on a log scale."
)
_C_SOURCE = f"{PROBST} (glmnet lambda, 2^±10, log); widened to 1e±4 ({OURS})"


def logistic_regression(estimator):
    C = _e("C", _log(1e-4, 1e4), _C_WHY, _C_SOURCE)
    l1_ratio = _e(
        "l1_ratio",
        Real(0.0, 1.0),
        "Mix of the penalties: 0 is ridge (L2), 1 is lasso (L1, sparse).",
        f"{PROBST} (glmnet alpha in [0, 1])",
    )
    why_solver = "Only saga fits the elastic-net penalty; lbfgs is faster for L2."
    # scikit-learn 1.8 deprecated ``penalty``: l1_ratio alone selects it
    legacy = _default_of(estimator, "penalty") not in (None, "deprecated")
    l2 = [_e("solver", ["lbfgs"], why_solver, OURS), C]
    enet = [_e("solver", ["saga"], why_solver, OURS), C, l1_ratio]
    if legacy:
        why = "Set with the solver that supports it (before scikit-learn 1.8)."
        l2.insert(0, _e("penalty", ["l2"], why, OURS))
        enet.insert(0, _e("penalty", ["elasticnet"], why, OURS))
    return [
        Subspace("L2 penalty (lbfgs)", tuple(l2)),
        Subspace("elastic-net penalty (saga)", tuple(enet)),
    ]


def ridge(estimator):
    why = "Regularization strength, on a log scale (1 by default)."
    source = f"{PROBST} (glmnet lambda, 2^±10, log); widened to 1e±4 ({OURS})"
    return [Subspace("", (_e("alpha", _log(1e-4, 1e4), why, source),))]


_LASSO_ALPHA_WHY = (
    "Regularization strength. With standardized features every coefficient "
    "is zero above max|X'y|/n <= std(y); the path goes down from there."
)


def lasso(estimator):
    alpha = _range(
        _target_scaled, "std(y) · [1e-4, 1]", "log-uniform", low=1e-4, high=1
    )
    return [
        Subspace(
            "",
            (_e("alpha", alpha, _LASSO_ALPHA_WHY, f"{GLMNET} (path over 1e-4)"),),
        )
    ]


def elastic_net(estimator):
    alpha = _range(
        _target_scaled, "std(y) · [1e-4, 10]", "log-uniform", low=1e-4, high=10
    )
    return [
        Subspace(
            "",
            (
                _e(
                    "alpha",
                    alpha,
                    _LASSO_ALPHA_WHY + " A small l1_ratio moves it up (x10).",
                    f"{GLMNET} (path over 1e-4); x10 for l1_ratio >= 0.1 ({OURS})",
                ),
                _e(
                    "l1_ratio",
                    Real(0.1, 1.0),
                    "Mix of L1 (1, sparse) and L2; below 0.1 the coordinate "
                    "descent converges slowly.",
                    f"{SKLEARN} (ElasticNetCV: l1_ratio from 0.1 to 1)",
                ),
            ),
        )
    ]


def sgd(estimator):
    classifier = _is_classifier_name(estimator)
    losses = (
        ["hinge", "log_loss", "modified_huber"]
        if classifier
        else ["squared_error", "huber", "epsilon_insensitive"]
    )
    entries = (
        _e(
            "alpha",
            _log(1e-7, 1e-1),
            "Regularization strength; also sets the step size of the "
            "'optimal' learning rate.",
            AUTO_SKLEARN,
        ),
        _e(
            "loss",
            losses,
            "The model fitted: a linear SVM, logistic regression or a robust "
            "variant" + ("." if classifier else " (least squares, Huber, SVR)."),
            AUTO_SKLEARN,
        ),
        _e(
            "penalty",
            ["elasticnet"],
            "Elastic net, so that l1_ratio spans L2 (0) to L1 (1).",
            OURS,
        ),
        _e("l1_ratio", Real(0.0, 1.0), "Mix of L1 and L2.", f"{PROBST} (glmnet alpha)"),
    )
    return [Subspace("", entries)]


# -- support vector machines ------------------------------------------------------
_SVM_C_SOURCE = f"{PROBST} (cost, 2^±10, log); {VAN_RIJN}"
_GAMMA = _range(_gamma, "gamma='scale' · [1e-3, 1e2]", "log-uniform")
_GAMMA_WHY = (
    "Width of the RBF kernel; with C the most important SVM parameter. "
    "Centred on scikit-learn's gamma='scale' = 1 / (n_features Var(X))."
)
_GAMMA_SOURCE = f"{VAN_RIJN}; {PROBST} (log scale); centred on {SKLEARN}"


def svc(estimator):
    C = _e("C", _log(2.0**-10, 2.0**10), "Penalty of margin violations.", _SVM_C_SOURCE)
    kernel_why = (
        "gamma only acts with the RBF kernel; polynomial and sigmoid kernels "
        "are left out (rarely better than RBF, slow to fit at large C)."
    )
    return [
        Subspace(
            "RBF kernel",
            (
                _e("kernel", ["rbf"], kernel_why, OURS),
                C,
                _e("gamma", _GAMMA, _GAMMA_WHY, _GAMMA_SOURCE),
            ),
        ),
        Subspace("linear kernel", (_e("kernel", ["linear"], kernel_why, OURS), C)),
    ]


def svr(estimator):
    C = _e(
        "C",
        _range(_svr_c, "C0 · 2^[-10, 2], C0 = max|mean(y) ± 3 std(y)|", "log-uniform"),
        "Penalty of errors beyond epsilon; it scales with the target. Above "
        "C0 (the target's range) the fit hardly changes but slows down.",
        f"{CHERKASSKY} (C0); {PROBST} (2^-10, log)",
    )
    epsilon = _e(
        "epsilon",
        _range(_target_scaled, "std(y) · [1e-3, 1]", "log-uniform", low=1e-3, high=1),
        "Width of the tube in which errors cost nothing, in units of the target.",
        f"{CHERKASSKY} (proportional to the noise); range {OURS}",
    )
    kernel_why = "gamma only acts with the RBF kernel."
    return [
        Subspace(
            "RBF kernel",
            (
                _e("kernel", ["rbf"], kernel_why, OURS),
                C,
                _e("gamma", _GAMMA, _GAMMA_WHY, _GAMMA_SOURCE),
                epsilon,
            ),
        ),
        Subspace(
            "linear kernel", (_e("kernel", ["linear"], kernel_why, OURS), C, epsilon)
        ),
    ]


def linear_svc(estimator):
    C = _e("C", _log(2.0**-10, 2.0**10), "Penalty of margin violations.", _SVM_C_SOURCE)
    why = (
        "liblinear fits the L1 penalty only with the squared hinge loss in the "
        "primal (dual=False)."
    )
    l2 = [
        _e("penalty", ["l2"], why, AUTO_SKLEARN),
        _e("loss", ["squared_hinge"], why, AUTO_SKLEARN),
        C,
    ]
    if getattr(estimator, "dual", None) == "warn":  # scikit-learn 1.3 and 1.4
        l2.append(
            _e("dual", ["auto"], "Avoids the FutureWarning of dual='warn'.", OURS)
        )
    l1 = (
        _e("penalty", ["l1"], why, AUTO_SKLEARN),
        _e("loss", ["squared_hinge"], why, AUTO_SKLEARN),
        _e("dual", [False], why, AUTO_SKLEARN),
        C,
    )
    return [Subspace("L2 penalty", tuple(l2)), Subspace("L1 penalty", l1)]


# -- neighbors --------------------------------------------------------------------
def k_neighbors(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "n_neighbors",
                    _range(_neighbors, "[1, min(100, n_train)]", "log-uniform"),
                    "The bias-variance trade-off of k-NN, its one tunable "
                    "parameter; at most the samples of a training fold.",
                    f"{PROBST} (k in [1, 30]); {AUTO_SKLEARN} ([1, 100], log)",
                ),
                _e(
                    "weights",
                    ["uniform", "distance"],
                    "Distance weighting lets a larger k keep local detail.",
                    AUTO_SKLEARN,
                ),
                _e("p", [1, 2], "Manhattan or Euclidean distance.", AUTO_SKLEARN),
            ),
        )
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
                    _leaves(255),
                    "Size of each tree (grown leaf by leaf).",
                    f"{AUTO_SKLEARN} ([3, 2047], log); to 255 ({OURS})",
                ),
                _e(
                    "min_samples_leaf",
                    _leaf(200, 10),
                    _LEAF_WHY,
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


# -- neural networks ----------------------------------------------------------------
def mlp(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "hidden_layer_sizes",
                    [(32,), (64,), (128,), (256,), (64, 64), (128, 128), (64, 64, 64)],
                    "Width and depth of the network.",
                    f"{AUTO_SKLEARN} (1 to 3 layers of 16 to 264 units)",
                ),
                _e("activation", ["relu", "tanh"], "Non-linearity.", AUTO_SKLEARN),
                _e(
                    "alpha",
                    _log(1e-5, 1.0),
                    "L2 penalty on the weights.",
                    AUTO_SKLEARN,
                ),
                _e(
                    "learning_rate_init",
                    _log(1e-4, 1e-1),
                    "Step size of adam: too large diverges, too small stalls.",
                    f"{AUTO_SKLEARN} ([1e-4, 0.5], log); to 0.1 ({OURS})",
                ),
            ),
        )
    ]


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
                    _leaves(255),
                    "The main control of the trees' complexity (leaf-wise growth).",
                    src,
                ),
                _e(
                    "min_child_samples",
                    _leaf(100, 10),
                    "Smallest leaf: prevents over-fitting of leaf-wise trees.",
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


# -- preprocessing steps of a pipeline ---------------------------------------------
def pca(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "n_components",
                    _range(_components, "[1, min(n_train, n_features)]", "log-uniform"),
                    "Components kept: how much of the input's variance the "
                    "next step sees.",
                    OURS,
                ),
            ),
        )
    ]


def select_k_best(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "k",
                    _range(_k_best, "[1, n_features]", "log-uniform"),
                    "Features kept.",
                    OURS,
                ),
            ),
        )
    ]


def polynomial_features(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "degree",
                    _range(
                        _poly_degree,
                        "{1, 2, 3} (p <= 10), {1, 2} (p <= 100), else 1",
                        "grid",
                    ),
                    "Order of the interactions; the number of features grows "
                    "as p^degree, so the range shrinks with p.",
                    OURS,
                ),
            ),
        )
    ]


def simple_imputer(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "strategy",
                    ["mean", "median", "most_frequent"],
                    "What replaces a missing value (numeric data).",
                    AUTO_SKLEARN,
                ),
            ),
        )
    ]


#: (package, class name) -> builder. The package is the first part of the
#: class's module: estimators of other libraries are recognized without
#: importing them.
BUILDERS = {
    **{
        ("sklearn", name): builder
        for names, builder in [
            (["LogisticRegression"], logistic_regression),
            (["Ridge", "RidgeClassifier"], ridge),
            (["Lasso"], lasso),
            (["ElasticNet"], elastic_net),
            (["SGDClassifier", "SGDRegressor"], sgd),
            (["SVC"], svc),
            (["SVR"], svr),
            (["LinearSVC"], linear_svc),
            (["KNeighborsClassifier", "KNeighborsRegressor"], k_neighbors),
            (["DecisionTreeClassifier", "DecisionTreeRegressor"], decision_tree),
            (
                [
                    "RandomForestClassifier",
                    "RandomForestRegressor",
                    "ExtraTreesClassifier",
                    "ExtraTreesRegressor",
                ],
                random_forest,
            ),
            (
                ["GradientBoostingClassifier", "GradientBoostingRegressor"],
                gradient_boosting,
            ),
            (
                ["HistGradientBoostingClassifier", "HistGradientBoostingRegressor"],
                hist_gradient_boosting,
            ),
            (["AdaBoostClassifier", "AdaBoostRegressor"], ada_boost),
            (["MLPClassifier", "MLPRegressor"], mlp),
            (["PCA"], pca),
            (["SelectKBest"], select_k_best),
            (["PolynomialFeatures"], polynomial_features),
            (["SimpleImputer"], simple_imputer),
        ]
        for name in names
    },
    ("xgboost", "XGBClassifier"): xgboost,
    ("xgboost", "XGBRegressor"): xgboost,
    ("lightgbm", "LGBMClassifier"): lightgbm,
    ("lightgbm", "LGBMRegressor"): lightgbm,
    ("catboost", "CatBoostClassifier"): catboost,
    ("catboost", "CatBoostRegressor"): catboost,
}

#: Steps that are tuned in a pipeline but are no model of their own.
PREPROCESSORS = frozenset({"PCA", "SelectKBest", "PolynomialFeatures", "SimpleImputer"})
