"""The quantile map of discrete ``scipy.stats`` distributions (``_discrete.py``)."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from skbayes.optimizer import make_optimizer
from skbayes.space import Distribution, Space
from skbayes.space._discrete import DiscreteQuantiles
from skbayes.space._values import _EPS

pytestmark = pytest.mark.core

ORDINARY = st.one_of(
    st.builds(
        lambda low, n: stats.randint(low, low + n),
        st.integers(-1000, 1000),
        st.integers(1, 10_000),
    ),
    st.builds(stats.binom, st.integers(1, 2000), st.floats(0.001, 0.999)),
    st.builds(stats.poisson, st.floats(0.01, 1e5)),
    st.builds(stats.geom, st.floats(1e-4, 0.99)),
)
UNIT = st.floats(_EPS, 1 - _EPS)


def _table(dist):
    """The quantile map of ``dist`` from its cdf table (not scipy's ppf)."""
    dim = Distribution(dist)
    low, high = dist.support()
    return DiscreteQuantiles(dist, low, high, dim._values, own_ppf=False)


@settings(max_examples=300, deadline=None)
@given(ORDINARY, st.lists(UNIT, min_size=1, max_size=30))
@example(stats.randint(0, 10), [0.1, 0.7, 0.5, _EPS, 1 - _EPS])
@example(stats.binom(2, 0.5), [0.25, 0.75, 0.5])
@example(stats.poisson(3.0), [stats.poisson(3.0).cdf(2), 0.5])
@example(stats.geom(0.25), [0.25])
def test_the_quantile_map_agrees_with_scipy_ppf(dist, u):
    ours = _table(dist).ppf(u)
    scipy = dist.ppf(u)
    for q, x, y in zip(u, ours, scipy):
        # scipy's ppf and its own cdf can disagree by a rounding where u is a
        # value of the cdf (geom(0.25).cdf(1) < 0.25 == ppf's bound): the
        # table follows the cdf, the smallest x with cdf(x) >= u
        assert x == y or (dist.cdf(x) >= q > dist.cdf(x - 1)), (q, x, y)


@settings(max_examples=50, deadline=None)
@given(ORDINARY, st.lists(UNIT, min_size=1, max_size=30))
def test_a_quantile_function_of_scipy_s_own_decodes_as_before(dist, u):
    # binom, poisson, randint, geom: decoded by scipy's ppf, as before
    assert Distribution(dist).decode(u) == [int(v) for v in dist.ppf(u)]


def _budgeted_pmf(monkeypatch, gen, budget):
    """Count the values at which ``gen``'s pmf is evaluated; fail past ``budget``."""
    seen = []
    pmf = type(gen)._pmf

    def counted(self, k, *args):
        seen.append(np.size(k))
        if sum(seen) > budget:
            raise AssertionError(f"pmf evaluated at more than {budget} values")
        return pmf(self, k, *args)

    monkeypatch.setattr(type(gen), "_pmf", counted)
    return seen


HEAVY = [
    stats.zipf(2),
    stats.zipf(1.5),
    stats.logser(0.999999),
    stats.betabinom(10**8, 0.5, 0.5),
    stats.geom(1e-6),
    stats.nbinom(1, 1e-6),
    stats.nbinom(3, 1e-7),
    stats.yulesimon(1.1),
]


@pytest.mark.parametrize("dist", HEAVY, ids=lambda d: f"{d.dist.name}{d.args}")
def test_heavy_tails_decode_their_extreme_quantiles_with_few_evaluations(
    monkeypatch, dist
):
    # scipy's generic ppf of zipf(2) at 1 - 1e-9 sums pmf over ~6e8 values
    seen = _budgeted_pmf(monkeypatch, dist.dist, 2_000_000)
    dim = Distribution(dist)
    u = np.sort(np.concatenate([np.linspace(0, 1, 101), [_EPS, 1 - 1e-6, 1 - _EPS]]))
    values = dim.decode(u)
    assert values == sorted(values)
    assert all(isinstance(v, int) for v in values)
    assert dim.decode(dim.encode(values)) == values
    assert sum(seen) <= 2_000_000


def test_the_gp_engine_asks_from_zipf_with_few_evaluations(monkeypatch):
    # the engine's acquisition search decodes thousands of candidates, near
    # the top of the unit interval when large values score best: it hung
    seen = _budgeted_pmf(monkeypatch, stats.zipf, 5_000_000)
    space = Space({"k": stats.zipf(2)})
    opt = make_optimizer("gp", space, n_initial_points=3, random_state=0)
    for _ in range(8):
        points = opt.ask(1)
        opt.tell(points, [float(np.log(p["k"])) for p in points])
    assert len(seen) > 0 and sum(seen) <= 5_000_000


def test_an_unbounded_tail_is_drawn_in_proportion():
    # P(X > k) of zipf(a) is zeta(a, k + 1) / zeta(a); beyond the tabulated
    # block the cdf is integrated from pmf
    a = 2.0
    dim = Distribution(stats.zipf(a))
    quantiles = dim._quantiles
    k = np.unique(np.geomspace(10, 1e12, 60).astype(np.int64)).astype(float)
    sf_true = special.zeta(a, k + 1) / special.zeta(a)
    sf_ours = 1.0 - quantiles.cdf(k)
    np.testing.assert_allclose(sf_ours, sf_true, rtol=1e-3)
    # the quantile of 1 - s is where the true tail crosses s
    s = np.geomspace(1e-3, 1e-9, 13)
    q = np.array(dim.decode(1.0 - s), dtype=float)
    tail_at = special.zeta(a, q + 1) / special.zeta(a)
    tail_before = special.zeta(a, q) / special.zeta(a)
    assert (tail_at <= s * (1 + 2e-3)).all()
    assert (tail_before >= s * (1 - 2e-3)).all()


def test_draws_beyond_the_tabulated_block_have_the_right_frequency():
    dim = Distribution(stats.zipf(1.5))
    u = np.random.default_rng(0).random(200_000)
    values = np.array(dim.decode(u), dtype=float)
    for k in (10, 1000, 100_000, 10_000_000):
        expected = special.zeta(1.5, k + 1) / special.zeta(1.5)
        observed = np.mean(values > k)
        assert abs(observed - expected) < 5 * np.sqrt(expected / len(u)) + 1e-5


def test_a_huge_bounded_support_keeps_its_upper_end():
    dist = stats.betabinom(10**8, 0.5, 0.5)
    dim = Distribution(dist)
    assert dim.decode([_EPS])[0] == 0
    assert dim.decode([1 - _EPS])[0] == 10**8
    # symmetric: the median is the middle within the approximation
    assert abs(dim.decode([0.5])[0] - 5 * 10**7) < 10**4


def test_a_support_beyond_two_to_the_53_is_refused():
    with pytest.raises(ValueError, match=r"Distribution: .*2\*\*53"):
        Distribution(stats.poisson(3, loc=1e17))


@pytest.mark.parametrize(
    "dist",
    [
        stats.poisson(np.inf),
        stats.poisson(3, loc=np.inf),
        stats.poisson(3, loc=-np.inf),
    ],
    ids=["poisson(inf)", "loc=inf", "loc=-inf"],
)
def test_a_discrete_distribution_without_finite_values_is_refused(dist):
    with pytest.raises(ValueError, match=r"Distribution: poisson\(.*no finite values"):
        Distribution(dist)


@pytest.mark.parametrize("dist", [stats.zipf(1.01), stats.geom(1e-20)])
def test_a_distribution_with_half_its_mass_beyond_two_to_the_53_is_refused(dist):
    with pytest.raises(ValueError, match=r"puts 0.\d+ .* beyond 2\*\*53"):
        Distribution(dist)
