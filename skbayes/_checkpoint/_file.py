"""Checkpoints: the evaluated candidates of a search, as readable JSON lines.

A checkpoint never holds code or pickled objects: a candidate is written as
its sub-space and the canonical key of its point (category positions,
numbers), which the search space turns back into the very values. Loading a
checkpoint therefore executes nothing, and a checkpoint written for another
estimator, space, scoring, cross-validation or data is refused.

File format (version 3)
-----------------------
A checkpoint is a UTF-8 text file of JSON documents, one per line, each line
ending with ``"\\n"``:

* Line 1, the header, is written once, atomically (a temporary file in the
  same folder, ``fsync``, then ``os.replace``)::

      {"format": "skbayes-checkpoint", "version": 3,
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
import contextlib
import functools
import hashlib
import inspect
import json
import math
import os
import re
import sys
import sysconfig
import tempfile
import types
import warnings
import zlib
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from ..space import Dimension, SearchSpace, Space, point_key
from ..utils._sklearn_compat import user_stacklevel

__all__ = [
    "Checkpoint",
    "CheckpointError",
    "CheckpointRecord",
    "describe_search",
    "fingerprint_digest",
]

_FORMAT = "skbayes-checkpoint"
_VERSION = 3
_HEADER_KEYS = frozenset({"format", "version", "fingerprint", "search", "splits"})
_RECORD_KEYS = frozenset({"subspace", "key", "iteration", "fits"})
_SPLIT_KEYS = frozenset({"train", "test"})
_ARRAY_KEYS = frozenset({"dtype", "n", "zlib"})
# the keys of a fit that are kept (what ``_format_results`` reads)
_FIT_REQUIRED = ("fit_time", "score_time", "test_scores", "n_test_samples", "fit_error")
_FIT_KEYS = frozenset({*_FIT_REQUIRED, "train_scores"})
_NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_MAX_INDICES = 2**40  # more indices than any data set has: a corrupt header
_CHUNK_BYTES = 1 << 24  # non-contiguous arrays are digested in pieces this big
_AFRESH = "Remove it or pass another path to start afresh."


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
    """

    subspace: int
    point: dict
    iteration: int
    fits: list[dict]


# -- describing a search -----------------------------------------------------

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_CONSTANTS = (bool, int, float, str, bytes, type(None))
_MAX_DEPTH = 100


def _sha256(payload):
    return hashlib.sha256(payload).hexdigest()


def _canonical(obj):
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )


def _name(obj):
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"


