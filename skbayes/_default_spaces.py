"""The search space of a fit: as given, or the estimator's default resolved.

``search_spaces=None`` means :func:`~skbayes.spaces.default_space` of the
estimator; that space, or a :class:`~skbayes.spaces.DefaultSpace` given as
``search_spaces``, is resolved against the data of ``fit`` (the smallest
training set of the cross-validation bounds ``n_neighbors``,
``n_components`` ...).
"""

from __future__ import annotations

from ._plan import compute_splits
from .spaces import DefaultSpace, default_space

__all__ = ["fit_search_spaces"]


def fit_search_spaces(search, X, y, params):
    """The search space of this fit and its plain form.

    Returns
    -------
    searched : dict, list or DefaultSpace
        ``search_spaces`` as given, or the resolved default space (the
        fitted ``search_spaces_``).
    plain : dict or list
        What :class:`~skbayes.space.SearchSpace` parses.
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
    return resolved, resolved.search_spaces()
