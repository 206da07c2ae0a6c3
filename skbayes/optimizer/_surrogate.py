"""A Gaussian-process model of scores over a space (the GP engine's and the plots')."""

from __future__ import annotations

import numpy as np

from ..space import Space
from ._gp_model import MaternGP

__all__ = ["Surrogate"]


def _yeo_johnson(z, lmbda):
    """The Yeo-Johnson transform of ``z`` for each of ``lmbda`` (rows)."""
    lmbda = np.asarray(lmbda, dtype=float)[:, None]
    pos = z >= 0
    log_pos, log_neg = np.log1p(np.where(pos, z, 0.0)), np.log1p(np.where(pos, 0.0, -z))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        near0, near2 = np.abs(lmbda) < 1e-10, np.abs(lmbda - 2) < 1e-10
        up = np.where(
            near0, log_pos, np.expm1(lmbda * log_pos) / np.where(near0, 1, lmbda)
        )
        down = np.where(
            near2,
            -log_neg,
            -np.expm1((2 - lmbda) * log_neg) / np.where(near2, 1, 2 - lmbda),
        )
    return np.where(pos, up, down)


def _yeo_johnson_llf(z, lmbda):
    """Log-likelihood of a normal fit after the transform, per ``lmbda``."""
    y = _yeo_johnson(z, lmbda)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        var = y.var(axis=1)
        llf = -len(z) / 2 * np.log(var) + (np.asarray(lmbda) - 1) * np.sum(
            np.sign(z) * np.log1p(np.abs(z))
        )
    return np.where(np.isfinite(llf), llf, -np.inf)


def _yeo_johnson_lambda(z):
    """The maximum-likelihood Yeo-Johnson exponent within [-6, 8].

    Five rounds of a 41-point grid, each zooming in on the best point of the
    last (to about 1e-6): vectorized numpy, about a millisecond (scipy's
    ``yeojohnson`` takes some 15 milliseconds).
    """
    lo, hi = -6.0, 8.0
    for _ in range(5):
        grid = np.linspace(lo, hi, 41)
        i = int(np.argmax(_yeo_johnson_llf(z, grid)))
        step = grid[1] - grid[0]
        lo, hi = grid[i] - step, grid[i] + step
    return float(grid[i])


def _warp_scores(y):
    """Standardize scores; a power transform first when they are skewed.

    The lesson of HEBO: hyperparameter scores are often heavily skewed
    (a few failing or degenerate settings far below the rest), which a GP
    with a stationary kernel models poorly. The transform is Yeo-Johnson's,
    with its maximum-likelihood exponent.
    """
    y = np.asarray(y, dtype=float)
    std = y.std()
    # Scores equal up to rounding (a plateau) are treated as equal: their
    # skewness is noise, and scipy warns about precision loss on them.
    spread = std > 1e-12 * max(1.0, float(np.abs(y).max(initial=0.0)))
    if not spread:
        return np.zeros_like(y)
    z = (y - y.mean()) / std
    if len(y) >= 5 and abs(np.mean(z**3)) > 0.5:
        y = _yeo_johnson(z, [_yeo_johnson_lambda(z)])[0]
        if not np.all(np.isfinite(y)):  # pragma: no cover - extreme exponents
            y = z
    std = y.std()
    return (y - y.mean()) / (std if std > 0 else 1.0)


