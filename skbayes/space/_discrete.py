"""The quantile map of a discrete ``scipy.stats`` distribution, fast for any.

scipy's generic discrete ``ppf`` (used by every distribution that has no
quantile function of its own, such as ``zipf``, ``logser`` or ``betabinom``)
brackets the quantile by steps and bisects on ``cdf``; when the distribution
has no ``cdf`` of its own either, each ``cdf(k)`` sums ``pmf`` over every
value up to ``k``: some 6e8 values for the quantile of ``zipf(2)`` at
``1 - 1e-9``. :class:`DiscreteQuantiles` is built once per dimension and
answers both ``cdf`` and its inverse, the smallest value ``x`` of the support
with ``cdf(x) >= u`` (scipy's definition of ``ppf``), in O(log) per value. A
distribution with a quantile function of its own (``binom``, ``poisson``,
``randint``, ``geom``, ``nbinom`` ...) is decoded by it; for the others:

- a finite support of at most ``_MAX_DISCRETE_VALUES`` values is tabulated
  whole: exact;
- otherwise the values of the support are numbered ``offset + k`` and the
  cdf is tabulated at *knots*: every ``k`` near the centre of the mass, then
  ever farther apart (in geometric steps) towards the ends of the support.
  Between two knots the quantile is found by bisection on the distribution's
  own ``cdf`` (or ``sf``) when it has one (exact); when it has neither, the
  cdf of the knots beyond the tabulated block is the block's sum plus the
  integral of ``pmf`` between knots (trapezoids), and the quantile between
  two knots is interpolated: tail values are drawn in proportion to their
  probability up to that approximation.

Values are integers of a float64, so the support is cut at
``+-_LIMIT = 2**53`` (beyond, floats do not hold every integer): what
probability lies beyond is drawn as the limit itself.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["DiscreteQuantiles"]

# A discrete distribution with at most this many values is enumerated (its
# points can then be exhausted and keyed by position).
_MAX_DISCRETE_VALUES = 1_000_000
# Largest magnitude of a value: every integer up to it is a float64.
_LIMIT = 2**53
# Values tabulated one by one on either side of the centre of the mass: few
# when the distribution has its own cdf (bisection refines between knots),
# many when the tail must be integrated from pmf.
_DENSE_EXACT = 1 << 10
_DENSE_SUMMED = 1 << 16
# Ratio of the distances from the centre of consecutive knots beyond the
# dense block.
_RATIO = 1.02


def _own(distribution, method):
    """Whether a frozen discrete distribution overrides scipy's generic ``method``."""
    from scipy import stats

    dist = getattr(distribution, "dist", distribution)
    generic = getattr(stats.rv_discrete, method)
    return getattr(type(dist), method, generic) is not generic


def _loc(distribution):
    """The location of a frozen scipy distribution (0 when it cannot be read)."""
    dist = getattr(distribution, "dist", None)
    try:
        _, loc, _ = dist._parse_args(
            *getattr(distribution, "args", ()), **getattr(distribution, "kwds", {})
        )
        return float(loc)
    except Exception:  # not a scipy.stats distribution: its lattice starts at 0
        return 0.0


def _distances(dense, span):
    """Distances from the centre of the knots on one side: 0 .. dense, then
    geometric steps, and ``span`` (the end of the support) last."""
    out = [np.arange(min(dense, span) + 1, dtype=np.int64)]
    if span > dense:
        n = math.ceil(math.log(span / dense) / math.log(_RATIO))
        steps = np.floor(dense * _RATIO ** np.arange(1, n + 1))
        out.append(np.minimum(steps, span).astype(np.int64))
        out.append(np.array([span], dtype=np.int64))
    return np.unique(np.concatenate(out))


