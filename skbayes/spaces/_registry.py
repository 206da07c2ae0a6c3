"""Which default space an estimator (or a pipeline) gets."""

from __future__ import annotations

from sklearn.pipeline import Pipeline

from ._catalog import BUILDERS, PREPROCESSORS
from ._default import DefaultSpace, Entry, Subspace, product

__all__ = ["available_estimators", "default_space"]


def _builder(estimator):
    """The builder of the first class in the estimator's MRO that has one.

    A class is recognized by its name and the first part of its module
    (``xgboost.sklearn.XGBClassifier`` is ``("xgboost", "XGBClassifier")``),
    so XGBoost, LightGBM and CatBoost are never imported, and a subclass of a
    known estimator gets its parent's space.
    """
    for cls in type(estimator).__mro__:
        package = (getattr(cls, "__module__", "") or "").split(".")[0]
        builder = BUILDERS.get((package, cls.__name__))
        if builder is not None:
            return cls.__name__, builder
    return None, None


def available_estimators():
    """The estimators that have a default space.

    Returns
    -------
    names : list of str
        ``"package.ClassName"``, sorted; preprocessing steps (``PCA``,
        ``SelectKBest`` ...) are tuned inside a pipeline only.

    Examples
    --------
    >>> from skbayes.spaces import available_estimators
    >>> "sklearn.RandomForestClassifier" in available_estimators()
    True
    >>> "xgboost.XGBClassifier" in available_estimators()
    True
    """
    return sorted(f"{package}.{name}" for package, name in BUILDERS)


def _models():
    return ", ".join(
        name
        for package, name in sorted(BUILDERS, key=lambda k: (k[0] != "sklearn", k))
        if name not in PREPROCESSORS
    )


def _no_space_error(estimator, where=""):
    name = type(estimator).__name__
    return ValueError(
        f"skbayes has no default search space for {where}{name}: give "
        "search_spaces explicitly, or use an estimator that has one (also as "
        f"the last step of a Pipeline): {_models()}."
    )


def _prefixed(subspaces, prefix, context):
    return [
        Subspace(
            s.label,
            tuple(
                Entry(prefix + e.name, e.spec, e.why, e.source, context)
                for e in s.entries
            ),
        )
        for s in subspaces
    ]


def _pipeline_parts(pipeline, prefix, preceding, parts, contexts):
    """Collect the prefixed sub-spaces of the known steps of ``pipeline``."""
    steps = list(pipeline.steps)
    last = len(steps) - 1
    for i, (name, step) in enumerate(steps):
        if step is None or (isinstance(step, str) and step == "passthrough"):
            continue
        before = preceding + steps[:i]
        step_prefix = f"{prefix}{name}__"
        if isinstance(step, Pipeline):
            # its own last step must have a space when it is the last
            _pipeline_parts(step, step_prefix, before, parts, contexts)
            continue
        cls_name, builder = _builder(step)
        if builder is None or (i == last and cls_name in PREPROCESSORS):
            if i == last:
                raise _no_space_error(step, f"the last step {name!r} of the pipeline, ")
            continue
        contexts[step_prefix] = before
        parts.append(_prefixed(builder(step), step_prefix, step_prefix))


def default_space(estimator):
    """The default search space of an estimator, or of a pipeline.

    Each space is a small set of the parameters that matter most for the
    estimator, over the ranges and scales that the literature (Probst et al.
    2019, van Rijn & Hutter 2018, the spaces of auto-sklearn) found to hold
    the best values; the table of :meth:`DefaultSpace.table` gives the
    source of every range. Ranges that depend on the data (``max_features``
    from ``1 / n_features``, ``n_neighbors`` up to the training-set size,
    an SVM's ``gamma`` around ``1 / (n_features Var(X))`` and its linear
    kernel's ``C`` over the mean ``||x||^2``) are resolved by
    :meth:`DefaultSpace.resolve`, which :class:`~skbayes.BayesSearchCV`
    calls at ``fit``. Conditional parameters (an SVM's ``gamma`` with the
    RBF kernel only) are in sub-spaces of their own.

    XGBoost, LightGBM and CatBoost estimators are recognized by class name
    and module without importing those packages.

    Parameters
    ----------
    estimator : estimator or Pipeline
        An estimator of :func:`available_estimators` (or a subclass of one),
        or a ``Pipeline`` ending in one. In a pipeline, the spaces of known
        steps (the final estimator and ``PCA``, ``SelectKBest``,
        ``PolynomialFeatures``, ``SimpleImputer``) are prefixed with their
        ``step__``; the data-dependent ranges of a step are resolved on
        the output of the steps before it.

    Returns
    -------
    space : DefaultSpace
        Pass it as ``search_spaces``, change it (:meth:`DefaultSpace.merge`,
        :meth:`DefaultSpace.drop`), or show it (:meth:`DefaultSpace.table`).

    Raises
    ------
    ValueError
        For an estimator (or last pipeline step) without a default space;
        the message lists those that have one.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn.svm import SVC
    >>> from skbayes.spaces import default_space
    >>> space = default_space(make_pipeline(StandardScaler(), SVC()))
    >>> space.names
    ['svc__C', 'svc__gamma', 'svc__kernel']
    >>> space.table()[["sub-space", "parameter", "range"]]
           sub-space    parameter                        range
    0     RBF kernel  svc__kernel                        'rbf'
    1     RBF kernel       svc__C            [0.0009766, 1024]
    2     RBF kernel   svc__gamma  gamma='scale' · [1e-3, 1e2]
    3  linear kernel  svc__kernel                     'linear'
    4  linear kernel       svc__C  2^[-10, 10] / mean(||x||^2)
    """
    if not hasattr(estimator, "get_params"):
        raise TypeError(
            f"default_space: expected a scikit-learn estimator, got "
            f"{type(estimator).__name__} {estimator!r}."
        )
    name = type(estimator).__name__
    if isinstance(estimator, Pipeline):
        parts, contexts = [], {}
        _pipeline_parts(estimator, "", [], parts, contexts)
        return product(parts, contexts, name)
    cls_name, builder = _builder(estimator)
    if builder is None or cls_name in PREPROCESSORS:
        raise _no_space_error(estimator)
    return DefaultSpace(builder(estimator), {}, name)
