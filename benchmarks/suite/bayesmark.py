"""Bayesmark-style problems: live cross-validated scikit-learn models.

Written from the public definitions of Uber's Bayesmark (the benchmark of
the NeurIPS 2020 black-box optimization challenge, ``bayesmark/sklearn_funcs.py``
and ``bayesmark/data.py``): its models (DT, MLP-adam, MLP-sgd, RF, SVM, ada,
kNN, lasso, linear), their search spaces (integer, real and boolean
parameters on linear, log and logit scales), the bundled data sets (breast,
digits, iris, wine, diabetes; ``boston`` is no longer in scikit-learn),
5-fold CV on the 80% training part of a fixed shuffle split
(``random_state=0``), and its metrics (``acc`` and ``nll`` for classifiers,
``mae`` and ``mse`` for regressors). A problem is
``"<model>_<data>_<metric>"``; the full set has 9 models x (4 classification
data sets x 2 metrics + 1 regression data set x 2 metrics) = 90 problems.

Where scikit-learn 1.9 forces a change, the problem keeps Bayesmark's
meaning:

- ``LogisticRegression(multi_class="ovr", solver="liblinear")`` (lasso,
  linear on classification) is a ``OneVsRestClassifier`` around it (the
  same one-vs-rest fits and normalized probabilities);
- the removed ``normalize`` flag of ``Lasso`` and ``Ridge`` (a searched
  boolean) is kept: with ``fit_intercept=True`` the features are centred and
  divided by their l2 norm on the training fold before the fit, as
  scikit-learn < 1.2 did; it is ignored without intercept, as then;
- ``AdaBoostClassifier`` has only the SAMME algorithm (Bayesmark ran with
  scikit-learn's default of the time, SAMME.R).

One deliberate difference: the models with randomness (trees with
``max_features < 1``, forests, MLPs, AdaBoost, SVC's probabilities, and the
liblinear ``LogisticRegression`` of lasso and linear on classification)
get ``random_state=0``, so a point always has the same score and every
searcher sees the same function (Bayesmark's objective was noisy there).
liblinear shuffles its coordinates with a generator seeded from numpy's
global one when ``random_state`` is None, so without it the same point
scored differently from call to call (``lasso_wine_acc`` at ``C=30``,
``intercept_scaling=50``: 0.9579, 0.9507, 0.9579 after ``np.random.seed``
1, 2, 3). It had no seed before the runs of 2026-11-30; the earlier
``lasso_*`` and ``linear_*`` classification scores are not comparable.
The other models are deterministic without a seed: kNN, SVR, ``Lasso``
(cyclic coordinate descent) and ``Ridge`` (the ``auto`` solver picks
Cholesky on these dense data); the CV folds are unshuffled
(``StratifiedKFold``/``KFold``).

Each evaluation fits the real model; :class:`ModelProblem` caches scores per
point (the benchmark's ``cv=2`` on the function-backed estimator asks twice
per candidate). Add a model to :func:`_models` and :data:`MODELS`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import stats
from sklearn.base import BaseEstimator, TransformerMixin

from .problems import Problem

_METRICS = {
    "acc": "accuracy",
    "nll": "neg_log_loss",
    "mae": "neg_mean_absolute_error",
    "mse": "neg_mean_squared_error",
}
_DATA = {
    "breast": ("load_breast_cancer", "clf"),
    "digits": ("load_digits", "clf"),
    "iris": ("load_iris", "clf"),
    "wine": ("load_wine", "clf"),
    "diabetes": ("load_diabetes", "reg"),
}


@dataclass
class Param:
    """One searched parameter: ``kind`` int/real/bool, ``scale`` linear/log/logit."""

    name: str
    kind: str
    scale: str = "linear"
    low: float = 0.0
    high: float = 1.0


class _LogitUniform(stats.rv_continuous):
    """``x = 1 / (1 + exp(-u))`` with ``u`` uniform between the logits of a, b."""

    def _ppf(self, q, a, b):
        la, lb = np.log(a / (1 - a)), np.log(b / (1 - b))
        return 1.0 / (1.0 + np.exp(-(la + q * (lb - la))))

    def _cdf(self, x, a, b):
        la, lb = np.log(a / (1 - a)), np.log(b / (1 - b))
        return (np.log(x / (1 - x)) - la) / (lb - la)

    def _argcheck(self, a, b):
        return (a > 0) & (b < 1) & (a < b)

    def _get_support(self, a, b):
        return a, b


logit_uniform = _LogitUniform(name="logit_uniform")


def _I(name, low, high, scale="linear"):
    return Param(name, "int", scale, low, high)


def _R(name, low, high, scale="linear"):
    return Param(name, "real", scale, low, high)


def _B(name):
    return Param(name, "bool")


_MLP_COMMON = [
    _I("hidden_layer_sizes", 50, 200),
    _R("alpha", 1e-5, 1e1, "log"),
    _I("batch_size", 10, 250),
    _R("learning_rate_init", 1e-5, 1e-1, "log"),
    _R("tol", 1e-5, 1e-1, "log"),
    _R("validation_fraction", 0.1, 0.9, "logit"),
]
_TREE_COMMON = [
    _I("max_depth", 1, 15),
    _R("min_samples_split", 0.01, 0.99, "logit"),
    _R("min_samples_leaf", 0.01, 0.49, "logit"),
    _R("min_weight_fraction_leaf", 0.01, 0.49, "logit"),
    _R("max_features", 0.01, 0.99, "logit"),
    _R("min_impurity_decrease", 0.0, 0.5),
]
_LOGISTIC = [_R("C", 1e-2, 1e2, "log"), _R("intercept_scaling", 1e-2, 1e2, "log")]


class _L2Normalize(TransformerMixin, BaseEstimator):
    """Centre each feature and divide it by its l2 norm (fitted on the fold).

    What ``normalize=True`` did in ``Lasso`` and ``Ridge`` before
    scikit-learn 1.2 (a column of norm 0 is left unscaled, as then).
    """

    def fit(self, X, y=None):
        X = np.asarray(X, float)
        self.mean_ = X.mean(axis=0)
        norm = np.sqrt(((X - self.mean_) ** 2).sum(axis=0))
        self.scale_ = np.where(norm > 0, norm, 1.0)
        return self

    def transform(self, X):
        return (np.asarray(X, float) - self.mean_) / self.scale_


def _normalizable(cls, **fixed):
    """``cls`` with Bayesmark's ``normalize`` flag (see :class:`_L2Normalize`)."""

    def make(normalize=False, fit_intercept=True, **params):
        from sklearn.pipeline import make_pipeline

        model = cls(fit_intercept=fit_intercept, **fixed, **params)
        if normalize and fit_intercept:
            return make_pipeline(_L2Normalize(), model)
        return model

    return make


