"""Tree-structured Parzen estimator (the hyperopt / Optuna family)."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import logsumexp

from ._base import BaseOptimizer

__all__ = ["TPEOptimizer"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _default_gamma(n):
    """Number of "good" observations: 10% of them, at most 25 (as Optuna)."""
    return min(math.ceil(0.1 * n), 25)


class _Parzen:
    """A multivariate Parzen estimator over the unit encoding.

    One kernel per observation: on every ordered dimension a Gaussian
    (truncated to [0, 1]) centred at the observation, with a bandwidth from
    Scott's rule; on every categorical dimension, the observation's category
    with weight ``1 - eps`` spread over the others. A prior kernel (uniform)
    keeps every region reachable.
    """

    def __init__(self, U, cats, n_categories, prior_weight=1.0):
        self.U = U  # (n, n_ordered) in [0, 1]
        self.cats = cats  # (n, n_categorical) ints
        self.n_categories = n_categories
        n = len(U) if U is not None else len(cats)
        self.n = n
        d = max(1, U.shape[1] + cats.shape[1])
        # Scott's rule per dimension, on the spread of this group's points
        # (the width of the unit interval's uniform, 0.29, for one point)
        spread = U.std(0) if n > 1 else np.full(U.shape[1], 0.29)
        spread = np.maximum(spread, 0.29 / max(n, 1))
        self.sigma = np.clip(spread * (n + 1) ** (-1.0 / (d + 4)), 0.02, 0.5)
        self.weights = np.full(n + 1, 1.0)
        self.weights[-1] = prior_weight
        self.weights /= self.weights.sum()
        self.eps = np.array([1.0 / (k + 1.0) for k in n_categories])

    def sample(self, m, rng):
        comp = rng.choice(self.n + 1, size=m, p=self.weights)
        prior = comp == self.n
        U = np.empty((m, self.U.shape[1]))
        if self.U.shape[1]:
            centres = self.U[np.minimum(comp, self.n - 1)]
            U[:] = centres + self.sigma * rng.standard_normal(U.shape)
            U[prior] = rng.random((int(prior.sum()), self.U.shape[1]))
            # reflect into [0, 1]
            U = np.abs(U)
            U = 1.0 - np.abs(1.0 - U)
            U = np.clip(U, 0.0, 1.0 - 1e-12)
        C = np.empty((m, len(self.n_categories)), dtype=int)
        for j, k in enumerate(self.n_categories):
            own = self.cats[np.minimum(comp, self.n - 1), j]
            keep = rng.random(m) >= self.eps[j]
            C[:, j] = np.where(keep & ~prior, own, rng.integers(k, size=m))
        return U, C

    def log_pdf(self, U, C):
        m = len(U) if U is not None else len(C)
        log_k = np.zeros((m, self.n + 1))
        if self.U.shape[1]:
            diff = (U[:, None, :] - self.U[None, :, :]) / self.sigma
            gauss = -0.5 * diff**2 - _LOG_SQRT_2PI - np.log(self.sigma)
            log_k[:, : self.n] += gauss.sum(-1)
        for j, k in enumerate(self.n_categories):
            same = C[:, j][:, None] == self.cats[None, :, j]
            p_same = 1.0 - self.eps[j] + self.eps[j] / k
            p_other = self.eps[j] / k
            log_k[:, : self.n] += np.where(same, math.log(p_same), math.log(p_other))
            log_k[:, self.n] += -math.log(k)
        return logsumexp(log_k + np.log(self.weights)[None, :], axis=1)


class TPEOptimizer(BaseOptimizer):
    """Multivariate tree-structured Parzen estimator.

    The observations are split into the best ``gamma(n)`` (10%, at most 25)
    and the rest; a Parzen density is fitted to each, and the candidate
    among ``n_ei_candidates`` draws from the good density that maximizes
    the ratio good/bad is proposed (Bergstra et al., 2011; multivariate as
    in Falkner et al., 2018). Cheap (milliseconds per proposal at any
    number of observations), robust in large or conditional spaces, less
    sample-efficient than a Gaussian process on small smooth ones.

    Failed evaluations (NaN scores) count among the bad observations.

    Parameters
    ----------
    space : Space or dict
        The space to search (a dict is parsed into a :class:`~skbayes.space.Space`).
    n_initial_points : int, default=10
        Quasi-random points before the densities are used.
    random_state : int, RandomState, Generator or None, default=None
        Seed for reproducible proposals.
    n_ei_candidates : int, default=64
        Draws from the good density scored per proposal.

    Examples
    --------
    >>> from skbayes.optimizer import TPEOptimizer
    >>> opt = TPEOptimizer({"x": (-2.0, 2.0)}, n_initial_points=5, random_state=0)
    >>> for _ in range(30):
    ...     points = opt.ask()
    ...     opt.tell(points, [-(p["x"] - 0.5) ** 2 for p in points])
    >>> abs(opt.best()[0]["x"] - 0.5) < 0.2
    True
    """

    def __init__(
        self, space, *, n_initial_points=10, random_state=None, n_ei_candidates=64
    ):
        super().__init__(
            space, n_initial_points=n_initial_points, random_state=random_state
        )
        self.n_ei_candidates = int(n_ei_candidates)

    def _propose(self, n):
        ready = np.isfinite(self.scores).any() and len(self.scores) >= 2
        return self._initial_then_model(n, ready)

    def _model_proposals(self, n, exclude):
        scores = self.scores
        order = np.argsort(
            np.where(np.isfinite(scores), -scores, np.inf), kind="stable"
        )
        n_good = max(1, _default_gamma(len(scores)))
        enc = self.space.encoding
        U, C = enc.to_mixed(self.points)
        k = enc.n_categories
        good = _Parzen(U[order[:n_good]], C[order[:n_good]], k)
        bad_idx = order[n_good:] if len(order) > n_good else order[-1:]
        bad = _Parzen(U[bad_idx], C[bad_idx], k)
        m = self.n_ei_candidates * n
        Uc, Cc = good.sample(m, self._rng)
        ratio = good.log_pdf(Uc, Cc) - bad.log_pdf(Uc, Cc)
        candidates = enc.from_mixed(Uc, Cc)
        taken = self._seen | set(self._pending) | {self.space.key(p) for p in exclude}
        chosen = []
        for i in np.argsort(ratio)[::-1]:
            key = self.space.key(candidates[i])
            if key not in taken:
                taken.add(key)
                chosen.append(candidates[i])
                if len(chosen) == n:
                    break
        return chosen
