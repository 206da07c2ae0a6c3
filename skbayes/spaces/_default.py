"""DefaultSpace: an estimator's vetted search space, with the reasons for it."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import NamedTuple

from ..space import Categorical, Dimension, Integer, Ordinal, Real, to_dimension
from ._resolve import DataInfo, DataRange

__all__ = ["DefaultSpace", "Entry", "Subspace"]


class Entry(NamedTuple):
    """One parameter of a default space.

    ``spec`` is a dimension specification (anything ``search_spaces``
    accepts) or a :class:`DataRange`; ``context`` names the pipeline step
    whose data resolves it (``""`` for the estimator itself).
    """

    name: str
    spec: object
    why: str
    source: str
    context: str = ""


class Subspace(NamedTuple):
    """A sub-space of a default space: a label and its entries."""

    label: str
    entries: tuple


def _format_number(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    return repr(value)


def _describe(spec):
    """``(range, prior)`` of a spec, in words."""
    if isinstance(spec, DataRange):
        return spec.text, spec.prior
    dim = spec if isinstance(spec, Dimension) else to_dimension(spec)
    if isinstance(dim, (Real, Integer)):
        return f"[{_format_number(dim.low)}, {_format_number(dim.high)}]", dim.prior
    if isinstance(dim, Ordinal):
        return "{" + ", ".join(_format_number(v) for v in dim.values) + "}", "grid"
    if isinstance(dim, Categorical):
        values = list(dim.values)
        if len(values) == 1:
            return _format_number(values[0]), "fixed"
        return "{" + ", ".join(_format_number(v) for v in values) + "}", "categorical"
    return repr(dim), "distribution"


class DefaultSpace:
    """A default search space: sub-spaces of parameters, each with its source.

    Made by :func:`~skbayes.spaces.default_space`; pass it (or a space
    derived from it with :meth:`merge` and :meth:`drop`) as the
    ``search_spaces`` of :class:`~skbayes.BayesSearchCV`, which resolves it
    against the data at ``fit``. Ranges that depend on the data (written in
    terms of ``n_features``, ``n_train`` ...) become numbers with
    :meth:`resolve`. Immutable: every method returns a new space.

    Parameters
    ----------
    subspaces : list of Subspace
        Each a label and a tuple of :class:`Entry`.
    contexts : dict, default=None
        The pipeline steps preceding each step named by an entry's
        ``context``, as ``(name, estimator)`` pairs: the data a step sees is
        the output of those steps.
    estimator : str, default=""
        The estimator's name, for messages.

    Examples
    --------
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from skbayes.spaces import default_space
    >>> space = default_space(RandomForestClassifier())
    >>> space.names
    ['max_features', 'max_samples', 'min_samples_leaf']
    >>> space.table()[["parameter", "range", "prior"]]
              parameter                                range        prior
    0      max_features                  [1 / n_features, 1]  log-uniform
    1  min_samples_leaf  [1, max(1, min(100, n_train / 10))]  log-uniform
    2       max_samples          [max(0.1, 11 / n_train), 1]      uniform
    >>> import numpy as np
    >>> X, y = np.zeros((200, 16)), np.arange(200) % 2
    >>> space.resolve(X, y).search_spaces()["max_features"]
    Real(low=0.0625, high=1.0, prior='log-uniform', base=10)
    >>> space.drop("max_samples").merge({"criterion": ["gini", "entropy"]}).names
    ['criterion', 'max_features', 'min_samples_leaf']
    """

    __slots__ = ("contexts", "estimator", "subspaces")

    def __init__(self, subspaces, contexts=None, estimator=""):
        object.__setattr__(self, "subspaces", tuple(Subspace(*s) for s in subspaces))
        object.__setattr__(self, "contexts", dict(contexts or {}))
        object.__setattr__(self, "estimator", estimator)

    def __setattr__(self, name, value):
        raise AttributeError("DefaultSpace objects are immutable")

    def __delattr__(self, name):
        raise AttributeError("DefaultSpace objects are immutable")

    def __reduce__(self):
        return (DefaultSpace, (self.subspaces, self.contexts, self.estimator))

    def __eq__(self, other):
        return (
            isinstance(other, DefaultSpace)
            and self.subspaces == other.subspaces
            and self.estimator == other.estimator
        )

    def __hash__(self):
        return hash((self.estimator, tuple(s.label for s in self.subspaces)))

    def __repr__(self):
        state = "resolved" if self.resolved else "unresolved"
        return (
            f"<DefaultSpace of {self.estimator or 'an estimator'}: "
            f"{len(self.subspaces)} sub-space(s), parameters {self.names}, {state}>"
        )

    @property
    def names(self):
        """Every parameter name, over all sub-spaces, sorted."""
        return sorted({e.name for s in self.subspaces for e in s.entries})

    @property
    def resolved(self):
        """Whether no range depends on the data any more."""
        return not any(
            isinstance(e.spec, DataRange) for s in self.subspaces for e in s.entries
        )

    # -- changing it ------------------------------------------------------------
    def merge(self, params, *, source="given"):
        """A copy with ``params`` added to every sub-space (replacing same names).

        Parameters
        ----------
        params : dict
            Parameter names mapped to anything ``search_spaces`` accepts
            (a list of values, a ``(low, high, prior)`` range, a
            distribution, a dimension).
        source : str, default="given"
            What the table shows as their source.

        Returns
        -------
        space : DefaultSpace
            The new space (this one is unchanged).

        Examples
        --------
        >>> from sklearn.svm import SVC
        >>> from skbayes.spaces import default_space
        >>> default_space(SVC()).merge({"shrinking": [True, False]}).names
        ['C', 'gamma', 'kernel', 'shrinking']
        """
        if not isinstance(params, Mapping):
            raise TypeError(
                f"merge: expected a dict of parameter names to dimensions, got "
                f"{type(params).__name__}."
            )
        for name, spec in params.items():
            if not isinstance(name, str):
                raise TypeError(
                    f"merge: parameter names must be strings, got {name!r}."
                )
            if not isinstance(spec, DataRange):
                to_dimension(spec, name)  # a bad spec fails here, not at fit
        subspaces = []
        for sub in self.subspaces:
            kept = [e for e in sub.entries if e.name not in params]
            added = [Entry(n, s, "", source) for n, s in params.items()]
            subspaces.append(Subspace(sub.label, tuple(kept + added)))
        return DefaultSpace(subspaces, self.contexts, self.estimator)

    def drop(self, *names):
        """A copy without the parameters ``names`` (left at their values).

        Parameters
        ----------
        *names : str
            Parameters of the space.

        Returns
        -------
        space : DefaultSpace
            The new space (this one is unchanged).

        Raises
        ------
        ValueError
            For a name that is not in the space.

        Examples
        --------
        >>> from sklearn.svm import SVC
        >>> from skbayes.spaces import default_space
        >>> default_space(SVC()).drop("gamma").names
        ['C', 'kernel']
        """
        unknown = [n for n in names if n not in self.names]
        if unknown:
            raise ValueError(
                f"drop: {unknown} not in the space; its parameters are {self.names}."
            )
        subspaces = [
            Subspace(s.label, tuple(e for e in s.entries if e.name not in names))
            for s in self.subspaces
        ]
        return DefaultSpace(subspaces, self.contexts, self.estimator)

    def given_values(self, estimator):
        """The estimator's own values of the space's parameters.

        :class:`~skbayes.BayesSearchCV` evaluates this point first when it
        searches a default space (as auto-sklearn starts from the defaults):
        the search then never selects a candidate whose cross-validation
        score is below that of the estimator as given.

        Parameters
        ----------
        estimator : estimator or Pipeline
            The estimator the space is searched for.

        Returns
        -------
        values : dict
            Each parameter of the space that ``estimator.get_params()``
            has, mapped to its value there (a parameter of a sub-estimator
            that is not set, such as ``estimator__max_depth`` of an
            ``AdaBoostClassifier`` without ``estimator``, is left out).

        Examples
        --------
        >>> from sklearn.ensemble import RandomForestRegressor
        >>> from skbayes.spaces import default_space
        >>> forest = RandomForestRegressor(min_samples_leaf=2)
        >>> default_space(forest).given_values(forest)
        {'max_features': 1.0, 'max_samples': None, 'min_samples_leaf': 2}
        """
        params = estimator.get_params(deep=True)
        return {name: params[name] for name in self.names if name in params}

    # -- resolving it -----------------------------------------------------------
    def resolve(self, X, y=None, *, n_train=None):
        """The space with the ranges that depend on the data made numbers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The training data.
        y : array-like of shape (n_samples,), default=None
            The target.
        n_train : int, default=None
            Samples in the smallest cross-validation training set (what the
            estimator is fitted on); defaults to ``n_samples``.
            :class:`~skbayes.BayesSearchCV` passes the size its splits give.

        Returns
        -------
        space : DefaultSpace
            Resolved (:attr:`resolved` is True).

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.neighbors import KNeighborsClassifier
        >>> from skbayes.spaces import default_space
        >>> X, y = np.zeros((40, 3)), np.arange(40) % 2
        >>> space = default_space(KNeighborsClassifier()).resolve(X, y, n_train=30)
        >>> space.search_spaces()["n_neighbors"]
        Integer(low=1, high=30, prior='log-uniform', base=10)
        """
        if self.resolved:
            return self
        from ._resolve import steps_transform

        infos = {}

        def info(context):
            if context not in infos:
                steps = self.contexts.get(context) or []
                transform = steps_transform(steps) if steps else None
                infos[context] = DataInfo(X, y, n_train=n_train, transform=transform)
            return infos[context]

        subspaces = []
        for sub in self.subspaces:
            entries = []
            for e in sub.entries:
                spec = e.spec
                if isinstance(spec, DataRange):
                    spec = spec.resolve(info(e.context))
                entries.append(e._replace(spec=spec))
            subspaces.append(Subspace(sub.label, tuple(entries)))
        return DefaultSpace(subspaces, self.contexts, self.estimator)

    def search_spaces(self):
        """The space as ``search_spaces`` (a dict, or a list of dicts).

        Only for a resolved space (see :meth:`resolve`).

        Returns
        -------
        search_spaces : dict or list of dict
            One dict per sub-space (a single dict for one sub-space), of
            parameter names to dimensions or lists of values.

        Examples
        --------
        >>> from sklearn.linear_model import Ridge
        >>> from skbayes.spaces import default_space
        >>> default_space(Ridge()).search_spaces()
        {'alpha': Real(low=0.0001, high=10000.0, prior='log-uniform', base=10)}
        """
        if not self.resolved:
            pending = sorted(
                {
                    e.name
                    for s in self.subspaces
                    for e in s.entries
                    if isinstance(e.spec, DataRange)
                }
            )
            raise ValueError(
                f"The ranges of {pending} depend on the data: call "
                "resolve(X, y) first, or pass the space itself as search_spaces "
                "(BayesSearchCV resolves it at fit)."
            )
        dicts = [{e.name: e.spec for e in s.entries} for s in self.subspaces]
        return dicts[0] if len(dicts) == 1 else dicts

    # -- showing it -------------------------------------------------------------
    def table(self):
        """The space as a table: one row per parameter and sub-space.

        Returns
        -------
        table : pandas.DataFrame
            Columns ``parameter``, ``range``, ``prior``, ``why it matters``,
            ``source``, and ``sub-space`` (its label) when there are several.

        Examples
        --------
        >>> from sklearn.neighbors import KNeighborsRegressor
        >>> from skbayes.spaces import default_space
        >>> default_space(KNeighborsRegressor()).table()[["parameter", "prior"]]
             parameter        prior
        0  n_neighbors  log-uniform
        1      weights  categorical
        2            p         grid
        """
        import pandas as pd

        rows = []
        for sub in self.subspaces:
            for e in sub.entries:
                text, prior = _describe(e.spec)
                rows.append(
                    {
                        "sub-space": sub.label,
                        "parameter": e.name,
                        "range": text,
                        "prior": prior,
                        "why it matters": e.why,
                        "source": e.source,
                    }
                )
        columns = ["parameter", "range", "prior", "why it matters", "source"]
        if len(self.subspaces) > 1:
            columns = ["sub-space", *columns]
        return pd.DataFrame(rows, columns=columns)


def product(parts, contexts, estimator):
    """The :class:`DefaultSpace` of several parts (pipeline steps) together.

    Each part is a list of :class:`Subspace`; a sub-space of the result takes
    one sub-space of every part (their labels joined).
    """
    subspaces = []
    for combo in itertools.product(*parts):
        label = "; ".join(s.label for s in combo if s.label)
        entries = tuple(e for s in combo for e in s.entries)
        subspaces.append(Subspace(label, entries))
    return DefaultSpace(subspaces, contexts, estimator)
