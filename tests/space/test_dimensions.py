"""Properties of the dimensions: unit encoding, keys, priors, immutability."""

import copy
import math
import pickle

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from skbayes.space import Categorical, Distribution, Integer, Ordinal, Real
from skbayes.space._dimensions import _uniform_index
from skbayes.space._keys import _value_key

pytestmark = pytest.mark.core

SETTINGS = settings(max_examples=60, deadline=None)

# -- strategies ---------------------------------------------------------------
#
# Each strategy draws a *maker*: a function building the dimension, so that a
# test can build two equal dimensions from the same arguments.


def _maker(cls, *args, **kwargs):
    def make():
        return cls(*args, **kwargs)

    make.__name__ = make.__qualname__ = f"{cls.__name__}{args!r}{kwargs!r}"
    return make


@st.composite
def real_uniform(draw):
    low = draw(st.floats(-1e6, 1e6))
    width = draw(st.floats(1e-3, 1e6))
    return _maker(Real, low, low + width)


@st.composite
def real_log(draw):
    low = 10 ** draw(st.floats(-6, 5))
    ratio = 10 ** draw(st.floats(0.01, 6))
    return _maker(Real, low, low * ratio, prior="log-uniform")


@st.composite
def integer_uniform(draw):
    low = draw(st.integers(-(10**6), 10**6))
    return _maker(Integer, low, low + draw(st.integers(1, 10**6)))


@st.composite
def integer_log(draw):
    low = draw(st.integers(1, 10**4))
    return _maker(Integer, low, low + draw(st.integers(1, 10**6)), prior="log-uniform")


NUMBERS = st.one_of(
    st.integers(-1000, 1000),
    st.floats(-1e3, 1e3),
    st.integers(-1000, 1000).map(np.int64),
    st.floats(-1e3, 1e3).map(np.float64),
    st.sampled_from([0.0, -0.0, 1, 1.0, np.float32(0.5), np.int8(3)]),
)


@st.composite
def ordinal(draw):
    return _maker(Ordinal, draw(st.lists(NUMBERS, min_size=1, max_size=8)))


class _Opaque:
    """A plain object, hashable by identity."""

    def __repr__(self):
        return f"_Opaque at {id(self):#x}"


# Pairwise distinct categories: equal-looking values of different types
# (1, 1.0, True), containers whose items differ by type, estimators.
CATEGORIES = [
    "rbf",
    "linear",
    "passthrough",
    None,
    True,
    False,
    1,
    0,
    1.0,
    0.0,
    (1, 2),
    (True, 2),
    (1.0, 2),
    (100,),
    (100, 100),
    ((1, [2]), 3),
    [1, 2],
    [1, 2.0],
    {"alpha": 1},
    {"alpha": True},
    np.array([1.0, 2.0]),
    np.nan,
    LogisticRegression(),
    LogisticRegression(C=2.0),
    StandardScaler(),
    _Opaque(),
    _Opaque(),
]

WEIGHTS = st.one_of(st.just(0.0), st.floats(1e-3, 10.0))


@st.composite
def categorical(draw, with_prior=None):
    idx = draw(
        st.lists(
            st.integers(0, len(CATEGORIES) - 1), min_size=1, max_size=8, unique=True
        )
    )
    categories = [CATEGORIES[i] for i in idx]
    if with_prior is None:
        with_prior = draw(st.booleans())
    if not with_prior:
        return _maker(Categorical, categories)
    prior = draw(st.lists(WEIGHTS, min_size=len(idx), max_size=len(idx)))
    if sum(prior) == 0:
        prior[draw(st.integers(0, len(idx) - 1))] = 1.0
    return _maker(Categorical, categories, prior=prior)


CONTINUOUS_DISTRIBUTIONS = st.one_of(
    st.builds(stats.uniform, st.floats(-100, 100), st.floats(1e-3, 100)),
    st.builds(
        lambda a, r: stats.loguniform(a, a * r),
        st.floats(1e-6, 1e3),
        st.floats(1.5, 1e6),
    ),
    st.builds(stats.norm, st.floats(-100, 100), st.floats(1e-2, 100)),
    st.builds(stats.expon, st.floats(-10, 10), st.floats(1e-2, 10)),
)
# discrete, finitely many values
BOUNDED_DISTRIBUTIONS = st.one_of(
    st.builds(
        lambda low, n: stats.randint(low, low + n),
        st.integers(-100, 100),
        st.integers(1, 100),
    ),
    st.builds(stats.binom, st.integers(1, 50), st.floats(0.05, 0.95)),
)
# discrete, infinitely many values
COUNTABLE_DISTRIBUTIONS = st.one_of(
    st.builds(stats.poisson, st.floats(0.1, 100)),
    st.builds(stats.geom, st.floats(0.05, 0.95)),
)


