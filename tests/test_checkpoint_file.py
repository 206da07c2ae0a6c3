"""The checkpoint file (format version 4), tested on its own.

A small search space, fake fits: every malformed file is refused with a
CheckpointError naming it and left byte for byte as it was; an incomplete
last line is dropped with a warning; appending never reads the file.
"""

import builtins
import functools
import json
import os
import re
import subprocess
import sys
import textwrap
import time
import types

import numpy as np
import pytest

from skbayes._checkpoint import (
    Checkpoint,
    CheckpointError,
    CheckpointRecord,
    describe_search,
    fingerprint_digest,
)
from skbayes.space import SearchSpace

SPACE = SearchSpace(
    [
        {
            "C": (1e-3, 1e3, "log-uniform"),
            "depth": (1, 5),
            "kernel": ["rbf", "linear"],
        },
        {"alpha": [0.1, 1.0, 10.0]},
    ]
)
N_SPLITS = 3
DESCRIPTION = {
    "estimator": {"sklearn.svm._classes.SVC": {"C": 1.0}},
    "search_spaces": "space",
    "scoring": None,
    "cv": N_SPLITS,
    "return_train_score": False,
    "data": {"X": "x", "y": "y", "params": {}},
}
SPLITS = [
    (np.array([3, 4, 5, 6, 7, 8]), np.array([0, 1, 2])),
    (np.array([0, 1, 2, 6, 7, 8]), np.array([3, 4, 5])),
    (np.array([0, 1, 2, 3, 4, 5]), np.array([6, 7, 8])),
]


def _fits(score=0.5, n=N_SPLITS, train=False):
    fits = []
    for i in range(n):
        fit = {
            "fit_time": 0.01 * (i + 1),
            "score_time": 0.001,
            "test_scores": score,
            "n_test_samples": 3,
            "fit_error": None,
        }
        if train:
            fit["train_scores"] = score
        fits.append(fit)
    return fits


def _record(subspace, point, iteration, fits=None):
    key = SPACE.subspaces[subspace].key(point)
    return (subspace, key, iteration, _fits() if fits is None else fits)


RECORDS = [
    _record(0, {"C": 1.5, "depth": 3, "kernel": "linear"}, 0),
    _record(1, {"alpha": 10.0}, 0, _fits(float("nan"))),
    _record(0, {"C": 0.01, "depth": 1, "kernel": "rbf"}, 1, _fits(0.75)),
]


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _put(path, content):
    with open(path, "wb") as f:
        f.write(content)


def _write(path, records=RECORDS, description=DESCRIPTION, splits=SPLITS):
    checkpoint = Checkpoint(path, description)
    checkpoint.check_path()
    assert checkpoint.load(SPACE, N_SPLITS) == []
    checkpoint.begin(splits)
    checkpoint.append(records)
    return checkpoint


def _load(path, description=DESCRIPTION, n_splits=N_SPLITS, space=SPACE):
    return Checkpoint(path, description).load(space, n_splits)


def _refused(path, match=None, **kwargs):
    """Loading fails, names the file, and leaves it byte for byte."""
    before = _read(path)
    with pytest.raises(CheckpointError, match=re.escape(repr(str(path)))) as info:
        _load(path, **kwargs)
    assert _read(path) == before
    message = str(info.value)
    assert message.startswith("checkpoint: ")
    assert "start afresh" in message
    if match is not None:
        assert re.search(match, message), message
    return message


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / "search.ckpt")


# -- round trip ----------------------------------------------------------------


def test_a_new_file_has_nothing_and_no_splits(path):
    checkpoint = Checkpoint(path, DESCRIPTION)
    assert checkpoint.load(SPACE, N_SPLITS) == []
    assert checkpoint.splits is None
    assert not os.path.exists(path)


def test_records_read_back_as_written(path):
    _write(path)
    lines = _read(path).split(b"\n")
    assert lines[-1] == b"" and len(lines) == 2 + len(RECORDS)
    header = json.loads(lines[0])
    assert header["format"] == "skbayes-checkpoint" and header["version"] == 4
    assert header["search"] == DESCRIPTION
    assert header["fingerprint"] == fingerprint_digest(DESCRIPTION)
    assert json.loads(lines[2])["fits"][0]["test_scores"] == "nan"

    checkpoint = Checkpoint(path, DESCRIPTION)
    records = checkpoint.load(SPACE, N_SPLITS)
    assert all(isinstance(r, CheckpointRecord) for r in records)
    assert [r.subspace for r in records] == [0, 1, 0]
    assert [r.iteration for r in records] == [0, 0, 1]
    assert records[0].point == {"C": 1.5, "depth": 3, "kernel": "linear"}
    assert type(records[0].point["depth"]) is int
    assert records[1].point == {"alpha": 10.0}
    assert records[0].fits == RECORDS[0][3]
    assert all(np.isnan(f["test_scores"]) for f in records[1].fits)
    assert records[2].fits[0]["test_scores"] == 0.75


