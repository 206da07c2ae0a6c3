"""Spaces of named dimensions, and the ``search_spaces`` formats."""

import copy
import math
import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.linear_model import LogisticRegression

from skbayes.space import (
    Categorical,
    Distribution,
    Integer,
    Ordinal,
    Real,
    SearchSpace,
    Space,
)

pytestmark = pytest.mark.core

SETTINGS = settings(max_examples=50, deadline=None)

EST = LogisticRegression()
CATEGORIES = ["rbf", None, True, 1, 1.0, (1, 2), (True, 2), [1, 2], EST, "passthrough"]

# -- strategies: small finite spaces -------------------------------------------

SMALL_FINITE_DIMENSIONS = st.one_of(
    st.builds(
        lambda low, n: Integer(low, low + n), st.integers(-5, 5), st.integers(1, 4)
    ),
    st.builds(
        lambda low, n: Integer(low, low + n, prior="log-uniform"),
        st.integers(1, 5),
        st.integers(1, 4),
    ),
    st.lists(st.integers(-100, 100) | st.floats(-10, 10), min_size=1, max_size=4).map(
        Ordinal
    ),
    st.lists(
        st.sampled_from(range(len(CATEGORIES))), min_size=1, max_size=4, unique=True
    ).map(lambda idx: Categorical([CATEGORIES[i] for i in idx])),
    st.builds(
        lambda low, n: Distribution(stats.randint(low, low + n)),
        st.integers(-5, 5),
        st.integers(1, 4),
    ),
    st.builds(
        lambda n, p: Distribution(stats.binom(n, p)),
        st.integers(1, 3),
        st.floats(0.2, 0.8),
    ),
)


@st.composite
def small_finite_spaces(draw, max_dims=3):
    n_dims = draw(st.integers(1, max_dims))
    names = draw(
        st.lists(
            st.text("abcxyz_", min_size=1, max_size=4),
            min_size=n_dims,
            max_size=n_dims,
            unique=True,
        )
    )
    return Space({name: draw(SMALL_FINITE_DIMENSIONS) for name in names})


def assert_same_point(a, b):
    assert a.keys() == b.keys()
    for name in a:
        if a[name] is not b[name]:
            assert type(a[name]) is type(b[name]) and a[name] == b[name], name


# -- names, sizes ----------------------------------------------------------------


def test_names_are_sorted_and_dimensions_follow():
    space = Space({"gamma": [1, 2], "C": (1e-3, 1e3, "log-uniform"), "b": ["x"]})
    assert space.names == ("C", "b", "gamma")
    assert len(space) == 3
    assert space.dimensions == (
        Real(1e-3, 1e3, prior="log-uniform"),
        Categorical(["x"]),
        Ordinal([1, 2]),
    )
    assert space["gamma"] == Ordinal([1, 2])
    assert space.items() == tuple(zip(space.names, space.dimensions))
    point = space.sample(1, random_state=0)[0]
    assert list(point) == ["C", "b", "gamma"]


def test_n_points():
    assert Space({"a": [1, 2, 3], "b": ["x", "y"]}).n_points == 6
    assert Space({"a": (1, 10), "b": [None]}).n_points == 10
    assert Space({"a": stats.randint(0, 4), "b": (0, 2)}).n_points == 12
    assert Space({"a": [1, 2, 2, 1.0]}).n_points == 2
    assert Space({"a": ["x", "x"]}).n_points == 1
    for infinite in (
        {"a": [1, 2], "x": (0.0, 1.0)},
        {"a": [1, 2], "d": stats.norm()},
        {"a": [1, 2], "p": stats.poisson(3)},
    ):
        space = Space(infinite)
        assert space.n_points == math.inf


def test_an_empty_space_has_one_point_the_empty_dict():
    # as GridSearchCV's {}: the estimator as it is
    space = Space({})
    assert space.n_points == 1 and space.names == ()
    assert space.key({}) == () and space.contains({})
    assert SearchSpace([{}]).subspaces[0] == space