def distribution(dists):
    return dists.map(lambda dist: _maker(Distribution, dist))


FINITE = st.one_of(
    integer_uniform(),
    integer_log(),
    ordinal(),
    categorical(),
    distribution(BOUNDED_DISTRIBUTIONS),
)
DISCRETE = st.one_of(FINITE, distribution(COUNTABLE_DISTRIBUTIONS))
CONTINUOUS = st.one_of(
    real_uniform(), real_log(), distribution(CONTINUOUS_DISTRIBUTIONS)
)
ANY = st.one_of(DISCRETE, CONTINUOUS)

UNIT = st.floats(0.0, 1.0)
UNIT_OPEN = st.floats(0.0, 1.0, exclude_max=True)
UNITS = st.lists(UNIT, min_size=1, max_size=20)


def assert_same(a, b):
    """Exact equality of two decoded values of a finite dimension.

    Numbers are equal and of the same type; anything else is the same object.
    """
    if a is b:
        return
    assert isinstance(a, (int, float, np.integer, np.floating)), (a, b)
    assert type(a) is type(b) and a == b, (a, b)


# -- decoding lands in the dimension ------------------------------------------


@SETTINGS
@given(ANY, UNITS)
def test_decode_lands_in_dimension(make, u):
    dim = make()
    values = dim.decode(u)
    assert isinstance(values, list) and len(values) == len(u)
    for v in values:
        assert dim.contains(v), v
        # numpy numbers only from an Ordinal given numpy numbers (as
        # GridSearchCV returns np.logspace's values)
        assert not isinstance(v, np.generic) or isinstance(dim, Ordinal), v


@SETTINGS
@given(
    st.one_of(
        st.lists(NUMBERS, min_size=1, max_size=8),
        st.lists(st.integers(-1000, 1000).map(np.int64), min_size=1, max_size=8),
        st.lists(st.floats(-1e3, 1e3).map(np.float64), min_size=1, max_size=8),
        hnp.arrays(
            st.sampled_from([np.int64, np.int32, np.float64, np.float32]),
            st.integers(1, 8),
            elements=st.integers(-100, 100),
        ),
    ),
    UNITS,
)
@example(given_values=[np.int64(0), 0], u=[0.0])  # a mix: kept as objects
def test_ordinal_decodes_to_the_values_given_of_the_type_given(given_values, u):
    dim = Ordinal(given_values)
    for v in dim.decode(u):
        # one of the values given, equal and of the same type (the first
        # given when equal values of several types were listed)
        assert any(type(g) is type(v) and g == v for g in list(given_values)), v
    # and so after pickling
    again = pickle.loads(pickle.dumps(dim))
    assert [type(v) for v in again.decode(u)] == [type(v) for v in dim.decode(u)]


@SETTINGS
@given(ANY, UNITS)
def test_encode_is_in_the_unit_interval(make, u):
    dim = make()
    encoded = np.asarray(dim.encode(dim.decode(u)))
    assert encoded.shape == (len(u),)
    assert np.all((encoded >= 0) & (encoded <= 1))


@SETTINGS
@given(st.one_of(real_uniform(), real_log(), integer_uniform(), integer_log()), UNITS)
def test_decode_is_monotone_for_numeric_ranges(make, u):
    dim = make()
    u = sorted(u)
    values = dim.decode(u)
    assert values == sorted(values)
    assert dim.decode([0.0])[0] == pytest.approx(dim.low, rel=1e-12)
    assert dim.decode([1.0])[0] == pytest.approx(dim.high, rel=1e-12)


@SETTINGS
@given(
    st.one_of(
        ordinal(),
        distribution(BOUNDED_DISTRIBUTIONS),
        distribution(COUNTABLE_DISTRIBUTIONS),
        distribution(CONTINUOUS_DISTRIBUTIONS),
    ),
    UNITS,
)
def test_decode_is_monotone_for_ordered_values(make, u):
    dim = make()
    u = sorted(u)
    values = dim.decode(u)
    assert values == sorted(values)


# -- round trips ----------------------------------------------------------------


@SETTINGS
@given(DISCRETE, UNITS)
def test_round_trip_is_exact_for_discrete_dimensions(make, u):
    dim = make()
    values = dim.decode(u)
    again = dim.decode(dim.encode(values))
    for a, b in zip(values, again):
        assert_same(a, b)


@SETTINGS
@given(FINITE)
def test_every_value_of_a_finite_dimension_round_trips(make):
    dim = make()
    assert dim.is_finite
    n = min(dim.n_values, 200)
    values = [dim.value_at(i) for i in range(n)]
    for i, v in enumerate(values):
        assert dim.contains(v)
        assert dim.key(v) == i
        assert_same(dim.value_at(dim.key(v)), v)
        if isinstance(dim, Categorical) and dim.prior and dim.prior[i] == 0:
            continue  # a category of weight 0 has an empty bucket
        if isinstance(dim, Distribution) and dim.distribution.pmf(v) < 1e-6:
            continue  # values of negligible mass are beyond the clipped tails
        assert_same(dim.decode(dim.encode([v]))[0], v)


