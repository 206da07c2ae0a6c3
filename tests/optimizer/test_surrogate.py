"""The Gaussian-process surrogate the GP engine and the plots share."""

import math
import pickle

import numpy as np
import pytest

from skbayes.optimizer import Surrogate
from skbayes.space import Space

SPACE = Space({"x": (0.0, 1.0), "kind": ["a", "b"], "fixed": ["only"]})


def score(p):
    return -((p["x"] - 0.3) ** 2) + 0.5 * (p["kind"] == "b")


def grid(n=8):
    return [
        {"x": float(x), "kind": k, "fixed": "only"}
        for x in np.linspace(0, 1, n)
        for k in ("a", "b")
    ]


def test_predicts_scores_on_their_scale():
    points = grid()
    scores = np.array([score(p) for p in points])
    model = Surrogate(SPACE).fit(points, scores)
    mean, std = model.predict(points, return_std=True)
    assert mean.shape == std.shape == (len(points),)
    np.testing.assert_allclose(mean, scores, atol=0.02)
    assert np.all(std >= 0)
    new = [
        {"x": 0.3, "kind": "b", "fixed": "only"},
        {"x": 0.9, "kind": "a", "fixed": "only"},
    ]
    assert model.predict(new)[0] > model.predict(new)[1]
    # far from the data, less certain
    _, std_far = model.predict_encoded(np.array([[3.0, 0.5, 0.5]]), return_std=True)
    assert std_far[0] > 3 * std.mean()


def test_predict_encoded_is_predict_on_encoded_rows_in_chunks():
    points = grid()
    model = Surrogate(SPACE).fit(points, [score(p) for p in points])
    Z = model.encoding.encode(points)
    assert model.encoding is SPACE.encoding and Z.shape == (16, 3)
    np.testing.assert_allclose(model.predict_encoded(Z), model.predict(points))
    mean, std = model.predict(points, return_std=True)
    small_mean, small_std = model.predict_encoded(Z, return_std=True, chunk_size=3)
    np.testing.assert_allclose(small_mean, mean)
    np.testing.assert_allclose(small_std, std)
    np.testing.assert_allclose(model.predict_encoded(Z, chunk_size=5), mean)


def test_failures_count_as_the_worst_score():
    points = grid()
    scores = np.array([score(p) for p in points])
    failed = [p["x"] > 0.8 for p in points]
    scores[failed] = np.nan
    model = Surrogate(SPACE).fit(points, scores)
    mean = model.predict(points)
    worst = np.nanmin(scores)
    np.testing.assert_allclose(mean[failed], worst, atol=0.05)
    assert np.all(np.isfinite(mean))


def test_constant_scores_are_predicted_as_such():
    points = grid(3)
    model = Surrogate(SPACE).fit(points, [0.7] * len(points))
    np.testing.assert_allclose(model.predict(points), 0.7)


def test_scores_equal_up_to_rounding_are_a_plateau():
    # Mean fold scores that are equal in exact arithmetic differ in their last
    # bits; they must not be read as a skewed sample (scipy's skew warned of
    # precision loss on them, an error under -W error).
    points = grid(3)
    scores = np.full(len(points), 0.96) + np.array([0, 1, 0, 1, 0, 1]) * 1e-16
    model = Surrogate(SPACE).fit(points, scores)
    np.testing.assert_allclose(model.predict(points), 0.96)


def test_fit_validation():
    points = grid(2)
    with pytest.raises(ValueError, match="4 points but 3 scores"):
        Surrogate(SPACE).fit(points, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="at least one finite score"):
        Surrogate(SPACE).fit(points, [math.nan] * 4)


def test_refits_start_from_the_previous_fit_and_pickle():
    points = grid()
    scores = [score(p) for p in points]
    model = Surrogate({"x": (0.0, 1.0), "kind": ["a", "b"], "fixed": ["only"]})
    model.fit(points[:8], scores[:8])
    kept = model.gp_.theta_.copy()
    model.fit(points, scores, fit_hyperparameters=False)
    np.testing.assert_array_equal(model.gp_.theta_, kept)
    assert len(model.gp_.y_) == 16  # the posterior is updated
    clone = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(clone.predict(points), model.predict(points))


@pytest.mark.parametrize("seed", range(6))
def test_the_power_transform_matches_scipys_yeo_johnson(seed):
    from scipy import stats

    from skbayes.optimizer._surrogate import _yeo_johnson, _yeo_johnson_lambda

    rng = np.random.default_rng(seed)
    for y in (-(rng.exponential(size=60) ** 2), rng.lognormal(size=200)):
        z = (y - y.mean()) / y.std()
        expected, lmbda = stats.yeojohnson(z)
        ours = _yeo_johnson_lambda(z)
        assert abs(ours - lmbda) < 1e-4
        np.testing.assert_allclose(_yeo_johnson(z, [ours])[0], expected, atol=1e-4)
