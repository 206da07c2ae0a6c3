"""Parsing every user format with ``to_dimension``."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import ParameterGrid
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
    return re.escape(f"search_spaces: {name!r}: ")


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


# -- priors: typos are errors, other strings are categories ---------------------

TYPOS = [
    ("unifrom", "uniform"),
    ("unfiorm", "uniform"),
    ("Uniform", "uniform"),
    ("UNIFORM", "uniform"),
    ("linear", "uniform"),
    ("log_uniform", "log-uniform"),
    ("log uniform", "log-uniform"),
    ("LOG-UNIFORM", "log-uniform"),
    ("Log-Uniform", "log-uniform"),
    ("loguniform", "log-uniform"),
    ("lgo-uniform", "log-uniform"),
    ("log-unifrom", "log-uniform"),
    ("log", "log-uniform"),
    ("reciprocal", "log-uniform"),
]


@pytest.mark.parametrize("bounds", [(1e-2, 1e2), (1, 100), (np.int64(1), 100.0)])
@pytest.mark.parametrize("typo, meant", TYPOS)
def test_a_misspelt_prior_is_an_error_naming_the_parameter(bounds, typo, meant):
    for spec in ((*bounds, typo), (*bounds, typo, 10)):
        with pytest.raises(ValueError) as info:
            to_dimension(spec, "C")
        message = str(info.value)
        assert message.startswith("search_spaces: 'C': ")
        assert "prior must be 'uniform' or 'log-uniform'" in message
        assert f"got {typo!r} (did you mean {meant!r}?" in message
    # the message says how to write the values as categories, if meant
    assert "give them as a list: [" in message


@pytest.mark.parametrize("name", ["normal", "Gaussian", "lognormal", "norm"])
def test_other_distributions_in_a_tuple_point_to_scipy(name):
    with pytest.raises(ValueError, match=where("C") + ".*scipy.stats.norm"):
        to_dimension((0.0, 1.0, name), "C")


@pytest.mark.parametrize(
    "word",
    ["sqrt", "log2", "auto", "balanced", "rbf", "l1", "gini", "relu", "median"],
)
def test_two_numbers_and_a_string_that_is_no_prior_are_categories(word):
    dim = to_dimension((0.5, 1.0, word), "max_features")
    assert type(dim) is Categorical and dim.values == (0.5, 1.0, word)
    dim = to_dimension((1, 2, word, 3), "max_features")
    assert type(dim) is Categorical and dim.values == (1, 2, word, 3)


@pytest.mark.parametrize(
    "spec, expected",
    [
        # two ints: an Integer range; a float among them: a Real interval
        ((1, 10, "log-uniform"), Integer(1, 10, prior="log-uniform")),
        ((1.0, 10.0, "log-uniform"), Real(1.0, 10.0, prior="log-uniform")),
        ((1, 10.0, "log-uniform"), Real(1.0, 10.0, prior="log-uniform")),
        ((np.int32(1), np.int64(10), "uniform"), Integer(1, 10)),
        ((1, 1024, "log-uniform", 2), Integer(1, 1024, prior="log-uniform")),
        # not (number, number, str): values, as today
        (("a", "b", "c"), Categorical(["a", "b", "c"])),
        (("a", 1, "uniform"), Categorical(["a", 1, "uniform"])),
        ((1, 2, 3), Ordinal([1, 2, 3])),
        ((1, 2, 3, 4), Ordinal([1, 2, 3, 4])),
        ((1, 2, None), Categorical([1, 2, None])),
    ],
    ids=repr,
)
def test_how_tuples_are_read(spec, expected):
    dim = to_dimension(spec, "p")
    assert type(dim) is type(expected) and dim == expected


@pytest.mark.parametrize(
    "spec, error, message",
    [
        ((1, 10, "log-uniform", "2"), TypeError, "base .* must be a real number"),
        ((1, 10, "log-uniform", None), TypeError, "base .* must be a real number"),
        ((1.0, 10.0, "log-uniform", 1), ValueError, "other than 1"),
        ((1.0, 10.0, "log-uniform", -2.0), ValueError, "positive number"),
        ((1, 10, "uniform", 10, 5), ValueError, "at most four items"),
        ((1, 10, "unifrom", 10, 5), ValueError, "did you mean 'uniform'"),
    ],
    ids=repr,
)
def test_bad_four_tuples_are_errors(spec, error, message):
    with pytest.raises(error, match=where("C") + ".*" + message):
        to_dimension(spec, "C")


def test_dimensions_check_their_prior_and_base_too():
    with pytest.raises(ValueError, match=r"Real: .*did you mean 'log-uniform'"):
        Real(1.0, 10.0, prior="LOG-UNIFORM")
    with pytest.raises(ValueError, match=r"Integer: prior must be .*got None"):
        Integer(1, 10, prior=None)
    with pytest.raises(ValueError, match=r"Integer: base .*other than 1"):
        Integer(1, 10, base=1)
    assert Real(1.0, 10.0, prior="log-uniform", base=2.0).base == 2.0


SEPARATORS = st.sampled_from(["-", "_", " ", ""])


@SETTINGS
@given(
    st.sampled_from(["uniform", "log-uniform"]),
    st.lists(st.booleans(), min_size=11, max_size=11),
    SEPARATORS,
)
def test_any_other_spelling_of_a_prior_is_refused_with_the_right_name(
    prior, upper, separator
):
    spelt = "".join(c.upper() if up else c for c, up in zip(prior, upper))
    spelt = spelt.replace("-", separator)
    if spelt == prior:
        assert to_dimension((1.0, 2.0, spelt), "C").prior == prior
        return
    with pytest.raises(ValueError, match=f"did you mean {prior!r}"):
        to_dimension((1.0, 2.0, spelt), "C")


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


@pytest.mark.parametrize(
    "dist",
    [
        stats.uniform(0, 0),
        stats.uniform(np.nan, 1),
        stats.norm(0, -1),
        stats.norm(0, np.inf),
        stats.loguniform(1, 1),
        stats.randint(3, 3),
        stats.randint(5, 1),
        stats.poisson(-1),
    ],
    ids=lambda d: f"{d.dist.name}{d.args}",
)
def test_distributions_with_invalid_parameters_are_refused(dist):
    # scipy.stats freezes them without a complaint, then every quantile (or
    # the median) is NaN or infinite: the search set C=nan on the estimator
    with pytest.raises(ValueError, match=where("C") + ".*" + dist.dist.name):
        to_dimension(dist, "C")


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


# -- rejected formats: GridSearchCV's exception types, messages that help -----


def _grid_error(spec):
    """The exception ``ParameterGrid`` raises for ``{"C": spec}``, or None."""
    try:
        ParameterGrid({"C": spec})
    except Exception as exc:
        return exc
    return None


BAD_GRIDS = [
    1,
    1.0,
    None,
    True,
    "1,2,3",
    {"a": 1},
    {},
    {1, 2},
    frozenset([1]),
    object(),
    [],
    (),
    range(0),
    np.array([]),
    np.array([], dtype=object),
    np.ones((2, 2)),
    np.zeros((1, 1, 1)),
]


@pytest.mark.parametrize("spec", BAD_GRIDS, ids=repr)
def test_bad_grids_raise_the_exception_type_of_gridsearchcv(spec):
    expected = _grid_error(spec)
    assert expected is not None
    with pytest.raises(Exception) as info:
        to_dimension(spec, "C")
    assert type(info.value) is type(expected), (info.value, expected)
    assert str(info.value).startswith("search_spaces: 'C': ")


@pytest.mark.parametrize(
    "spec, hint",
    [
        (
            1,
            # ParameterGrid's message, then ours
            "Parameter grid for parameter 'C' needs to be a list or a numpy "
            "array, but got 1 (of type int) instead. Single values need to be "
            "wrapped in a list with one element. Write {'C': [1]}.",
        ),
        (None, "got None (of type NoneType) instead. Single values need to be"),
        (
            "1,2,3",
            "got '1,2,3' (of type str) instead. Single values need to be "
            "wrapped in a list with one element. A string is a single value, not "
            "a list of values: wrap it in a list ({'C': ['1,2,3']})",
        ),
        (
            {0: 1, 1: 2},
            "(of type dict) instead. Single values need to be wrapped in a list "
            "with one element. A dict of parameters is a sub-space: give "
            "sub-spaces as a list of dicts. A dict that is one value of the parameter "
            "needs to be wrapped in a list: {'C': [{0: 1, 1: 2}]}.",
        ),
        ({3, 1, 2}, "Give its values as a list: {'C': [1, 2, 3]}."),
        (
            [],
            "Parameter grid for parameter 'C' need to be a non-empty sequence, "
            "got: []. List the values to search, or give a (low, high) range.",
        ),
        (range(0), "need to be a non-empty sequence, got: range(0, 0)."),
        (np.array([]), "need to be a non-empty sequence, got: array([], dtype=f"),
        (
            np.ones((2, 3)),
            "must be one-dimensional, but got an array of shape "
            "(2, 3). Give array.ravel() to search its values, or list(array) to "
            "search its rows as categories.",
        ),
    ],
    ids=repr,
)
def test_bad_grids_say_what_was_expected(spec, hint):
    with pytest.raises((TypeError, ValueError)) as info:
        to_dimension(spec, "C")
    message = str(info.value)
    assert message.startswith("search_spaces: 'C': ")
    assert hint in message
    if isinstance(info.value, TypeError):
        assert "Expected a list, tuple, range or 1-D numpy array of values" in message


@pytest.mark.parametrize("spec", [b"rbf", np.array(5.0)], ids=repr)
def test_bytes_and_zero_dimensional_arrays_are_rejected(spec):
    # ParameterGrid reads bytes as a sequence of ints, and fails on len() of
    # a 0-d array; skbayes refuses both plainly
    with pytest.raises((TypeError, ValueError), match=where("C")):
        to_dimension(spec, "C")


def test_long_values_are_shortened_in_messages():
    with pytest.raises(TypeError) as info:
        to_dimension("x" * 10_000, "C")
    assert len(str(info.value)) < 1000
    with pytest.raises(ValueError) as info:
        to_dimension(np.zeros((1000, 1000)), "C")
    assert len(str(info.value)) < 1000


def test_nan_in_a_list_of_numbers_is_rejected():
    # GridSearchCV evaluates NaN as a value (SimpleImputer's missing_values):
    # the message says how to search it here
    with pytest.raises(ValueError, match=where("tol") + r".*NaN.*Categorical\("):
        to_dimension([1e-3, np.nan], "tol")
    dim = to_dimension(Categorical([np.nan, -1]), "missing_values")
    assert dim.n_values == 2 and dim.contains(float("nan"))
    with pytest.raises(ValueError, match=where("tol") + ".*NaN"):
        to_dimension(np.array([1e-3, np.nan]), "tol")
    with pytest.raises(ValueError, match=where("tol") + ".*NaN"):
        to_dimension(np.array([np.nan]), "tol")


def test_the_default_name_is_used_in_messages():
    with pytest.raises(TypeError, match=where("parameter")):
        to_dimension("oops")


# -- numeric arrays and ranges: read in bulk ---------------------------------------

NUMERIC_DTYPES = st.sampled_from(
    [
        np.float64,
        np.float32,
        np.float16,
        np.int64,
        np.int32,
        np.int8,
        np.uint8,
        np.uint64,
    ]
)


@SETTINGS
@given(
    NUMERIC_DTYPES.flatmap(
        lambda dtype: hnp.arrays(
            dtype,
            st.integers(1, 60),
            elements=hnp.from_dtype(np.dtype(dtype), allow_nan=False),
        )
    ),
    st.booleans(),
)
def test_a_numeric_array_round_trips_every_value_exactly_in_order(array, sort):
    if sort:
        array = np.unique(array)  # the sorted, distinct case is not copied
    dim = to_dimension(array, "x")
    assert type(dim) is Ordinal
    expected = sorted(set(array.tolist()))
    assert list(dim.values) == expected  # sorted, each value once
    assert dim.n_values == len(expected)
    for v, native in zip(array, array.tolist()):
        # the array's own numbers come back, as GridSearchCV gives them
        i = dim.index(v)
        assert dim.value_at(i) == v and type(dim.value_at(i)) is type(v)
        assert dim.index(native) == i and dim.key(v) == dim.key(native) == i
        assert dim.contains(v) and dim.contains(native)
        back = dim.decode(dim.encode([native]))[0]
        assert back == v and type(back) is type(v)
    # the same as parsing the list of Python values
    assert dim.values == to_dimension(array.tolist(), "x").values


@SETTINGS
@given(
    st.integers(-(10**6), 10**6),
    st.integers(1, 10**4),
    st.integers(1, 50).flatmap(lambda k: st.sampled_from([k, -k])),
)
def test_ranges_are_read_as_arrays(start, length, step):
    spec = range(start, start + step * length, step)
    dim = to_dimension(spec, "n")
    assert type(dim) is Ordinal and dim.n_values == len(spec)
    assert dim.value_at(0) == min(spec) and dim.value_at(-1) == max(spec)
    assert type(dim.value_at(0)) is int
    for v in (spec[0], spec[-1], spec[len(spec) // 2]):
        assert dim.value_at(dim.index(v)) == v


def test_arrays_of_other_kinds_give_categories_each_value_once():
    dim = to_dimension(np.array(["rbf", "linear", "rbf"]), "kernel")
    assert type(dim) is Categorical and dim.values == ("rbf", "linear")
    assert all(type(v) is str for v in dim.values)
    dim = to_dimension(np.array([True, False, True]), "fit_intercept")
    assert dim.values == (True, False) and type(dim.values[0]) is bool
    dim = to_dimension(np.array([1, 2.5, 1], dtype=object), "mixed")
    assert type(dim) is Ordinal and dim.values == (1, 2.5)


@pytest.mark.parametrize("unit", ["D", "s", "ns"])
def test_dates_and_durations_are_categories_kept_as_given(unit):
    # numpy's other scalars become Python's (np.str_ -> str), but a date or a
    # duration would change: datetime64[ns].item() is an int of nanoseconds,
    # datetime64[D].item() a datetime.date, NaT.item() None
    dates = np.array(["2020-01-01", "2021-06-30", "NaT"], dtype=f"datetime64[{unit}]")
    durations = np.array([1, 5], dtype=f"timedelta64[{unit}]")
    for values in (dates, list(dates), durations, list(durations)):
        dim = to_dimension(values, "when")
        assert type(dim) is Categorical
        assert [type(v) for v in dim.values] == [type(v) for v in list(values)]
        assert str(list(dim.values)) == str(list(values))
    # a date is one category, whatever the array it came from
    assert to_dimension([dates[0], dates[0], None], "when").n_values == 2
    nat = np.datetime64("NaT", unit)
    assert to_dimension([nat, np.datetime64("NaT", unit)], "when").n_values == 1
