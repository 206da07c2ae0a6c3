"""What the builders of every family share: the references of the ``source``
column, the helpers that write an entry, and the ranges that depend on the
data.

Ranges that depend on the data are :class:`DataRange` objects built from
the module-level functions below (so that a space pickles).
"""

from __future__ import annotations

import inspect
from functools import partial

from ..space import Categorical, Ordinal, Real
from ._default import Entry
from ._resolve import DataRange, integer_range, real_range

__all__ = ["SOURCES"]

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


def _leaf_size(info, cap, divisor, floor=1):
    high = max(floor, min(cap, info.n_train // divisor))
    return integer_range(1, high, "log-uniform")


def _leaf_count(info, cap, floor=3):
    return integer_range(3, max(floor, min(cap, info.n_train // 4)), "log-uniform")


def _depth(info, cap):
    return integer_range(1, max(1, min(cap, info.n_train)), "uniform")


def _neighbors(info):
    return integer_range(1, max(1, min(100, info.n_train)), "log-uniform")


def _gamma(info):
    scale = 1.0 / (info.n_features * info.x_variance)
    return real_range(scale * 1e-3, scale * 1e2, "log-uniform")


def _svr_c0(info):
    # Cherkassky and Ma's C0: the largest |y| within three standard deviations
    return max(abs(info.y_mean - 3 * info.y_std), abs(info.y_mean + 3 * info.y_std))


def _svr_c(info):
    c0 = _svr_c0(info)
    return real_range(c0 * 2.0**-10, c0 * 2.0**2, "log-uniform")


def _linear_kernel_c(info, low, high):
    # (s X, C) and (X, C s^2) are the same SVM: C over the linear kernel's
    # scale, mean ||x||^2, is C for features of unit norm, as gamma='scale'
    # makes the RBF kernel's width relative to the features' spread
    scale = info.x_squared_norm
    return real_range(low / scale, high / scale, "log-uniform")


def _svr_linear_c(info):
    c0 = _svr_c0(info)
    return _linear_kernel_c(info, c0 * 2.0**-10, c0 * 2.0**2)


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


# ``floor``: the estimator's own default, which the range keeps at every
# data size (a known-good point; below ~10 * floor rows the bound that
# follows n_train would fall under it)
def _leaf(cap, divisor, floor=1):
    return _range(
        _leaf_size,
        f"[1, max({floor}, min({cap}, n_train / {divisor}))]",
        "log-uniform",
        cap=cap,
        divisor=divisor,
        floor=floor,
    )


def _leaves(cap, floor=3):
    return _range(
        _leaf_count,
        f"[3, max({floor}, min({cap}, n_train / 4))]",
        "log-uniform",
        cap=cap,
        floor=floor,
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