@SETTINGS
@given(CONTINUOUS, UNITS)
def test_round_trip_is_close_for_continuous_dimensions(make, u):
    dim = make()
    values = dim.decode(u)
    again = dim.decode(dim.encode(values))
    scale = dim.high - dim.low if isinstance(dim, Real) else 1.0
    for a, b in zip(values, again):
        assert b == pytest.approx(a, rel=1e-6, abs=1e-9 * scale)


@SETTINGS
@given(st.one_of(real_uniform(), real_log(), integer_uniform()), UNITS)
def test_encode_inverts_decode_on_the_unit_interval(make, u):
    dim = make()
    encoded = dim.encode(dim.decode(u))
    if isinstance(dim, Integer):
        # a value is the centre of its bucket: within half a bucket of u
        assert np.all(np.abs(encoded - np.asarray(u)) <= 0.5 / dim.n_values + 1e-9)
    else:
        assert encoded == pytest.approx(u, abs=1e-6)


# -- keys -------------------------------------------------------------------


@SETTINGS
@given(ANY, UNITS)
def test_keys_are_stable_and_hashable(make, u):
    dim = make()
    other = make()
    values = dim.decode(u)
    for v, w in zip(values, dim.decode(u)):
        assert dim.key(v) == dim.key(w) == other.key(v)
        hash(dim.key(v))
    if dim.is_finite:
        for v in values:
            assert 0 <= dim.key(v) < dim.n_values
            assert_same(dim.value_at(dim.key(v)), v)
    # distinct keys <=> distinct values
    keys = {dim.key(v) for v in values}
    if not isinstance(dim, Categorical):
        assert len(keys) == len(set(values))


@SETTINGS
@given(st.one_of(integer_uniform(), real_uniform(), ordinal()), UNITS)
def test_numpy_scalars_have_the_same_key(make, u):
    dim = make()
    for v in dim.decode(u):
        as_numpy = np.int64(v) if isinstance(v, int) else np.float64(v)
        assert dim.contains(as_numpy)
        assert dim.key(as_numpy) == dim.key(v)


def test_distribution_key_of_a_finite_distribution_is_the_index():
    dim = Distribution(stats.randint(5, 9))
    assert dim.n_values == 4 and dim.is_finite
    assert [dim.key(v) for v in (5, 6, 7, 8)] == [0, 1, 2, 3]
    assert [dim.value_at(i) for i in range(4)] == [5, 6, 7, 8]
    unbounded = Distribution(stats.poisson(3))
    assert not unbounded.is_finite and unbounded.key(7) == 7


# -- categories: identity and types -------------------------------------------


@SETTINGS
@given(categorical(), UNITS)
def test_categories_come_back_by_identity(make, u):
    dim = make()
    for v in dim.decode(u):
        assert any(v is c for c in dim.values)
    for i, c in enumerate(dim.values):
        assert dim.index(c) == i
        assert dim.value_at(i) is c
        assert dim.contains(c)


@SETTINGS
@given(categorical(with_prior=False))
def test_categories_are_kept_as_given(make):
    dim = make()
    assert dim.n_values == len(dim.values)
    # the strategy passes pairwise distinct categories: none is merged
    remade = make()
    assert all(a is b for a, b in zip(dim.values, remade.values))
    assert len({id(v) for v in dim.values}) == dim.n_values


def test_booleans_and_numbers_are_different_categories():
    dim = Categorical([1, True, 1.0, 0, False, 0.0, (1, 2), (True, 2)])
    assert dim.n_values == 8
    assert dim.index(True) == 1 and dim.index(1) == 0 and dim.index(1.0) == 2
    assert dim.index((True, 2)) == 7 and dim.index((1, 2)) == 6
    decoded = dim.decode(dim.encode(list(dim.values)))
    assert [type(v) for v in decoded] == [type(v) for v in dim.values]
    assert not Categorical([1, 2]).contains(True)
    assert not Categorical([True, False]).contains(1)


def test_unhashable_categories_are_matched_by_value():
    a, b = [1, 2], [1, 2]
    est = LogisticRegression()
    dim = Categorical([a, b, est, None, "passthrough", (10, 10)])
    assert dim.n_values == 5  # b equals a: one category, the first object kept
    assert dim.values[0] is a
    assert dim.decode([0.0])[0] is a
    assert dim.decode([0.2])[0] is est
    assert dim.decode([0.4])[0] is None
    assert dim.contains([1, 2]) and dim.index([1, 2]) == dim.index(b) == 0
    assert not dim.contains([2, 1]) and not dim.contains([1, 2.0])
    assert not dim.contains(LogisticRegression())  # estimators: by identity
    assert dim.contains((10, 10))


