"""The ask/tell protocol shared by every optimizer."""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np

from ..space import Space

__all__ = ["BaseOptimizer", "check_random_state_seed"]


@functools.cache
def _threadpools():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which BLAS and OpenMP run one thread.

    Surrogate models work on small matrices: letting BLAS start a thread per
    core beside the search's workers oversubscribes the machine. The loaded
    libraries are scanned once per process (``threadpool_limits`` scans
    them on every call, tens of milliseconds).
    """
    return _threadpools().limit(limits=1)


def check_random_state_seed(random_state):
    """Turn ``random_state`` into a ``numpy.random.SeedSequence``.

    Accepts None (fresh entropy), an int, a ``numpy.random.RandomState``
    (one integer is drawn from it, as scikit-learn does), a
    ``numpy.random.Generator`` or a ``SeedSequence``.

    Parameters
    ----------
    random_state : None, int, RandomState, Generator or SeedSequence
        The seed as the user gave it.

    Returns
    -------
    seed : numpy.random.SeedSequence
        The root of every random stream of an optimizer.

    Examples
    --------
    >>> from skbayes.optimizer import check_random_state_seed
    >>> check_random_state_seed(0).entropy
    0
    """
    if random_state is None:
        return np.random.SeedSequence()
    if isinstance(random_state, np.random.SeedSequence):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(
        random_state, bool
    ):
        return np.random.SeedSequence(int(random_state))
    if isinstance(random_state, np.random.RandomState):
        return np.random.SeedSequence(int(random_state.randint(np.iinfo(np.int32).max)))
    if isinstance(random_state, np.random.Generator):
        return np.random.SeedSequence(int(random_state.integers(2**63 - 1)))
    raise ValueError(
        "random_state must be None, an int, a numpy RandomState or Generator, got "
        f"{random_state!r}."
    )


def _share_of_budget(budget, divisor):
    """``budget // divisor`` within [5, 20], at most ``budget`` (10 if None)."""
    if budget is None:
        return 10
    return int(min(budget, max(5, min(20, budget // divisor))))


class BaseOptimizer:
    """Sequential optimizer over a :class:`~skbayes.space.Space`.

    The protocol, stated once here for all optimizers:

    - :meth:`ask` returns up to ``n_points`` new points (dicts of parameter
      values). A point is never proposed twice: not after it was told, and
      not while it is pending (asked but not yet told). In a finite space
      fewer points come back once the space is nearly exhausted, and an empty
      list once every point has been proposed.
    - :meth:`tell` records the *scores* of points; **higher is better**
      (scikit-learn's convention). A NaN score marks a failed evaluation;
      each optimizer documents how it treats failures.

    Subclasses implement :meth:`_propose` (and optionally :meth:`_observe`);
    de-duplication and exhaustion are handled here.

    Parameters
    ----------
    space : Space or dict
        The space to search (a dict is parsed into a :class:`Space`).
    n_initial_points : int, default=10
        Number of points drawn by the random initial design before a model
        is used (ignored by purely random optimizers).
    random_state : int, RandomState, Generator or None, default=None
        Seed for reproducible proposals.

    Examples
    --------
    A subclass only proposes; :meth:`ask` removes the points already seen:

    >>> from skbayes.optimizer import BaseOptimizer
    >>> class Sampler(BaseOptimizer):
    ...     def _propose(self, n):
    ...         return self.space.sample(n, random_state=self._rng)
    >>> opt = Sampler({"kernel": ["rbf", "linear", "poly"]}, random_state=0)
    >>> first = opt.ask(2)
    >>> opt.tell(first, [0.9, float("nan")])  # NaN: a failed evaluation
    >>> rest = opt.ask(5)  # only one point of the space is left
    >>> sorted(p["kernel"] for p in first + rest)
    ['linear', 'poly', 'rbf']
    >>> opt.ask(1)
    []
    """

    def __init__(self, space, *, n_initial_points=10, random_state=None):
        self.space = space if isinstance(space, Space) else Space(space)
        if (
            isinstance(n_initial_points, bool)
            or not isinstance(n_initial_points, numbers.Integral)
            or n_initial_points < 0
        ):
            raise ValueError(
                "n_initial_points must be a non-negative int, got "
                f"{n_initial_points!r}."
            )
        self.n_initial_points = int(n_initial_points)
        self.random_state = random_state
        self._seed = check_random_state_seed(random_state)
        self._rng = np.random.default_rng(self._seed)
        self._points = []
        self._scores = []
        self._seen = set()
        self._pending = {}

    @classmethod
    def auto_initial_points(cls, budget=None):
        """Size of the random initial design for ``n_initial_points="auto"``.

        A tenth of the budget, within [5, 20] and at most the budget: the
        priors of skbayes' models make them useful early (5 random points
        for a budget of 50). Engines with another need override it.

        Parameters
        ----------
        budget : int or None, default=None
            Candidates planned for the space; None when unknown (10 then).

        Returns
        -------
        n_initial_points : int
            The number of random points.

        Examples
        --------
        >>> from skbayes.optimizer import BaseOptimizer
        >>> [BaseOptimizer.auto_initial_points(b) for b in (3, 50, 120, 1000)]
        [3, 5, 12, 20]
        """
        return _share_of_budget(budget, 10)

    # -- public state -------------------------------------------------------
    @property
    def points(self):
        """Points told so far, in order."""
        return list(self._points)

    @property
    def scores(self):
        """Scores told so far (NaN for failures), as a float array."""
        return np.asarray(self._scores, dtype=float)

    @property
    def n_told(self):
        return len(self._points)

    # -- protocol -----------------------------------------------------------
    def ask(self, n_points=1):
        """Propose up to ``n_points`` new, distinct points.

        Parameters
        ----------
        n_points : int, default=1

        Returns
        -------
        points : list of dict
        """
        if isinstance(n_points, bool) or not isinstance(n_points, numbers.Integral):
            raise TypeError(f"n_points must be an int, got {n_points!r}.")
        if n_points < 1:
            raise ValueError(f"n_points must be >= 1, got {n_points}.")
        remaining = self.space.n_points - len(self._seen) - len(self._pending)
        n = int(min(n_points, remaining))
        if n <= 0:
            return []
        if not len(self.space):  # no parameter: the estimator as it is
            self._pending[self.space.key({})] = {}
            return [{}]
        taken = self._seen | set(self._pending)
        out, keys = [], []
        for point in self._propose(n):
            key = self.space.key(point)
            if key in taken:
                continue
            taken.add(key)
            out.append(point)
            keys.append(key)
            if len(out) == n:
                break
        if len(out) < n:
            fill = self.space.unseen_points(taken, n - len(out), self._rng)
            for point in fill:
                out.append(point)
                keys.append(self.space.key(point))
        for point, key in zip(out, keys):
            self._pending[key] = point
        return out

    def tell(self, points, scores):
        """Record the scores of evaluated points.

        Parameters
        ----------
        points : list of dict
            Points, usually returned by :meth:`ask` (others are accepted).
        scores : array-like of float
            One score per point, higher is better; NaN marks a failure.
        """
        points = list(points)
        scores = np.asarray(scores, dtype=float).ravel()
        if len(points) != len(scores):
            raise ValueError(f"tell got {len(points)} points but {len(scores)} scores.")
        for point in points:
            if not self.space.contains(point):
                raise ValueError(f"Point {point!r} is not in the space {self.space!r}.")
        for point, score in zip(points, scores):
            key = self.space.key(point)
            self._pending.pop(key, None)
            self._seen.add(key)
            self._points.append(point)
            self._scores.append(float(score))
        self._observe(points, scores)

    def prepare(self):
        """Do now the work of the next :meth:`ask` that needs no new score.

        A search calls it while a batch is evaluated (its points pending),
        in a thread of its own, no other method being called meanwhile; the
        batch is then told and the next batch asked for. Work done here
        makes that ``ask`` quicker, so the workers wait less for it. The
        proposals must depend only on the calls made, never on their timing.
        The default does nothing; the GP engine fits its model's
        hyperparameters.
        """

    # -- for subclasses -----------------------------------------------------
    def _propose(self, n):
        """Return candidate points (duplicates are filtered by :meth:`ask`)."""
        raise NotImplementedError

    def _observe(self, points, scores):
        """Hook called after :meth:`tell` recorded new observations."""

    def _initial_then_model(self, n, model_ready):
        """Quasi-random initial design, then ``self._model_proposals``.

        For model-based optimizers: the first ``n_initial_points`` points (all
        of them while ``model_ready`` is False) come from a scrambled Halton
        sequence, the rest from ``self._model_proposals(k, exclude=...)``.
        """
        if not hasattr(self, "_initial"):
            from scipy.stats import qmc

            self._initial = qmc.Halton(d=len(self.space), scramble=True, seed=self._rng)
        n_random = n if not model_ready else min(n, self._n_random_left())
        out = []
        if n_random:
            out = self.space.encoding.from_unit(self._initial.random(n_random))
        if len(out) < n:
            out += self._model_proposals(n - len(out), exclude=out)
        return out

    def _model_proposals(self, n, exclude):
        """Model-based proposals (see :meth:`_initial_then_model`)."""
        raise NotImplementedError

    def _n_random_left(self):
        """How many points of the initial design are still to be proposed."""
        return max(0, self.n_initial_points - len(self._seen) - len(self._pending))

    def best(self):
        """The best point told so far and its score, or ``(None, nan)``."""
        scores = self.scores
        if not len(scores) or np.all(np.isnan(scores)):
            return None, math.nan
        i = int(np.nanargmax(scores))
        return self._points[i], float(scores[i])