def test_space_errors():
    with pytest.raises(TypeError, match="must be a dict"):
        Space([("a", [1, 2])])
    with pytest.raises(TypeError, match="names must be strings"):
        Space({1: [1, 2]})
    with pytest.raises(TypeError, match=re.escape("search_spaces: 'k': ")):
        Space({"k": "rbf"})


# -- enumeration of finite spaces ----------------------------------------------


@SETTINGS
@given(small_finite_spaces())
def test_point_at_and_index_of_are_a_bijection(space):
    n = space.n_points
    assert 1 <= n <= 5**3
    keys = set()
    for i in range(n):
        point = space.point_at(i)
        assert space.contains(point)
        key = space.key(point)
        assert space.index_of(key) == i
        keys.add(key)
    assert len(keys) == n
    # every decoded point has a position, and that position gives it back
    rng = np.random.default_rng(0)
    for point in space.encoding.from_unit(rng.random((20, len(space)))):
        assert_same_point(space.point_at(space.index_of(space.key(point))), point)


def test_point_at_enumerates_in_order():
    space = Space({"a": [10, 20], "b": ["x", "y", "z"]})
    assert [space.point_at(i) for i in range(6)] == [
        {"a": a, "b": b} for a in (10, 20) for b in "xyz"
    ]


# -- unseen points -----------------------------------------------------------------


@SETTINGS
@given(small_finite_spaces(), st.data())
def test_unseen_points_are_new_and_distinct(space, data):
    n = space.n_points
    seen_idx = data.draw(st.sets(st.integers(0, n - 1), max_size=n))
    seen = {space.key(space.point_at(i)) for i in seen_idx}
    k = data.draw(st.integers(1, n + 2))
    seed = data.draw(st.integers(0, 2**32 - 1))
    out = space.unseen_points(seen, k, random_state=seed)
    keys = [space.key(p) for p in out]
    assert len(out) == min(k, n - len(seen))
    assert len(set(keys)) == len(keys)
    assert not set(keys) & seen
    assert all(space.contains(p) for p in out)
    assert space.unseen_points(seen, k, random_state=seed) == out


