"""Random and quasi-random search."""

from __future__ import annotations

from scipy.stats import qmc

from ._base import BaseOptimizer

__all__ = ["RandomOptimizer"]


class RandomOptimizer(BaseOptimizer):
    """Quasi-random search: a scrambled Halton sequence over the space's prior.

    The unit cube is covered more evenly than by independent draws, and each
    coordinate is decoded through its dimension's prior (log-uniform, the
    weights of categories, a scipy.stats distribution ...). Points are never
    repeated and finite spaces are exhausted cleanly.

    Failed evaluations (NaN scores) have no effect on the proposals.

    Parameters
    ----------
    space : Space or dict
        The space to search (a dict is parsed into a :class:`~skbayes.space.Space`).
    sampler : {"halton", "random"}, default="halton"
        ``"random"`` draws independent points instead.
    n_initial_points : int, default=10
        Ignored: every proposal is random. Accepted so that all optimizers
        share one signature.
    random_state : int, RandomState, Generator or None, default=None
        Seed for reproducible proposals.

    Examples
    --------
    >>> from skbayes.optimizer import RandomOptimizer
    >>> opt = RandomOptimizer({"C": (1e-3, 1e3, "log-uniform")}, random_state=0)
    >>> points = opt.ask(3)
    >>> opt.tell(points, [0.5, 0.7, 0.6])
    >>> opt.best()[1]
    0.7
    """

    def __init__(
        self, space, *, sampler="halton", n_initial_points=10, random_state=None
    ):
        super().__init__(
            space, n_initial_points=n_initial_points, random_state=random_state
        )
        if sampler not in ("halton", "random"):
            raise ValueError(f"sampler must be 'halton' or 'random', got {sampler!r}.")
        self.sampler = sampler
        self._engine = None
        if sampler == "halton":
            self._engine = qmc.Halton(d=len(self.space), scramble=True, seed=self._rng)

    def _propose(self, n):
        if self._engine is None:
            return self.space.sample(n, self._rng)
        return self.space.encoding.from_unit(self._engine.random(n))
