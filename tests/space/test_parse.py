"""Parsing every user format with ``to_dimension``."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from skopt import space as sk

from skbayes.space import (
    Categorical,
    Distribution,
    Integer,
    Ordinal,
    Real,
    to_dimension,
)

pytestmark = pytest.mark.core

SETTINGS = settings(max_examples=60, deadline=None)


def where(name):
    """The regex matching how an error names the parameter."""
    return re.escape(f"search_spaces[{name!r}]")


# -- skbayes and skopt dimensions ----------------------------------------------


def test_skbayes_dimensions_are_returned_as_is():
    for dim in (Real(0, 1), Integer(1, 3), Ordinal([1, 2]), Categorical(["a"])):
        assert to_dimension(dim, "x") is dim


def _snapshot(obj):
    return dict(vars(obj))


def _assert_untouched(obj, snapshot):
    assert vars(obj).keys() == snapshot.keys()
    for key, value in snapshot.items():
        assert vars(obj)[key] is value, key


@pytest.mark.parametrize(
    "skopt_dim, expected",
    [
        (
            sk.Real(1e-3, 1e3, prior="log-uniform", name="C"),
            Real(1e-3, 1e3, prior="log-uniform"),
        ),
        (sk.Real(-1.5, 2, name="shift"), Real(-1.5, 2.0)),
        (
            sk.Integer(1, 64, prior="log-uniform", base=2, name="n"),
            Integer(1, 64, prior="log-uniform", base=2),
        ),
        (sk.Integer(3, 7), Integer(3, 7)),
        (sk.Categorical(["a", "b", None], name="kind"), Categorical(["a", "b", None])),
        (
            sk.Categorical(["x", "y"], prior=[0.25, 0.75], name="w"),
            Categorical(["x", "y"], prior=[0.25, 0.75]),
        ),
    ],
    ids=repr,
)
def test_skopt_dimensions_are_converted_without_being_modified(skopt_dim, expected):
    name = skopt_dim.name
    snapshot = _snapshot(skopt_dim)
    dim = to_dimension(skopt_dim, "param")
    _assert_untouched(skopt_dim, snapshot)
    assert skopt_dim.name == name
    assert type(dim) is type(expected)
    assert dim == expected
    if hasattr(skopt_dim, "base"):
        assert dim.base == skopt_dim.base == expected.base


def test_skopt_dimension_attributes_are_kept():
    real = to_dimension(sk.Real(1e-3, 1e3, prior="log-uniform", base=2), "C")
    assert (real.low, real.high, real.prior, real.base) == (
        1e-3,
        1e3,
        "log-uniform",
        2,
    )
    integer = to_dimension(sk.Integer(1, 10), "n")
    assert (integer.low, integer.high, integer.prior) == (1, 10, "uniform")
    assert type(integer.low) is int and type(integer.high) is int


def test_skopt_categories_are_the_very_objects():
    est, scaler = LogisticRegression(), StandardScaler()
    skopt_dim = sk.Categorical([est, scaler, "passthrough", None], name="step")
    snapshot = _snapshot(skopt_dim)
    dim = to_dimension(skopt_dim, "step")
    _assert_untouched(skopt_dim, snapshot)
    assert skopt_dim.name == "step"
    assert dim.values[0] is est and dim.values[1] is scaler
    assert dim.decode([0.1])[0] is est
    assert dim.values[2:] == ("passthrough", None)


def test_skopt_space_object_is_rejected():
    with pytest.raises(TypeError, match=where("x") + ".*no ppf"):
        to_dimension(sk.Space([sk.Real(0, 1)]), "x")


# -- (low, high[, prior[, base]]) tuples ---------------------------------------


@SETTINGS
@given(st.integers(-(10**9), 10**9), st.integers(1, 10**9))
def test_integer_pairs_give_integer_ranges(low, width):
    dim = to_dimension((low, low + width), "n")
    assert type(dim) is Integer
    assert dim == Integer(low, low + width)
    numpy_dim = to_dimension((np.int64(low), np.int64(low + width)), "n")
    assert numpy_dim == dim
    assert type(numpy_dim.low) is int and type(numpy_dim.high) is int


@SETTINGS
@given(st.floats(-1e9, 1e9), st.floats(1e-3, 1e9))
def test_float_pairs_give_real_intervals(low, width):
    dim = to_dimension((low, low + width), "x")
    assert type(dim) is Real
    assert dim == Real(low, low + width)
    assert dim.prior == "uniform"


@pytest.mark.parametrize(
    "spec, expected",
    [
        ((1, 10), Integer(1, 10)),
        ((np.int64(1), np.int64(10)), Integer(1, 10)),
        ((1, 10.0), Real(1.0, 10.0)),
        ((0.0, 1), Real(0.0, 1.0)),
        ((np.float32(0.5), 2), Real(0.5, 2.0)),
        ((1e-3, 1e3, "log-uniform"), Real(1e-3, 1e3, prior="log-uniform")),
        ((0.1, 0.9, "uniform"), Real(0.1, 0.9)),
        ((1, 1024, "log-uniform"), Integer(1, 1024, prior="log-uniform")),
        ((1, 1024, "log-uniform", 2), Integer(1, 1024, prior="log-uniform", base=2)),
        ((1e-4, 1.0, "log-uniform", 2.0), Real(1e-4, 1.0, prior="log-uniform")),
    ],
    ids=repr,
)
def test_range_tuples(spec, expected):
    dim = to_dimension(spec, "p")
    assert type(dim) is type(expected)
    assert dim == expected
    assert dim.base == (spec[3] if len(spec) == 4 else 10)


@pytest.mark.parametrize(
    "spec",
    [
        (5, 1),
        (3, 3),
        (1.0, 1.0),
        (2.5, -2.5),
        (1, 1, "uniform"),
        (10, 1, "log-uniform"),
    ],
    ids=repr,
)
def test_low_not_below_high_is_rejected(spec):
    with pytest.raises(ValueError, match=where("alpha") + ".*strictly less"):
        to_dimension(spec, "alpha")


@pytest.mark.parametrize(
    "spec",
    [(0, 10, "log-uniform"), (0.0, 1.0, "log-uniform"), (-1.0, 1.0, "log-uniform")],
    ids=repr,
)
def test_log_uniform_needs_a_positive_low(spec):
    with pytest.raises(ValueError, match=where("gamma") + ".*log-uniform.*low > 0"):
        to_dimension(spec, "gamma")


@pytest.mark.parametrize("spec", [(np.nan, 1.0), (0.0, np.inf), (-np.inf, 0)])
def test_non_finite_bounds_are_rejected(spec):
    with pytest.raises(ValueError, match=where("x") + ".*finite"):
        to_dimension(spec, "x")


# -- lists of values -------------------------------------------------------------

NUMBER = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6),
    st.integers(-100, 100).map(np.int64),
    st.floats(-1e6, 1e6).map(np.float64),
)


@SETTINGS
@given(st.lists(NUMBER, min_size=1, max_size=10))
def test_lists_of_numbers_give_ordinal_axes(values):
    dim = to_dimension(values, "alpha")
    assert type(dim) is Ordinal
    assert set(dim.values) == {float(v) for v in values}
    assert list(dim.values) == sorted(dim.values)
    assert all(type(v) in (int, float) for v in dim.values)
    # tuples of numbers that are not range tuples are lists of values
    if len(values) > 2 or len(values) == 1:
        assert to_dimension(tuple(values), "alpha") == dim


SPECIALS = [
    "passthrough",
    "rbf",
    None,
    True,
    False,
    (10,),
    (10, 10),
    LogisticRegression(),
    StandardScaler(),
    [1, 2],
    {"a": 1},
]


@SETTINGS
@given(
    st.lists(st.sampled_from(range(len(SPECIALS))), min_size=1, unique=True),
    st.lists(NUMBER, max_size=3),
    st.randoms(use_true_random=False),
)
def test_lists_with_anything_but_numbers_give_categories(idx, numbers, random):
    values = [SPECIALS[i] for i in idx] + numbers
    random.shuffle(values)
    dim = to_dimension(values, "step")
    assert type(dim) is Categorical
    assert dim.prior is None
    for v in values:
        assert dim.contains(v)
        if not isinstance(v, (int, float, np.generic)):
            assert any(v is c for c in dim.values)
    for i in range(dim.n_values):
        assert dim.decode(dim.encode([dim.values[i]]))[0] is dim.values[i]


def test_categorical_examples():
    est = LogisticRegression()
    dim = to_dimension(["rbf", "linear", None, est, "passthrough", (50, 50)], "k")
    assert dim.values[:3] == ("rbf", "linear", None)
    assert dim.values[3] is est
    assert dim.values[4:] == ("passthrough", (50, 50))
    assert type(to_dimension([True, False], "fit_intercept")) is Categorical
    assert type(to_dimension([0, 1, True], "mixed")) is Categorical
    assert to_dimension([1, True], "mixed").n_values == 2
    assert type(to_dimension([(1, 2), (3, 4)], "pairs")) is Categorical
    assert type(to_dimension(["a"], "one")) is Categorical
    # one string and one number: categories, as in scikit-optimize
    assert type(to_dimension(("a", 1), "pair")) is Categorical


@pytest.mark.parametrize(
    "spec, values",
    [
        (range(1, 6), (1, 2, 3, 4, 5)),
        (range(10, 0, -3), (1, 4, 7, 10)),
        (np.arange(3, 6), (3, 4, 5)),
        (np.arange(0.5, 2.0, 0.5), (0.5, 1.0, 1.5)),
        (np.logspace(-2, 2, 5), (0.01, 0.1, 1.0, 10.0, 100.0)),
        (np.array([3, 1, 2, 3], dtype=np.int32), (1, 2, 3)),
        ([10, 1, 100.0, 1.0], (1, 10, 100.0)),
        ((1, 2, 3), (1, 2, 3)),
    ],
    ids=repr,
)
def test_numeric_sequences_give_sorted_python_values(spec, values):
    dim = to_dimension(spec, "n")
    assert type(dim) is Ordinal
    assert dim.values == pytest.approx(values, rel=1e-12)
    assert all(type(v) in (int, float) for v in dim.values)
    assert [type(v) for v in dim.values] == [type(v) for v in values]


def test_numpy_arrays_of_objects_give_categories():
    dim = to_dimension(np.array(["rbf", "linear"]), "kernel")
    assert dim == Categorical(["rbf", "linear"])
    assert all(type(v) is str for v in dim.values)
    est = LogisticRegression()
    objects = np.array([est, None, "passthrough"], dtype=object)
    dim = to_dimension(objects, "clf")
    assert dim.values[0] is est and dim.values[1:] == (None, "passthrough")


# -- distributions -------------------------------------------------------------


@pytest.mark.parametrize(
    "dist",
    [
        stats.uniform(0, 1),
        stats.loguniform(1e-3, 1e3),
        stats.norm(0, 2),
        stats.expon(scale=3),
        stats.randint(1, 10),
        stats.poisson(3),
    ],
    ids=lambda d: d.dist.name,
)
def test_scipy_distributions(dist):
    dim = to_dimension(dist, "d")
    assert type(dim) is Distribution
    assert dim.distribution is dist
    assert dim.discrete == (dist.dist.name in ("randint", "poisson"))


def test_objects_with_rvs_but_no_ppf_are_rejected():
    class Sampler:
        def rvs(self, size=None, random_state=None):
            return 0.5

    with pytest.raises(TypeError, match=where("x") + ".*rvs but no ppf"):
        to_dimension(Sampler(), "x")


def test_objects_with_rvs_and_ppf_but_no_cdf_are_rejected():
    class Sampler:
        def rvs(self, size=None, random_state=None):
            return 0.5

        def ppf(self, q):
            return q

    with pytest.raises(TypeError, match=where("x") + ".*ppf and cdf"):
        to_dimension(Sampler(), "x")


# -- rejected formats -----------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [[], (), range(0), np.array([]), np.array([], dtype=object)],
    ids=repr,
)
def test_empty_lists_are_rejected(spec):
    with pytest.raises(ValueError, match=where("C") + ".*empty"):
        to_dimension(spec, "C")


@pytest.mark.parametrize(
    "spec",
    [np.ones((2, 3)), np.array([[1], [2]]), np.array(5.0), np.zeros((1, 1, 1))],
    ids=lambda a: f"shape{a.shape}",
)
def test_arrays_that_are_not_one_dimensional_are_rejected(spec):
    with pytest.raises(ValueError, match=where("C") + ".*one-dimensional"):
        to_dimension(spec, "C")


@pytest.mark.parametrize(
    "spec",
    ["rbf", b"rbf", 1.0, 5, None, True, {1, 2}, frozenset([1]), object()],
    ids=repr,
)
def test_scalars_strings_and_sets_are_rejected(spec):
    with pytest.raises(TypeError, match=where("kernel") + ".*expected a list"):
        to_dimension(spec, "kernel")


@pytest.mark.parametrize("spec", [{"a": 1}, {}, {"low": 0, "high": 1}], ids=repr)
def test_dicts_are_rejected(spec):
    with pytest.raises(TypeError, match=where("kernel") + ".*got a dict"):
        to_dimension(spec, "kernel")


def test_nan_in_a_list_of_numbers_is_rejected():
    with pytest.raises(ValueError, match=where("tol") + ".*NaN"):
        to_dimension([1e-3, np.nan], "tol")
    with pytest.raises(ValueError, match=where("tol") + ".*NaN"):
        to_dimension(np.array([1e-3, np.nan]), "tol")


def test_the_default_name_is_used_in_messages():
    with pytest.raises(TypeError, match=where("parameter")):
        to_dimension("oops")