def _models():
    """name -> (classifier factory, regressor factory, clf params, reg params)."""
    from sklearn.ensemble import (
        AdaBoostClassifier,
        AdaBoostRegressor,
        RandomForestClassifier,
        RandomForestRegressor,
    )
    from sklearn.linear_model import Lasso, LogisticRegression, Ridge
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.svm import SVC, SVR
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    def mlp(cls, **fixed):
        def make(hidden_layer_sizes, **params):
            return cls(hidden_layer_sizes=(hidden_layer_sizes,), **fixed, **params)

        return make

    def logistic(penalty):
        def make(**params):
            return OneVsRestClassifier(
                LogisticRegression(
                    penalty=penalty, solver="liblinear", random_state=0, **params
                )
            )

        return make

    knn = [_I("n_neighbors", 1, 25), _I("p", 1, 4)]
    svm = [
        _R("C", 1.0, 1e3, "log"),
        _R("gamma", 1e-4, 1e-3, "log"),
        _R("tol", 1e-5, 1e-1, "log"),
    ]
    ada = [_I("n_estimators", 10, 100), _R("learning_rate", 1e-4, 1e1, "log")]
    regression = [
        _R("alpha", 1e-2, 1e2, "log"),
        _B("fit_intercept"),
        _B("normalize"),
        _I("max_iter", 10, 5000, "log"),
    ]
    mlp_adam = [
        *_MLP_COMMON,
        _R("beta_1", 0.5, 0.99, "logit"),
        _R("beta_2", 0.9, 1.0 - 1e-6, "logit"),
        _R("epsilon", 1e-9, 1e-6, "log"),
    ]
    mlp_sgd = [
        *_MLP_COMMON,
        _R("power_t", 0.1, 0.9, "logit"),
        _R("momentum", 0.001, 0.999, "logit"),
    ]
    return {
        "kNN": (KNeighborsClassifier, KNeighborsRegressor, knn, knn),
        "SVM": (
            lambda **p: SVC(kernel="rbf", probability=True, random_state=0, **p),
            lambda **p: SVR(kernel="rbf", **p),
            svm,
            svm,
        ),
        "DT": (
            lambda **p: DecisionTreeClassifier(random_state=0, **p),
            lambda **p: DecisionTreeRegressor(random_state=0, **p),
            _TREE_COMMON,
            _TREE_COMMON,
        ),
        "RF": (
            lambda **p: RandomForestClassifier(n_estimators=10, random_state=0, **p),
            lambda **p: RandomForestRegressor(n_estimators=10, random_state=0, **p),
            _TREE_COMMON,
            _TREE_COMMON,
        ),
        "MLP-adam": (
            mlp(MLPClassifier, solver="adam", early_stopping=True, random_state=0),
            mlp(MLPRegressor, solver="adam", early_stopping=True, random_state=0),
            mlp_adam,
            mlp_adam,
        ),
        "MLP-sgd": (
            mlp(
                MLPClassifier,
                solver="sgd",
                early_stopping=True,
                learning_rate="invscaling",
                nesterovs_momentum=True,
                random_state=0,
            ),
            mlp(
                MLPRegressor,
                activation="tanh",
                solver="sgd",
                early_stopping=True,
                learning_rate="invscaling",
                nesterovs_momentum=True,
                random_state=0,
            ),
            mlp_sgd,
            mlp_sgd,
        ),
        "ada": (
            lambda **p: AdaBoostClassifier(random_state=0, **p),
            lambda **p: AdaBoostRegressor(random_state=0, **p),
            ada,
            ada,
        ),
        "lasso": (
            logistic("l1"),
            _normalizable(Lasso),
            _LOGISTIC,
            [*regression, _R("tol", 1e-5, 1e-1, "log"), _B("positive")],
        ),
        "linear": (
            logistic("l2"),
            _normalizable(Ridge, solver="auto"),
            _LOGISTIC,
            [*regression, _R("tol", 1e-4, 1e-1, "log")],
        ),
    }