def test_repeated_categories_are_kept_once():
    est = LogisticRegression()
    dim = Categorical(["a", "b", "a", est, est, np.str_("b")])
    assert dim.values == ("a", "b", est)
    assert dim.n_values == 3
    weighted = Categorical(["a", "b", "a"], prior=[0.25, 0.5, 0.25])
    assert weighted.values == ("a", "b")
    assert weighted.prior == (0.5, 0.5)


def test_numpy_categories_come_back_as_python_scalars():
    dim = Categorical(np.array(["rbf", "linear"]))
    assert dim.values == ("rbf", "linear")
    assert all(type(v) is str for v in dim.decode([0.1, 0.9]))
    dim = Categorical([np.int64(3), np.float64(0.5), np.bool_(True)])
    assert [type(v) for v in dim.values] == [int, float, bool]
    assert dim.contains(np.int64(3)) and dim.contains(3) and not dim.contains(3.0)


@SETTINGS
@given(categorical(with_prior=True), st.lists(UNIT_OPEN, min_size=1, max_size=20))
def test_categories_of_weight_zero_are_never_drawn(make, u):
    dim = make()
    for v in dim.decode(u):
        assert dim.prior[dim.index(v)] > 0


def test_trailing_categories_of_weight_zero_are_never_drawn():
    # the normalized weights before the last one sum to 1 - 2**-53
    weights = [0.7762508383284301, 0.2838218737224989, 0.5413361583199616]
    dim = Categorical(["a", "b", "c", "d", "e"], prior=[*weights, 0.018895, 0.0])
    assert dim.decode([np.nextafter(1.0, 0.0)]) == ["d"]


def test_categorical_rejects_bad_input():
    with pytest.raises(TypeError, match="list or tuple"):
        Categorical("abc")
    with pytest.raises(TypeError, match="list or tuple"):
        Categorical(5)
    with pytest.raises(ValueError, match="at least one value"):
        Categorical([])
    for prior in ([0.5], [0.5, 0.5, 0.0], [-1, 2], [0, 0], [np.nan, 1], [np.inf, 1]):
        with pytest.raises(ValueError, match="prior"):
            Categorical(["a", "b"], prior=prior)


# -- ordinal ------------------------------------------------------------------


@SETTINGS
@given(st.lists(NUMBERS, min_size=1, max_size=8), UNITS)
def test_ordinal_sorts_dedupes_and_returns_listed_values(values, u):
    dim = Ordinal(values)
    natives = [v.item() if isinstance(v, np.generic) else v for v in values]
    assert all(type(v) in (int, float) for v in dim.values)
    assert list(dim.values) == sorted(set(natives))  # numerically: 1 == 1.0
    assert all(a < b for a, b in zip(dim.values, dim.values[1:]))
    for v in values:
        assert dim.contains(v)
        assert dim.values[dim.index(v)] == v
    for v in dim.decode(u):
        # one of the values given, of the type given
        assert any(v == w and type(v) is type(w) for w in values)


def test_ordinal_keeps_the_first_of_equal_numbers():
    assert Ordinal([100, 1, 10]).values == (1, 10, 100)
    dim = Ordinal([2, 1.0, 1, 2.0, np.float64(1.0)])
    assert dim.values == (1.0, 2)
    assert [type(v) for v in dim.values] == [float, int]
    assert dim.n_values == 2
    assert dim.index(1) == dim.index(1.0) == 0


def test_ordinal_rejects_bad_values():
    with pytest.raises(TypeError, match="real numbers"):
        Ordinal([1, "a"])
    with pytest.raises(TypeError, match="real numbers"):
        Ordinal([True, False])
    with pytest.raises(ValueError, match="NaN"):
        Ordinal([1.0, np.nan])
    with pytest.raises(ValueError, match="at least one"):
        Ordinal([])
    assert not Ordinal([0, 1]).contains(True)
    assert not Ordinal([0, 1]).contains("0")
    assert not Ordinal([0.5, 1.0]).contains(np.nan)


# -- numeric ranges -------------------------------------------------------------


@SETTINGS
@given(st.one_of(integer_uniform(), integer_log()), UNITS)
def test_integers_decode_to_python_ints(make, u):
    dim = make()
    assert dim.n_values == dim.high - dim.low + 1
    assert all(type(v) is int for v in dim.decode(u))


@SETTINGS
@given(st.one_of(real_uniform(), real_log()), UNITS)
def test_reals_decode_to_python_floats(make, u):
    dim = make()
    assert dim.n_values == math.inf and not dim.is_finite
    assert all(type(v) is float for v in dim.decode(u))


