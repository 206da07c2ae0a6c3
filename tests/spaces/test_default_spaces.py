"""Default search spaces: every space parses, resolves and fits."""

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone, is_classifier
from sklearn.decomposition import PCA
from sklearn.ensemble import (
    AdaBoostClassifier,
    AdaBoostRegressor,
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.feature_selection import SelectKBest
from sklearn.impute import SimpleImputer
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LogisticRegression,
    Ridge,
    RidgeClassifier,
    SGDClassifier,
    SGDRegressor,
)
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC, SVR, LinearSVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from skbayes.space import Categorical, Integer, Real, SearchSpace
from skbayes.spaces import SOURCES, DefaultSpace, available_estimators, default_space

from ._stand_ins import STAND_INS, XGBClassifier, XGBClassifierElsewhere

ESTIMATORS = [
    LogisticRegression(),
    Ridge(),
    RidgeClassifier(),
    Lasso(),
    ElasticNet(),
    SGDClassifier(),
    SGDRegressor(),
    SVC(),
    SVR(),
    LinearSVC(),
    KNeighborsClassifier(),
    KNeighborsRegressor(),
    DecisionTreeClassifier(),
    DecisionTreeRegressor(),
    RandomForestClassifier(n_estimators=5),
    RandomForestRegressor(n_estimators=5),
    ExtraTreesClassifier(n_estimators=5),
    ExtraTreesRegressor(n_estimators=5),
    GradientBoostingClassifier(n_estimators=5),
    GradientBoostingRegressor(n_estimators=5),
    HistGradientBoostingClassifier(max_iter=5),
    HistGradientBoostingRegressor(max_iter=5),
    AdaBoostClassifier(),
    AdaBoostRegressor(),
    MLPClassifier(max_iter=20),
    MLPRegressor(max_iter=20),
    *[cls() for cls in STAND_INS],
]
# the issue's coverage list, by class name
REQUIRED = {
    "LogisticRegression",
    "Ridge",
    "RidgeClassifier",
    "Lasso",
    "ElasticNet",
    "SGDClassifier",
    "SGDRegressor",
    "SVC",
    "SVR",
    "LinearSVC",
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "RandomForestClassifier",
    "RandomForestRegressor",
    "ExtraTreesClassifier",
    "ExtraTreesRegressor",
    "GradientBoostingClassifier",
    "GradientBoostingRegressor",
    "HistGradientBoostingClassifier",
    "HistGradientBoostingRegressor",
    "AdaBoostClassifier",
    "AdaBoostRegressor",
    "MLPClassifier",
    "MLPRegressor",
    "XGBClassifier",
    "XGBRegressor",
    "LGBMClassifier",
    "LGBMRegressor",
    "CatBoostClassifier",
    "CatBoostRegressor",
}


def _ids(estimator):
    return type(estimator).__name__


def _data(shape, classifier, seed=0):
    """Small and odd data: one feature, ten samples, many classes, wide."""
    rng = np.random.default_rng(seed)
    n, p, n_classes = {
        "one feature": (40, 1, 2),
        "ten samples": (10, 4, 2),
        "many classes": (120, 6, 30),
        "wide": (24, 150, 3),
    }[shape]
    X = rng.normal(size=(n, p)) * 10 + 5
    if classifier:
        y = np.arange(n) % n_classes
    else:
        y = X[:, 0] * 3 + rng.normal(size=n) + 100
    return X, y


SHAPES = ["one feature", "ten samples", "many classes", "wide"]


def test_the_issue_list_is_covered():
    names = {name.split(".")[1] for name in available_estimators()}
    assert names >= REQUIRED
    assert {_ids(e) for e in ESTIMATORS} == REQUIRED


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=_ids)
def test_every_space_has_its_reasons_and_sources(estimator):
    space = default_space(estimator)
    assert isinstance(space, DefaultSpace)
    assert space.names
    table = space.table()
    assert list(table.columns)[-5:] == [
        "parameter",
        "range",
        "prior",
        "why it matters",
        "source",
    ]
    assert len(table) == sum(len(s.entries) for s in space.subspaces)
    for _, row in table.iterrows():
        assert row["why it matters"].strip(), row
        # every source names a reference of SOURCES
        assert any(short in row["source"] for short in SOURCES), row
    # the parameters exist on the estimator
    valid = set(estimator.get_params(deep=True))
    for name in space.names:
        assert name in valid or name.startswith("estimator__"), name


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=_ids)
def test_every_space_resolves_parses_and_fits_on_odd_data(estimator, shape):
    if shape == "many classes" and not is_classifier(estimator):
        pytest.skip("classes only")
    X, y = _data(shape, is_classifier(estimator))
    n_train = len(X) // 2  # cv=2
    space = default_space(estimator).resolve(X, y, n_train=n_train)
    assert space.resolved
    parsed = SearchSpace(space.search_spaces())
    assert len(parsed) == len(space.subspaces)
    for i, sub in enumerate(parsed.subspaces):
        for point in sub.sample(2, random_state=i):
            model = clone(estimator).set_params(**point)
            model.fit(X[:n_train], y[:n_train])
            assert len(model.predict(X[n_train:])) == len(X) - n_train


