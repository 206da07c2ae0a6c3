"""Default spaces of linear models and support vector machines."""

from __future__ import annotations

from ..space import Real
from ._common import (
    AUTO_SKLEARN,
    CHERKASSKY,
    GLMNET,
    OURS,
    PROBST,
    SKLEARN,
    VAN_RIJN,
    _default_of,
    _e,
    _gamma,
    _is_classifier_name,
    _linear_kernel_c,
    _log,
    _range,
    _svr_c,
    _svr_linear_c,
    _target_scaled,
)
from ._default import Subspace

__all__ = [
    "elastic_net",
    "lasso",
    "linear_svc",
    "logistic_regression",
    "ridge",
    "sgd",
    "svc",
    "svr",
]

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


_LINEAR_C_WHY = (
    " With the linear kernel it is relative to the kernel's scale, the mean "
    "of ||x||^2 over the samples (scaling X by s is scaling C by s^2): on "
    "unscaled features a fixed range reaches C ||x||^2 of 1e8 and more, "
    "where libsvm takes seconds to minutes per fit. Features of very "
    "different scales want a StandardScaler first."
)


def svc(estimator):
    C = _e("C", _log(2.0**-10, 2.0**10), "Penalty of margin violations.", _SVM_C_SOURCE)
    linear_C = _e(
        "C",
        _range(
            _linear_kernel_c,
            "2^[-10, 10] / mean(||x||^2)",
            "log-uniform",
            low=2.0**-10,
            high=2.0**10,
        ),
        "Penalty of margin violations." + _LINEAR_C_WHY,
        f"{_SVM_C_SOURCE}; over the kernel's scale ({OURS})",
    )
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
        Subspace(
            "linear kernel", (_e("kernel", ["linear"], kernel_why, OURS), linear_C)
        ),
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
    linear_C = _e(
        "C",
        _range(_svr_linear_c, "C0 · 2^[-10, 2] / mean(||x||^2)", "log-uniform"),
        "Penalty of errors beyond epsilon; it scales with the target." + _LINEAR_C_WHY,
        f"{CHERKASSKY} (C0); {PROBST} (2^-10, log); over the kernel's scale ({OURS})",
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
            "linear kernel",
            (_e("kernel", ["linear"], kernel_why, OURS), linear_C, epsilon),
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