#: the model names (Bayesmark's)
MODELS = ("DT", "MLP-adam", "MLP-sgd", "RF", "SVM", "ada", "kNN", "lasso", "linear")


class _RoundedLogUniform:
    """Integers ``round(x)``, ``x`` log-uniform on [low, high] (``rvs`` only)."""

    def __init__(self, low, high):
        self.dist = stats.loguniform(low, high)

    def rvs(self, size=None, random_state=None):
        out = np.rint(self.dist.rvs(size=size, random_state=random_state))
        return int(out) if size is None else out.astype(int)


def _logit(x):
    return math.log(x / (1.0 - x))


def _sigmoid(u):
    return 1.0 / (1.0 + math.exp(-u))


@dataclass
class ModelProblem(Problem):
    """A Bayesmark problem: the score is a live 5-fold CV (cached per point).

    Every searcher gets the scales of Bayesmark's definition: skbayes and
    random search a logit-uniform distribution for logit parameters; Optuna,
    scikit-optimize and hyperopt, which have no logit scale, a uniform
    parameter over the logit ``u`` of the range, mapped back by
    ``1 / (1 + exp(-u))`` (Bayesmark's own wrappers fell back to a log scale).
    """

    params: list = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    @property
    def names(self):
        return [p.name for p in self.params]

    def natural(self, params, index=False):
        """The model's parameters from a searcher's point.

        ``index=True`` (the runner's flag for scikit-optimize and Optuna):
        logit parameters come as their logit.
        """
        out = {}
        for p in self.params:
            v = params[p.name]
            if index and p.scale == "logit":
                v = min(max(_sigmoid(float(v)), p.low), p.high)
            elif p.kind == "int":
                v = int(v)
            elif p.kind == "bool":
                v = bool(v)
            else:
                v = float(v)
            out[p.name] = v
        return out

    def value(self, params, index=False, repeat=None):
        point = self.natural(params, index)
        key = tuple(point.values())
        if key not in self._cache:
            self._cache[key] = self.func(point)
        return self._cache[key]

    def space_skbayes(self):
        out = {}
        for p in self.params:
            if p.kind == "bool":
                out[p.name] = [False, True]
            elif p.scale == "logit":
                out[p.name] = logit_uniform(p.low, p.high)
            else:
                cast = int if p.kind == "int" else float
                prior = "log-uniform" if p.scale == "log" else "uniform"
                out[p.name] = (cast(p.low), cast(p.high), prior)
        return out

    def space_sklearn_random(self):
        out = {}
        for p in self.params:
            if p.kind == "bool":
                out[p.name] = [False, True]
            elif p.kind == "int" and p.scale == "log":
                out[p.name] = _RoundedLogUniform(p.low, p.high)
            elif p.kind == "int":
                out[p.name] = stats.randint(int(p.low), int(p.high) + 1)
            elif p.scale == "log":
                out[p.name] = stats.loguniform(p.low, p.high)
            elif p.scale == "logit":
                out[p.name] = logit_uniform(p.low, p.high)
            else:
                out[p.name] = stats.uniform(p.low, p.high - p.low)
        return out

    def space_optuna(self):
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        out = {}
        for p in self.params:
            log = p.scale == "log"
            if p.kind == "bool":
                out[p.name] = CategoricalDistribution([False, True])
            elif p.kind == "int":
                out[p.name] = IntDistribution(int(p.low), int(p.high), log=log)
            elif p.scale == "logit":
                out[p.name] = FloatDistribution(_logit(p.low), _logit(p.high))
            else:
                out[p.name] = FloatDistribution(p.low, p.high, log=log)
        return out

    def space_skopt(self):
        from skopt.space import Categorical, Integer, Real

        out = {}
        for p in self.params:
            prior = "log-uniform" if p.scale == "log" else "uniform"
            if p.kind == "bool":
                out[p.name] = Categorical([False, True])
            elif p.kind == "int":
                out[p.name] = Integer(int(p.low), int(p.high), prior=prior)
            elif p.scale == "logit":
                out[p.name] = Real(_logit(p.low), _logit(p.high))
            else:
                out[p.name] = Real(p.low, p.high, prior=prior)
        return out

    def space_hyperopt(self):
        """A hyperopt space whose points are the model's parameters."""
        from hyperopt import hp
        from hyperopt.pyll import scope

        out = {}
        for p in self.params:
            if p.kind == "bool":
                out[p.name] = hp.choice(p.name, [False, True])
            elif p.kind == "int" and p.scale == "log":
                lo, hi = math.log(p.low), math.log(p.high)
                out[p.name] = scope.int(hp.qloguniform(p.name, lo, hi, 1))
            elif p.kind == "int":
                out[p.name] = scope.int(hp.quniform(p.name, p.low, p.high, 1))
            elif p.scale == "log":
                lo, hi = math.log(p.low), math.log(p.high)
                out[p.name] = hp.loguniform(p.name, lo, hi)
            elif p.scale == "logit":
                u = hp.uniform(p.name, _logit(p.low), _logit(p.high))
                out[p.name] = 1.0 / (1.0 + scope.exp(-u))
            else:
                out[p.name] = hp.uniform(p.name, p.low, p.high)
        return out

    def random_median_best(self, budget):
        return math.nan  # measured from the random-search runs (report)


