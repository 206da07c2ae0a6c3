"""The checkpoint file format: the lines written, and what is read validated.

File format (version 4)
-----------------------
A checkpoint is a UTF-8 text file of JSON documents, one per line, each line
ending with ``"\\n"``:

* Line 1, the header, is written once, atomically (a temporary file in the
  same folder, ``fsync``, then ``os.replace``)::

      {"format": "skbayes-checkpoint", "version": 4,
       "fingerprint": "<sha256 of the canonical JSON of search>",
       "search": {"estimator": ..., "search_spaces": ..., "scoring": ...,
                  "cv": ..., "return_train_score": ..., "data": ...},
       "splits": [{"train": ARRAY, "test": ARRAY}, ...] or null}

  ``search`` is what :func:`describe_search` gives: what must match for the
  checkpoint to be resumed. Each ``ARRAY`` of indices is
  ``{"dtype": "<i8", "n": 30, "zlib": "<base64>"}``: the numpy dtype
  (``dtype.str``), the number of indices, and the base64 text of the zlib
  compressed bytes of the array, integer arrays delta-encoded first (the
  differences of successive indices, wrapping around like the dtype does),
  boolean masks as they are.

* Every further line is one evaluated candidate, appended after its batch::

      {"subspace": 0, "key": [1, 0.25], "iteration": 3,
       "fits": [{"fit_time": 0.01, "score_time": 0.002, "test_scores": 0.9,
                 "train_scores": 0.95, "n_test_samples": 20,
                 "fit_error": null}, ...]}

  ``subspace`` is the position of the sub-space in the search space, ``key``
  its canonical key of the point (a position, from 0, for a finite dimension;
  the number itself for a continuous one), ``fits`` one entry per fold, as
  scikit-learn's ``_fit_and_score`` gives them (``test_scores`` and
  ``train_scores`` are numbers, or objects of scorer names to numbers).
  Non-finite numbers are written as the strings ``"nan"``, ``"inf"`` and
  ``"-inf"``.

  A multi-fidelity search (successive halving) evaluates a candidate once
  per round it reaches; its lines have a fifth key, ``"fidelity": [bracket,
  iter, n_resources]`` (the bracket, the round and the resource, integers
  from 0), and a candidate is listed once per fidelity.

Version 4 added the ``fidelity`` key; a file of version 3 (which has none)
is read as it is, and appended to as it is.

A batch of candidates is appended with one ``write`` followed by ``fsync``:
the cost of an append does not depend on how many candidates the file holds.
A process killed while appending can leave an incomplete last line (no final
``"\\n"``, not JSON): it is dropped when the checkpoint is loaded (that
candidate is evaluated again), and cut off before the next append. Anything
else that does not read back exactly as it was written is refused, and the
file is left as it is.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from typing import NamedTuple

import numpy as np

_FORMAT = "skbayes-checkpoint"
_VERSION = 4
#: the versions read (a version-3 file is a version-4 file without fidelity)
_READ_VERSIONS = (3, 4)
_HEADER_KEYS = frozenset({"format", "version", "fingerprint", "search", "splits"})
_RECORD_KEYS = frozenset({"subspace", "key", "iteration", "fits"})
_FIDELITY_KEY = "fidelity"
_SPLIT_KEYS = frozenset({"train", "test"})
_ARRAY_KEYS = frozenset({"dtype", "n", "zlib"})
# the keys of a fit that are kept (what ``_format_results`` reads)
_FIT_REQUIRED = ("fit_time", "score_time", "test_scores", "n_test_samples", "fit_error")
_FIT_KEYS = frozenset({*_FIT_REQUIRED, "train_scores"})
_NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_MAX_INDICES = 2**40  # more indices than any data set has: a corrupt header


class CheckpointError(ValueError):
    """A checkpoint file that cannot be used (corrupt, or for another search)."""


class CheckpointRecord(NamedTuple):
    """A candidate read back from a checkpoint.

    Parameters
    ----------
    subspace : int
        Position of the candidate's sub-space in the search space.
    point : dict
        The candidate's parameters, the very values of the search space.
    iteration : int
        The iteration (from 0) at which the candidate was evaluated.
    fits : list of dict
        One dict per fold: ``fit_time``, ``score_time``, ``test_scores``,
        ``n_test_samples``, ``fit_error`` and, if the search returned them,
        ``train_scores``.
    fidelity : tuple of int or None, default=None
        ``(bracket, iter, n_resources)`` of a multi-fidelity search's
        candidate, None otherwise.
    """

    subspace: int
    point: dict
    iteration: int
    fits: list[dict]
    fidelity: tuple | None = None


# -- writing -------------------------------------------------------------------


def _jsonable(value):
    """``value`` with numpy types as Python ones, non-finite floats as strings."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _fit_line(fit):
    out = {k: _jsonable(v) for k, v in fit.items() if k in _FIT_KEYS}
    out.setdefault("fit_error", None)
    return out


def _line(obj):
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return (text + "\n").encode("ascii")


