"""The search space of a fit: as given, or the estimator's default resolved.

``search_spaces=None`` means :func:`~skbayes.spaces.default_space` of the
estimator; that space, or a :class:`~skbayes.spaces.DefaultSpace` given as
``search_spaces``, is resolved against the data of ``fit`` (the smallest
training set of the cross-validation bounds ``n_neighbors``,
``n_components`` ...). A search of ``n_iter`` candidates over a default
space first evaluates the estimator as given (its own values of the space's
parameters, one candidate of a sub-space of its own), so that it never
selects a candidate that scores below the defaults in cross-validation.
"""

from __future__ import annotations

from ._plan import compute_splits
from .space import Categorical
from .spaces import DefaultSpace, default_space

__all__ = ["fit_search_spaces"]


def _with_given_values(search, plain, values):
    """``plain`` with the estimator's own values as a first sub-space of one.

    Only for a search whose budget is a number of candidates (``n_iter``):
    the first round of a multi-fidelity search is drawn at its smallest
    resource, where the estimator as given has no special place.
    """
    if not values or getattr(search, "n_iter", None) is None:
        return plain
    given = {name: Categorical([value]) for name, value in values.items()}
    subspaces = plain if isinstance(plain, list) else [plain]
    return [(given, 1), *subspaces]


def fit_search_spaces(search, X, y, params):
    """The search space of this fit and its plain form.

    Returns
    -------
    searched : dict, list or DefaultSpace
        ``search_spaces`` as given, or the resolved default space (the
        fitted ``search_spaces_``).
    plain : dict or list
        What :class:`~skbayes.space.SearchSpace` parses: for a default
        space, a first ``(values, 1)`` sub-space holding the estimator's own
        values, then the default space's sub-spaces (sharing ``n_iter``).
    """
    spaces = search.search_spaces
    if spaces is None:
        spaces = default_space(search.estimator)  # the error lists the known ones
    if not isinstance(spaces, DefaultSpace):
        return spaces, spaces
    n_train = None
    if not spaces.resolved:
        splits = compute_splits(search, X, y, params)  # None: an iterator
        if splits:
            n_train = min(len(train) for train, _ in splits)
    resolved = spaces.resolve(X, y, n_train=n_train)
    plain = _with_given_values(
        search, resolved.search_spaces(), resolved.given_values(search.estimator)
    )
    return resolved, plain
