"""Acquisition functions: pure functions of the surrogate's mean and std.

Every function here *maximizes*: larger values mark more promising points,
for scores where higher is better (the protocol of
:class:`~skbayes.optimizer.BaseOptimizer`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erfcx, log_ndtr, ndtr

__all__ = [
    "expected_improvement",
    "log_expected_improvement",
    "probability_of_improvement",
    "upper_confidence_bound",
]

_SQRT2 = math.sqrt(2.0)
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_SQRT_PI_OVER_2 = math.sqrt(math.pi / 2.0)


def _z(mean, std, best, xi):
    std = np.maximum(np.asarray(std, dtype=float), 1e-12)
    return (np.asarray(mean, dtype=float) - best - xi) / std, std


def expected_improvement(mean, std, best, xi=0.0):
    """``E[max(f - best - xi, 0)]`` under ``f ~ N(mean, std**2)``.

    Examples
    --------
    >>> from skbayes.optimizer._acquisition import expected_improvement
    >>> round(float(expected_improvement(0.0, 1.0, 0.0)), 4)
    0.3989
    """
    z, std = _z(mean, std, best, xi)
    return std * (z * ndtr(z) + np.exp(-0.5 * z**2 - _LOG_SQRT_2PI))


def _log_h(z):
    """``log(z * Phi(z) + phi(z))``, accurate far into the left tail."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    upper = z > -1.0
    zu = z[upper]
    out[upper] = np.log(zu * ndtr(zu) + np.exp(-0.5 * zu**2 - _LOG_SQRT_2PI))
    zl = z[~upper]
    # phi(z) * (1 + z * Phi(z) / phi(z)), with Phi/phi written through erfcx
    ratio = _SQRT_PI_OVER_2 * erfcx(-zl / _SQRT2)
    inner = np.maximum(1.0 + zl * ratio, 1e-300)
    out[~upper] = -0.5 * zl**2 - _LOG_SQRT_2PI + np.log(inner)
    return out


def log_expected_improvement(mean, std, best, xi=0.0):
    """Logarithm of :func:`expected_improvement`, without underflow.

    Far from the incumbent the expected improvement underflows to 0 and a
    maximizer sees a flat surface; its logarithm keeps a useful slope
    (Ament et al., "Unexpected improvements to expected improvement", 2023).

    Examples
    --------
    >>> import numpy as np
    >>> from skbayes.optimizer._acquisition import log_expected_improvement
    >>> bool(np.isfinite(log_expected_improvement(-40.0, 1.0, 0.0)))
    True
    """
    z, std = _z(mean, std, best, xi)
    return _log_h(z) + np.log(std)


def probability_of_improvement(mean, std, best, xi=0.01):
    """``P(f > best + xi)`` (returned as its logarithm for stability).

    Examples
    --------
    >>> from skbayes.optimizer._acquisition import probability_of_improvement
    >>> round(float(probability_of_improvement(0.0, 1.0, 0.0, xi=0.0)), 4)
    -0.6931
    """
    z, _ = _z(mean, std, best, xi)
    return log_ndtr(z)


def upper_confidence_bound(mean, std, best=None, kappa=1.96):
    """``mean + kappa * std`` (the lower confidence bound of a minimizer).

    Examples
    --------
    >>> from skbayes.optimizer._acquisition import upper_confidence_bound
    >>> float(upper_confidence_bound(1.0, 0.5, kappa=2.0))
    2.0
    """
    return np.asarray(mean, dtype=float) + kappa * np.asarray(std, dtype=float)