def _encode_indices(indices, what):
    arr = np.asarray(indices)
    if arr.ndim != 1 or arr.dtype.kind not in "biu":
        raise ValueError(
            f"checkpoint: {what} must be a 1-d array of indices or a boolean "
            f"mask, got an array of dtype {arr.dtype} and shape {arr.shape}."
        )
    if arr.dtype.kind in "iu" and arr.size:
        delta = arr.copy()
        delta[1:] = arr[1:] - arr[:-1]  # wraps around like the dtype does
        arr = delta
    payload = zlib.compress(np.ascontiguousarray(arr).tobytes(), 6)
    return {
        "dtype": arr.dtype.str,
        "n": int(arr.size),
        "zlib": base64.b64encode(payload).decode("ascii"),
    }


def _encode_splits(splits):
    if splits is None:
        return None
    out = []
    for i, split in enumerate(splits):
        try:
            train, test = split
        except (TypeError, ValueError):
            raise ValueError(
                f"checkpoint: split {i} must be a (train, test) pair of index "
                f"arrays, got {split!r}."
            ) from None
        out.append(
            {
                "train": _encode_indices(train, f"the train indices of split {i}"),
                "test": _encode_indices(test, f"the test indices of split {i}"),
            }
        )
    return out


# -- reading -------------------------------------------------------------------


class _Corrupt(Exception):
    """A problem found while reading a checkpoint (made a CheckpointError)."""


class _Refused(Exception):
    """A valid checkpoint that cannot be resumed (made a CheckpointError)."""


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unique_keys(pairs):
    obj = dict(pairs)
    if len(obj) != len(pairs):
        names = [k for k, _ in pairs]
        twice = sorted({k for k in names if names.count(k) > 1})
        raise ValueError(f"the key {twice[0]!r} is repeated")
    return obj


def _no_constant(name):
    raise ValueError(f"{name} is not JSON (non-finite numbers are written as strings)")


def _parse_line(raw):
    """A line's JSON, or _Corrupt."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Corrupt(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return json.loads(
            text, parse_constant=_no_constant, object_pairs_hook=_unique_keys
        )
    except RecursionError:
        raise _Corrupt("JSON nested too deeply") from None
    except ValueError as exc:
        raise _Corrupt(f"not JSON ({exc})") from None


def _is_int(value):
    return type(value) is int


def _number(value, what):
    """A score or time: a finite number or "nan", "inf", "-inf" -> float."""
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    return _finite(value, what)


def _finite(value, what):
    """A finite JSON number -> float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Corrupt(f"{what} is {_short(value)}, not a number")
    try:
        number = float(value)
    except OverflowError:
        raise _Corrupt(f"{what} is {_short(value)}, too large for a float") from None
    if not math.isfinite(number):
        raise _Corrupt(f"{what} is {_short(value)}, not a finite number")
    return number


def _scores(value, what):
    """A number, or a dict of scorer names to numbers."""
    if isinstance(value, dict):
        if not value:
            raise _Corrupt(f"{what} is an empty object")
        return {k: _number(v, f"{what}[{k!r}]") for k, v in value.items()}
    return _number(value, what)


def _shape(scores):
    return None if not isinstance(scores, dict) else tuple(sorted(scores))


def _describe_shape(shape):
    if shape is None:
        return "a number"
    return "scores of " + ", ".join(repr(k) for k in shape)


def _decode_indices(obj, what):
    if not isinstance(obj, dict) or set(obj) != _ARRAY_KEYS:
        raise _Corrupt(f"{what} must be an object with keys {sorted(_ARRAY_KEYS)}")
    text, n = obj["dtype"], obj["n"]
    try:
        dtype = np.dtype(text) if isinstance(text, str) else None
    except (TypeError, ValueError):
        dtype = None
    if dtype is None or dtype.str != text or dtype.kind not in "biu":
        raise _Corrupt(f"{what} has dtype {_short(text)}, not one of integers")
    if not _is_int(n) or not 0 <= n <= _MAX_INDICES:
        raise _Corrupt(f"{what} has n = {_short(n)}, not a count of indices")
    if not isinstance(obj["zlib"], str):
        raise _Corrupt(f"{what}: zlib is not a string")
    try:
        payload = base64.b64decode(obj["zlib"].encode("ascii"), validate=True)
        stream = zlib.decompressobj()
        data = stream.decompress(payload, n * dtype.itemsize + 1)
    except (binascii.Error, UnicodeEncodeError, ValueError, zlib.error) as exc:
        raise _Corrupt(f"{what} cannot be decoded ({exc})") from None
    if (
        len(data) != n * dtype.itemsize
        or not stream.eof
        or stream.unused_data
        or stream.unconsumed_tail
    ):
        raise _Corrupt(f"{what} does not hold {n} indices of dtype {text}")
    native = dtype.newbyteorder("=")
    arr = np.frombuffer(data, dtype=dtype).astype(native)
    if dtype.kind in "iu":
        arr = np.cumsum(arr, dtype=native)  # undoes the delta encoding
    return arr


