"""The numeric views of a space: model columns, unit cube, mixed, skopt rows."""

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.linear_model import LogisticRegression

from skbayes.space import (
    Categorical,
    Distribution,
    Encoding,
    Integer,
    Ordinal,
    Real,
    Space,
)

pytestmark = pytest.mark.core

SETTINGS = settings(max_examples=60, deadline=None)

EST = LogisticRegression()
ODD = [
    "rbf",
    None,
    True,
    1,
    1.0,
    (1, 2),
    (True, 2),
    (None, "x"),
    {"a": 1},
    {"a": 1},  # equal, not the same object: the same category
    {"a": 1.0},  # equal, but a float: another category
    [1, 2],
    EST,
    "passthrough",
]

# -- strategies: every dimension kind ----------------------------------------------

REALS = st.builds(
    lambda low, span, prior: Real(low, low * 10**span, prior=prior),
    st.floats(1e-6, 1e3),
    st.floats(0.01, 8),
    st.sampled_from(["uniform", "log-uniform"]),
)
INTEGERS = st.builds(
    lambda low, n, prior: Integer(low, low + n, prior=prior),
    st.integers(1, 1000),
    st.integers(1, 500),
    st.sampled_from(["uniform", "log-uniform"]),
)
ORDINALS = st.lists(
    st.integers(-100, 100) | st.floats(-1e6, 1e6, allow_nan=False),
    min_size=1,
    max_size=6,
).map(Ordinal)
CATEGORICALS = st.builds(
    lambda idx, weights: Categorical(
        [ODD[i] for i in idx], prior=None if weights is None else weights[: len(idx)]
    ),
    st.lists(st.sampled_from(range(len(ODD))), min_size=1, max_size=6, unique=True),
    st.none() | st.lists(st.floats(0.1, 10), min_size=6, max_size=6),
)
CONTINUOUS = st.sampled_from(
    [
        stats.norm(0, 1),
        stats.norm(-3, 0.01),
        stats.loguniform(1e-4, 1e2),
        stats.uniform(2, 5),
        stats.expon(scale=3),
        stats.beta(2, 5),
    ]
).map(Distribution)
DISCRETE = st.sampled_from(
    [
        stats.randint(1, 20),
        stats.randint(-3, -2),  # a single value
        stats.binom(5, 0.3),
        stats.poisson(3),  # unbounded support
        stats.geom(0.4),
    ]
).map(Distribution)
DIMENSIONS = st.one_of(REALS, INTEGERS, ORDINALS, CATEGORICALS, CONTINUOUS, DISCRETE)