def test_contains_rejects_wrong_types_and_out_of_range():
    real = Real(0.0, 1.0)
    assert real.contains(0) and real.contains(1.0) and real.contains(np.float32(0.5))
    for bad in (-0.1, 1.1, np.nan, np.inf, True, "0.5", None):
        assert not real.contains(bad), bad
    integer = Integer(1, 5)
    assert integer.contains(np.int64(3))
    for bad in (0, 6, 2.5, 6.0, True, np.nan, np.inf, "3"):
        assert not integer.contains(bad), bad
    # a whole float (a table of results read back) is a value, given as an int
    for whole in (2.0, np.float64(2.0), np.float32(2.0)):
        assert integer.contains(whole), whole
        assert integer.canonical(whole) == 2 and type(integer.canonical(whole)) is int
        assert integer.key(whole) == integer.key(2)
    discrete = Distribution(stats.randint(0, 5))
    for bad in (2.5, -1, 5, np.nan, np.inf, -np.inf, True, "1"):
        assert not discrete.contains(bad), bad
    assert discrete.contains(2) and discrete.contains(2.0)
    continuous = Distribution(stats.uniform(0, 1))
    assert continuous.contains(0.5) and not continuous.contains(1.5)
    assert not continuous.contains(np.nan)


def test_ranges_reject_bad_bounds():
    with pytest.raises(ValueError, match="strictly less"):
        Real(1.0, 1.0)
    with pytest.raises(ValueError, match="strictly less"):
        Integer(5, 1)
    with pytest.raises(ValueError, match="finite"):
        Real(0.0, np.inf)
    with pytest.raises(TypeError, match="integers"):
        Integer(1.0, 5)
    with pytest.raises(TypeError, match="integers"):
        Integer(False, 5)
    with pytest.raises(TypeError, match="real numbers"):
        Real("0", 1)
    with pytest.raises(ValueError, match="low > 0"):
        Real(0.0, 1.0, prior="log-uniform")
    with pytest.raises(ValueError, match="low > 0"):
        Integer(0, 10, prior="log-uniform")
    with pytest.raises(ValueError, match="prior must be"):
        Real(0.0, 1.0, prior="normal")


def test_distribution_needs_ppf_and_cdf():
    class RvsOnly:
        def rvs(self, size=None, random_state=None):
            return 0.0

    with pytest.raises(TypeError, match=r"frozen scipy\.stats distribution"):
        Distribution(RvsOnly())


# -- sampling follows the prior ------------------------------------------------


def _uniform(n=20_000, seed=0):
    return np.random.default_rng(seed).random(n)


def test_categorical_prior_is_followed():
    dim = Categorical(["a", "b"], prior=[0.9, 0.1])
    values = dim.decode(_uniform())
    assert 0.88 < values.count("a") / len(values) < 0.92
    uniform = Categorical(["a", "b", "c", "d"]).decode(_uniform())
    for c in "abcd":
        assert 0.23 < uniform.count(c) / len(uniform) < 0.27


def test_log_uniform_real_median_is_the_geometric_mean():
    dim = Real(1e-4, 1e2, prior="log-uniform")
    values = np.array(dim.decode(_uniform()))
    assert abs(np.log10(np.median(values)) - np.log10(math.sqrt(1e-4 * 1e2))) < 0.1
    # a sixth of the draws in each of the six decades
    assert abs(np.mean(values < 1e-3) - 1 / 6) < 0.015
    assert abs(np.mean(values > 10) - 1 / 6) < 0.015
    uniform = np.array(Real(-2.0, 6.0).decode(_uniform()))
    assert abs(np.median(uniform) - 2.0) < 0.1
    assert abs(np.mean(uniform < 0.0) - 0.25) < 0.01


def test_integer_priors_are_followed():
    uniform = np.array(Integer(0, 9).decode(_uniform()))
    assert np.all(np.abs(np.bincount(uniform) / len(uniform) - 0.1) < 0.01)
    log = np.array(Integer(1, 1000, prior="log-uniform").decode(_uniform()))
    # P(x < 32) = log(32) / log(1001) ~ 0.5017
    assert abs(np.mean(log < 32) - math.log(32) / math.log(1001)) < 0.02
    assert abs(np.mean(log == 1) - math.log(2) / math.log(1001)) < 0.01


def test_ordinal_values_are_equally_likely():
    values = Ordinal([1, 10, 100, 1000]).decode(_uniform())
    for v in (1, 10, 100, 1000):
        assert 0.23 < values.count(v) / len(values) < 0.27