def _decode_splits(obj):
    if obj is None:
        return None
    if not isinstance(obj, list):
        raise _Corrupt("splits must be a list or null")
    splits = []
    for i, split in enumerate(obj):
        if not isinstance(split, dict) or set(split) != _SPLIT_KEYS:
            raise _Corrupt(f"split {i} must be an object with keys 'test', 'train'")
        train = _decode_indices(split["train"], f"the train indices of split {i}")
        test = _decode_indices(split["test"], f"the test indices of split {i}")
        splits.append((train, test))
    return splits


def _point(space, key):
    """The point of a sub-space a key stands for, validated (or _Corrupt)."""
    if not isinstance(key, list) or len(key) != len(space):
        raise _Corrupt(
            f"key is {_short(key)}, not a list of {len(space)} values "
            f"(one per parameter of {list(space.names)})"
        )
    point = {}
    for (name, dim), k in zip(space.items(), key):
        if dim.is_finite:
            if not _is_int(k) or not 0 <= k < dim.n_values:
                raise _Corrupt(
                    f"{name}: {_short(k)} is not a position of a value of {dim!r} "
                    f"(an integer from 0 to {dim.n_values - 1})"
                )
            try:
                value = dim.value_at(k)
                ok = dim.key(value) == k and dim.contains(value)
            except Exception:  # pragma: no cover - a dimension's own failure
                ok = False
            if not ok:  # pragma: no cover - the space does not round trip
                raise _Corrupt(f"{name}: position {k} of {dim!r} does not round trip")
        else:
            number = _finite(k, name)
            try:
                ok = dim.contains(number)
                value = dim.key(number) if ok else None
                ok = ok and value == number and dim.contains(value)
            except Exception:  # pragma: no cover - a dimension's own failure
                ok = False
            if not ok:
                raise _Corrupt(f"{name}: {_short(k)} is not a value of {dim!r}")
        point[name] = value
    return point


class _Fits:
    """Checks fits, and that every record has scores of the same shape."""

    def __init__(self, return_train_score, n_splits):
        self.train = return_train_score  # True, False, or None: as the first
        self.n_splits = n_splits
        self.shape, self.first = None, False

    def __call__(self, fits):
        if not isinstance(fits, list):
            raise _Corrupt(f"fits is {_short(fits)}, not a list")
        if self.n_splits is None:
            self.n_splits = len(fits)
        if not fits:
            raise _Corrupt("the candidate has no folds")
        if len(fits) != self.n_splits:
            raise _Corrupt(
                f"the candidate has {len(fits)} folds, the search has {self.n_splits}"
            )
        return [self._fit(fit, i) for i, fit in enumerate(fits)]

    def _fit(self, fit, i):
        where = f"fold {i}"
        if not isinstance(fit, dict):
            raise _Corrupt(f"{where} is {_short(fit)}, not an object")
        missing = [k for k in _FIT_REQUIRED if k not in fit]
        if missing:
            raise _Corrupt(f"{where} has no {', '.join(missing)}")
        unknown = sorted(set(fit) - _FIT_KEYS)
        if unknown:
            raise _Corrupt(f"{where} has unknown keys {unknown}")
        if self.train is None:
            self.train = "train_scores" in fit
        if ("train_scores" in fit) != self.train:
            raise _Corrupt(
                f"{where} has no train_scores, which the search returns"
                if self.train
                else f"{where} has train_scores, which the search does not return"
            )
        out = {
            "fit_time": _number(fit["fit_time"], f"{where}: fit_time"),
            "score_time": _number(fit["score_time"], f"{where}: score_time"),
            "test_scores": _scores(fit["test_scores"], f"{where}: test_scores"),
        }
        names = ["test_scores"]
        if self.train:
            names.append("train_scores")
            out["train_scores"] = _scores(fit["train_scores"], f"{where}: train_scores")
        for name in names:
            shape = _shape(out[name])
            if not self.first:
                self.shape, self.first = shape, True
            elif shape != self.shape:
                raise _Corrupt(
                    f"{where}: {name} has {_describe_shape(shape)}, where earlier "
                    f"scores have {_describe_shape(self.shape)}"
                )
        n = fit["n_test_samples"]
        if not _is_int(n) or n < 0:
            raise _Corrupt(f"{where}: n_test_samples is {_short(n)}, not a count")
        out["n_test_samples"] = n
        error = fit["fit_error"]
        if error is not None and not isinstance(error, str):
            raise _Corrupt(f"{where}: fit_error is {_short(error)}, not text or null")
        out["fit_error"] = error
        return out


def _fidelity(value):
    """A record's ``fidelity``: three integers >= 0 (or _Corrupt)."""
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(_is_int(v) and v >= 0 for v in value)
    ):
        raise _Corrupt(
            f"fidelity is {_short(value)}, not [bracket, iter, n_resources] "
            "(integers >= 0)"
        )
    return tuple(value)