class DiscreteQuantiles:
    """``cdf`` and quantiles of a frozen discrete distribution.

    Parameters
    ----------
    distribution : frozen discrete scipy.stats distribution
    low, high : float
        Its support (``distribution.support()``), checked not NaN.
    values : ndarray or None
        The sorted values of a finite support when it was enumerated.
    own_ppf : bool, default=None
        Whether to decode by the distribution's ``ppf``; by default, when it
        has one of its own.

    Attributes
    ----------
    beyond : float
        The probability beyond +-2**53 (drawn as the limit).
    """

    def __init__(self, distribution, low, high, values=None, *, own_ppf=None):
        self.distribution = distribution
        # a quantile function of its own (closed form, or a special
        # function: binom, poisson, randint, geom, nbinom ...) is fast and is
        # used as it is; the tables below serve encoding then
        self.own_ppf = _own(distribution, "_ppf") if own_ppf is None else own_ppf
        own_cdf = _own(distribution, "_cdf")
        self.exact = own_cdf or _own(distribution, "_sf")
        self._use_sf = not own_cdf
        if values is not None:
            self.offset = 0.0
            self.values = values
            if own_cdf:
                cdf = self._exact_cdf(values)
            else:
                with np.errstate(all="ignore"):
                    pmf = np.asarray(distribution.pmf(values), dtype=float)
                cdf = np.cumsum(np.nan_to_num(pmf))
            self.knots = None
            self.cdf_at_knots = np.minimum(np.maximum.accumulate(cdf), 1.0)
            self.beyond = 0.0
            return
        self.values = None
        if low > _LIMIT or high < -_LIMIT:
            raise ValueError(
                f"Distribution: the support [{low}, {high}] lies beyond "
                f"+-2**53, where floats no longer hold every integer."
            )
        if math.isfinite(low):
            self.offset = float(low)
        elif math.isfinite(high):
            self.offset = float(high)
        else:
            self.offset = _loc(distribution)
        # the lattice k of the values offset + k, cut at +-_LIMIT
        self._k_low = math.ceil(max(low, -_LIMIT) - self.offset)
        self._k_high = math.floor(min(high, _LIMIT) - self.offset)
        if not self.exact and not math.isfinite(low):
            raise ValueError(
                f"Distribution: {_name(distribution)} has no cdf or sf of its "
                "own and a support unbounded below; its quantiles cannot be "
                "computed. Give it a finite lower bound or a _cdf method."
            )
        if self.exact and self.own_ppf:
            # decoded by scipy's ppf, encoded by its cdf: no table needed
            self.knots = self.cdf_at_knots = None
            ends = self._exact_cdf_unsorted([-_LIMIT - 1.0, float(_LIMIT)])
            self.beyond = float(np.nan_to_num(ends[0] + (1.0 - ends[1])))
        elif self.exact:
            centre = 0
            if not math.isfinite(low) and not math.isfinite(high):
                with np.errstate(all="ignore"):
                    median = float(distribution.ppf(0.5))
                if math.isfinite(median):
                    centre = round(median - self.offset)
            centre = min(max(centre, self._k_low), self._k_high)
            below = _distances(_DENSE_EXACT, centre - self._k_low)
            above = _distances(_DENSE_EXACT, self._k_high - centre)
            self.knots = np.unique(np.concatenate([centre - below, centre + above]))
            self.cdf_at_knots = self._exact_cdf(self.offset + self.knots)
            below = self.cdf_at_knots[0] if low < -_LIMIT else 0.0
            self.beyond = float(below + 1.0 - self.cdf_at_knots[-1])
        else:
            # bounded below (offset = low): sum pmf over the first values,
            # integrate it beyond
            bounded = math.isfinite(high) and high <= _LIMIT
            knots = _distances(_DENSE_SUMMED, self._k_high)
            if bounded:  # as fine towards the upper end
                knots = np.unique(np.concatenate([knots, self._k_high - knots]))
            self.knots = knots
            self.beyond = 0.0
            self.cdf_at_knots = self._summed_cdf(knots, bounded)

    def _exact_cdf(self, x):
        """The distribution's own cdf at ``x``, made non-decreasing."""
        with np.errstate(all="ignore"):
            if self._use_sf:
                cdf = 1.0 - np.asarray(self.distribution.sf(x), dtype=float)
            else:
                cdf = np.asarray(self.distribution.cdf(x), dtype=float)
        cdf = np.nan_to_num(cdf, nan=0.0)
        return np.clip(np.maximum.accumulate(cdf), 0.0, 1.0)

    def _summed_cdf(self, knots, bounded):
        dense = knots[knots <= _DENSE_SUMMED]
        with np.errstate(all="ignore"):
            pmf = np.nan_to_num(
                np.asarray(self.distribution.pmf(self.offset + knots), dtype=float)
            )
        cdf = np.cumsum(pmf[: len(dense)])
        if len(knots) == len(dense):
            return np.minimum(cdf, 1.0)
        # the mass of (k_i, k_{i+1}] by the trapezoid rule, scaled so that
        # the whole tail holds what the block leaves (all of it when the
        # support is bounded; when not, what it misses by more than 1% is
        # the mass beyond the limit)
        tail = pmf[len(dense) - 1 :]
        width = np.diff(knots[len(dense) - 1 :]).astype(float)
        masses = 0.5 * (tail[:-1] + tail[1:]) * width
        # the step's right end is counted whole and its left end not
        masses += 0.5 * (tail[1:] - tail[:-1])
        masses = np.maximum(masses, 0.0)
        rest = max(1.0 - cdf[-1], 0.0)
        total = masses.sum()
        if total > 0 and (bounded or total >= 0.99 * rest):
            masses *= rest / total
        out = np.concatenate([cdf, cdf[-1] + np.cumsum(masses)])
        if not bounded:
            self.beyond = max(1.0 - out[-1], 0.0)
            out[-1] = 1.0
        return np.minimum(out, 1.0)

    # -- the map --------------------------------------------------------------

    def ppf(self, u):
        """The smallest value with ``cdf >= u``, for each ``u`` in (0, 1)."""
        u = np.asarray(u, dtype=float)
        if self.own_ppf:
            return self._own_ppf(u)
        cdf = self.cdf_at_knots
        j = np.minimum(np.searchsorted(cdf, u, side="left"), len(cdf) - 1)
        if self.values is not None:
            return self.values[j]
        k = self.knots[j].copy()
        left = self.knots[np.maximum(j - 1, 0)]
        gap = (j > 0) & (k - left > 1)
        if gap.any():
            k[gap] = self._between(u[gap], left[gap], k[gap], j[gap])
        return self.offset + k.astype(float)

    def _own_ppf(self, u):
        with np.errstate(all="ignore"):
            x = np.asarray(self.distribution.ppf(u), dtype=float)
        if self.values is None:
            return np.clip(x, -_LIMIT, _LIMIT)
        # support values; snap away any rounding of the ppf's own
        support = self.values
        pos = np.clip(np.searchsorted(support, x), 0, len(support) - 1)
        left = np.clip(pos - 1, 0, len(support) - 1)
        closer = np.abs(support[left] - x) < np.abs(support[pos] - x)
        return support[np.where(closer, left, pos)]

    def _between(self, u, a, b, j):
        """The quantile of ``u`` among the lattice points in ``(a, b]``, knowing
        ``cdf(a) < u <= cdf(b)``."""
        if not self.exact:
            lo, hi = self.cdf_at_knots[j - 1], self.cdf_at_knots[j]
            share = (u - lo) / np.where(hi > lo, hi - lo, 1.0)
            step = np.ceil(share * (b - a).astype(float)).astype(np.int64)
            return np.clip(a + step, a + 1, b)
        a, b = a.copy(), b.copy()
        while True:
            open_ = b - a > 1
            if not open_.any():
                return b
            mid = a + (b - a) // 2
            above = self._exact_cdf_unsorted(self.offset + mid[open_]) >= u[open_]
            idx = np.flatnonzero(open_)
            b[idx[above]] = mid[open_][above]
            a[idx[~above]] = mid[open_][~above]

    def _exact_cdf_unsorted(self, x):
        with np.errstate(all="ignore"):
            if self._use_sf:
                return 1.0 - np.asarray(self.distribution.sf(x), dtype=float)
            return np.asarray(self.distribution.cdf(x), dtype=float)

    def cdf(self, x):
        """``P(X <= x)`` at values ``x`` of the support."""
        x = np.asarray(x, dtype=float)
        if self.values is not None:
            pos = np.searchsorted(self.values, x, side="right") - 1
            return np.where(pos >= 0, self.cdf_at_knots[np.maximum(pos, 0)], 0.0)
        if self.exact:
            return self._exact_cdf_unsorted(x)
        k = np.floor(x - self.offset + 1e-9)
        return np.interp(k, self.knots.astype(float), self.cdf_at_knots, left=0.0)


def _name(distribution):
    dist = getattr(distribution, "dist", distribution)
    return getattr(dist, "name", type(dist).__name__)