def test_numpy_values_multimetric_and_train_scores(path):
    description = {**DESCRIPTION, "return_train_score": True}
    fits = [
        {
            "fit_time": np.float32(0.5),
            "score_time": np.float64(0.1),
            "test_scores": {"acc": np.float64(0.5), "f1": np.float64(np.inf)},
            "train_scores": {"acc": 1.0, "f1": -np.inf},
            "n_test_samples": np.int64(3),
            "fit_error": "Traceback ...",
            "estimator": object(),  # never written
        }
    ] * N_SPLITS
    key = (np.float64(2.0), np.int64(4), np.int64(0))
    _write(path, [(np.int64(0), key, np.int64(2), fits)], description)
    (record,) = _load(path, description)
    assert record.point == {"C": 2.0, "depth": 5, "kernel": "rbf"}
    assert record.iteration == 2 and type(record.iteration) is int
    fit = record.fits[0]
    assert fit["test_scores"] == {"acc": 0.5, "f1": np.inf}
    assert fit["train_scores"] == {"acc": 1.0, "f1": -np.inf}
    assert fit["fit_error"] == "Traceback ..." and "estimator" not in fit


def test_appends_accumulate_across_sessions(path):
    _write(path, RECORDS[:1])
    checkpoint = Checkpoint(path, DESCRIPTION)
    assert len(checkpoint.load(SPACE, N_SPLITS)) == 1
    header = _read(path).split(b"\n")[0]
    checkpoint.begin(SPLITS)
    checkpoint.append(RECORDS[1:])
    checkpoint.append([])
    assert _read(path).split(b"\n")[0] == header  # not rewritten
    expected = [
        {"C": 1.5, "depth": 3, "kernel": "linear"},
        {"alpha": 10.0},
        {"C": 0.01, "depth": 1, "kernel": "rbf"},
    ]
    assert [r.point for r in _load(path)] == expected
    assert len(_load(path)) == 3


def test_append_and_begin_need_load(path):
    checkpoint = Checkpoint(path, DESCRIPTION)
    with pytest.raises(RuntimeError):
        checkpoint.begin(SPLITS)
    checkpoint.load(SPACE, N_SPLITS)
    with pytest.raises(RuntimeError):
        checkpoint.append(RECORDS)
    assert not os.path.exists(path)


# -- splits ------------------------------------------------------------------------


def test_splits_round_trip_exactly(path):
    rng = np.random.default_rng(0)
    big = np.iinfo(np.int64)
    splits = [
        (rng.permutation(1000)[:700], np.arange(300)),  # shuffled, in order
        (np.array([big.max, big.min, 0, -1, 5]), np.array([], dtype=np.int64)),
        (np.arange(10, dtype=np.int32)[::-1], np.array([7, 3], dtype=np.uint16)),
        (np.array([True, False, True]), np.array([False, True, False])),
    ]
    checkpoint = Checkpoint(path, DESCRIPTION)
    checkpoint.load(SPACE, len(splits))
    checkpoint.begin(splits)
    again = Checkpoint(path, DESCRIPTION)
    assert again.load(SPACE, len(splits)) == []
    assert len(again.splits) == len(splits)
    for stored, given in zip(again.splits, splits):
        for a, b in zip(stored, given):
            assert a.dtype == b.dtype and a.shape == b.shape
            np.testing.assert_array_equal(a, b)
    # compact: a million sorted indices (8 MB) take under 1% of it
    checkpoint = Checkpoint(path + "2", DESCRIPTION)
    checkpoint.load(SPACE, 1)
    checkpoint.begin([(np.arange(1, 10**6), np.array([0]))])
    assert os.path.getsize(path + "2") < 80_000


def test_splits_none_and_other_splits_refused(path):
    checkpoint = Checkpoint(path, DESCRIPTION)
    checkpoint.load(SPACE, N_SPLITS)
    checkpoint.begin(None)
    again = Checkpoint(path, DESCRIPTION)
    assert again.load(SPACE, N_SPLITS) == [] and again.splits is None
    again.begin(SPLITS)  # nothing stored: nothing to compare

    _write(path + "2")
    before = _read(path + "2")
    other = Checkpoint(path + "2", DESCRIPTION)
    other.load(SPACE, N_SPLITS)
    with pytest.raises(CheckpointError, match="other cross-validation splits"):
        other.begin([(b, a) for a, b in SPLITS])
    assert _read(path + "2") == before
    same = Checkpoint(path + "2", DESCRIPTION)
    same.load(SPACE, N_SPLITS)
    same.begin([(list(a), list(b)) for a, b in SPLITS])


def test_bad_splits_given_to_begin(path):
    checkpoint = Checkpoint(path, DESCRIPTION)
    checkpoint.load(SPACE, 1)
    with pytest.raises(ValueError, match="indices"):
        checkpoint.begin([(np.array([0.5, 1.5]), np.array([0]))])
    with pytest.raises(ValueError, match="pair"):
        checkpoint.begin([np.arange(3)])
    assert not os.path.exists(path)


def test_a_new_header_is_written_atomically(path, monkeypatch):
    folder = os.path.dirname(path)
    checkpoint = Checkpoint(path, DESCRIPTION)
    checkpoint.load(SPACE, N_SPLITS)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        checkpoint.begin(SPLITS)
    assert os.listdir(folder) == []


