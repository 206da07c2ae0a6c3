"""A small Gaussian-process regressor: Matern-5/2 ARD kernel, MAP hyperparameters.

Written on numpy/scipy for speed at the sizes hyperparameter search meets
(up to a few thousand observations, tens of dimensions): the marginal
likelihood and its analytic gradient are computed in one pass, and
hyperparameters are warm-started from the previous fit.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import cho_solve, solve_triangular
from scipy.optimize import minimize

__all__ = ["MaternGP"]

_SQRT5 = math.sqrt(5.0)
_LOG_2PI = math.log(2.0 * math.pi)

# bounds of the log-hyperparameters: lengthscales, signal variance, noise
_LOG_LS_BOUNDS = (math.log(1e-2), math.log(1e2))
_LOG_SIGNAL_BOUNDS = (math.log(1e-2), math.log(1e2))
_LOG_NOISE_BOUNDS = (math.log(1e-6), math.log(1.0))


def _scaled_sqdist(X1, X2, lengthscales):
    A = X1 / lengthscales
    B = X2 / lengthscales
    d2 = (A**2).sum(1)[:, None] + (B**2).sum(1)[None, :] - 2.0 * A @ B.T
    return np.maximum(d2, 0.0)


def _matern52(d2):
    r = np.sqrt(d2)
    return (1.0 + _SQRT5 * r + (5.0 / 3.0) * d2) * np.exp(-_SQRT5 * r)


# Input warps an ordered column may get (Snoek et al., 2014, "Input warping
# for Bayesian optimization of non-stationary functions"; HEBO warps its
# inputs too): x**a stretches the top of the range and squeezes the bottom,
# 1 - (1 - x)**a the reverse. A flat region at one end of a range (deeper
# trees than max_leaf_nodes allows: the same trees, the same score) is then
# modelled as nearly one point, and the model stops being unsure about it.
_WARP_CODES = (2.0, 4.0, -2.0, -4.0)  # see _apply_warp; 1.0: no warp
_WARP_MIN_POINTS = 10  # fewer observations: no warp
_WARP_MAX_POINTS = 64  # observations the warps are chosen on
_WARP_GROWTH = 1.0  # warps chosen again once the data grew by this factor
_WARP_MARGIN = 2.0  # nats of log posterior a warp must gain (a prior for none)


def _apply_warp(X, warps):
    """Warp each column ``k`` of ``X`` in [0, 1] by ``warps[k]`` (code above).

    A positive code ``a`` maps x to ``1 - (1 - x)**a``; a negative ``-a``
    maps it to ``x**a``; 1 leaves it as it is.
    """
    if warps is None:
        return X
    X = np.clip(X, 0.0, 1.0)
    out = X.copy()
    for k, a in enumerate(warps):
        if a == 1.0:
            continue
        out[:, k] = X[:, k] ** (-a) if a < 0 else 1.0 - (1.0 - X[:, k]) ** a
    return out


class MaternGP:
    """GP regression on inputs in the unit cube and standardized targets.

    Priors (MAP estimation): log-normal on the lengthscales, centred at a
    value that grows with the square root of the dimension (Hvarfner et al.,
    2024: "Vanilla Bayesian optimization performs great in high
    dimensions"), log-normal on the signal variance around 1 and on the
    noise variance around 1e-3.
    """

    def __init__(self, n_dims):
        self.n_dims = n_dims
        # log-normal prior of the lengthscales
        self._ls_mu = math.sqrt(2.0) + 0.5 * math.log(max(n_dims, 1)) - 1.5
        self._ls_sigma = math.sqrt(3.0)
        self.theta_ = self._default_theta()
        self.warps_ = None  # per column, see _apply_warp; None: no warp

    def _default_theta(self):
        return np.concatenate(
            [np.full(self.n_dims, self._ls_mu), [0.0, math.log(1e-3)]]
        )

    # -- hyperparameters ------------------------------------------------------
    def _neg_log_posterior(self, theta, X, y, D, gradient=True):
        d = self.n_dims
        ls = np.exp(theta[:d])
        signal = math.exp(theta[d])
        noise = math.exp(theta[d + 1])
        scaled = D / ls**2  # (n, n, d)
        d2 = scaled.sum(-1)
        r = np.sqrt(d2)
        e = np.exp(-_SQRT5 * r)
        M = (1.0 + _SQRT5 * r + (5.0 / 3.0) * d2) * e
        n = len(y)
        K = signal * M + (noise + 1e-8) * np.eye(n)
        try:
            L = np.linalg.cholesky(K)
        except np.linalg.LinAlgError:
            return 1e10, np.zeros_like(theta)
        alpha = cho_solve((L, True), y)
        nll = 0.5 * y @ alpha + np.log(np.diag(L)).sum() + 0.5 * n * _LOG_2PI
        if not gradient:
            return nll + self._neg_log_prior(theta)
        Kinv = cho_solve((L, True), np.eye(n))
        W = np.outer(alpha, alpha) - Kinv
        grad = np.empty_like(theta)
        # dK/dlog(l_k) = signal * 5/3 (1 + sqrt5 r) exp(-sqrt5 r) * D_k / l_k^2
        common = signal * (5.0 / 3.0) * (1.0 + _SQRT5 * r) * e
        grad[:d] = -0.5 * np.einsum("ij,ijk->k", W * common, scaled)
        grad[d] = -0.5 * np.sum(W * (signal * M))
        grad[d + 1] = -0.5 * noise * np.trace(W)
        # priors (negative log densities, up to constants; _neg_log_prior)
        z = (theta[:d] - self._ls_mu) / self._ls_sigma
        nll += 0.5 * np.sum(z**2)
        grad[:d] += z / self._ls_sigma
        nll += 0.5 * theta[d] ** 2
        grad[d] += theta[d]
        zn = (theta[d + 1] - math.log(1e-3)) / 2.0
        nll += 0.5 * zn**2
        grad[d + 1] += zn / 2.0
        return nll, grad

    def _neg_log_prior(self, theta):
        d = self.n_dims
        z = (theta[:d] - self._ls_mu) / self._ls_sigma
        zn = (theta[d + 1] - math.log(1e-3)) / 2.0
        return 0.5 * np.sum(z**2) + 0.5 * theta[d] ** 2 + 0.5 * zn**2

    def fit(self, X, y, *, optimize=True, max_iter=100):
        """Fit to ``X`` (n, d) in the unit cube and standardized ``y`` (n,)."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        self.X_, self.y_ = X, y
        if optimize and len(y) >= 2:
            Xw = _apply_warp(X, self.warps_)
            D = (Xw[:, None, :] - Xw[None, :, :]) ** 2
            bounds = [_LOG_LS_BOUNDS] * self.n_dims + [
                _LOG_SIGNAL_BOUNDS,
                _LOG_NOISE_BOUNDS,
            ]
            best = None
            for start in (self.theta_, self._default_theta()):
                if best is not None and np.array_equal(start, self.theta_):
                    break  # the first fit starts from the default: once is enough
                res = minimize(
                    self._neg_log_posterior,
                    np.clip(start, [b[0] for b in bounds], [b[1] for b in bounds]),
                    args=(Xw, y, D),
                    jac=True,
                    method="L-BFGS-B",
                    bounds=bounds,
                    options={"maxiter": max_iter},
                )
                if best is None or res.fun < best.fun:
                    best = res
                if start is self.theta_ and len(y) > 30:
                    break  # warm start is enough once the model has settled
            self.theta_ = best.x
            # then the warps, scored with this fit's kernel; the kernel is
            # fitted again only when a warp changed
            if self._choose_warps(X, y):
                Xw = _apply_warp(X, self.warps_)
                D = (Xw[:, None, :] - Xw[None, :, :]) ** 2
                self.theta_ = minimize(
                    self._neg_log_posterior,
                    self.theta_,
                    args=(Xw, y, D),
                    jac=True,
                    method="L-BFGS-B",
                    bounds=bounds,
                    options={"maxiter": max_iter},
                ).x
        self._factorize()
        return self

    def _choose_warps(self, X, y):
        """Pick each ordered column's input warp by the log posterior.

        One pass over the columns, each trying the warps of ``_WARP_CODES``
        (and two scalings of its lengthscale) with the other columns and
        the kernel's other hyperparameters as they are; a warp must gain
        ``_WARP_MARGIN`` nats over the column's current one. Binary columns
        (one-hot) are left alone. The warps are chosen again once the data
        grew by a quarter since the last choice.
        """
        n, d = X.shape
        if n < _WARP_MIN_POINTS or n < _WARP_GROWTH * getattr(self, "_warped_at", 0):
            return False
        self._warped_at = n
        before = None if self.warps_ is None else self.warps_.copy()
        if n > _WARP_MAX_POINTS:  # a warp is a coarse shape: a subset will do
            keep = np.linspace(0, n - 1, _WARP_MAX_POINTS).round().astype(int)
            X, y = X[keep], y[keep]
            n = len(y)
        warps = np.ones(d) if self.warps_ is None else self.warps_.copy()
        ordered = [
            k for k in range(d) if np.any((X[:, k] > 1e-9) & (X[:, k] < 1 - 1e-9))
        ]
        theta = self.theta_
        signal, noise = math.exp(theta[d]), math.exp(theta[d + 1])
        inv_ls2 = np.exp(-2.0 * theta[:d])
        Xw = _apply_warp(X, warps)
        D = (Xw[:, None, :] - Xw[None, :, :]) ** 2
        d2 = D @ inv_ls2  # (n, n)
        eye = (noise + 1e-8) * np.eye(n)

        def neg_log_posterior(sq):  # the kernel part, up to constants
            try:
                L = np.linalg.cholesky(signal * _matern52(sq) + eye)
            except np.linalg.LinAlgError:
                return np.inf
            alpha = cho_solve((L, True), y)
            return 0.5 * y @ alpha + np.log(np.diag(L)).sum()

        for k in ordered:
            rest = d2 - D[:, :, k] * inv_ls2[k]

            def score(code, k=k, rest=rest):
                col = _apply_warp(X[:, k : k + 1], [code])[:, 0]
                Dk = (col[:, None] - col[None, :]) ** 2
                best = np.inf
                for shift in (-0.7, 0.0, 0.7):  # the lengthscale x 0.5, 1, 2
                    log_ls = np.clip(theta[k] + shift, *_LOG_LS_BOUNDS)
                    prior = 0.5 * ((log_ls - self._ls_mu) / self._ls_sigma) ** 2
                    value = neg_log_posterior(rest + Dk * math.exp(-2 * log_ls))
                    best = min(best, value + prior)
                return best, Dk

            current, _ = score(warps[k])
            found = None
            for code in (1.0, *_WARP_CODES):
                if code == warps[k]:
                    continue
                value, Dk = score(code)
                if value < current - _WARP_MARGIN:
                    current, found = value, (code, Dk)
            if found is not None:
                warps[k] = found[0]
                D[:, :, k] = found[1]
                d2 = rest + found[1] * inv_ls2[k]
        self.warps_ = None if np.all(warps == 1.0) else warps
        if before is None or self.warps_ is None:
            return before is not self.warps_
        return bool(np.any(before != self.warps_))

    def _factorize(self):
        d = self.n_dims
        self.lengthscales_ = np.exp(self.theta_[:d])
        self.signal_ = math.exp(self.theta_[d])
        self.noise_ = math.exp(self.theta_[d + 1])
        self.Xw_ = _apply_warp(self.X_, self.warps_)
        K = self.signal_ * _matern52(
            _scaled_sqdist(self.Xw_, self.Xw_, self.lengthscales_)
        )
        K[np.diag_indices_from(K)] += self.noise_ + 1e-8
        jitter = 1e-8
        while True:
            try:
                self.L_ = np.linalg.cholesky(K)
                break
            except np.linalg.LinAlgError:  # pragma: no cover - ill-conditioned
                K[np.diag_indices_from(K)] += jitter
                jitter *= 10
        self.alpha_ = cho_solve((self.L_, True), self.y_)

    def condition_on(self, x, y):
        """Add one observation without refitting the hyperparameters.

        The Cholesky factor grows by one row (a rank-one extension,
        ``O(n^2)``) instead of being recomputed (``O(n^3)``): the cost of a
        fantasy point of a batch.
        """
        x = np.atleast_2d(np.asarray(x, dtype=float))
        xw = _apply_warp(x, self.warps_)
        k = self.signal_ * _matern52(_scaled_sqdist(self.Xw_, xw, self.lengthscales_))
        row = solve_triangular(self.L_, k[:, 0], lower=True)
        d2 = self.signal_ + self.noise_ + 1e-8 - row @ row
        self.X_ = np.vstack([self.X_, x])
        self.Xw_ = np.vstack([self.Xw_, xw])
        self.y_ = np.append(self.y_, y)
        if not d2 > 1e-10:  # numerically a duplicate: factorize with jitter
            self._factorize()
            return self
        n = len(row)
        L = np.zeros((n + 1, n + 1))
        L[:n, :n] = self.L_
        L[n, :n] = row
        L[n, n] = np.sqrt(d2)
        self.L_ = L
        self.alpha_ = cho_solve((L, True), self.y_)
        return self

    def predict_mean(self, X, chunk=20000):
        """Posterior mean only (cheaper than :meth:`predict`), in chunks."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        out = np.empty(len(X))
        for i in range(0, len(X), chunk):
            rows = _apply_warp(X[i : i + chunk], self.warps_)
            Ks = _matern52(_scaled_sqdist(rows, self.Xw_, self.lengthscales_))
            out[i : i + chunk] = self.signal_ * (Ks @ self.alpha_)
        return out

    def predict(self, X):
        """Posterior mean and standard deviation of the latent function."""
        X = _apply_warp(np.atleast_2d(np.asarray(X, dtype=float)), self.warps_)
        Ks = self.signal_ * _matern52(_scaled_sqdist(X, self.Xw_, self.lengthscales_))
        mean = Ks @ self.alpha_
        v = solve_triangular(self.L_, Ks.T, lower=True)
        var = np.maximum(self.signal_ - (v**2).sum(0), 1e-12)
        return mean, np.sqrt(var)


class PoolPosterior:
    """The posterior of a :class:`MaternGP` over a fixed pool of rows,
    updated in ``O(n m)`` per fantasy observation.

    A batch of proposals conditions the model on one fantasy point after
    another (the constant liar). Recomputing the prediction over the pool
    after each costs ``O(n^2 m)``; here the predictive mean, variance and
    the triangular solve ``V = L^{-1} K(X, pool)`` are kept, and each
    fantasy adds one row to ``V`` (the rank-one growth of the Cholesky
    factor).

    Parameters
    ----------
    gp : MaternGP
        A fitted model (not modified).
    Z : ndarray of shape (m, n_dims)
        The pool.
    """

    def __init__(self, gp, Z):
        self.gp = gp
        self.Z = _apply_warp(np.asarray(Z, dtype=float), gp.warps_)
        Ks = gp.signal_ * _matern52(_scaled_sqdist(self.Z, gp.Xw_, gp.lengthscales_))
        self.V = solve_triangular(gp.L_, Ks.T, lower=True)  # (n, m)
        self.mean = Ks @ gp.alpha_
        self._var = gp.signal_ - (self.V**2).sum(0)
        self.n_fantasies = 0

    @property
    def std(self):
        return np.sqrt(np.maximum(self._var, 1e-12))

    def add(self, j, y):
        """Condition on a fantasy observation ``y`` at pool row ``j``."""
        gp = self.gp
        k = (
            gp.signal_
            * _matern52(_scaled_sqdist(self.Z, self.Z[j : j + 1], gp.lengthscales_))[
                :, 0
            ]
        )
        cov = k - self.V.T @ self.V[:, j]  # posterior covariance with row j
        s = max(self._var[j], 0.0) + gp.noise_ + 1e-8
        self.mean = self.mean + cov * (y - self.mean[j]) / s
        self._var = self._var - cov**2 / s
        self.V = np.vstack([self.V, cov / math.sqrt(s)])
        self.n_fantasies += 1
        return self