def test_distributions_are_followed():
    u = _uniform()
    log = np.array(Distribution(stats.loguniform(1e-3, 1e3)).decode(u))
    assert abs(np.log10(np.median(log))) < 0.1
    normal = np.array(Distribution(stats.norm(3.0, 2.0)).decode(u))
    assert abs(normal.mean() - 3.0) < 0.05 and abs(normal.std() - 2.0) < 0.05
    poisson = np.array(Distribution(stats.poisson(4.0)).decode(u))
    assert poisson.dtype.kind == "i"
    assert abs(poisson.mean() - 4.0) < 0.05 and abs(poisson.var() - 4.0) < 0.15
    randint = np.array(Distribution(stats.randint(2, 6)).decode(u))
    assert set(randint) == {2, 3, 4, 5}
    assert np.all(np.abs(np.bincount(randint - 2) / len(u) - 0.25) < 0.01)


def test_unbounded_distributions_decode_to_finite_values():
    dim = Distribution(stats.norm(0, 1))
    values = dim.decode([0.0, 1.0, -1.0, 2.0])
    assert all(math.isfinite(v) for v in values)
    assert values[0] < -5 and values[1] > 5


# -- immutability, pickling, equality -------------------------------------------

# built afresh for each test: a failing immutability test must not leak
EXAMPLES = {
    "real-log": lambda: Real(1e-3, 1e3, prior="log-uniform", base=2),
    "real": lambda: Real(-1, 1),
    "integer-log": lambda: Integer(1, 100, prior="log-uniform"),
    "integer": lambda: Integer(-3, 3),
    "ordinal": lambda: Ordinal([0.1, 1, 10]),
    "categorical-prior": lambda: Categorical(
        ["rbf", None, (10, 10), True, 1], prior=[1, 2, 3, 4, 5]
    ),
    "categorical-estimator": lambda: Categorical([LogisticRegression(), "passthrough"]),
    "loguniform": lambda: Distribution(stats.loguniform(1e-2, 1e2)),
    "randint": lambda: Distribution(stats.randint(1, 7)),
}


@pytest.fixture(params=list(EXAMPLES))
def dim(request):
    return EXAMPLES[request.param]()


def test_dimensions_are_immutable(dim):
    before = repr(dim)
    for name in ("low", "values", "prior", "distribution", "extra"):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(dim, name, 1)
    for name in ("low", "values", "prior", "distribution"):
        if hasattr(dim, name):
            with pytest.raises(AttributeError, match="immutable"):
                delattr(dim, name)
    assert repr(dim) == before


def test_dimensions_pickle(dim):
    clone = pickle.loads(pickle.dumps(dim))
    assert type(clone) is type(dim)
    u = np.linspace(0, 1, 11)
    decoded, expected = clone.decode(u), dim.decode(u)
    if isinstance(dim, Categorical) and any(
        isinstance(v, LogisticRegression) for v in dim.values
    ):
        # estimators are copied by pickle: compare their parameters
        assert [type(v) for v in decoded] == [type(v) for v in expected]
        assert clone.values[0].get_params() == dim.values[0].get_params()
    else:
        assert decoded == expected
        assert [type(v) for v in decoded] == [type(v) for v in expected]
    assert clone.n_values == dim.n_values
    if not isinstance(dim, Distribution) and not isinstance(
        dim.decode([0.0])[0], LogisticRegression
    ):
        # frozen scipy distributions and estimators compare by identity
        assert clone == dim and hash(clone) == hash(dim)


def test_repr_rebuilds_an_equal_dimension(dim):
    namespace = {
        "Real": Real,
        "Integer": Integer,
        "Ordinal": Ordinal,
        "Categorical": Categorical,
    }
    if type(dim).__name__ in namespace and "LogisticRegression" not in repr(dim):
        assert eval(repr(dim), namespace) == dim
    else:
        assert repr(dim).startswith(type(dim).__name__ + "(")


@SETTINGS
@given(ANY)
def test_equal_arguments_give_equal_dimensions(make):
    a, b = make(), make()
    assert a == b and hash(a) == hash(b)
    assert a != "not a dimension"


def test_equality_distinguishes_kinds_priors_and_values():
    assert Real(1, 2) == Real(1.0, 2.0)
    assert hash(Real(1, 2)) == hash(Real(1.0, 2.0))
    assert Real(1, 2) != Real(1, 2, prior="log-uniform")
    assert Real(1, 2) != Real(1, 3)
    assert Integer(1, 5) != Real(1, 5)
    assert Integer(1, 5) != Integer(1, 5, prior="log-uniform")
    assert Ordinal([1, 2]) == Ordinal([2, 1, 2])
    assert Ordinal([1, 2]) != Ordinal([1.0, 2.0])  # they decode to other types
    assert Categorical(["a", "b"]) != Categorical(["b", "a"])
    assert Categorical(["a", "b"]) != Categorical(["a", "b"], prior=[0.2, 0.8])
    assert Categorical(["a", "b"], prior=[1, 4]) == Categorical(
        ["a", "b"], prior=[0.2, 0.8]
    )
    assert Categorical([1]) != Categorical([True])
    assert Categorical([1, 2]) != Ordinal([1, 2])
    est = LogisticRegression()
    assert Categorical([est]) == Categorical([est])
    assert Categorical([est]) != Categorical([LogisticRegression()])
    dist = stats.norm()
    assert Distribution(dist) == Distribution(dist)
    # frozen scipy distributions have no equality: identity is used
    assert Distribution(dist) != Distribution(stats.norm())
    assert {Real(1, 2), Real(1.0, 2.0), Integer(1, 2)} == {Real(1, 2), Integer(1, 2)}


