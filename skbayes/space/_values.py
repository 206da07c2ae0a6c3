"""Small helpers on single values shared by the dimensions and the priors."""

from __future__ import annotations

import math
import numbers

import numpy as np

# Encoded values are kept inside [_EPS, 1 - _EPS] so that distributions with
# unbounded support never decode to +-inf.
_EPS = 1e-9


def _digits(low, high):
    """Significant digits that resolve ``[low, high]`` to 12 digits (at most 17)."""
    scale = max(abs(low), abs(high))
    if not (math.isfinite(scale) and scale > 0 and high > low):
        return 17
    return int(min(17, 12 + max(0, math.ceil(math.log10(scale / (high - low))))))


def _round(value, digits=12):
    """A real value rounded to ``digits`` significant digits (12 by default).

    Proposals computed in floating point can differ in their last bits from
    one process to another (BLAS kernels depend on memory alignment); rounding
    keeps the same seed giving the very same candidates, and the printed
    parameters readable.
    """
    return float(f"{float(value):.{digits}g}")


def _native(value):
    """Return a numpy scalar as the equivalent Python scalar, anything else as is.

    Dates and durations stay numpy's: their ``item()`` is another value (an
    int of nanoseconds, a ``datetime.date``, None for NaT).
    """
    if isinstance(value, np.generic) and not isinstance(
        value, (np.datetime64, np.timedelta64)
    ):
        return value.item()
    return value


def _is_number(value):
    """True for real numbers that are not booleans."""
    return isinstance(value, numbers.Real) and not isinstance(
        value, (bool, np.bool_, np.timedelta64)
    )