def _array_digest(arr, describe):
    """sha256 of an array's values (C order), read in place when contiguous."""
    h = hashlib.sha256()
    if arr.dtype.hasobject:
        h.update(_canonical(describe(arr.tolist())).encode())
    elif arr.itemsize == 0 or arr.size == 0:
        pass
    elif arr.flags.c_contiguous:
        h.update(arr.reshape(-1).view(np.uint8))
    else:  # a strided view: copy it a block of rows at a time
        rows = max(1, _CHUNK_BYTES // max(1, arr[0].nbytes))
        for start in range(0, arr.shape[0], rows):
            block = np.ascontiguousarray(arr[start : start + rows])
            h.update(block.reshape(-1).view(np.uint8))
    return h.hexdigest()


class _Describer:
    """Describes objects the same way in every process (see :func:`_describe`)."""

    def __init__(self):
        self._active = set()

    def __call__(self, obj):
        if obj is None or isinstance(obj, (bool, int, str)):
            return obj
        if isinstance(obj, (float, np.floating)):
            value = float(obj)
            return value if math.isfinite(value) else repr(value)
        if isinstance(obj, np.generic):
            return self(obj.item())
        if id(obj) in self._active:  # a cycle
            return {"cycle": _name(type(obj))}
        if len(self._active) > _MAX_DEPTH:
            return {"too deep": _name(type(obj))}
        self._active.add(id(obj))
        try:
            return self._describe(obj)
        finally:
            self._active.discard(id(obj))

    def _describe(self, obj):
        data = _data_description(obj, self)
        if data is not None:
            return data
        if isinstance(obj, Mapping):
            return {str(k): self(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [self(v) for v in obj]
        if isinstance(obj, (set, frozenset)):
            return {"set": sorted(_canonical(self(v)) for v in obj)}
        if isinstance(obj, (bytes, bytearray)):
            return {"bytes": _sha256(bytes(obj))}
        if isinstance(obj, range):
            return {"range": [obj.start, obj.stop, obj.step]}
        if isinstance(obj, SearchSpace):
            return [
                [self(space), budget]
                for space, budget in zip(obj.subspaces, obj.budgets)
            ]
        if isinstance(obj, Space):
            return {name: self(dim) for name, dim in obj.items()}
        if isinstance(obj, Dimension):
            return {type(obj).__name__: self(obj._state())}
        if isinstance(obj, types.CodeType):
            return {"code": self._code_digest(obj)}
        if isinstance(obj, functools.partial):
            return {
                "partial": self(obj.func),
                "args": self(obj.args),
                "keywords": self(obj.keywords),
            }
        if isinstance(obj, types.FunctionType):
            return self._function(obj)
        if isinstance(obj, types.MethodType):
            return {"method": self(obj.__func__), "self": self(obj.__self__)}
        if inspect.isroutine(obj) or inspect.isclass(obj):
            return _name(obj)  # builtins and classes: by name
        if isinstance(obj, types.ModuleType):
            return {"module": obj.__name__}
        if hasattr(obj, "get_params"):  # an estimator or a splitter
            try:
                params = obj.get_params(deep=False)
            except Exception:  # pragma: no cover - a broken get_params
                params = None
            if params is not None:
                return {_name(type(obj)): self(params)}
        if hasattr(obj, "dist") and hasattr(obj, "args") and hasattr(obj, "kwds"):
            # a frozen scipy.stats distribution
            return {
                "distribution": getattr(obj.dist, "name", _name(type(obj.dist))),
                "args": self(obj.args),
                "kwds": self(obj.kwds),
            }
        call = type(obj).__call__ if callable(obj) else None
        if isinstance(call, types.FunctionType):
            # a callable object (a scikit-learn scorer...): its class, the
            # code of its __call__ and its attributes
            state = vars(obj) if hasattr(obj, "__dict__") else None
            return {
                "callable": _name(type(obj)),
                "call": self(call),
                "state": self(state)
                if state is not None
                else _ADDRESS.sub("", repr(obj)),
            }
        return _ADDRESS.sub("", repr(obj))

    def _code_state(self, code):
        return {
            "co_code": code.co_code.hex(),
            "co_consts": [
                self._code_state(c) if isinstance(c, types.CodeType) else self(c)
                for c in code.co_consts
            ],
            "co_names": list(code.co_names),
            "co_varnames": list(code.co_varnames),
            "args": [
                code.co_argcount,
                code.co_posonlyargcount,
                code.co_kwonlyargcount,
                code.co_flags,
            ],
        }

    def _code_digest(self, code):
        return _sha256(_canonical(self._code_state(code)).encode())

    def _function(self, func):
        code = func.__code__
        closure = []
        for cell in func.__closure__ or ():
            try:
                closure.append(self(cell.cell_contents))
            except ValueError:  # an empty cell
                closure.append({"empty cell": None})
        # the global constants that user code reads (THRESHOLD = 0.5): a
        # changed value is a changed function (not for installed libraries,
        # whose module-level flags may change as they are used)
        constants = {}
        if not _is_library(getattr(func, "__module__", None)):
            names, stack = set(), [code]
            while stack:
                current = stack.pop()
                names.update(current.co_names)
                stack.extend(
                    c for c in current.co_consts if isinstance(c, types.CodeType)
                )
            scope = getattr(func, "__globals__", {})
            constants = {
                name: self(scope[name])
                for name in sorted(names)
                if name in scope and isinstance(scope[name], _CONSTANTS)
            }
        return {
            "function": _name(func),
            "code": self._code_digest(code),
            "defaults": self(func.__defaults__),
            "kwdefaults": self(func.__kwdefaults__),
            "closure": closure,
            "globals": constants,
        }


@functools.cache
def _library_folders():
    paths = sysconfig.get_paths()
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    return tuple(
        os.path.join(os.path.realpath(paths[n]), "") for n in names if n in paths
    )


def _is_library(module_name):
    """Whether a module is installed (the standard library, site-packages)."""
    module = sys.modules.get(module_name or "")
    if module is None:
        return False
    file = getattr(module, "__file__", None)
    if not file:
        return module_name in sys.builtin_module_names
    return os.path.realpath(file).startswith(_library_folders())


def _describe(obj):
    """A description of ``obj`` that is the same in every process.

    Unlike ``repr``, it holds no memory address (functions, scipy.stats
    distributions) and is never shortened (scikit-learn's ``repr`` of a large
    pipeline is): estimators are described by their class and parameters;
    functions, lambdas and callable objects by their qualified name and a
    digest of their code, with their defaults, closure and the global
    constants they read; frozen distributions by their name and arguments;
    arrays, data frames and sparse matrices by their shape, dtype and a
    digest of their values.

    Parameters
    ----------
    obj : object
        What to describe.

    Returns
    -------
    description : JSON-ready object
    """
    return _Describer()(obj)


def _pandas_column(column, describe):
    """The dtype and digest of the values of a pandas Series or Index."""
    pd = sys.modules["pandas"]
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(column.cat.codes if hasattr(column, "cat") else column.codes)
        categories = _data_description(dtype.categories, describe)
        payload = [_array_digest(codes, describe), categories, bool(dtype.ordered)]
        return str(dtype), _sha256(_canonical(payload).encode())
    values = np.asarray(column.to_numpy())
    return str(dtype), _array_digest(values, describe)


def _pandas_index(index, describe):
    pd = sys.modules["pandas"]
    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step]}
    dtype, digest = _pandas_column(index, describe)
    names = [describe(n) for n in index.names]
    return {"dtype": dtype, "names": names, "sha256": digest}


def _data_description(obj, describe):
    """Shape, dtype and digest of an array-like, or None if it is not one."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.DataFrame):
        columns = [
            _pandas_column(obj.iloc[:, i], describe) for i in range(obj.shape[1])
        ]
        return {
            "type": "DataFrame",
            "shape": list(obj.shape),
            "dtype": [dtype for dtype, _ in columns],
            "columns": _pandas_index(obj.columns, describe),
            "index": _pandas_index(obj.index, describe),
            "sha256": _sha256(_canonical([d for _, d in columns]).encode()),
        }
    if pd is not None and isinstance(obj, pd.Series):
        dtype, digest = _pandas_column(obj, describe)
        return {
            "type": "Series",
            "shape": list(obj.shape),
            "dtype": dtype,
            "name": describe(obj.name),
            "index": _pandas_index(obj.index, describe),
            "sha256": digest,
        }
    if pd is not None and isinstance(obj, pd.Index):
        return {"type": "Index", **_pandas_index(obj, describe)}
    sparse = sys.modules.get("scipy.sparse")
    if sparse is not None and sparse.issparse(obj):
        csr = obj.tocsr()
        if not csr.has_canonical_format:
            if csr is obj:  # never change the user's matrix
                csr = csr.copy()
            csr.sum_duplicates()  # also sorts the indices
        parts = [
            _array_digest(np.asarray(csr.data), describe),
            _array_digest(np.asarray(csr.indices, dtype=np.int64), describe),
            _array_digest(np.asarray(csr.indptr, dtype=np.int64), describe),
        ]
        return {
            "type": "sparse",
            "shape": [int(n) for n in obj.shape],
            "dtype": str(obj.dtype),
            "nnz": int(csr.nnz),
            "sha256": _sha256(_canonical(parts).encode()),
        }
    if isinstance(obj, np.ndarray):
        arr, kind = obj, "ndarray"
    elif hasattr(obj, "__array__") and not isinstance(obj, (np.generic, type)):
        arr, kind = np.asarray(obj), _name(type(obj))
    else:
        return None
    return {
        "type": kind,
        "shape": list(arr.shape),
        "dtype": str(arr.dtype),
        "sha256": _array_digest(arr, describe),
    }


def _describe_data(obj):
    """Shape, dtype and digest of data given to ``fit``; scalars by value."""
    describe = _Describer()
    if isinstance(obj, (list, tuple)):
        try:
            arr = np.asarray(obj)
        except (ValueError, TypeError):  # ragged: described item by item
            arr = None
        if arr is not None:
            return {
                "type": type(obj).__name__,
                "shape": list(arr.shape),
                "dtype": str(arr.dtype),
                "sha256": _array_digest(arr, describe),
            }
    return describe(obj)


def describe_search(search, search_space, X, y, params):
    """What must match for a checkpoint to be resumed.

    Parameters
    ----------
    search : BayesSearchCV
        The search (its ``estimator``, ``scoring``, ``cv`` and
        ``return_train_score`` are described).
    search_space : SearchSpace
        The parsed search space.
    X, y : array-like or None
        The data given to ``fit``.
    params : dict or None
        The fit parameters given to ``fit`` (``groups``, ``sample_weight``
        ...).

    Returns
    -------
    description : dict
        ``estimator``, ``search_spaces``, ``scoring``, ``cv``,
        ``return_train_score`` and ``data`` (``X``, ``y`` and ``params``: the
        shape, dtype and sha256 digest of each array-like, scalars by value),
        JSON-ready and as it reads back from a file.
    """
    params = dict(params or {})
    description = {
        "estimator": _describe(search.estimator),
        "search_spaces": _describe(search_space),
        "scoring": _describe(search.scoring),
        "cv": _describe(search.cv),
        "return_train_score": bool(search.return_train_score),
        "data": {
            "X": _describe_data(X),
            "y": _describe_data(y),
            "params": {str(k): _describe_data(params[k]) for k in sorted(params)},
        },
    }
    return json.loads(json.dumps(description))


def fingerprint_digest(description):
    """The sha256 digest of a description's canonical JSON.

    Parameters
    ----------
    description : dict
        What :func:`describe_search` gives.

    Returns
    -------
    digest : str
        64 hexadecimal digits.
    """
    return _sha256(_canonical(description).encode())


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


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder):
    """Make a rename durable (POSIX; nothing to do elsewhere)."""
    if os.name != "posix":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomically(path, data):
    """Write ``data`` to ``path``: a reader sees no file or the whole of it."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".skbayes-", suffix=".tmp", dir=folder)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    _fsync_folder(folder)


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
            if isinstance(k, bool) or not isinstance(k, (int, float)):
                raise _Corrupt(f"{name}: {_short(k)} is not a number")
            try:
                number = float(k)
            except OverflowError:
                raise _Corrupt(f"{name}: {_short(k)} is too large a number") from None
            if not math.isfinite(number):
                raise _Corrupt(f"{name}: {_short(k)} is not a finite number")
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


def _differences(theirs, ours):
    """The parts of two descriptions that differ, as words."""
    parts = []
    for part in sorted(set(theirs) | set(ours)):
        if theirs.get(part) == ours.get(part):
            continue
        a, b = theirs.get(part), ours.get(part)
        if part == "data" and isinstance(a, dict) and isinstance(b, dict):
            inner = {**a.get("params", {}), "X": a.get("X"), "y": a.get("y")}
            other = {**b.get("params", {}), "X": b.get("X"), "y": b.get("y")}
            which = [
                k
                for k in sorted(set(inner) | set(other))
                if inner.get(k, ...) != other.get(k, ...)
            ]
            if which:
                part = f"data ({', '.join(which)})"
        parts.append(part)
    return parts


class Checkpoint:
    """Reads and appends to the checkpoint file of one search.

    Parameters
    ----------
    path : str or path-like
        The file, as the user gave it (messages name it so).
    description : dict
        What :func:`describe_search` gives for the search.

    Attributes
    ----------
    path : str
        The path, as given (not made absolute).
    description : dict
        The description, as it reads back from a file.
    digest : str
        Its :func:`fingerprint_digest`.
    splits : list of (ndarray, ndarray) or None
        After :meth:`load`, the cross-validation splits stored in the file;
        None for a new file.

    Notes
    -----
    A search calls :meth:`check_path` and :meth:`load` before it fits
    anything, :meth:`begin` once, then :meth:`append` after each batch.
    """

    def __init__(self, path, description):
        self.path = os.fspath(path)
        self.description = json.loads(json.dumps(description))
        self.digest = fingerprint_digest(self.description)
        self.splits = None
        self._loaded = False  # load was called
        self._begun = False  # begin was called
        self._size = None  # bytes read by load (None: no file)
        self._keep = None  # bytes to keep: up to the last complete line
        self._newline = False  # the kept last line has no "\n" yet

    def _fail(self, message):
        return ValueError(f"checkpoint: {self.path!r} {message}")

    def check_path(self):
        """Raise ValueError if the checkpoint cannot be read and written.

        Called before anything is fitted. The path must not be empty or a
        folder; its folder must exist; an existing file must be readable and
        writable; for a new file, a file must be creatable in the folder.

        Raises
        ------
        ValueError
            Its message starts with ``"checkpoint: "`` and names the path.
        """
        path = self.path
        if not path:
            raise self._fail("is not a path: pass the path of a file to write.")
        if os.path.isdir(path):
            raise self._fail(
                "is a directory: pass the path of a file (in it, if you like)."
            )
        folder = os.path.dirname(path) or os.curdir
        if not os.path.isdir(folder):
            problem = "is not a folder" if os.path.exists(folder) else "does not exist"
            raise self._fail(
                f"cannot be written: its folder {folder!r} {problem}. Create the "
                "folder or pass another path."
            )
        if os.path.lexists(path):
            if not os.path.isfile(path):
                raise self._fail("is not a regular file: pass another path.")
            try:
                fd = os.open(path, os.O_RDWR)
            except OSError as exc:
                raise self._fail(
                    f"cannot be read and written ({exc.strerror}). Change its "
                    "permissions or pass another path."
                ) from None
            os.close(fd)
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".skbayes-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise self._fail(
                f"cannot be created: a file cannot be created in its folder "
                f"{folder!r} ({exc.strerror}). Pass a path in another folder."
            ) from None
        os.close(fd)
        os.remove(tmp)

    def load(self, search_space, n_splits):
        """The candidates recorded in the file (none if it does not exist).

        Everything is validated before anything is returned; the file is
        not modified. Sets :attr:`splits`.

        Parameters
        ----------
        search_space : SearchSpace
            The search space, which turns the keys back into points.
        n_splits : int or None
            The number of folds of the search (every candidate must have as
            many); None to only check that all candidates have as many.

        Returns
        -------
        records : list of CheckpointRecord
            The candidates, in the order they were written (an incomplete
            last line left out).

        Raises
        ------
        CheckpointError
            If the file is not a checkpoint of this search, of this version,
            exactly as written. An incomplete last line (the search was
            killed while appending it) is dropped with a ``UserWarning``.
        """
        self.splits = None
        self._loaded, self._begun = True, False
        self._size = self._keep = None
        self._newline = False
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} cannot be read ({exc.strerror}); the "
                f"file was left as it is. {_AFRESH}"
            ) from None
        try:
            try:
                records, splits, keep, torn = self._parse(data, search_space, n_splits)
            except RecursionError:
                raise _Corrupt("it holds JSON nested too deeply") from None
        except _Corrupt as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} is corrupt ({exc}); the file was left "
                f"as it is. {_AFRESH}"
            ) from None
        except _Refused as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} {exc}; the file was left as it is. "
                f"{_AFRESH}"
            ) from None
        if torn:
            warnings.warn(
                f"checkpoint: {self.path!r} ends with an incomplete line (the "
                "search was stopped while writing it): that candidate will be "
                "evaluated again.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        self.splits = splits
        self._size, self._keep = len(data), keep
        self._newline = not torn and not data.endswith(b"\n")
        return records

    def _parse(self, data, search_space, n_splits):
        if not data:
            raise _Corrupt("the file is empty")
        lines = data.split(b"\n")
        ends = []  # byte offset of the end of each line, its "\n" included
        offset = 0
        for raw in lines:
            offset += len(raw) + 1
            ends.append(offset)
        if lines[-1] == b"":  # the file ends with "\n"
            lines.pop()
            ends.pop()
        splits = self._header(lines[0], search_space, n_splits)
        if len(lines) == 1 and not data.endswith(b"\n"):
            raise _Corrupt("line 1: the header is incomplete")
        torn = False
        keep = len(data)
        if not data.endswith(b"\n") and len(lines) > 1:
            try:
                _parse_line(lines[-1])
            except _Corrupt:  # torn while appending: not a corruption
                lines.pop()
                keep = ends[len(lines) - 1]
                torn = True
        fits = _Fits(self.description.get("return_train_score"), n_splits)
        if splits is not None:
            fits.n_splits = len(splits)
        records, seen = [], {}
        for number, raw in enumerate(lines[1:], start=2):
            try:
                record = self._record(raw, search_space, fits)
            except _Corrupt as exc:
                raise _Corrupt(f"line {number}: {exc}") from None
            where = point_key(record.point)
            if where in seen:
                raise _Corrupt(
                    f"line {number}: the candidate {_short(record.point)} is listed "
                    f"twice (lines {seen[where]} and {number})"
                )
            seen[where] = number
            records.append(record)
        return records, splits, keep, torn

    def _header(self, raw, search_space, n_splits):
        try:
            header = _parse_line(raw)
        except _Corrupt as exc:
            raise _Corrupt(f"line 1: {exc}") from None
        if not isinstance(header, dict) or header.get("format") != _FORMAT:
            raise _Refused("is not a skbayes checkpoint")
        version = header.get("version")
        if not _is_int(version) or version != _VERSION:
            raise _Refused(
                "was written by another skbayes version (checkpoint format "
                f"version {_short(version)}; this version reads version {_VERSION})"
            )
        if set(header) != _HEADER_KEYS:
            raise _Corrupt(
                f"line 1: the header has keys {sorted(header)}, not "
                f"{sorted(_HEADER_KEYS)}"
            )
        digest, search = header["fingerprint"], header["search"]
        if not isinstance(search, dict) or digest != fingerprint_digest(search):
            raise _Corrupt("line 1: the fingerprint is not that of the search")
        if digest != self.digest:
            differ = _differences(search, self.description)
            raise _Refused(
                f"was written by another search (its {', '.join(differ)} differ)"
            )
        try:
            splits = _decode_splits(header["splits"])
        except _Corrupt as exc:
            raise _Corrupt(f"line 1: {exc}") from None
        if splits is not None and n_splits is not None and len(splits) != n_splits:
            raise _Refused(
                f"holds {len(splits)} cross-validation splits, this search has "
                f"{n_splits}"
            )
        return splits

    def _record(self, raw, search_space, fits):
        rec = _parse_line(raw)
        if not isinstance(rec, dict) or set(rec) != _RECORD_KEYS:
            keys = sorted(rec) if isinstance(rec, dict) else _short(rec)
            raise _Corrupt(f"a candidate has keys {keys}, not {sorted(_RECORD_KEYS)}")
        index, iteration = rec["subspace"], rec["iteration"]
        n = len(search_space.subspaces)
        if not _is_int(index) or not 0 <= index < n:
            raise _Corrupt(
                f"subspace is {_short(index)}, not an integer from 0 to {n - 1}"
            )
        point = _point(search_space.subspaces[index], rec["key"])
        if not _is_int(iteration) or iteration < 0:
            raise _Corrupt(f"iteration is {_short(iteration)}, not an integer >= 0")
        return CheckpointRecord(index, point, iteration, fits(rec["fits"]))

    def begin(self, splits):
        """Prepare the file for appending; called once, after :meth:`load`.

        A new file gets its header (written atomically). In an existing
        file, an incomplete last line dropped by :meth:`load` is cut off;
        the header is not rewritten.

        Parameters
        ----------
        splits : list of (array-like, array-like) or None
            The (train, test) indices of every split the search uses.

        Raises
        ------
        CheckpointError
            If the file changed since :meth:`load` read it, or holds other
            splits.
        """
        if not self._loaded:
            raise RuntimeError("Checkpoint.begin: call load first.")
        if self._begun:
            raise RuntimeError("Checkpoint.begin: called twice.")
        splits = None if splits is None else list(splits)
        encoded = _encode_splits(splits)
        if self._size is None:
            if os.path.lexists(self.path):
                raise CheckpointError(
                    f"checkpoint: {self.path!r} was created while the search "
                    "started (is another search writing it?); the file was left "
                    f"as it is. {_AFRESH}"
                )
            header = {
                "format": _FORMAT,
                "version": _VERSION,
                "fingerprint": self.digest,
                "search": self.description,
                "splits": encoded,
            }
            _write_atomically(self.path, _line(header))
            self._begun = True
            return
        if os.path.getsize(self.path) != self._size:
            raise CheckpointError(
                f"checkpoint: {self.path!r} changed since it was read (is another "
                f"search writing it?); the file was left as it is. {_AFRESH}"
            )
        if self.splits is not None and splits is not None:
            same = len(splits) == len(self.splits) and all(
                np.array_equal(np.asarray(a), b)
                for pair, stored in zip(splits, self.splits)
                for a, b in zip(pair, stored)
            )
            if not same:
                raise CheckpointError(
                    f"checkpoint: {self.path!r} holds other cross-validation "
                    "splits than those the search uses; the file was left as it "
                    f"is. {_AFRESH}"
                )
        if self._keep < self._size or self._newline:
            fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
            try:
                os.ftruncate(fd, self._keep)
                if self._newline:  # a complete last line without its "\n"
                    os.lseek(fd, 0, os.SEEK_END)
                    _write_all(fd, b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        self._begun = True

    def append(self, records):
        """Append the candidates of a batch: one line each, one write, fsync.

        The file is neither read nor rewritten: the cost does not depend on
        how many candidates it holds.

        Parameters
        ----------
        records : list of (int, tuple, int, list of dict)
            ``(subspace, key, iteration, fits)`` of each new candidate:
            ``key`` is ``search_space.subspaces[subspace].key(point)``,
            ``fits`` the per-fold dicts of ``_fit_and_score`` (keys other
            than those :class:`CheckpointRecord` lists are not written).
        """
        if not self._begun:
            raise RuntimeError("Checkpoint.append: call begin first.")
        lines = [
            _line(
                {
                    "subspace": int(subspace),
                    "key": _jsonable(list(key)),
                    "iteration": int(iteration),
                    "fits": [_fit_line(fit) for fit in fits],
                }
            )
            for subspace, key, iteration, fits in records
        ]
        if not lines:
            return
        data = b"".join(lines)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
