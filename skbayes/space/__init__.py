"""Search spaces: dimensions, parsing of user formats, encoding and keys."""

from ._dimensions import (
    Categorical,
    Dimension,
    Integer,
    Ordinal,
    Real,
)
from ._distribution import Distribution
from ._encoding import Encoding
from ._parse import to_dimension
from ._space import SearchSpace, Space, to_skopt_space

__all__ = [
    "Categorical",
    "Dimension",
    "Distribution",
    "Encoding",
    "Integer",
    "Ordinal",
    "Real",
    "SearchSpace",
    "Space",
    "to_dimension",
    "to_skopt_space",
]