def problem_names(models=MODELS, data=tuple(_DATA)):
    """Every model x data x metric name (two metrics per data set)."""
    out = []
    for m in models:
        for d in data:
            kind = _DATA[d][1]
            for metric in ("acc", "nll") if kind == "clf" else ("mae", "mse"):
                out.append(f"{m}_{d}_{metric}")
    return out


def make_problem(name):
    """The Bayesmark problem ``"<model>_<data>_<metric>"``."""
    from sklearn import datasets
    from sklearn.model_selection import cross_val_score, train_test_split

    model, data, metric = name.rsplit("_", 2)
    loader, kind = _DATA[data]
    X, y = getattr(datasets, loader)(return_X_y=True)
    X_train, _, y_train, _ = train_test_split(
        X, y, test_size=0.2, random_state=0, shuffle=True
    )
    clf, reg, clf_params, reg_params = _models()[model]
    factory, params = (clf, clf_params) if kind == "clf" else (reg, reg_params)
    scoring = _METRICS[metric]

    def score(p):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                s = cross_val_score(
                    factory(**p), X_train, y_train, scoring=scoring, cv=5
                )
            except ValueError:
                return math.nan
        value = float(np.mean(s))
        return value if math.isfinite(value) else math.nan

    return ModelProblem(
        name,
        dims=[],
        optimum=math.nan,
        kind="model",
        func=score,
        description=f"{model} on {data}, {metric} (5-fold CV)",
        family="bayesmark",
        params=list(params),
    )