def test_data_dependent_ranges_follow_the_data():
    X, y = _data("wide", classifier=True)
    space = default_space(RandomForestClassifier()).resolve(X, y, n_train=12)
    ranges = space.search_spaces()
    assert ranges["max_features"] == Real(1 / 150, 1.0, prior="log-uniform")
    assert ranges["min_samples_leaf"] == Categorical([1])  # 12 samples: 1 only
    X, y = np.zeros((1000, 1)), np.arange(1000) % 2
    ranges = default_space(RandomForestClassifier()).resolve(X, y).search_spaces()
    assert ranges["max_features"] == Categorical([1.0])  # one feature
    assert ranges["min_samples_leaf"] == Integer(1, 100, prior="log-uniform")
    knn = default_space(KNeighborsClassifier()).resolve(X[:9], y[:9], n_train=7)
    assert knn.search_spaces()["n_neighbors"] == Integer(1, 7, prior="log-uniform")
    big = default_space(KNeighborsClassifier()).resolve(X, y)
    assert big.search_spaces()["n_neighbors"].high == 100


def test_sparse_and_dataframe_inputs_resolve():
    rng = np.random.default_rng(0)
    X = sp.random(50, 8, density=0.3, random_state=0, format="csr")
    y = rng.integers(0, 2, 50)
    gamma = default_space(SVC()).resolve(X, y).search_spaces()[0]["gamma"]
    dense = X.toarray()
    scale = 1 / (8 * dense.var())
    assert gamma.low == pytest.approx(scale * 1e-3)
    frame = pd.DataFrame(dense, columns=[f"f{i}" for i in range(8)])
    again = default_space(SVC()).resolve(frame, y).search_spaces()[0]["gamma"]
    assert (again.low, again.high) == pytest.approx((gamma.low, gamma.high))


def test_target_scaled_ranges():
    X = np.random.default_rng(0).normal(size=(60, 3))
    y = 1000 + 50 * X[:, 0]
    alpha = default_space(Lasso()).resolve(X, y).search_spaces()["alpha"]
    assert alpha.high == pytest.approx(np.std(y))
    svr = default_space(SVR()).resolve(X, y).search_spaces()
    c0 = abs(np.mean(y) + 3 * np.std(y))
    assert svr[0]["C"].low == pytest.approx(c0 * 2.0**-10)
    assert svr[0]["epsilon"].high == pytest.approx(np.std(y))


def test_conditional_parameters_are_in_their_own_subspaces():
    svc = default_space(SVC()).resolve(np.eye(5), np.arange(5) % 2)
    rbf, linear = svc.search_spaces()
    assert rbf["kernel"] == ["rbf"] and "gamma" in rbf
    assert linear["kernel"] == ["linear"] and "gamma" not in linear
    lr = default_space(LogisticRegression()).search_spaces()
    assert [d["solver"] for d in lr] == [["lbfgs"], ["saga"]]
    assert "l1_ratio" not in lr[0] and "l1_ratio" in lr[1]
    svc_l1 = default_space(LinearSVC()).search_spaces()[1]
    assert svc_l1["penalty"] == ["l1"] and svc_l1["dual"] == [False]


def test_pipelines_get_prefixed_spaces():
    pipe = make_pipeline(
        SimpleImputer(), StandardScaler(), PCA(), PolynomialFeatures(), SVC()
    )
    space = default_space(pipe)
    assert space.names == [
        "pca__n_components",
        "polynomialfeatures__degree",
        "simpleimputer__strategy",
        "svc__C",
        "svc__gamma",
        "svc__kernel",
    ]
    assert len(space.subspaces) == 2  # the SVC's two kernels
    assert space.subspaces[0].label == "RBF kernel"
    X = np.random.default_rng(0).normal(size=(40, 5)) * 1000
    y = np.arange(40) % 2
    resolved = space.resolve(X, y, n_train=20).search_spaces()
    assert resolved[0]["pca__n_components"] == Integer(1, 5, prior="log-uniform")
    # gamma is resolved on the data the SVC sees: PCA of standardized data
    # expanded to degree 2 (21 columns), not the raw data of variance 1e6
    seen = clone(pipe)[:-1].fit_transform(X, y)
    assert seen.shape[1] == 21
    gamma = resolved[0]["svc__gamma"]
    assert gamma.low == pytest.approx(1e-3 / (21 * seen.var()))
    assert gamma.low > 1e-6 > 1e-3 / (5 * X.var())
    # and every name is one set_params accepts
    for sub in SearchSpace(resolved).subspaces:
        clone(pipe).set_params(**sub.sample(1, random_state=0)[0]).fit(X, y)


