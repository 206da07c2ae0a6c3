"""skbayes' own Gaussian-process Bayesian optimizer."""

from __future__ import annotations

import copy
import math

import numpy as np

from ._acquisition import (
    expected_improvement,
    log_expected_improvement,
    probability_of_improvement,
    upper_confidence_bound,
)
from ._base import BaseOptimizer, one_blas_thread
from ._gp_model import PoolPosterior, _apply_warp
from ._plateau import in_plateaus, plateau_boxes
from ._stall import STALL_AFTER, local_box, since_best, stall_turn
from ._surrogate import Surrogate

__all__ = ["GPOptimizer"]

_ACQUISITIONS = ("logei", "ei", "pi", "ucb", "hedge")


def _plateau_penalty(Z, plateaus):
    """Ranks rows inside plateaus (see ``_plateau``) after every other row."""
    if plateaus is None:
        return 0.0
    return 1e12 * in_plateaus(Z, **plateaus)


# Acquisition values within this share of the best one are a tie (see
# ``GPOptimizer``, "Indifference"): expected improvement at least 90% of the
# largest, the log of it within log(0.9). A share of 0.3 found the plateau
# problems' better regions as often, but spent more of a smooth problem's
# budget far from its optimum.
_TIE_SHARE = 0.1
_RESAMPLED_PER_DIMENSION = 8  # variants of each refined candidate, per dimension


def _ties(values, best, kind):
    """Which ``values`` are as good as ``best``, up to ``_TIE_SHARE``."""
    if kind == "logei":
        return values >= best + math.log1p(-_TIE_SHARE)
    if kind in ("ei", "pi") and best > 0:
        return values >= (1.0 - _TIE_SHARE) * best
    return values >= best  # UCB has no scale to share: exact ties only


def _farthest(rows, known):
    """Index of the row of ``rows`` farthest from every row of ``known``."""
    if len(known) == 0:
        return 0
    gap = np.full(len(rows), np.inf)
    for i in range(0, len(known), 256):  # bounded memory
        block = known[i : i + 256]
        d2 = (rows**2).sum(1)[:, None] + (block**2).sum(1)[None, :] - 2 * rows @ block.T
        gap = np.minimum(gap, d2.min(1))
    return int(np.argmax(gap))