@SETTINGS
@given(small_finite_spaces(), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_unseen_points_exhaust_a_finite_space_exactly(space, k, seed):
    rng = np.random.default_rng(seed)
    seen = set()
    batches = 0
    while True:
        out = space.unseen_points(seen, k, random_state=rng)
        if not out:
            break
        batches += 1
        assert batches <= space.n_points
        keys = {space.key(p) for p in out}
        assert len(keys) == len(out) and not keys & seen
        seen |= keys
    assert len(seen) == space.n_points
    assert {space.index_of(key) for key in seen} == set(range(space.n_points))
    assert batches == math.ceil(space.n_points / k)
    assert space.unseen_points(seen, 1) == []


def test_unseen_points_in_a_large_finite_space():
    space = Space({"a": (0, 1999), "b": (0, 1999), "c": ["x", "y"]})  # 8e6 points
    first = space.unseen_points(set(), 50, random_state=0)
    keys = {space.key(p) for p in first}
    assert len(keys) == 50
    second = space.unseen_points(keys, 50, random_state=0)
    assert len(second) == 50 and not {space.key(p) for p in second} & keys


def test_unseen_points_in_a_nearly_exhausted_medium_space():
    space = Space({"a": (0, 999), "b": [1, 2, 3]})
    seen = {space.key(space.point_at(i)) for i in range(space.n_points) if i % 97}
    left = space.n_points - len(seen)
    out = space.unseen_points(seen, left + 5, random_state=1)
    assert len(out) == left
    assert {space.index_of(space.key(p)) % 97 for p in out} == {0}


def test_unseen_points_in_an_infinite_space():
    space = Space({"x": (0.0, 1.0), "k": ["a", "b"], "c": ["only"]})
    seen = set()
    for _ in range(5):
        out = space.unseen_points(seen, 20, random_state=len(seen))
        keys = {space.key(p) for p in out}
        assert len(out) == 20 and len(keys) == 20 and not keys & seen
        seen |= keys


# -- sampling and keys -------------------------------------------------------


def _mixed_space():
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


def test_sample_is_reproducible_and_in_the_space():
    space = _mixed_space()
    a = space.sample(30, random_state=3)
    assert a == space.sample(30, random_state=3)
    assert a != space.sample(30, random_state=4)
    assert all(space.contains(p) for p in a)
    assert all(p["h"] is EST for p in a if isinstance(p["h"], LogisticRegression))


def test_keys_and_contains():
    space = _mixed_space()
    point = space.sample(1, random_state=0)[0]
    assert space.key(point) == space.key(dict(point))
    hash(space.key(point))
    as_numpy = dict(point, n=np.int64(point["n"]), C=np.float64(point["C"]))
    assert space.contains(as_numpy) and space.key(as_numpy) == space.key(point)
    assert not space.contains({k: v for k, v in point.items() if k != "C"})
    assert not space.contains({**point, "extra": 1})
    assert not space.contains({**point, "n": 51})
    assert not space.contains({**point, "h": (10, 10, 10)})
    assert not space.contains({**point, "h": LogisticRegression()})


# -- immutability, pickling, equality -------------------------------------------


def test_space_is_immutable_and_pickles():
    space = Space({"C": (1e-3, 1e3, "log-uniform"), "k": ["a", "b"], "n": (1, 5)})
    with pytest.raises(AttributeError, match="immutable"):
        space._names = ("x",)
    with pytest.raises(AttributeError, match="immutable"):
        space.extra = 1
    with pytest.raises(AttributeError, match="immutable"):
        del space._dims
    assert space.names == ("C", "k", "n")
    clone = pickle.loads(pickle.dumps(space))
    assert clone == space and hash(clone) == hash(space)
    assert clone.sample(5, random_state=0) == space.sample(5, random_state=0)
    assert clone.encoding.n_columns == space.encoding.n_columns == 4
    assert repr(space).startswith("Space({'C': Real(")


def test_space_equality():
    a = Space({"x": (0.0, 1.0), "k": ["a", "b"]})
    assert a == Space({"k": ["a", "b"], "x": (0, 1.0)})
    assert hash(a) == hash(Space({"k": Categorical(["a", "b"]), "x": Real(0, 1)}))
    assert a != Space({"x": (0.0, 1.0), "k": ["b", "a"]})
    assert a != Space({"y": (0.0, 1.0), "k": ["a", "b"]})
    assert a != {"x": (0.0, 1.0), "k": ["a", "b"]}


# -- SearchSpace: formats -------------------------------------------------------


def test_search_space_from_a_dict():
    ss = SearchSpace({"b": [1, 2], "a": (0.0, 1.0)})
    assert len(ss) == 1
    assert ss.budgets == (None,)
    assert ss.subspaces == (Space({"a": (0.0, 1.0), "b": [1, 2]}),)
    assert ss.names == ["a", "b"]
    assert ss.split_budget(7) == [7]
    assert ss.total_iterations(7) == 7


def test_search_space_from_a_list_of_dicts():
    ss = SearchSpace([{"a": [1, 2]}, {"b": ["x"], "c": (1, 3)}, {"a": [3]}])
    assert len(ss) == 3
    assert ss.budgets == (None, None, None)
    assert ss.names == ["a", "b", "c"]
    assert ss.split_budget(10) == [4, 3, 3]
    assert ss.total_iterations(10) == 10


def test_search_space_from_pairs_keeps_their_budgets():
    ss = SearchSpace([({"a": [1, 2]}, 3), ({"b": (0.0, 1.0)}, np.int64(8))])
    assert ss.budgets == (3, 8)
    assert type(ss.budgets[1]) is int
    for n_iter in (1, 5, 100):
        assert ss.split_budget(n_iter) == [3, 8]
        assert ss.total_iterations(n_iter) == 11


def test_search_space_mixed_pairs_and_dicts():
    ss = SearchSpace([{"a": [1, 2]}, ({"b": ["x", "y"]}, 4), {"c": (1, 9)}])
    assert ss.budgets == (None, 4, None)
    assert ss.split_budget(5) == [3, 4, 2]
    assert ss.total_iterations(5) == 9
    assert ss.split_budget(1) == [1, 4, 0]


@SETTINGS
@given(
    st.lists(st.none() | st.integers(1, 50), min_size=1, max_size=6),
    st.integers(1, 200),
)
def test_split_budget_semantics(budgets, n_iter):
    entries = [
        {f"p{i}": [1, 2]} if b is None else ({f"p{i}": [1, 2]}, b)
        for i, b in enumerate(budgets)
    ]
    ss = SearchSpace(entries)
    split = ss.split_budget(n_iter)
    assert len(split) == len(budgets)
    shared = [s for s, b in zip(split, budgets) if b is None]
    assert [s for s, b in zip(split, budgets) if b is not None] == [
        b for b in budgets if b is not None
    ]
    if shared:
        assert sum(shared) == n_iter
        assert max(shared) - min(shared) <= 1
        assert shared == sorted(shared, reverse=True)
    assert ss.total_iterations(n_iter) == sum(split)
    assert all(isinstance(s, int) for s in split)


def test_search_space_is_immutable_and_pickles():
    ss = SearchSpace([({"a": [1, 2]}, 3), {"b": (0.0, 1.0)}])
    with pytest.raises(AttributeError, match="immutable"):
        ss.budgets = (1, 1)
    with pytest.raises(AttributeError, match="immutable"):
        del ss.subspaces
    clone = pickle.loads(pickle.dumps(ss))
    assert clone.subspaces == ss.subspaces and clone.budgets == ss.budgets
    assert "SearchSpace" in repr(ss)


def test_search_space_key_is_one_key_for_every_sub_space():
    ss = SearchSpace([{"C": [1, 2.0], "k": ["a", None]}, {"alpha": (0.0, 1.0)}])
    a, b = {"C": 1, "k": None}, {"alpha": 0.5}
    assert ss.key(a) == ss.key({"k": None, "C": 1})
    assert ss.key(a) != ss.key(b)
    hash(ss.key(a))
    # values are told apart by type, and compared by value
    assert len({ss.key({"C": v, "k": None}) for v in (1, 1.0, True)}) == 3
    assert ss.key({"C": 1, "k": (1, 2)}) != ss.key({"C": 1, "k": (True, 2)})
    listed = [1, 2]
    assert ss.key({"C": 1, "k": listed}) == ss.key({"C": 1, "k": listed})
    assert ss.key({"C": 1, "k": listed}) == ss.key({"C": 1, "k": [1, 2]})
    assert ss.key({"C": 1, "k": listed}) != ss.key({"C": 1, "k": (1, 2)})


# -- SearchSpace: errors --------------------------------------------------------


@pytest.mark.parametrize(
    "spec, error, message",
    [
        ([], ValueError, r"search_spaces: the list of sub-spaces is empty"),
        (
            [({"a": [1]}, 3, "x")],
            ValueError,
            r"search_spaces\[0\]: .*\(dict, n_iter\) pair.*length 3",
        ),
        ([({"a": [1]},)], ValueError, r"search_spaces\[0\]: .*length 1"),
        ([({"a": [1]}, 2.5)], TypeError, r"search_spaces\[0\]: .*must be an int"),
        ([({"a": [1]}, "3")], TypeError, r"search_spaces\[0\]: .*must be an int"),
        ([({"a": [1]}, True)], TypeError, r"search_spaces\[0\]: .*must be an int"),
        ([({"a": [1]}, 0)], ValueError, r"search_spaces\[0\]: .*must be >= 1"),
        ([{"a": [1]}, ({"b": [1]}, -2)], ValueError, r"search_spaces\[1\]: .*>= 1"),
        ([(3, {"a": [1]})], TypeError, r"search_spaces\[0\]: .*must be a dict"),
        ([{"a": [1]}, "b"], TypeError, r"search_spaces\[1\]: .*dict or a \(dict"),
        ([[{"a": [1]}]], TypeError, r"search_spaces\[0\]: .*dict or a \(dict"),
        ("abc", TypeError, r"search_spaces must be a dict"),
        (None, TypeError, r"search_spaces must be a dict"),
        (({"a": [1]},), TypeError, r"search_spaces must be a dict.*got tuple"),
        (Space({"a": [1]}), TypeError, r"search_spaces must be a dict"),
        (
            {"a": "rbf"},
            TypeError,
            r"search_spaces: 'a': Parameter grid for parameter 'a' needs to be a list",
        ),
        ({"a": (3, 1)}, ValueError, r"search_spaces: 'a': .*strictly less"),
        (
            [{"a": [1]}, {"b": (0, 1, "log-uniform")}],
            ValueError,
            r"search_spaces\[1\]: 'b': .*low > 0",
        ),
        ([{"a": [1]}, {"b": []}], ValueError, r"search_spaces\[1\]: 'b': .*empty"),
        ({1: [1, 2]}, TypeError, r"search_spaces: Parameter names must be strings"),
        ([{1: [1]}], TypeError, r"search_spaces\[0\]: Parameter names must be"),
    ],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_search_space_errors(spec, error, message):
    with pytest.raises(error, match=message):
        SearchSpace(spec)


# -- huge grids ---------------------------------------------------------------------


def test_a_space_over_ten_million_values_costs_its_array_only():
    import tracemalloc

    grid = np.linspace(0.0, 1.0, 10_000_000)
    tracemalloc.start()
    try:
        space = Space({"x": grid, "k": ["a", "b"]})
        assert space.n_points == 20_000_000
        seen = set()
        for seed in range(5):
            out = space.unseen_points(seen, 20, random_state=seed)
            keys = {space.key(p) for p in out}
            assert len(keys) == 20 and not keys & seen
            seen |= keys
        for key in seen:
            point = space.point_at(space.index_of(key))
            assert space.key(point) == key and space.contains(point)
        ss = SearchSpace({"x": grid})
        assert ss.key({"x": 0.5}) == ss.key({"x": np.float64(0.5)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4e6, peak
    assert len(pickle.dumps(space)) < 1.01 * grid.nbytes
    assert pickle.loads(pickle.dumps(space)) == space
    assert len(repr(space)) < 300


# -- equal values, one key -------------------------------------------------------------


def test_every_key_agrees_on_equal_unhashable_values():
    weights = {0: 1, 1: 2}
    ss = SearchSpace(
        [
            {"class_weight": [weights, {0: 1, 1: 2}, None], "C": [1.0, 10.0]},
            {"class_weight": [{1: 2, 0: 1}], "tol": [1e-3]},
        ]
    )
    space = ss.subspaces[0]
    assert space["class_weight"].n_values == 2
    copy_ = {"C": 1.0, "class_weight": {1: 2, 0: 1}}
    point = {"C": 1.0, "class_weight": weights}
    assert space.contains(copy_)
    assert space.key(copy_) == space.key(point)
    assert space["class_weight"].key(copy_["class_weight"]) == 0
    assert ss.key(copy_) == ss.key(point)
    # and as many points as distinct values
    assert space.n_points == 4
    keys = {space.key(space.point_at(i)) for i in range(space.n_points)}
    assert len(keys) == 4
    assert space.point_at(0)["class_weight"] is weights
    # estimators stay apart: GridSearchCV evaluates both
    a, b = LogisticRegression(), LogisticRegression()
    both = Space({"est": [a, b]})
    assert both.n_points == 2 and both.key({"est": a}) != both.key({"est": b})
    assert SearchSpace({"est": [a, b]}).key({"est": a}) != SearchSpace(
        {"est": [a, b]}
    ).key({"est": b})


@SETTINGS
@given(small_finite_spaces(), st.data())
def test_space_keys_and_search_space_keys_agree(space, data):
    ss = SearchSpace(dict(space.items()))
    n = space.n_points
    i, j = (data.draw(st.integers(0, n - 1)) for _ in range(2))
    p, q = space.point_at(i), space.point_at(j)
    assert (space.key(p) == space.key(q)) == (i == j)
    assert (ss.key(p) == ss.key(q)) == (i == j)
    twin = copy.deepcopy(p)  # equal values, other objects (estimators aside)
    if space.contains(twin):
        assert space.key(twin) == space.key(p) and ss.key(twin) == ss.key(p)
