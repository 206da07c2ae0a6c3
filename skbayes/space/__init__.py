"""Search spaces: dimensions, parsing of user formats, encoding and keys."""

from ._dimensions import (
    Categorical,
    Dimension,
    Distribution,
    Integer,
    Ordinal,
    Real,
)
from ._parse import to_dimension
from ._space import SearchSpace, Space

__all__ = [
    "Categorical",
    "Dimension",
    "Distribution",
    "Integer",
    "Ordinal",
    "Real",
    "SearchSpace",
    "Space",
    "to_dimension",
]
