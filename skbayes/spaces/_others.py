"""Default spaces of k-nearest neighbors, multi-layer perceptrons and the
preprocessing steps of a pipeline.
"""

from __future__ import annotations

from ._common import (
    AUTO_SKLEARN,
    OURS,
    PROBST,
    _components,
    _e,
    _k_best,
    _log,
    _neighbors,
    _poly_degree,
    _range,
)
from ._default import Subspace

__all__ = [
    "k_neighbors",
    "mlp",
    "pca",
    "polynomial_features",
    "select_k_best",
    "simple_imputer",
]


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


# -- neural networks ----------------------------------------------------------------
def mlp(estimator):
    return [
        Subspace(
            "",
            (
                _e(
                    "hidden_layer_sizes",
                    [
                        (32,),
                        (64,),
                        (100,),
                        (128,),
                        (256,),
                        (64, 64),
                        (128, 128),
                        (64, 64, 64),
                    ],
                    "Width and depth of the network; (100,) is scikit-learn's default.",
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