class Surrogate:
    """A Gaussian-process model of scores over a space.

    The model of :class:`GPOptimizer`, for use on its own (the plots of
    :mod:`skbayes.plots` draw its predictions):

    - inputs: the model columns of the space's
      :class:`~skbayes.space.Encoding` (unit encodings, one-hot categories);
    - targets: the scores, a failure (NaN score) counted as the worst score
      seen, standardized and power-transformed when skewed;
    - model: a Matern-5/2 kernel with one lengthscale per column, its
      hyperparameters fitted by maximum a posteriori. A new :meth:`fit`
      starts them from the previous fit.

    Predictions are mapped back to the scale of the scores linearly.

    Parameters
    ----------
    space : Space or dict
        The space of the points (a dict is parsed into a
        :class:`~skbayes.space.Space`).

    Attributes
    ----------
    space : Space
        The space of the points.
    encoding : Encoding
        How points become the model's inputs (``space.encoding``).
    gp_ : object
        The fitted Gaussian process, on encoded rows and standardized
        targets (set by :meth:`fit`).

    See Also
    --------
    GPOptimizer : Bayesian optimization with this model.

    Examples
    --------
    >>> import numpy as np
    >>> from skbayes.optimizer import Surrogate
    >>> space = {"x": (0.0, 1.0), "kind": ["a", "b"]}
    >>> points = [{"x": x, "kind": k} for x in np.linspace(0, 1, 6) for k in "ab"]
    >>> scores = [-((p["x"] - 0.3) ** 2) + (p["kind"] == "b") for p in points]
    >>> model = Surrogate(space).fit(points, scores)
    >>> mean, std = model.predict(
    ...     [{"x": 0.3, "kind": "b"}, {"x": 0.9, "kind": "a"}], return_std=True
    ... )
    >>> bool(mean[0] > mean[1]), std.shape
    (True, (2,))
    """

    def __init__(self, space):
        self.space = space if isinstance(space, Space) else Space(space)
        self.encoding = self.space.encoding

    def fit(self, points, scores, *, fit_hyperparameters=True, max_iter=100):
        """Fit the model to scored points.

        Parameters
        ----------
        points : list of dict
            Points of the space.
        scores : array-like of float
            One score per point, higher is better; NaN marks a failure, which
            is modelled as the worst score seen. At least one must be finite.
        fit_hyperparameters : bool, default=True
            False keeps the kernel's hyperparameters of the previous fit (the
            posterior is still updated): cheaper, for frequent refits.
        max_iter : int, default=100
            Iterations of the hyperparameter search.

        Returns
        -------
        self : Surrogate
            The fitted model.
        """
        points = list(points)
        scores = np.asarray(scores, dtype=float).ravel()
        if len(points) != len(scores):
            raise ValueError(f"fit got {len(points)} points but {len(scores)} scores.")
        finite = np.isfinite(scores)
        if not finite.any():
            raise ValueError("fit needs at least one finite score.")
        filled = scores.copy()
        filled[~finite] = scores[finite].min()  # failures are as bad as the worst
        y = _warp_scores(filled)
        if not hasattr(self, "gp_"):
            self.gp_ = MaternGP(self.encoding.n_columns)
        self.gp_.fit(
            self.encoding.encode(points),
            y,
            optimize=fit_hyperparameters,
            max_iter=max_iter,
        )
        # standardized targets -> scores: the least-squares line
        self._scale = np.polyfit(y, filled, 1) if np.ptp(y) > 0 else (0.0, filled[0])
        return self

    def predict(self, points, return_std=False):
        """Predicted scores of points.

        Parameters
        ----------
        points : list of dict
            Points of the space.
        return_std : bool, default=False
            Also return the standard deviation of the prediction.

        Returns
        -------
        mean : ndarray of shape (n_points,)
            The predicted scores.
        std : ndarray of shape (n_points,)
            Their standard deviation, on the same scale (if ``return_std``).
        """
        return self.predict_encoded(self.encoding.encode(points), return_std)

    def predict_encoded(self, Z, return_std=False, *, chunk_size=20000):
        """Predicted scores of encoded rows, such as rows of partial dependence.

        Parameters
        ----------
        Z : array-like of shape (n_rows, encoding.n_columns)
            Rows of model columns (:meth:`Encoding.encode`, or rows made from
            them).
        return_std : bool, default=False
            Also return the standard deviation of the prediction.
        chunk_size : int, default=20000
            Rows predicted at once (bounds the memory used).

        Returns
        -------
        mean : ndarray of shape (n_rows,)
            The predicted scores.
        std : ndarray of shape (n_rows,)
            Their standard deviation, on the same scale (if ``return_std``).
        """
        Z = np.atleast_2d(np.asarray(Z, dtype=float))
        if not return_std:
            return np.polyval(self._scale, self.gp_.predict_mean(Z, chunk_size))
        mean, std = np.empty(len(Z)), np.empty(len(Z))
        for i in range(0, len(Z), chunk_size):
            mean[i : i + chunk_size], std[i : i + chunk_size] = self.gp_.predict(
                Z[i : i + chunk_size]
            )
        return np.polyval(self._scale, mean), abs(self._scale[0]) * std