@st.composite
def spaces(draw, max_dims=4):
    n = draw(st.integers(1, max_dims))
    names = draw(
        st.lists(
            st.text("abcxyz_", min_size=1, max_size=3),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    return Space({name: draw(DIMENSIONS) for name in names})


@st.composite
def spaces_and_points(draw, max_points=6):
    space = draw(spaces())
    n = draw(st.integers(1, max_points))
    unit = st.floats(0.0, 1.0)
    U = np.array(
        [[draw(unit) for _ in range(len(space))] for _ in range(n)], dtype=float
    )
    return space, space.encoding.from_unit(U)


def _continuous(dim):
    return isinstance(dim, Real) or (isinstance(dim, Distribution) and not dim.discrete)


def _unit_cube(space, points):
    """Each value's unit encoding, one column per parameter."""
    return np.array(
        [[dim.encode([p[name]])[0] for name, dim in space.items()] for p in points]
    ).reshape(len(points), len(space))


def _snapped_columns(enc):
    """Model columns kept at their values' encoding by ``snap``.

    Not those of a discrete distribution with unbounded support, modelled
    as a continuous column.
    """
    keep = np.ones(enc.n_columns, dtype=bool)
    for name, dim in enc.space.items():
        if isinstance(dim, Distribution) and dim.discrete and not dim.is_finite:
            keep[enc.columns(name)] = False
    return keep


def assert_same_points(space, expected, actual):
    assert len(expected) == len(actual)
    for a, b in zip(expected, actual):
        assert list(b) == list(space.names)
        for name, dim in space.items():
            if _continuous(dim):
                assert type(b[name]) is float
                assert b[name] == pytest.approx(a[name], rel=1e-6, abs=1e-9), name
            else:  # the very object for categories, an equal number otherwise
                assert a[name] is b[name] or (
                    type(a[name]) is type(b[name]) and a[name] == b[name]
                ), name
        assert space.contains(b)


# -- properties -------------------------------------------------------------------


@SETTINGS
@given(spaces_and_points())
def test_model_columns_round_trip(space_and_points):
    space, points = space_and_points
    enc = Encoding(space)
    Z = enc.encode(points)
    assert Z.shape == (len(points), enc.n_columns)
    assert np.all((Z >= 0) & (Z <= 1))
    assert_same_points(space, points, enc.decode(Z))
    # encoded rows are valid: snapping leaves them in place
    np.testing.assert_allclose(enc.snap(Z), Z, atol=1e-12)
    for name, dim in space.items():
        cols = Z[:, enc.columns(name)]
        np.testing.assert_array_equal(
            enc.encode_values(name, [p[name] for p in points]), cols
        )
        if dim.n_values == 1:
            assert cols.shape[1] == 0
        elif isinstance(dim, Categorical):
            assert cols.shape[1] == dim.n_values
            np.testing.assert_array_equal(cols.sum(1), 1.0)
        else:
            assert cols.shape[1] == 1


@SETTINGS
@given(spaces_and_points())
def test_unit_cube_round_trip(space_and_points):
    space, points = space_and_points
    U = _unit_cube(space, points)
    assert np.all((U >= 0) & (U <= 1))
    assert_same_points(space, points, space.encoding.from_unit(U))


@SETTINGS
@given(spaces_and_points())
def test_mixed_view_round_trip(space_and_points):
    space, points = space_and_points
    enc = space.encoding
    U, C = enc.to_mixed(points)
    assert set(enc.ordered) | set(enc.categorical) == set(space.names)
    assert U.shape == (len(points), len(enc.ordered))
    assert C.shape == (len(points), len(enc.categorical))
    assert np.all((U >= 0) & (U <= 1))
    assert C.dtype.kind == "i"
    assert np.all((C >= 0) & (C < np.array(enc.n_categories, dtype=int)))
    assert_same_points(space, points, enc.from_mixed(U, C))
    # the unit columns are those of the unit cube
    cube = _unit_cube(space, points)
    ordered = [space.names.index(n) for n in enc.ordered]
    np.testing.assert_array_equal(U, cube[:, ordered])


@SETTINGS
@given(spaces_and_points())
def test_skopt_rows_round_trip(space_and_points):
    space, points = space_and_points
    enc = space.encoding
    dims = enc.skopt_dimensions()
    rows = enc.to_skopt(points)
    varying = [n for n, d in space.items() if d.n_values != 1]
    assert len(dims) == len(varying)
    for row in rows:
        assert len(row) == len(dims)
        for value, dim in zip(row, dims):
            assert value in dim
    assert_same_points(space, points, enc.from_skopt(rows))
    assert set(enc.constants) == set(space.names) - set(varying)


@SETTINGS
@given(spaces(), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_random_and_perturbed_rows_are_valid_points(space, n, seed):
    enc = Encoding(space)
    Z = enc.random(n, seed)
    assert Z.shape == (n, enc.n_columns)
    np.testing.assert_array_equal(Z, enc.random(n, seed))
    np.testing.assert_allclose(enc.snap(Z), Z, atol=1e-12)
    for scale in (0.5, 0.01):
        moved = enc.perturb(Z, scale, seed)
        assert moved.shape == Z.shape
        np.testing.assert_allclose(enc.snap(moved), moved, atol=1e-12)
        assert all(space.contains(p) for p in enc.decode(moved))
    points = enc.decode(Z)
    assert all(space.contains(p) for p in points)
    # valid rows decode to points that encode back to the same rows (but a
    # discrete distribution with unbounded support is modelled as continuous:
    # its column is not snapped to its values)
    keep = _snapped_columns(enc)
    np.testing.assert_allclose(enc.encode(points)[:, keep], Z[:, keep], atol=1e-8)


@SETTINGS
@given(spaces(), st.lists(st.floats(-3.0, 4.0), min_size=1, max_size=60))
def test_snap_makes_any_row_valid(space, numbers):
    enc = Encoding(space)
    Z = np.resize(np.asarray(numbers), (3, enc.n_columns))
    snapped = enc.snap(Z.copy())
    np.testing.assert_allclose(enc.snap(snapped.copy()), snapped, atol=1e-12)
    assert all(space.contains(p) for p in enc.decode(snapped))
    # decoding reads rows of the unit cube as snapping does
    keep = _snapped_columns(enc)
    Z = np.clip(Z, 0.0, 1.0)
    again = enc.encode(enc.decode(Z))
    np.testing.assert_allclose(again[:, keep], snapped[:, keep], atol=1e-8)


# -- layout and examples --------------------------------------------------------------


def _every_kind():
    return Space(
        {
            "C": (1e-3, 1e3, "log-uniform"),
            "n": (1, 50),
            "alpha": [0.1, 1.0, 10.0],
            "h": [(10,), (10, 10), None, EST],
            "d": stats.norm(0, 1),
            "k": stats.randint(2, 6),
            "const": ["only"],
        }
    )


def test_layout_of_the_model_columns():
    space = _every_kind()
    enc = space.encoding
    assert space.names == ("C", "alpha", "const", "d", "h", "k", "n")
    assert [enc.columns(n) for n in space.names] == [
        slice(0, 1),
        slice(1, 2),
        slice(2, 2),
        slice(2, 3),
        slice(3, 7),
        slice(7, 8),
        slice(8, 9),
    ]
    assert enc.n_columns == 9
    assert enc.constants == {"const": "only"}
    assert enc.ordered == ("C", "alpha", "d", "k", "n")
    assert enc.categorical == ("const", "h")
    assert enc.n_categories == (1, 4)
    point = {
        "C": 1.0,
        "alpha": 10.0,
        "const": "only",
        "d": 0.0,
        "h": None,
        "k": 2,
        "n": 50,
    }
    np.testing.assert_allclose(
        enc.encode([point])[0], [0.5, 5 / 6, 0.5, 0, 0, 1, 0, 0.125, 0.99]
    )
    with pytest.raises(KeyError, match="'x' is not a parameter"):
        enc.columns("x")


def test_unit_cube_shapes_and_errors():
    space = _every_kind()
    U = np.random.default_rng(0).random((7, len(space)))
    points = space.encoding.from_unit(U)
    assert len(points) == 7 and all(space.contains(p) for p in points)
    assert all(tuple(p) == space.names for p in points)
    assert len(space.encoding.from_unit(U[0])) == 1  # one row given flat
    assert space.encoding.from_unit(np.empty((0, len(space)))) == []
    assert space.encoding.encode([]).shape == (0, space.encoding.n_columns)
    with pytest.raises(ValueError, match="Expected 7 columns"):
        space.encoding.from_unit(U[:, :3])
    with pytest.raises(ValueError, match="Expected 7 columns"):
        space.encoding.from_unit(np.zeros(8))


def test_a_space_of_constants_has_no_column():
    space = Space({"a": ["x"], "b": [3], "c": stats.randint(4, 5)})
    enc = Encoding(space)
    assert enc.n_columns == 0 and enc.skopt_dimensions() == []
    point = {"a": "x", "b": 3, "c": 4}
    assert enc.decode(np.zeros((2, 0))) == [point, point]
    assert enc.from_skopt([[]]) == [point]


def test_encoding_is_immutable_cached_and_pickles():
    space = _every_kind()
    assert space.encoding is space.encoding
    assert Encoding(space).n_columns == space.encoding.n_columns
    with pytest.raises(TypeError, match=r"Space\(dict\)\.encoding"):
        Encoding(dict(space.items()))
    with pytest.raises(AttributeError, match="immutable"):
        space.encoding.n_columns = 3
    clone = pickle.loads(pickle.dumps(space.encoding))
    # the clone has its own copy of the estimator among the categories
    np.testing.assert_array_equal(
        clone.encode(clone.space.sample(5, random_state=0)),
        space.encoding.encode(space.sample(5, random_state=0)),
    )
    assert repr(clone).startswith("Encoding(Space({'C': Real(")


def test_random_and_perturb_draw_from_a_generator():
    enc = _every_kind().encoding
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    first = enc.random(16, rng_a)
    np.testing.assert_array_equal(first, enc.random(16, rng_b))
    # the generators were drawn from: the next rows differ from the first
    second = enc.random(16, rng_a)
    np.testing.assert_array_equal(second, enc.random(16, rng_b))
    assert not np.array_equal(first, second)
    moved = enc.perturb(first, 0.1, rng_a)
    np.testing.assert_array_equal(moved, enc.perturb(first, 0.1, rng_b))
    assert not np.array_equal(moved, enc.perturb(first, 0.1, rng_a))


# -- huge grids ---------------------------------------------------------------------


@SETTINGS
@given(
    st.one_of(
        ORDINALS,
        st.integers(2, 10**6).map(lambda n: Ordinal(np.arange(n))),
        CATEGORICALS,
    ),
    st.lists(st.floats(-0.5, 1.5), min_size=1, max_size=20),
)
def test_snap_through_indices_is_snap_through_values(dim, column):
    space = Space({"x": dim, "y": (0.0, 1.0)})
    enc = space.encoding
    Z = np.zeros((len(column), enc.n_columns))
    Z[:, enc.columns("x").start] = column
    snapped = enc.snap(Z)
    if not isinstance(dim, Categorical) and dim.n_values > 1:
        u = np.minimum(np.clip(column, 0.0, 1.0), 1.0 - 1e-12)
        expected = dim.encode(dim.decode(u))
        np.testing.assert_array_equal(snapped[:, enc.columns("x").start], expected)


def test_every_view_of_a_ten_million_value_grid_is_cheap():
    import tracemalloc

    grid = np.linspace(0.0, 1.0, 10_000_000)
    space = Space({"x": grid, "k": ["a", "b"], "c": (1e-3, 1.0, "log-uniform")})
    enc = space.encoding
    tracemalloc.start()
    try:
        points = space.sample(20, random_state=0)
        Z = enc.encode(points)
        assert enc.decode(Z) == points
        Z = enc.perturb(enc.random(64, random_state=0), 0.1, random_state=1)
        assert all(space.contains(p) for p in enc.decode(enc.snap(Z)))
        U, C = enc.to_mixed(points)
        assert enc.from_mixed(U, C) == points
        dims = enc.skopt_dimensions()  # an index range, not ten million values
        assert dims[space.names.index("x")].bounds == (0, 9_999_999)
        assert enc.from_skopt(enc.to_skopt(points)) == points
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4e6, peak