class GPOptimizer(BaseOptimizer):
    """Bayesian optimization with skbayes' own Gaussian process.

    - Surrogate: :class:`Surrogate`, a GP with a Matern-5/2 kernel and one
      lengthscale per input column (ARD), hyperparameters fitted by maximum
      a posteriori with warm starts, priors that scale with the dimension.
    - Inputs: the model columns of the space's
      :class:`~skbayes.space.Encoding`: each ordered dimension is one column
      on its prior's scale (log for log-uniform, the quantile for a
      scipy.stats distribution, evenly spaced steps for a grid); categories
      are one-hot columns.
    - Outputs: standardized, power-transformed when skewed. A failed
      evaluation (NaN score) is modelled as the worst score seen so far, so
      the search moves away from failing regions; failures before any
      success are modelled once a success arrives.
    - Acquisition: log expected improvement by default (or EI, PI, UCB, or a
      ``"hedge"`` portfolio of them), maximized over quasi-random candidates
      then refined by a local search that keeps discrete dimensions valid.
    - Batches (``ask(n)`` with n > 1): a pessimistic constant liar; each
      chosen point is added with the worst score seen before the next is
      chosen, which pushes the rest of the batch away from it. The first
      point maximizes the acquisition; the others are the best of the same
      candidates under the updated model, each update a rank-one step, so
      a batch costs about as much as one point. Points asked but not yet
      told are such fantasies too (asynchronous use).
    - Indifference: candidates whose acquisition is within 10% of the best
      one (expected improvement; the log of it within log 0.9) count as a
      tie, and of the tied candidates the one farthest from every point
      known (told, pending, or chosen earlier in the batch; distances on
      the model columns) is proposed. The candidates include the refined
      ones with one parameter at a time drawn afresh, so where the model is
      indifferent to a parameter (a long lengthscale) or flat (scores that
      are discrete, such as accuracy on a small data set, tie on wide
      plateaus), the search spreads over it instead of proposing
      near-copies of the best point or the edges of the range. On the
      Bayesmark-style ``lasso_wine_acc`` (accuracy of an l1 logistic
      regression, a plateau with a small better region in a parameter the
      model finds irrelevant) near-copies and edges were where the search
      stalled.
    - Inputs are warped: each ordered column may get ``x**a`` or
      ``1 - (1 - x)**a`` (a in 2, 4), chosen by the model's log posterior,
      so that a flat end of a range (a plateau: deeper trees than
      ``max_leaf_nodes`` allows give the same trees and the same score)
      is modelled as nearly one point and the search moves on.
    - Plateaus: a group of at least three observations with exactly the
      same score, whose bounding box holds no observation with another
      score, marks a flat region (tree ensembles are full of them: deeper
      trees than ``max_leaf_nodes`` allows are the same trees). Points in
      such a box would score the same again and teach nothing: they are
      proposed only once no other candidate is left; a point whose nearest
      observations scored otherwise stays open (a tie can be a
      coincidence). Smooth problems, where no two scores are equal, are
      unaffected. This applies to proposals of one point (``ask(1)``):
      in a batch the constant liar already spreads the points out, and on
      the seed article's forest grid closing plateaus there lost more than
      it gained (best 3% within 40 candidates in 13 of 20 batch-8 runs,
      17 of 20 without).
    - Stalls (``ask(1)`` only): once the best score has not improved for
      5 proposals, every other proposal is a random point in a box around
      a best point (half-widths between 0.02 and 0.2 of each model column,
      every parameter moved, the ones the model finds irrelevant too),
      among those the model does not rule out (mean plus two standard
      deviations at least the incumbent), the one farthest from every
      known point. The centre is in turn a point with the best score told
      and the told point the model predicts best. A model can be
      confidently wrong on discrete plateaus (``lasso_wine_acc``: two
      plateaus that differ by 0.0002 in accuracy, a small better region
      on their border along a parameter the model found irrelevant); see
      ``skbayes/optimizer/_stall.py``.
    - All surrogate work runs with one BLAS thread.

    Parameters
    ----------
    space : Space or dict
        The space to search (a dict is parsed into a :class:`~skbayes.space.Space`).
    n_initial_points : int, default=10
        Quasi-random points before the GP is used.
    random_state : int, RandomState, Generator or None, default=None
        Seed for reproducible proposals.
    acq_func : {"logei", "ei", "pi", "ucb", "hedge"}, default="logei"
    n_candidates : int, default=1024
        Quasi-random candidates scored per proposal.
    n_local : int, default=8
        Best candidates refined by local search.
    max_model_points : int, default=192
        Most observations the GP is fitted on. Beyond it, the model sees the
        best half of them and a random draw of the others, new at every
        proposal, so that a proposal costs about the same at 300 and at
        3,000 observations (a subset-of-data approximation; every
        observation still counts as seen and is never proposed again).

    Examples
    --------
    >>> from skbayes.optimizer import GPOptimizer
    >>> opt = GPOptimizer({"x": (-2.0, 2.0)}, n_initial_points=3, random_state=0)
    >>> for _ in range(10):
    ...     points = opt.ask()
    ...     opt.tell(points, [-(p["x"] - 0.5) ** 2 for p in points])
    >>> round(opt.best()[0]["x"], 1)
    0.5
    """

    def __init__(
        self,
        space,
        *,
        n_initial_points=10,
        random_state=None,
        acq_func="logei",
        n_candidates=1024,
        n_local=8,
        max_model_points=192,
    ):
        super().__init__(
            space, n_initial_points=n_initial_points, random_state=random_state
        )
        if acq_func not in _ACQUISITIONS:
            raise ValueError(
                f"acq_func must be one of {_ACQUISITIONS}, got {acq_func!r}."
            )
        self.acq_func = acq_func
        self.n_candidates = int(n_candidates)
        self.n_local = int(n_local)
        if max_model_points < 2:
            raise ValueError(
                f"max_model_points must be at least 2, got {max_model_points!r}."
            )
        self.max_model_points = int(max_model_points)
        self._surrogate = Surrogate(self.space)
        self._gains = np.zeros(3)  # hedge portfolio: ei, pi, ucb
        self._last_choice = None
        self.n_fits_ = 0
        self._fitted_at = None
        self._prepared = False

    # -- proposals --------------------------------------------------------------
    def prepare(self):
        """Fit the model's hyperparameters now, ahead of the next :meth:`ask`.

        For a caller that evaluates a batch while it waits (a search does,
        in a thread of its own): the hyperparameters are fitted on the scores
        told so far, and the next ``ask`` keeps them, only conditioning the
        model on the scores told in between (one Cholesky factorization).
        Nothing is done when the next ``ask`` would not refit them anyway.

        Examples
        --------
        >>> from skbayes.optimizer import GPOptimizer
        >>> opt = GPOptimizer({"x": (0.0, 1.0)}, n_initial_points=3, random_state=0)
        >>> first = opt.ask(3)
        >>> opt.tell(first, [p["x"] for p in first])
        >>> second = opt.ask(2)  # evaluated meanwhile
        >>> opt.prepare()
        >>> opt.tell(second, [p["x"] for p in second])
        >>> len(opt.ask(2)), opt.n_fits_  # the model was fitted twice, not three
        (2, 2)
        """
        n_next = self.n_told + len(self._pending)  # when the batch is told
        ready = np.isfinite(self.scores).any() and self.space.encoding.n_columns > 0
        if not ready or not self._refit_due(n_next):
            return
        with one_blas_thread():
            points, scores = self._model_data()
            self._surrogate.fit(points, scores, max_iter=self._refit_iterations())
        self._fitted_at = self.n_told
        self.n_fits_ += 1
        self._prepared = True

    def _refit_due(self, n_obs):
        # Hyperparameters are refitted at every step while data are few, then
        # every n/20 new observations (they move little once n is large; the
        # posterior itself is always updated): this keeps the time per
        # suggestion near linear in n.
        return (
            self._fitted_at is None
            or n_obs <= 60
            or n_obs - self._fitted_at >= n_obs // 20
        )

    def _refit_iterations(self):
        return 60 if self.n_fits_ == 0 else 30

    def _propose(self, n):
        ready = np.isfinite(self.scores).any() and self.space.encoding.n_columns > 0
        if not ready:
            return self._initial_then_model(n, False)
        with one_blas_thread():
            return self._initial_then_model(n, True)

    def _model_proposals(self, n, exclude):
        n_obs = self.n_told
        # hyperparameters fitted by prepare() are kept for this proposal
        prepared, self._prepared = self._prepared, False
        refit = not prepared and self._refit_due(n_obs)
        points, scores = self._model_data()
        self._surrogate.fit(
            points,
            scores,
            fit_hyperparameters=refit,
            max_iter=self._refit_iterations(),
        )
        if refit:
            self._fitted_at = n_obs
            self.n_fits_ += 1
        # the model on its own scale: encoded rows, standardized scores
        gp = self._surrogate.gp_
        Z, y = gp.X_, gp.y_
        taken = self._seen | set(self._pending) | {self.space.key(p) for p in exclude}
        # the incumbent is the best *predicted* score of the observed points:
        # cross-validated scores are noisy, and the best observed one is
        # often a lucky draw that expected improvement would keep chasing
        best = float(gp.predict(Z)[0].max())
        # points asked but not told yet (an asynchronous caller, or the
        # initial-design points of this same batch) are fantasies too
        busy = list(self._pending.values()) + list(exclude)
        if busy:
            gp = copy.copy(gp)  # condition_on replaces arrays, never mutates
            for z in self.space.encoding.encode(busy):
                gp.condition_on(z, y.min())
        acq, kind = self._acquisition(gp, best)
        if n == 1 and stall_turn(since_best(self.scores)):
            local = self._local_proposal(gp, best, taken)
            if local is not None:
                return [local]
        # plateaus (boxes where every score told was the same): proposed
        # only once no other candidate is left
        # batches spread out already (the liar); closing plateaus there cost
        # more than it gained (see the docstring): one point at a time only
        plateaus = self._plateaus(gp) if n == 1 else None
        pool, values = self._search_pool(gp, acq, plateaus)
        # A batch: the first point maximizes the acquisition; each next one
        # is the best of the same pool once the model pretends the points
        # before scored the worst score seen (a pessimistic constant liar,
        # which pushes the batch apart). The pool's posterior is updated by
        # rank-one steps, so a batch of 8 costs little more than one point.
        post = None
        penalty = _plateau_penalty(pool, plateaus)
        chosen = []
        known = gp.X_  # observed rows and fantasies: the tie-break's distances
        for i in range(n):
            j = self._best_untaken(pool, values, taken, known, kind)
            if j is None:
                break
            point = self.space.encoding.decode(pool[j][None, :])[0]
            taken.add(self.space.key(point))
            chosen.append(point)
            known = np.vstack([known, pool[j]])
            if i + 1 < n:
                if post is None:
                    post = PoolPosterior(gp, pool)
                post.add(j, y.min())
                values = acq(post.mean, post.std) - penalty
        return chosen

    def _local_proposal(self, gp, best, taken):
        """A point near a best one, every parameter moved (see ``_stall``).

        The centre is, in turn, a point with the best score told and the
        told point the model predicts best (the spikes of a noisy score are
        smoothed by the model, the plateau next to a better region is not);
        of random points in a box around it that the model does not rule
        out (an upper bound, mean plus two standard deviations, at least
        the incumbent ``best``), the one farthest from every known point is
        proposed; None when the model rules them all out.
        """
        scores = self.scores
        told = self._encoded_points()
        if since_best(scores) % 4 == STALL_AFTER % 4:
            rows = np.flatnonzero(scores == np.nanmax(scores))
            center = told[self._rng.choice(rows)]
        else:
            mean = np.where(np.isfinite(scores), gp.predict_mean(told), -np.inf)
            center = told[int(np.argmax(mean))]
        Z = local_box(self.space.encoding, center, 256, self._rng)
        mean, std = gp.predict(Z)
        Z = Z[mean + 2.0 * std >= best]
        if not len(Z):
            return None
        j = self._best_untaken(Z, np.zeros(len(Z)), taken, gp.X_, "ei")
        return None if j is None else self.space.encoding.decode(Z[j][None, :])[0]

    def _plateaus(self, gp):
        """Arguments of ``in_plateaus`` for this proposal, or None."""
        Z = self._encoded_points()
        boxes = plateau_boxes(Z, self.scores)
        if not boxes:
            return None

        def metric(rows):  # the model's distances
            return _apply_warp(rows, gp.warps_) / gp.lengthscales_

        return dict(boxes=boxes, X=Z, scores=self.scores, metric=metric)

    def _encoded_points(self):
        """The model rows of every point told, encoded once each."""
        cache = getattr(self, "_encoded", None)
        n_cached = 0 if cache is None else len(cache)
        if n_cached < self.n_told:
            new = self.space.encoding.encode(self._points[n_cached:])
            cache = new if cache is None else np.vstack([cache, new])
            self._encoded = cache
        return cache

    def _model_data(self):
        """The observations the GP is fitted on (see ``max_model_points``)."""
        points, scores = self.points, self.scores
        if len(points) <= self.max_model_points:
            return points, scores
        # the best half, and a random draw of the others (failures included)
        order = np.argsort(np.where(np.isnan(scores), -np.inf, -scores), kind="stable")
        n_best = self.max_model_points // 2
        others = self._rng.choice(
            order[n_best:], size=self.max_model_points - n_best, replace=False
        )
        keep = np.sort(np.concatenate([order[:n_best], others]))
        return [points[i] for i in keep], scores[keep]

    def _acquisition(self, gp, best):
        """The acquisition of one proposal: a function of (mean, std), and its kind."""
        kind = self.acq_func
        if kind == "hedge":  # the same choice for the whole batch
            p = np.exp(self._gains - self._gains.max())
            kind = ("ei", "pi", "ucb")[self._rng.choice(3, p=p / p.sum())]
            self._last_choice = kind
        beta = math.sqrt(2 * math.log(max(2, len(gp.y_)) ** 2 + 1))

        def acq(mean, std):
            if kind == "logei":
                return log_expected_improvement(mean, std, best)
            if kind == "ei":
                return expected_improvement(mean, std, best)
            if kind == "pi":
                return probability_of_improvement(mean, std, best)
            return upper_confidence_bound(mean, std, kappa=beta)

        return acq, kind

    def _search_pool(self, gp, acq, plateaus=None):
        """Candidate rows and their acquisition, the best refined locally."""
        rng = self._rng
        enc = self.space.encoding

        def value(Z):
            return acq(*gp.predict(Z)) - _plateau_penalty(Z, plateaus)

        # candidates: quasi-random, plus neighbours of the best observations
        pool = [enc.random(self.n_candidates, rng)]
        top = np.argsort(gp.y_)[-5:]
        pool.append(enc.perturb(np.repeat(gp.X_[top], 20, axis=0), 0.05, rng))
        Z = np.vstack(pool)
        values = value(Z)
        order = np.argsort(values)[::-1][: self.n_local]
        starts, start_values = Z[order], values[order]
        # local search: shrinking Gaussian steps, category flips
        for scale in (0.1, 0.05, 0.02, 0.01, 0.005):
            for _ in range(2):
                neighbours = enc.perturb(np.repeat(starts, 16, axis=0), scale, rng)
                nv = value(neighbours).reshape(len(starts), 16)
                best_idx = nv.argmax(1)
                better = nv[np.arange(len(starts)), best_idx] > start_values
                starts[better] = neighbours.reshape(len(starts), 16, -1)[
                    np.flatnonzero(better), best_idx[better]
                ]
                start_values[better] = nv[np.flatnonzero(better), best_idx[better]]
        # and the refined candidates with one parameter drawn afresh: where
        # the model is indifferent to a parameter (a long lengthscale, or a
        # plateau of equal scores), these tie with their start, and the
        # tie-break (_best_untaken) takes the one farthest from what is known
        varied = self._resampled(starts)
        return (
            np.vstack([starts, varied, Z]),
            np.concatenate([start_values, value(varied), values]),
        )

    def _resampled(self, starts):
        """Copies of ``starts`` with one parameter's columns drawn at random."""
        enc = self.space.encoding
        blocks = [enc.columns(name) for name in self.space.names]
        blocks = [b for b in blocks if b.stop > b.start]
        per = _RESAMPLED_PER_DIMENSION
        if not blocks or not len(starts):
            return np.empty((0, starts.shape[1]))
        fresh = enc.random(len(blocks) * len(starts) * per, self._rng)
        out = np.repeat(starts, per, axis=0)
        out = np.tile(out, (len(blocks), 1))
        size = len(starts) * per
        for i, cols in enumerate(blocks):
            out[i * size : (i + 1) * size, cols] = fresh[
                i * size : (i + 1) * size, cols
            ]
        return out

    def _best_untaken(self, pool, values, taken, known=None, kind=None):
        """Index of the best row of ``pool`` that is not a known point.

        With ``known`` rows: of the rows whose acquisition ties with the
        best one (see ``_ties``), the one farthest from ``known``.
        """
        enc = self.space.encoding

        def untaken(i):
            return self.space.key(enc.decode(pool[i][None, :])[0]) not in taken

        order = np.argsort(values)[::-1][:200]
        first = next((k for k, i in enumerate(order) if untaken(i)), None)
        if first is None:
            return None
        if known is None:
            return int(order[first])
        # ties anywhere in the pool, not only among the best 200 rows: on a
        # plateau far more rows tie, most of them away from what is known
        tied = np.flatnonzero(_ties(values, values[order[first]], kind))
        while len(tied) > 1:
            k = _farthest(pool[tied], known)
            if untaken(tied[k]):
                return int(tied[k])
            tied = np.delete(tied, k)
        return int(order[first])

    def _observe(self, points, scores):
        if (
            self.acq_func == "hedge"
            and self._last_choice is not None
            and self.n_fits_
            and len(points)
        ):
            # reward the acquisition that proposed, by the surrogate's
            # prediction at the points it chose (GP-Hedge)
            Z = self.space.encoding.encode(points)
            mean, _ = self._surrogate.gp_.predict(Z)
            self._gains[("ei", "pi", "ucb").index(self._last_choice)] += mean.max()