# -- huge grids: O(1) or O(log n) per call, no copy ----------------------------


def test_uniform_buckets_match_the_searchsorted_of_their_edges():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 7, 10, 49, 1000, 999_983, 10**7):
        edges = np.arange(1, n + 1) / n if n <= 10**6 else None
        k = rng.integers(0, n + 1, 200)
        u = np.concatenate(
            [
                rng.random(200),
                k / n,
                np.nextafter(k / n, 0.0),
                np.nextafter(k / n, 1.0),
                [0.0, 1.0, np.nan],
            ]
        )
        u = np.clip(u, 0.0, 1.0)
        got = _uniform_index(u, n)
        if edges is None:  # check the definition instead of building 10**7 edges
            ok = (got == n - 1) | ((got + 1) / n > u)
            assert np.all(ok & ((got == 0) | (got / n <= u) | np.isnan(u)))
        else:
            expected = np.minimum(np.searchsorted(edges, u, side="right"), n - 1)
            np.testing.assert_array_equal(got, expected)


@SETTINGS
@given(st.integers(1, 10**6), st.lists(UNIT, min_size=1, max_size=30))
def test_ordinal_buckets_are_those_of_equal_widths(n, u):
    edges = np.arange(1, n + 1) / n
    expected = np.minimum(np.searchsorted(edges, u, side="right"), n - 1)
    np.testing.assert_array_equal(_uniform_index(np.asarray(u), n), expected)
    centres = 0.5 * (np.concatenate([[0.0], edges])[expected] + edges[expected])
    dim = Ordinal(np.arange(n))
    np.testing.assert_array_equal(dim.encode(dim.decode(u)), centres)


def test_a_sorted_array_is_kept_without_a_copy_and_read_only():
    grid = np.linspace(0.0, 1.0, 1001)
    dim = Ordinal(grid)
    assert np.shares_memory(dim._array, grid)
    assert not dim._array.flags.writeable and grid.flags.writeable
    shuffled = grid[::-1].copy()
    dim = Ordinal(shuffled)  # sorted: a copy; the user's array is untouched
    assert not np.shares_memory(dim._array, shuffled)
    np.testing.assert_array_equal(shuffled, grid[::-1])
    assert dim == Ordinal(grid) and hash(dim) == hash(Ordinal(grid))
    assert dim == Ordinal(list(grid)) and dim != Ordinal(np.arange(1001))


def test_an_ordinal_of_ten_million_values_costs_its_array_only():
    import tracemalloc

    grid = np.linspace(0.0, 1.0, 10_000_000)
    tracemalloc.start()
    try:
        dim = Ordinal(grid)
        u = np.linspace(0.0, 1.0, 50)
        for _ in range(20):
            values = dim.decode(u)
            encoded = dim.encode(values)
            assert [dim.key(v) for v in values] == [dim.index(v) for v in values]
            assert all(dim.contains(v) for v in values)
            assert dim.value_at(dim.n_values - 1) == 1.0
            assert not dim.contains(0.5 + 1e-12) and not dim.contains("0.5")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # a list of the values, a dict of keys or a copy of the grid would be
    # 80 MB or more; the blocks that check the order are 1 MB
    assert peak < 4e6, peak
    assert np.all((encoded > 0) & (encoded < 1))
    assert "n_values=10000000" in repr(dim) and len(repr(dim)) < 200


@pytest.mark.parametrize(
    "values, n_values, first",
    [
        # numpy arrays give numpy numbers of their dtype, as GridSearchCV
        # (byte-swapped arrays in native order, long doubles as float64)
        (np.array([3, 1, 2, 3, 1], dtype=np.int8), 3, np.int8(1)),
        (np.array([2**63 + 5, 7, 2**63 + 5], dtype=np.uint64), 2, np.uint64(7)),
        (np.array([0.5, -0.0, 0.0], dtype=np.float32), 2, np.float32(-0.0)),
        (np.array([1.0, 2.0], dtype=">f8"), 2, np.float64(1.0)),
        (np.array([1.0, 2.0], dtype=np.longdouble), 2, np.float64(1.0)),
        (range(10, 0, -2), 5, 2),
        ([2**70, 1, 2**70], 2, 1),
        ([1, 2.5, np.int64(1), 1.0], 2, 1),
    ],
    ids=repr,
)
def test_ordinal_arrays_of_every_numeric_kind(values, n_values, first):
    dim = Ordinal(values)
    assert dim.n_values == n_values
    assert dim.value_at(0) == first and type(dim.value_at(0)) is type(first)
    assert all(type(v) in (int, float) for v in dim.values)  # Python numbers
    for i, v in enumerate(dim.values):
        assert dim.index(v) == i and dim.value_at(i) == v
    if isinstance(first, float) and first == 0.0:
        assert math.copysign(1.0, dim.value_at(0)) == -1.0  # the first given


