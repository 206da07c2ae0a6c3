"""Search spaces: dimensions, parsing of user formats, encoding and keys."""

from ._categorical import Categorical
from ._dimensions import Dimension
from ._distribution import Distribution
from ._encoding import Encoding
from ._ordinal import Ordinal
from ._parse import to_dimension
from ._ranges import Integer, Real
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
