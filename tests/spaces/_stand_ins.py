"""Stand-ins for XGBoost, LightGBM and CatBoost estimators (not installed).

Same class names, modules and parameter names as the real ones; they fit a
constant model, so a search over their default space runs end to end.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin


class _StandIn(BaseEstimator):
    _names = ()

    def __init__(self, **params):
        unknown = set(params) - set(self._names)
        if unknown:
            raise TypeError(f"unexpected parameters {sorted(unknown)}")
        for name in self._names:
            setattr(self, name, params.get(name))

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._names}

    def fit(self, X, y):
        X = np.asarray(X)
        self.n_features_in_ = X.shape[1]
        self.fitted_with_ = self.get_params()
        if isinstance(self, ClassifierMixin):
            self.classes_, counts = np.unique(y, return_counts=True)
            self.constant_ = self.classes_[np.argmax(counts)]
        else:
            self.constant_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.constant_)


_XGB = (
    "n_estimators",
    "learning_rate",
    "max_depth",
    "min_child_weight",
    "subsample",
    "colsample_bytree",
    "reg_lambda",
    "reg_alpha",
)
_LGBM = (
    "n_estimators",
    "learning_rate",
    "num_leaves",
    "min_child_samples",
    "subsample",
    "subsample_freq",
    "colsample_bytree",
    "reg_alpha",
    "reg_lambda",
)
_CATBOOST = ("learning_rate", "depth", "l2_leaf_reg", "random_strength")


class XGBClassifier(ClassifierMixin, _StandIn):
    __module__ = "xgboost.sklearn"
    _names = _XGB


class XGBRegressor(RegressorMixin, _StandIn):
    __module__ = "xgboost.sklearn"
    _names = _XGB


class LGBMClassifier(ClassifierMixin, _StandIn):
    __module__ = "lightgbm.sklearn"
    _names = _LGBM


class LGBMRegressor(RegressorMixin, _StandIn):
    __module__ = "lightgbm.sklearn"
    _names = _LGBM


class CatBoostClassifier(ClassifierMixin, _StandIn):
    __module__ = "catboost.core"
    _names = _CATBOOST


class CatBoostRegressor(RegressorMixin, _StandIn):
    __module__ = "catboost.core"
    _names = _CATBOOST


class XGBClassifierElsewhere(ClassifierMixin, _StandIn):
    """Same name as XGBoost's classifier, but from another package."""

    __module__ = "mypackage.models"
    _names = _XGB


XGBClassifierElsewhere.__name__ = "XGBClassifier"

STAND_INS = [
    XGBClassifier,
    XGBRegressor,
    LGBMClassifier,
    LGBMRegressor,
    CatBoostClassifier,
    CatBoostRegressor,
]
