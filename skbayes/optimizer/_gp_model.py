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

    def _default_theta(self):
        return np.concatenate(
            [np.full(self.n_dims, self._ls_mu), [0.0, math.log(1e-3)]]
        )

    # -- hyperparameters ------------------------------------------------------
    def _neg_log_posterior(self, theta, X, y, D):
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
        Kinv = cho_solve((L, True), np.eye(n))
        W = np.outer(alpha, alpha) - Kinv
        grad = np.empty_like(theta)
        # dK/dlog(l_k) = signal * 5/3 (1 + sqrt5 r) exp(-sqrt5 r) * D_k / l_k^2
        common = signal * (5.0 / 3.0) * (1.0 + _SQRT5 * r) * e
        grad[:d] = -0.5 * np.einsum("ij,ijk->k", W * common, scaled)
        grad[d] = -0.5 * np.sum(W * (signal * M))
        grad[d + 1] = -0.5 * noise * np.trace(W)
        # priors (negative log densities, up to constants)
        z = (theta[:d] - self._ls_mu) / self._ls_sigma
        nll += 0.5 * np.sum(z**2)
        grad[:d] += z / self._ls_sigma
        nll += 0.5 * theta[d] ** 2
        grad[d] += theta[d]
        zn = (theta[d + 1] - math.log(1e-3)) / 2.0
        nll += 0.5 * zn**2
        grad[d + 1] += zn / 2.0
        return nll, grad

    def fit(self, X, y, *, optimize=True, max_iter=100):
        """Fit to ``X`` (n, d) in the unit cube and standardized ``y`` (n,)."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        self.X_, self.y_ = X, y
        if optimize and len(y) >= 2:
            D = (X[:, None, :] - X[None, :, :]) ** 2
            bounds = [_LOG_LS_BOUNDS] * self.n_dims + [
                _LOG_SIGNAL_BOUNDS,
                _LOG_NOISE_BOUNDS,
            ]
            best = None
            for start in (self.theta_, self._default_theta()):
                res = minimize(
                    self._neg_log_posterior,
                    np.clip(start, [b[0] for b in bounds], [b[1] for b in bounds]),
                    args=(X, y, D),
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
        self._factorize()
        return self

    def _factorize(self):
        d = self.n_dims
        self.lengthscales_ = np.exp(self.theta_[:d])
        self.signal_ = math.exp(self.theta_[d])
        self.noise_ = math.exp(self.theta_[d + 1])
        K = self.signal_ * _matern52(
            _scaled_sqdist(self.X_, self.X_, self.lengthscales_)
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
        """Add one observation without refitting the hyperparameters."""
        self.X_ = np.vstack([self.X_, np.atleast_2d(x)])
        self.y_ = np.append(self.y_, y)
        self._factorize()
        return self

    def predict_mean(self, X, chunk=20000):
        """Posterior mean only (cheaper than :meth:`predict`), in chunks."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        out = np.empty(len(X))
        for i in range(0, len(X), chunk):
            rows = X[i : i + chunk]
            Ks = _matern52(_scaled_sqdist(rows, self.X_, self.lengthscales_))
            out[i : i + chunk] = self.signal_ * (Ks @ self.alpha_)
        return out

    def predict(self, X):
        """Posterior mean and standard deviation of the latent function."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        Ks = self.signal_ * _matern52(_scaled_sqdist(X, self.X_, self.lengthscales_))
        mean = Ks @ self.alpha_
        v = solve_triangular(self.L_, Ks.T, lower=True)
        var = np.maximum(self.signal_ - (v**2).sum(0), 1e-12)
        return mean, np.sqrt(var)