def test_nested_pipelines_and_passthrough():
    inner = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsClassifier())])
    pipe = Pipeline([("skip", "passthrough"), ("select", SelectKBest()), ("m", inner)])
    assert default_space(pipe).names == [
        "m__knn__n_neighbors",
        "m__knn__p",
        "m__knn__weights",
        "select__k",
    ]


def test_unknown_estimators_get_a_clear_error():
    with pytest.raises(ValueError, match=r"no default search space for KernelRidge"):
        default_space(KernelRidge())
    with pytest.raises(ValueError, match=r"RandomForestClassifier.*XGBClassifier"):
        default_space(KernelRidge())
    with pytest.raises(ValueError, match=r"last step 'kernelridge'.*KernelRidge"):
        default_space(make_pipeline(StandardScaler(), PCA(), KernelRidge()))
    with pytest.raises(ValueError, match=r"last step 'pca'"):
        default_space(make_pipeline(StandardScaler(), PCA()))
    with pytest.raises(ValueError, match=r"no default search space for PCA"):
        default_space(PCA())  # a preprocessor is tuned in a pipeline only
    with pytest.raises(TypeError, match=r"expected a scikit-learn estimator"):
        default_space("RandomForestClassifier")


def test_libraries_recognized_by_module_and_name_without_import():
    import sys

    assert not any(m in sys.modules for m in ("xgboost", "lightgbm", "catboost"))
    assert "reg_lambda" in default_space(XGBClassifier()).names
    with pytest.raises(ValueError, match="no default search space"):
        default_space(XGBClassifierElsewhere())  # same name, another package

    class MyForest(RandomForestClassifier):  # a subclass keeps its parent's space
        pass

    assert (
        default_space(MyForest()).names == default_space(RandomForestClassifier()).names
    )


def test_merge_and_drop():
    space = default_space(SVC())
    merged = space.merge({"C": (1.0, 10.0, "log-uniform"), "shrinking": [True, False]})
    assert merged.names == ["C", "gamma", "kernel", "shrinking"]
    rbf, linear = merged.resolve(np.eye(4), [0, 1, 0, 1]).search_spaces()
    assert rbf["C"] == (1.0, 10.0, "log-uniform") == linear["C"]
    assert linear["shrinking"] == [True, False]
    table = merged.table()
    assert set(table.loc[table.parameter == "shrinking", "source"]) == {"given"}
    dropped = merged.drop("gamma", "shrinking")
    assert dropped.names == ["C", "kernel"] and dropped.resolved
    assert space.names == ["C", "gamma", "kernel"]  # unchanged
    with pytest.raises(ValueError, match=r"drop: \['degree'\] not in the space"):
        space.drop("degree")
    with pytest.raises(TypeError, match="merge: expected a dict"):
        space.merge([("C", [1])])
    with pytest.raises(ValueError, match="'C'"):
        space.merge({"C": []})


def test_unresolved_space_says_how_to_resolve():
    with pytest.raises(ValueError, match=r"\['max_features'.*resolve\(X, y\)"):
        default_space(RandomForestClassifier()).search_spaces()


def test_spaces_are_immutable_copyable_and_picklable():
    space = default_space(make_pipeline(StandardScaler(), SVC()))
    with pytest.raises(AttributeError):
        space.subspaces = ()
    for copied in (copy.deepcopy(space), pickle.loads(pickle.dumps(space))):
        assert copied == space
        X, y = np.eye(6), np.arange(6) % 2
        assert copied.resolve(X, y).table().equals(space.resolve(X, y).table())
    assert "unresolved" in repr(space) and "svc__gamma" in repr(space)


def test_old_and_new_scikit_learn_parameters():
    """Spaces read the estimator: valid with scikit-learn 1.4 and 1.9 alike."""
    lr = default_space(LogisticRegression()).search_spaces()
    legacy = LogisticRegression().get_params()["penalty"] != "deprecated"
    assert ("penalty" in lr[1]) == legacy
    ada = default_space(AdaBoostClassifier()).search_spaces()
    assert ("algorithm" in ada) == ("algorithm" in AdaBoostClassifier().get_params())
    given = default_space(AdaBoostClassifier(estimator=DecisionTreeClassifier()))
    assert "estimator" not in given.names and "estimator__max_depth" in given.names
    forest = default_space(ExtraTreesClassifier(bootstrap=True)).names
    assert "max_samples" in forest
    assert "max_samples" not in default_space(ExtraTreesClassifier()).names
