"""Default search spaces: vetted ranges per estimator, with their sources.

``BayesSearchCV(RandomForestClassifier())`` searches the space that
:func:`default_space` gives for the estimator, resolved against the data at
``fit``.
"""

from ._catalog import SOURCES
from ._default import DefaultSpace
from ._registry import available_estimators, default_space

__all__ = ["SOURCES", "DefaultSpace", "available_estimators", "default_space"]