def test_ordinal_lookups_refuse_what_is_not_a_value():
    ints = Ordinal(np.arange(10, dtype=np.int16))
    assert ints.index(3.0) == 3 and ints.contains(np.float32(3.0))
    for value in (3.5, 2**40, -(2**40), math.inf, math.nan, "3", None, True):
        assert not ints.contains(value)
    floats = Ordinal(np.array([0.1, 0.2], dtype=np.float32))
    assert floats.contains(floats.value_at(0)) and not floats.contains(0.1)
    assert not floats.contains(10**400) and not floats.contains(math.inf)
    with pytest.raises(KeyError):
        floats.index(0.3)
    with pytest.raises(TypeError):
        floats.index("0.3")


def test_a_finite_distribution_is_searched_without_a_dict():
    dim = Distribution(stats.randint(0, 999_999))
    assert dim.is_finite and dim.n_values == 999_999
    assert dim.index(123_456) == 123_456 and dim.value_at(5) == 5
    assert dim.contains(17.0) and not dim.contains(17.5)
    assert not dim.contains(10**6) and not dim.contains(-1)
    assert isinstance(dim._values, np.ndarray)
    values = dim.decode(np.linspace(0, 1, 11))
    assert all(type(v) is int for v in values)
    custom = Distribution(stats.rv_discrete(values=([0.5, 2, 7], [0.2, 0.3, 0.5])))
    assert custom.support_values() == (0.5, 2, 7)
    assert [custom.key(v) for v in (0.5, 2, 7)] == [0, 1, 2]


# -- categories by value -----------------------------------------------------------


def test_equal_unhashable_categories_are_one_category_the_first_kept():
    a, b = {0: 1, 1: 2}, {1: 2, 0: 1}
    dim = Categorical([a, b, None])
    assert dim.n_values == 2 and dim.values[0] is a
    assert dim.index(b) == dim.index({0: 1, 1: 2}) == 0
    assert dim.decode(dim.encode([b]))[0] is a  # identity of the first kept
    arrays = Categorical([np.arange(3), np.arange(3), np.arange(3.0), np.arange(4)])
    assert arrays.n_values == 3  # same values, another dtype or shape: apart
    nested = Categorical([{"w": [1, (2, 3)]}, {"w": [1, (2, 3)]}, {"w": [1, [2, 3]]}])
    assert nested.n_values == 2
    assert Categorical([float("nan"), np.nan]).n_values == 1
    weighted = Categorical([a, b, None], prior=[1, 1, 2])
    assert weighted.prior == (0.5, 0.5)


def test_objects_without_value_equality_stay_apart():
    from sklearn.svm import SVC

    first, second = SVC(), SVC()
    dim = Categorical([first, second, first])
    assert dim.n_values == 2 and dim.values == (first, second)
    assert dim.index(second) == 1 and not dim.contains(SVC())
    opaque = [_Opaque(), _Opaque()]
    assert Categorical(opaque).n_values == 2


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-3, 3) | st.just(math.nan),
    st.text("ab", max_size=2),
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(
            st.integers(-2, 2) | st.text("ab", max_size=2), inner, max_size=3
        ),
        st.frozensets(SCALARS, max_size=3),
    ),
    max_leaves=8,
) | hnp.arrays(
    st.sampled_from([np.int64, np.float64]), hnp.array_shapes(max_dims=2, max_side=3)
)


def _same(a, b):
    """Equality by value that counts types (as keys do) and NaN as NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return (
            a.keys() == b.keys()
            and all(_same(a[k], b[k]) for k in a)
            and all(type(k) is type(next(j for j in b if j == k)) for k in a)
        )
    if isinstance(a, frozenset):
        return a == b and {(type(x), x) for x in a if x == x} == {
            (type(x), x) for x in b if x == x
        }
    return a == b


@SETTINGS
@given(NESTED, NESTED)
def test_keys_of_equal_values_agree_and_keys_never_merge_different_values(a, b):
    twin = copy.deepcopy(a)
    assert _value_key(a) == _value_key(twin)
    hash(_value_key(a))
    dim = Categorical([a, twin, "other"])
    assert dim.n_values == 2 and dim.values[0] is a and dim.index(twin) == 0
    if _value_key(a) == _value_key(b):
        assert _same(a, b), (a, b)
