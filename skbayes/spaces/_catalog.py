"""The catalog of default spaces: which builder each estimator class gets.

Each builder takes the estimator (some spaces depend on its parameters or on
the scikit-learn release, read from the estimator itself) and returns a list
of :class:`~skbayes.spaces._default.Subspace`; the builders live in one
module per family (``_linear``, ``_trees``, ``_others``), the references of
their ``source`` column in ``_common.SOURCES``.
"""

from __future__ import annotations

from ._common import SOURCES
from ._linear import (
    elastic_net,
    lasso,
    linear_svc,
    logistic_regression,
    ridge,
    sgd,
    svc,
    svr,
)
from ._others import (
    k_neighbors,
    mlp,
    pca,
    polynomial_features,
    select_k_best,
    simple_imputer,
)
from ._trees import (
    ada_boost,
    catboost,
    decision_tree,
    gradient_boosting,
    hist_gradient_boosting,
    lightgbm,
    random_forest,
    xgboost,
)

__all__ = ["BUILDERS", "PREPROCESSORS", "SOURCES"]

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
