"""Describing a search: what must match for its checkpoint to be resumed.

The estimator, the search space, the scoring, the cross-validation and the
data are described the same way in every process (see :func:`_describe`);
the fingerprint is the sha256 digest of the description's canonical JSON.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import os
import re
import sys
import sysconfig
import types
from collections.abc import Mapping

import numpy as np

from ..space import Dimension, SearchSpace, Space

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_CONSTANTS = (bool, int, float, str, bytes, type(None))
_MAX_DEPTH = 100
_CHUNK_BYTES = 1 << 24  # non-contiguous arrays are digested in pieces this big


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