# -- an incomplete last line -----------------------------------------------------


def test_a_torn_last_line_is_dropped_then_cut_off(path):
    _write(path)
    complete = _read(path)
    line = complete.split(b"\n")[-2]
    with open(path, "ab") as f:
        f.write(line[: len(line) // 2])  # killed while appending
    torn = _read(path)
    checkpoint = Checkpoint(path, DESCRIPTION)
    with pytest.warns(UserWarning, match="evaluated again") as record:
        records = checkpoint.load(SPACE, N_SPLITS)
    assert repr(path) in str(record[0].message)
    assert len(records) == len(RECORDS)
    assert _read(path) == torn  # load changes nothing
    checkpoint.begin(SPLITS)
    assert _read(path) == complete
    checkpoint.append([_record(1, {"alpha": 0.1}, 2)])
    assert len(_load(path)) == len(RECORDS) + 1  # no warning: errors


@pytest.mark.parametrize("tail", [b"\xe2", b"{", b'{"subspace": 0, "key": [1.5,'])
def test_only_the_last_line_may_be_torn(path, tail):
    _write(path)
    content = _read(path)
    lines = content.split(b"\n")
    with pytest.warns(UserWarning, match="incomplete"):
        _put(path, content + tail)
        assert len(_load(path)) == len(RECORDS)
    # the same bytes on a line that is not the last: corrupt
    lines.insert(2, tail)
    _put(path, b"\n".join(lines))
    _refused(path, "corrupt.*line 3")
    # a last line that ends with "\n": corrupt
    _put(path, content + tail + b"\n")
    _refused(path, f"line {len(RECORDS) + 2}")


def test_a_complete_last_line_without_newline_is_kept(path):
    _write(path)
    content = _read(path)
    _put(path, content[:-1])
    checkpoint = Checkpoint(path, DESCRIPTION)
    assert len(checkpoint.load(SPACE, N_SPLITS)) == len(RECORDS)
    checkpoint.begin(SPLITS)
    assert _read(path) == content
    checkpoint.append([_record(1, {"alpha": 0.1}, 2)])
    assert len(_load(path)) == len(RECORDS) + 1


def test_a_complete_but_invalid_last_line_without_newline_is_corrupt(path):
    _write(path)
    lines = _read(path).split(b"\n")[:-1]
    record = json.loads(lines[-1])
    record["subspace"] = -1
    lines[-1] = json.dumps(record).encode()
    _put(path, b"\n".join(lines))  # no final "\n"
    _refused(path, "subspace")


def test_begin_refuses_a_file_changed_since_load(path):
    _write(path)
    checkpoint = Checkpoint(path, DESCRIPTION)
    checkpoint.load(SPACE, N_SPLITS)
    with open(path, "ab") as f:
        f.write(b"{}\n")
    with pytest.raises(CheckpointError, match="changed since it was read"):
        checkpoint.begin(SPLITS)


# -- malformed records -------------------------------------------------------------


def _set(*where, value):
    def mutate(record):
        target = record
        for k in where[:-1]:
            target = target[k]
        target[where[-1]] = value

    return mutate


def _drop(*where):
    def mutate(record):
        target = record
        for k in where[:-1]:
            target = target[k]
        del target[where[-1]]

    return mutate


# record 1 is in sub-space 0: key = [C, depth position, kernel position]
MALFORMED = {
    "score is a list": (_set("fits", 0, "test_scores", value=[1, 2]), "test_scores"),
    "score is a dict": (_set("fits", 1, "test_scores", value={"a": 1.0}), "scores"),
    "score in a dict is a dict": (
        _set("fits", 0, "test_scores", value={"a": {"b": 1}}),
        "test_scores",
    ),
    "score 10**400": (_set("fits", 0, "test_scores", value=10**400), "too large"),
    "score is text": (_set("fits", 0, "test_scores", value="NaN"), "not a number"),
    "score is true": (_set("fits", 0, "test_scores", value=True), "not a number"),
    "score is null": (_set("fits", 0, "test_scores", value=None), "not a number"),
    "fit_time is a dict": (_set("fits", 0, "fit_time", value={"a": 1}), "fit_time"),
    "fit_time 10**400": (_set("fits", 0, "fit_time", value=10**400), "too large"),
    "no fit_time": (_drop("fits", 0, "fit_time"), "no fit_time"),
    "no score_time": (_drop("fits", 2, "score_time"), "no score_time"),
    "no test_scores": (_drop("fits", 0, "test_scores"), "no test_scores"),
    "no n_test_samples": (_drop("fits", 0, "n_test_samples"), "n_test_samples"),
    "no fit_error": (_drop("fits", 0, "fit_error"), "fit_error"),
    "unknown fit key": (_set("fits", 0, "estimator", value="x"), "unknown"),
    "train scores not asked": (_set("fits", 0, "train_scores", value=1.0), "train"),
    "n_test_samples -1": (_set("fits", 0, "n_test_samples", value=-1), "count"),
    "n_test_samples 1.5": (_set("fits", 0, "n_test_samples", value=1.5), "count"),
    "n_test_samples true": (_set("fits", 0, "n_test_samples", value=True), "count"),
    "fit_error 3": (_set("fits", 0, "fit_error", value=3), "fit_error"),
    "fit is a list": (_set("fits", 0, value=[1]), "fold 0"),
    "fits is a dict": (_set("fits", value={"a": 1}), "fits"),
    "two folds": (lambda r: r["fits"].pop(), "2 folds"),
    "four folds": (lambda r: r["fits"].append(r["fits"][0]), "4 folds"),
    "no folds": (_set("fits", value=[]), "no folds"),
    "subspace -1": (_set("subspace", value=-1), "subspace"),
    "subspace 1.0": (_set("subspace", value=1.0), "subspace"),
    "subspace true": (_set("subspace", value=True), "subspace"),
    "subspace 2": (_set("subspace", value=2), "subspace"),
    "subspace text": (_set("subspace", value="0"), "subspace"),
    "iteration first": (_set("iteration", value="first"), "iteration"),
    "iteration -1": (_set("iteration", value=-1), "iteration"),
    "iteration 1.5": (_set("iteration", value=1.5), "iteration"),
    "iteration true": (_set("iteration", value=True), "iteration"),
    "category -1": (_set("key", 2, value=-1), "kernel"),
    "category 0.9": (_set("key", 2, value=0.9), "kernel"),
    "category 0.0": (_set("key", 2, value=0.0), "kernel"),
    "category true": (_set("key", 2, value=True), "kernel"),
    "category 2": (_set("key", 2, value=2), "kernel"),
    "category text": (_set("key", 2, value="rbf"), "kernel"),
    "integer position 5": (_set("key", 1, value=5), "depth"),
    "integer position 10**400": (_set("key", 1, value=10**400), "depth"),
    "real above bounds": (_set("key", 0, value=1e4), "C"),
    "real below bounds": (_set("key", 0, value=0.0), "C"),
    "real nan": (_set("key", 0, value="nan"), "C"),
    "real 10**400": (_set("key", 0, value=10**400), "C"),
    "real true": (_set("key", 0, value=True), "C"),
    "real null": (_set("key", 0, value=None), "C"),
    "key too short": (lambda r: r["key"].pop(), "key"),
    "key too long": (lambda r: r["key"].append(0), "key"),
    "key not a list": (_set("key", value="1.5"), "key"),
    "key for the other sub-space": (_set("subspace", value=1), "key"),
    "no iteration": (_drop("iteration"), "keys"),
    "unknown record key": (_set("extra", value=1), "keys"),
}


@pytest.mark.parametrize("mutate, match", MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize("last", [False, True], ids=["middle", "last"])
def test_a_malformed_record_is_refused(path, mutate, match, last):
    _write(path)
    lines = _read(path).split(b"\n")
    index = len(RECORDS) if last else 1  # the last record, or the first
    record = json.loads(lines[index])
    mutate(record)
    lines[index] = json.dumps(record).encode()
    _put(path, b"\n".join(lines))
    message = _refused(path, match)
    assert f"line {index + 1}" in message


def _raw(line=1, text=None, replace=None):
    """Change the file's text: a line replaced, or text substituted."""

    def mutate(content):
        lines = content.split(b"\n")
        if text is not None:
            lines[line] = text
        if replace is not None:
            lines[line] = lines[line].replace(*replace)
        return b"\n".join(lines)

    return mutate


def _duplicate(content):
    lines = content.split(b"\n")
    return b"\n".join([*lines[:-1], lines[1], b""])


def _alias_real(content):
    # C = 2 (an int) is the point C = 2.0 already recorded
    lines = content.split(b"\n")
    first = json.loads(lines[1])
    first["key"][0] = 2.0
    second = dict(first, key=[2, *first["key"][1:]], iteration=5)
    lines[1] = json.dumps(first).encode()
    return b"\n".join([*lines[:-1], json.dumps(second).encode(), b""])


def _version(version):
    def mutate(content):
        lines = content.split(b"\n")
        header = json.loads(lines[0])
        header["version"] = version
        lines[0] = json.dumps(header).encode()
        return b"\n".join(lines)

    return mutate


def _header(change):
    def mutate(content):
        lines = content.split(b"\n")
        header = json.loads(lines[0])
        change(header)
        lines[0] = json.dumps(header).encode()
        return b"\n".join(lines)

    return mutate


def _version_2(content):
    old = {"format": "skbayes-checkpoint", "version": 2, "candidates": []}
    return json.dumps(old).encode()  # one line, no "\n"


CORRUPT = {
    "empty": (lambda c: b"", "empty"),
    "not utf-8": (_raw(1, b'{"subspace": "\xff\xfe"}'), "UTF-8"),
    "not json": (_raw(1, b"{not json"), "not JSON"),
    "an empty line": (_raw(1, b""), "not JSON"),
    "NaN literal": (_raw(2, replace=(b'"nan"', b"NaN")), "not JSON"),
    "Infinity literal": (_raw(2, replace=(b'"nan"', b"Infinity")), "not JSON"),
    "1e400": (_raw(1, replace=(b'"score_time":0.001', b'"score_time":1e400')), "fin"),
    "deeply nested": (_raw(1, b"[" * 100_000 + b"]" * 100_000), "nested"),
    "deeply nested object": (_raw(1, b'{"a":' * 100_000 + b"}" * 100_000), "nest"),
    "repeated json key": (_raw(1, replace=(b"{", b'{"iteration":0,', 1)), "repeated"),
    "a list": (_raw(1, b"[1, 2]"), "keys"),
    "listed twice": (_duplicate, r"listed twice \(lines 2 and 5\)"),
    "aliased real": (_alias_real, "listed twice"),
    "header not json": (_raw(0, b'{"format": "skbayes-checkpoint", "ver'), "line 1"),
    "header a list": (_raw(0, b"[1, 2]"), "not a skbayes checkpoint"),
    "other format": (_header(lambda h: h.update(format="x")), "not a skbayes"),
    "version 2": (_version(2), r"another skbayes version.*version 2\b"),
    "version 5": (_version(5), r"another skbayes version.*version 5\b"),
    "version 4.0": (_version(4.0), "another skbayes version"),
    "version missing": (_header(lambda h: h.pop("version")), "another skbayes"),
    "version-2 file": (_version_2, r"another skbayes version.*version 2\b"),
    "header key missing": (_header(lambda h: h.pop("splits")), "header has keys"),
    "header key added": (_header(lambda h: h.update(x=1)), "header has keys"),
    "search edited": (
        _header(lambda h: h["search"].update(cv=5)),
        "fingerprint is not that of the search",
    ),
    "splits garbage": (
        _header(lambda h: h["splits"][0]["train"].update(zlib="!!!")),
        "train indices of split 0",
    ),
    "splits too few indices": (
        _header(lambda h: h["splits"][1]["test"].update(n=4)),
        "test indices of split 1",
    ),
    "splits float dtype": (
        _header(lambda h: h["splits"][0]["test"].update(dtype="<f8")),
        "dtype",
    ),
    "splits object dtype": (
        _header(lambda h: h["splits"][0]["test"].update(dtype="|O")),
        "dtype",
    ),
    "splits n 10**400": (
        _header(lambda h: h["splits"][0]["test"].update(n=10**400)),
        "count",
    ),
    "splits not a list": (_header(lambda h: h.update(splits={})), "splits"),
    "splits for 2 folds": (_header(lambda h: h["splits"].pop()), "2 cross-valid"),
    "header only, torn": (lambda c: c.split(b"\n")[0][:-5], "line 1"),
    "header only, no newline": (lambda c: c.split(b"\n")[0], "incomplete"),
}


@pytest.mark.parametrize("mutate, match", CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_file_is_refused(path, mutate, match):
    _write(path)
    content = mutate(_read(path))
    _put(path, content)
    _refused(path, match)


def test_other_searches_are_refused_saying_what_differs(path):
    _write(path)
    other = json.loads(json.dumps(DESCRIPTION))
    other["data"]["X"] = "other"
    other["data"]["params"]["sample_weight"] = "w"
    message = _refused(path, "written by another search", description=other)
    assert "its data (X, sample_weight) differ" in message
    other = {**DESCRIPTION, "scoring": "accuracy", "cv": 5}
    _refused(path, r"its cv, scoring differ", description=other)


def test_another_number_of_folds_is_refused(path):
    _write(path)
    _refused(path, "3 cross-validation splits, this search has 2", n_splits=2)
    _write(path + "2", splits=None)
    _refused(path + "2", "3 folds, the search has 2", n_splits=2)


def test_train_scores_and_scorer_names_must_be_consistent(path):
    description = {**DESCRIPTION, "return_train_score": True}
    _write(path, RECORDS[:1], description)
    _refused(path, "has no train_scores", description=description)
    multi = [
        dict(f, test_scores={"a": 1.0, "b": 2.0}, train_scores={"a": 1.0})
        for f in _fits()
    ]
    _write(path + "2", [_record(1, {"alpha": 1.0}, 0, multi)], description)
    _refused(path + "2", "train_scores has scores of 'a'", description=description)
    records = [
        _record(
            1, {"alpha": 1.0}, 0, [dict(f, test_scores={"a": 1.0}) for f in _fits()]
        ),
        _record(
            1, {"alpha": 0.1}, 0, [dict(f, test_scores={"b": 1.0}) for f in _fits()]
        ),
    ]
    _write(path + "3", records)
    _refused(path + "3", r"line 3.*scores of 'b'.*scores of 'a'")


# -- appending ---------------------------------------------------------------------


def test_append_never_reads_the_file(path, monkeypatch):
    _write(path)
    checkpoint = Checkpoint(path, DESCRIPTION)
    checkpoint.load(SPACE, N_SPLITS)
    checkpoint.begin(SPLITS)
    calls = []
    real_open, real_os_open, real_write = builtins.open, os.open, os.write

    def counting_open(*args, **kwargs):
        calls.append(("open", args))
        return real_open(*args, **kwargs)

    def counting_os_open(file, flags, *args, **kwargs):
        calls.append(("os.open", flags))
        return real_os_open(file, flags, *args, **kwargs)

    def counting_write(fd, data):
        calls.append(("os.write", len(data)))
        return real_write(fd, data)

    def forbidden(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    monkeypatch.setattr(os, "write", counting_write)
    monkeypatch.setattr(os, "read", forbidden)
    batch = [
        _record(1, {"alpha": 0.1}, 2),
        _record(0, {"C": 3.0, "depth": 2, "kernel": "rbf"}, 2),
    ]
    checkpoint.append(batch)
    monkeypatch.undo()
    assert [c[0] for c in calls] == ["os.open", "os.write"]  # one write
    flags = calls[0][1]
    assert flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR) == os.O_WRONLY
    assert flags & os.O_APPEND
    lines = _read(path).split(b"\n")
    assert calls[1][1] == len(lines[-3]) + len(lines[-2]) + 2
    assert len(_load(path)) == len(RECORDS) + 2


def test_append_cost_does_not_depend_on_the_history(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # disk speed is not measured
    space = SearchSpace({"x": (0.0, 1.0)})

    def timed(path, history):
        checkpoint = Checkpoint(path, DESCRIPTION)
        checkpoint.load(space, N_SPLITS)
        checkpoint.begin(SPLITS)
        checkpoint.append([(0, (i / 10**4,), 0, _fits()) for i in range(history)])
        start = time.perf_counter()
        for i in range(200):
            checkpoint.append([(0, (0.5 + i / 10**4,), 1, _fits())])
        return time.perf_counter() - start

    timed(str(tmp_path / "warm-up"), 0)
    empty = min(timed(str(tmp_path / f"empty{i}"), 0) for i in range(3))
    full = min(timed(str(tmp_path / f"full{i}"), 5000) for i in range(3))
    assert full < 5 * empty + 0.05, (full, empty)
    assert len(Checkpoint(str(tmp_path / "full0"), DESCRIPTION).load(space, 3)) == 5200


# -- check_path ----------------------------------------------------------------------


def _path_refused(path, match):
    with pytest.raises(ValueError, match=match) as info:
        Checkpoint(path, DESCRIPTION).check_path()
    message = str(info.value)
    assert message.startswith(f"checkpoint: {os.fspath(path)!r} "), message


def test_check_path_accepts_a_new_file_and_leaves_nothing(tmp_path, monkeypatch):
    Checkpoint(tmp_path / "new.ckpt", DESCRIPTION).check_path()
    monkeypatch.chdir(tmp_path)
    Checkpoint("here.ckpt", DESCRIPTION).check_path()
    assert os.listdir(tmp_path) == []
    _write(str(tmp_path / "old.ckpt"))
    Checkpoint(tmp_path / "old.ckpt", DESCRIPTION).check_path()


def test_check_path_refuses(tmp_path, monkeypatch):
    _path_refused("", "is not a path")
    _path_refused(str(tmp_path), "is a directory")
    _path_refused(tmp_path / "missing" / "search.ckpt", "does not exist")
    monkeypatch.chdir(tmp_path)
    _path_refused("missing/search.ckpt", "its folder 'missing' does not exist")
    os.mkdir("sub")
    _path_refused("sub", "is a directory")
    open("a-file", "w").close()
    _path_refused("a-file/search.ckpt", "its folder 'a-file' is not a folder")
    os.symlink("nowhere", "dangling")
    _path_refused("dangling", "is not a regular file")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_check_path_refuses_a_read_only_folder(tmp_path, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: the folder stays writable")
        monkeypatch.chdir(tmp_path)
        _path_refused("read-only/search.ckpt", "cannot be created.*'read-only'")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o444, 0o200, 0o000])
def test_check_path_refuses_a_file_it_cannot_read_and_write(tmp_path, mode):
    path = tmp_path / "search.ckpt"
    _write(str(path))
    path.chmod(mode)
    try:
        if os.access(path, os.R_OK | os.W_OK):
            pytest.skip("running as root: the file stays readable and writable")
        _path_refused(path, "cannot be read and written")
    finally:
        path.chmod(0o644)


# -- describe_search -----------------------------------------------------------------


def _search(scoring=None, estimator="est", cv=3):
    return types.SimpleNamespace(
        estimator=estimator, scoring=scoring, cv=cv, return_train_score=False
    )


def _describe(X=None, y=None, params=None, **search):
    X = np.arange(20.0).reshape(10, 2) if X is None else X
    y = np.arange(10) % 2 if y is None else y
    return describe_search(_search(**search), SPACE, X, y, params or {})


def test_describe_search_is_json_ready_and_stable():
    description = _describe()
    assert set(description) == {
        "estimator",
        "search_spaces",
        "scoring",
        "cv",
        "return_train_score",
        "data",
    }
    assert json.loads(json.dumps(description)) == description
    assert _describe() == description
    assert len(fingerprint_digest(description)) == 64
    x = description["data"]["X"]
    assert x["shape"] == [10, 2] and x["dtype"] == "float64" and len(x["sha256"]) == 64


def test_describe_search_tells_data_apart():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20) % 2
    base = _describe(X, y)
    assert _describe(X[::2], y[::2])["data"] != base["data"]
    changed = X.copy()
    changed[7, 1] += 1e-9
    assert _describe(changed, y)["data"]["X"] != base["data"]["X"]
    # a strided view is digested like its contiguous copy
    assert _describe(X[::2], y[::2]) == _describe(
        np.ascontiguousarray(X[::2]), y[::2].copy()
    )
    assert _describe(np.asfortranarray(X), y) == base
    w = np.ones(20)
    weighted = _describe(X, y, {"sample_weight": w})
    assert weighted["data"]["params"]["sample_weight"]["shape"] == [20]
    w2 = w.copy()
    w2[3] = 2.0
    assert _describe(X, y, {"sample_weight": w2}) != weighted
    assert _describe(X, y, {"sample_weight": w.astype(np.float32)}) != weighted
    groups = {"groups": np.arange(20) // 5}
    assert _describe(X, y, groups) != _describe(X, y, {"groups": np.arange(20) // 4})
    # scalars by value, lists like arrays
    assert _describe(X, y, {"alpha": 1})["data"]["params"]["alpha"] == 1
    assert _describe(X, list(y)) != _describe(X, list(1 - y))
    assert _describe(X, list(y))["data"]["y"]["shape"] == [20]
    assert _describe(X, ["a", "b"] * 10) != _describe(X, ["a", "c"] * 10)
    assert _describe(X, y.astype(object)) != _describe(X, (1 - y).astype(object))
    ragged = [[1], [1, 2]]
    assert _describe(X, y, {"r": ragged}) != _describe(X, y, {"r": [[1], [1, 3]]})


def test_describe_search_reads_big_arrays_without_a_python_loop():
    X = np.ones((200_000, 20))
    start = time.perf_counter()
    _describe(X, np.ones(200_000))
    _describe(X[:, ::2], np.ones(200_000))
    assert time.perf_counter() - start < 5


def test_describe_search_pandas_and_sparse():
    pd = pytest.importorskip("pandas")
    sparse = pytest.importorskip("scipy.sparse")
    frame = pd.DataFrame({"a": np.arange(6.0), "b": list("xyzxyz"), "c": range(6)})
    series = pd.Series(np.arange(6) % 2, name="target")
    base = _describe(frame, series)
    assert base == _describe(frame.copy(), series.copy())
    assert base["data"]["X"]["shape"] == [6, 3]
    assert _describe(frame.rename(columns={"a": "A"}), series) != base
    assert _describe(frame.set_index(frame.index + 1), series) != base
    assert _describe(frame.assign(b=list("xyzxyy")), series) != base
    assert _describe(frame.astype({"b": "category"}), series) != base
    assert _describe(frame, series.rename("other")) != base
    assert _describe(frame, series.iloc[::-1]) != base
    cats = frame.astype({"b": "category"})
    assert _describe(cats, series) == _describe(cats.copy(), series)
    assert _describe(frame, series, {"w": pd.Series(np.ones(6))}) != _describe(
        frame, series, {"w": pd.Series(np.ones(6) * 2)}
    )

    dense = np.array([[0, 1.0, 0], [2.0, 0, 3.0]])
    matrix = sparse.csr_matrix(dense)
    described = _describe(matrix, np.array([0, 1]))
    assert described["data"]["X"]["nnz"] == 3
    assert _describe(sparse.csc_matrix(dense), np.array([0, 1])) == described
    coo = sparse.coo_matrix(([1.0, 0.5, 1.5, 3.0], ([0, 1, 1, 1], [1, 0, 0, 2])))
    assert _describe(coo, np.array([0, 1])) == described  # duplicates summed
    dense[1, 2] = 4.0
    assert _describe(sparse.csr_matrix(dense), np.array([0, 1])) != described


def _score_one(est, X, y):
    return 1.0


def test_describe_search_tells_callables_apart():
    def scoring(k):
        return lambda est, X, y: k

    one = _describe(scoring=lambda est, X, y: 1.0)
    assert one == _describe(scoring=lambda est, X, y: 1.0)  # the same code
    assert one != _describe(scoring=lambda est, X, y: 2.0)
    assert one != _describe(scoring=lambda est, X, y: abs(1.0))
    assert _describe(scoring=scoring(1)) != _describe(scoring=scoring(2))
    assert _describe(scoring=scoring(1)) == _describe(scoring=scoring(1))
    assert _describe(scoring=_score_one) != one
    assert "_score_one" in json.dumps(_describe(scoring=_score_one)["scoring"])
    partial = functools.partial(max, 1)
    assert _describe(scoring=partial) != _describe(scoring=functools.partial(max, 2))

    def defaults(est, X, y, k=1):
        return k

    def defaults2(est, X, y, k=2):
        return k

    defaults2.__qualname__ = defaults.__qualname__
    assert _describe(scoring=defaults) != _describe(scoring=defaults2)

    class Scorer:
        def __init__(self, k):
            self.k = k

        def __call__(self, est, X, y):
            return self.k

    assert _describe(scoring=Scorer(1)) == _describe(scoring=Scorer(1))
    assert _describe(scoring=Scorer(1)) != _describe(scoring=Scorer(2))
    assert _describe(scoring={"a": Scorer(1)}) != _describe(scoring={"a": Scorer(2)})

    def recursive(est, X, y):
        return recursive  # a closure cell holding the function itself

    assert _describe(scoring=recursive) == _describe(scoring=recursive)


def test_describe_search_estimators_with_callables():
    from sklearn.metrics import f1_score, make_scorer, recall_score
    from sklearn.preprocessing import FunctionTransformer

    first = _describe(estimator=FunctionTransformer(lambda X: X + 1))
    assert first == _describe(estimator=FunctionTransformer(lambda X: X + 1))
    assert first != _describe(estimator=FunctionTransformer(lambda X: X + 2))
    f1 = _describe(scoring=make_scorer(f1_score))
    assert f1 == _describe(scoring=make_scorer(f1_score))
    assert f1 != _describe(scoring=make_scorer(recall_score))
    assert f1 != _describe(scoring=make_scorer(f1_score, average="macro"))
    assert "0x" not in json.dumps(f1)


MODULE = textwrap.dedent(
    """
    import functools

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, make_scorer

    THRESHOLD = 0.5

    def custom(est, X, y, weight=2.0):
        return float(np.mean(est.predict(X) == y)) * weight > THRESHOLD

    def closure(k):
        def score(est, X, y):
            return k + len({"a", "b", "c"})
        return score

    class Callable:
        def __init__(self):
            self.k = {"x", "y"}

        def __call__(self, est, X, y):
            return 1.0

    SCORING = {
        "custom": custom,
        "lambda": lambda est, X, y: 1.0,
        "closure": closure(3),
        "partial": functools.partial(custom, weight=3.0),
        "callable": Callable(),
        "f1": make_scorer(f1_score),
    }
    ESTIMATOR = LogisticRegression(C=2.0)
    """
)

RUN = textwrap.dedent(
    """
    import json, sys, types
    import numpy as np
    import pandas as pd
    sys.path.insert(0, sys.argv[1])
    import ckmod
    from skbayes._checkpoint import describe_search
    from skbayes.space import SearchSpace
    space = SearchSpace({"C": (1e-3, 1e3, "log-uniform"), "k": ["a", "b"]})
    search = types.SimpleNamespace(
        estimator=ckmod.ESTIMATOR, scoring=ckmod.SCORING, cv=3,
        return_train_score=True)
    X = pd.DataFrame({"a": np.arange(6.0), "b": list("xyzxyz")})
    y = np.arange(6) % 2
    params = {"groups": [1, 1, 2, 2, 3, 3]}
    print(json.dumps(describe_search(search, space, X, y, params)))
    """
)


def test_the_same_functions_give_the_same_description_in_a_new_process(tmp_path):
    pytest.importorskip("pandas")
    (tmp_path / "ckmod.py").write_text(MODULE)
    (tmp_path / "run.py").write_text(RUN)
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, str(tmp_path / "run.py"), str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1]
    scoring = outputs[0]["scoring"]
    assert scoring["custom"]["function"] == "ckmod.custom"
    assert scoring["lambda"]["function"] == "ckmod.<lambda>"
    assert scoring["custom"]["globals"] == {"THRESHOLD": 0.5}
    assert "0x" not in json.dumps(outputs[0])
    # installed libraries: code, not module-level values
    assert '"globals": {}' in json.dumps(scoring["f1"])
    assert re.search(r'"globals": \{"', json.dumps(scoring["f1"])) is None
    # the same code changed: another description
    changed = MODULE.replace("1.0", "2.0").replace("THRESHOLD = 0.5", "THRESHOLD = 1")
    (tmp_path / "ckmod.py").write_text(changed)
    proc = subprocess.run(
        [sys.executable, str(tmp_path / "run.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    changed = json.loads(proc.stdout)["scoring"]
    assert changed["lambda"] != scoring["lambda"]
    assert changed["callable"] != scoring["callable"]
    assert changed["custom"]["globals"] == {"THRESHOLD": 1}
    assert changed["closure"] == scoring["closure"]
    assert changed["f1"] == scoring["f1"]


# -- multi-fidelity records (version 4) -------------------------------------------


def test_a_version_3_file_is_read_as_it_is(path):
    _write(path)
    _put(path, _version(3)(_read(path)))
    records = _load(path)
    assert [r.subspace for r in records] == [0, 1, 0]
    assert all(r.fidelity is None for r in records)


def test_fidelity_is_written_and_read_back(path):
    point = {"C": 1.5, "depth": 3, "kernel": "linear"}
    first, second = _record(0, point, 0), _record(0, point, 1)
    _write(path, [(*first, (0, 0, 10)), (*second, (0, 1, 30))])
    records = _load(path)
    assert [r.fidelity for r in records] == [(0, 0, 10), (0, 1, 30)]
    assert records[0].point == records[1].point  # one candidate, two rounds
    content = _read(path)
    _put(path, content.replace(b'"fidelity":[0,1,30]', b'"fidelity":[0,1,"30"]'))
    _refused(path, "fidelity is")
    _put(path, content.replace(b'"fidelity":[0,1,30]', b'"fidelity":[0,0,10]'))
    _refused(path, "listed twice")
