"""Small estimators and helpers shared by the tests."""

import time
import warnings

import numpy as np
from scipy.stats import loguniform, randint
from sklearn.base import BaseEstimator, ClassifierMixin


class Flaky(ClassifierMixin, BaseEstimator):
    """Fails for some parameter values, on all folds or on some."""

    def __init__(self, mode="ok", value=0.0):
        self.mode = mode
        self.value = value

    def fit(self, X, y):
        if self.mode == "fail":
            raise ArithmeticError("this candidate always fails")
        if self.mode == "half" and X[:, 0].max() < 9.0:
            raise ArithmeticError("this candidate fails on some folds")
        self.classes_ = np.unique(y)
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return self.value


class Scored(ClassifierMixin, BaseEstimator):
    """Scores its parameter ``x``; each fit sleeps ``delay`` seconds."""

    def __init__(self, x=0.0, kind="a", delay=0.0):
        self.x = x
        self.kind = kind
        self.delay = delay

    def fit(self, X, y):
        if self.delay:
            time.sleep(self.delay)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return self.x


def quiet_fit(search, X, y):
    """Fit, and return the warnings raised as ``(category name, message)``."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        search.fit(X, y)
    return [(w.category.__name__, str(w.message)) for w in record]


class Toy(ClassifierMixin, BaseEstimator):
    """Scores a smooth function of parameters of every kind (``TOY_SPACE``)."""

    def __init__(self, lr=0.1, depth=3, width=16, kind="a", dist=1.0, steps=5):
        self.lr, self.depth, self.width = lr, depth, width
        self.kind, self.dist, self.steps = kind, dist, steps

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return (
            -abs(np.log10(self.lr) + 2)
            - abs(self.depth - 4) / 4
            + (self.kind == "b")
            - abs(np.log2(self.width) - 5) / 3
            - abs(self.dist - 1.0)
            + self.steps / 100
        )


TOY_SPACE = {
    "lr": (1e-4, 1.0, "log-uniform"),  # real, log prior
    "depth": (1, 8),  # integer
    "width": [8, 16, 32, 64],  # ordinal grid
    "kind": ["a", "b", "c"],  # categorical
    "dist": loguniform(0.1, 10.0),  # scipy distribution
    "steps": randint(1, 10),  # discrete distribution
}
